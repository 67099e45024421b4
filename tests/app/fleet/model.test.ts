/**
 * The Fleet panel's model: node rows trouble first with ages and lags in words, counts by state,
 * shadow rows worst first, wave progress.
 */
import { describe, expect, it } from 'vitest';
import { ago, lagText, mapeText, nodeRows, shadowRows, stateCounts, waveProgress } from '../../../app/fleet/model.ts';
import type { FleetNodeView, PushView } from '../../../app/fleet/api-types.ts';

const node = (id: string, state: FleetNodeView['state'], over: Partial<FleetNodeView> = {}): FleetNodeView =>
  ({ id, state, lastSeenMs: 10_000, heartbeatLagMs: 12.4, runningVersion: 3, running: ['shop/api'], cpuUtilization: 0.426, ...over });

describe('fleet model', () => {
  it('rows put trouble first, then by id, with ages, lags and CPU in words', () => {
    const rows = nodeRows([node('b', 'ready'), node('a', 'ready', { lastSeenMs: null, heartbeatLagMs: null, cpuUtilization: null, running: [] }), node('z', 'down'), node('m', 'offline', { lastSeenMs: 10_000 - 200_000 })], 10_000 + 4_200);
    expect(rows.map((r) => r.id)).toEqual(['z', 'm', 'a', 'b']);
    expect(rows[0]).toMatchObject({ seen: '4 s ago', lag: '12 ms', cpu: '43 %', running: 'shop/api', version: 3 });
    expect(rows[1]!.seen).toBe('3 min ago');
    expect(rows[2]).toMatchObject({ seen: 'never', lag: '–', cpu: '–', running: '–' });
    expect(stateCounts([node('a', 'ready'), node('b', 'ready'), node('c', 'offline')])).toEqual({ ready: 2, draining: 0, down: 0, offline: 1, unknown: 0 });
  });

  it('formats ages, lags and MAPEs at their boundaries', () => {
    expect([ago(1000, 1400), ago(0, 89_000), ago(0, 91_000), ago(0, 2 * 3600_000)]).toEqual(['now', '89 s ago', '2 min ago', '2 h ago']);
    expect([lagText(999), lagText(1450), lagText(-3)]).toEqual(['999 ms', '1.4 s', '-3 ms']);
    expect([mapeText(8.34), mapeText(null), mapeText(Number.NaN)]).toEqual(['8.3 %', '–', '–']);
  });

  it('shadow rows: worst first, rows without samples last', () => {
    const rows = shadowRows([{ node: 'a', signal: 'cpu', mape: 5, samples: 10 }, { app: 'shop/api', node: 'a', signal: 'latency_p95', mape: 31, samples: 4 }, { link: 'a~b', signal: 'latency', mape: 12.25, samples: 3 }, { node: 'b', signal: 'cpu', mape: null, samples: 0 }]);
    expect(rows.map((r) => [r.key, r.text])).toEqual([['shop/api on a · latency_p95', '31.0 %'], ['a~b · latency', '12.3 %'], ['a · cpu', '5.0 %'], ['b · cpu', '–']]);
  });

  it('wave progress counts the nodes that applied, per wave', () => {
    const push: PushView = {
      id: 'p1', planHash: 'h', via: 'mqtt', state: 'gating',
      waves: [{ index: 0, nodes: ['a'], state: 'passed' }, { index: 1, nodes: ['b', 'c', 'd'], state: 'delivering' }],
      nodes: { a: { state: 'applied', version: 2 }, b: { state: 'applied', version: 2 }, c: { state: 'delivered', version: 2 }, d: { state: 'pending', version: 1 } },
    };
    expect(waveProgress(push)).toEqual([{ index: 0, label: 'canary', state: 'passed', done: 1, total: 1 }, { index: 1, label: 'wave 1', state: 'delivering', done: 1, total: 3 }]);
  });

});
