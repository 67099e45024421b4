/**
 * The Fleet panel's model: node rows trouble first with ages and lags in words (against the
 * gateway's clock), counts by state, shadow rows worst first, wave progress measured by what the
 * fleet says each node runs, Roll back's availability, a dry run's waves. The app's API types are
 * checked (by tsc) to accept what the gateway's routes really send.
 */
import { describe, expect, it } from 'vitest';
import type { FleetNodeJson } from '../../../connectors/live/live-snapshot.ts';
import type { DryRun } from '../../../connectors/push/request.ts';
import type { PushView as ServerPushView } from '../../../connectors/push/store.ts';
import type { ShadowState } from '../../../connectors/shadow/shadow.ts';
import type { DryRunAnswer, FleetNodeView, PushView, ShadowAnswer } from '../../../app/fleet/api-types.ts';
import { ago, canRollBack, dryRunWaves, fleetNowMs, lagText, mapeText, nodeDone, nodeRows, pushTone, runningVersions, shadowRows, stateCounts, waveProgress } from '../../../app/fleet/model.ts';

// What the routes send must be readable as what the app reads: these only compile if it is.
export const fleetNodeReadable = (n: FleetNodeJson): FleetNodeView => n;
export const pushReadable = (p: ServerPushView): PushView => p;
export const shadowReadable = (s: ShadowState): ShadowAnswer => s;
export const dryRunReadable = (d: DryRun): DryRunAnswer => d;

const node = (id: string, state: FleetNodeView['state'], over: Partial<FleetNodeView> = {}): FleetNodeView =>
  ({ id, state, source: 'mqtt', lastSeenMs: 10_000, heartbeatLagMs: 12.4, runningVersion: 3, workloads: ['shop/api'], cpuUtilization: 0.426, labels: {}, ...over });

const pushNode = (state: PushView['nodes'][string]['state'], wave: number, version: number | null, rollbackVersion: number | null = null) => ({ state, wave, version, rollbackVersion });

const push = (over: Partial<PushView>): PushView => ({
  id: 'push-0123456789abcdef', planHash: 'h'.repeat(64), via: 'mqtt', state: 'gating', reason: null, wavesSpec: '1,100%',
  createdAt: '2026-01-01T00:00:00.000Z', createdBy: 'olga', updatedAt: '2026-01-01T00:00:01.000Z', currentWave: 1, gate: null,
  waves: [{ index: 0, nodes: ['a'], state: 'passed' }, { index: 1, nodes: ['b', 'c', 'd'], state: 'gating' }],
  nodes: {}, ...over,
});

describe('fleet model', () => {
  it('rows put trouble first, then by id, with ages, lags, CPU and workloads in words', () => {
    const rows = nodeRows([node('b', 'ready'), node('a', 'ready', { lastSeenMs: null, heartbeatLagMs: null, cpuUtilization: null, workloads: [], source: null }), node('z', 'down'), node('m', 'offline', { lastSeenMs: 10_000 - 200_000 })], 10_000 + 4_200);
    expect(rows.map((r) => r.id)).toEqual(['z', 'm', 'a', 'b']);
    expect(rows[0]).toMatchObject({ seen: '4 s ago', lag: '12 ms', cpu: '43 %', running: 'shop/api', version: 3, source: 'mqtt' });
    expect(rows[1]!.seen).toBe('3 min ago');
    expect(rows[2]).toMatchObject({ seen: 'never', lag: '–', cpu: '–', running: '–', source: '' });
    expect(stateCounts([node('a', 'ready'), node('b', 'ready'), node('c', 'offline')])).toEqual({ ready: 2, draining: 0, down: 0, offline: 1, unknown: 0 });
  });

  it("ages are measured against the gateway's clock when it sends one (the browser's may be off)", () => {
    expect(fleetNowMs({ nodes: [], atMs: 5_000 }, 99_000)).toBe(5_000);
    expect(fleetNowMs({ nodes: [] }, 99_000)).toBe(99_000);
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

  it('a node is done when the fleet says it runs the version it was given, not when it was merely delivered', () => {
    const p = push({ nodes: { a: pushNode('delivered', 0, 2), b: pushNode('delivered', 1, 2), c: pushNode('delivered', 1, 5), d: pushNode('delivering', 1, null) } });
    // b runs 2 (done); c was handed version 5 but runs 4 (not yet); d is still being delivered
    const running = new Map([['a', 2], ['b', 2], ['c', 4], ['d', 1]]);
    expect(waveProgress(p, running)).toEqual([
      { index: 0, label: 'canary', state: 'passed', done: 1, total: 1, waiting: [] },
      { index: 1, label: 'wave 1', state: 'gating', done: 1, total: 3, waiting: ['c', 'd'] },
    ]);
    // a newer version counts (versions only grow); a node the push does not list never does
    expect(nodeDone(pushNode('delivered', 1, 2), 'gating', 3)).toBe(true);
    expect(nodeDone(undefined, 'passed', 9)).toBe(false);
  });

  it('without the fleet, only a wave whose gate passed counts as done', () => {
    const p = push({ nodes: { a: pushNode('delivered', 0, 2), b: pushNode('delivered', 1, 2), c: pushNode('delivered', 1, 2), d: pushNode('delivered', 1, 2) } });
    expect(waveProgress(p, null).map((w) => w.done)).toEqual([1, 0]);
    // per node: b is known to run 2; a is not in the fleet answer but its wave passed; c and d are unknown
    expect(waveProgress(p, runningVersions({ nodes: [node('b', 'ready', { runningVersion: 2 })] })).map((w) => w.waiting)).toEqual([[], ['c', 'd']]);
  });

  it('a rolled-back node is done once it runs its rollback version; one still rolling back is not', () => {
    const p = push({
      state: 'rolling-back', waves: [{ index: 0, nodes: ['a'], state: 'rolling-back' }, { index: 1, nodes: ['b', 'c'], state: 'rolling-back' }, { index: 2, nodes: ['e'], state: 'skipped' }],
      nodes: { a: pushNode('rolled-back', 0, 2, 3), b: pushNode('rolled-back', 1, 2, 3), c: pushNode('rolling-back', 1, 2), e: pushNode('pending', 2, null) },
    });
    // b's rollback version 3 is delivered but b still runs 2
    const running = new Map([['a', 3], ['b', 2], ['c', 2], ['e', 0]]);
    expect(waveProgress(p, running).map((w) => [w.label, w.done, w.total, w.state])).toEqual([['canary', 1, 1, 'rolling-back'], ['wave 1', 0, 2, 'rolling-back'], ['wave 2', 0, 1, 'skipped']]);
  });

  it('Roll back applies to every phase but rolling back and rolled back (a done push may still be rolled back)', () => {
    expect(['pending', 'delivering', 'gating', 'done', 'rolling-back', 'rolled-back'].map((s) => [s, canRollBack(s), pushTone(s)])).toEqual([
      ['pending', true, 'draining'], ['delivering', true, 'draining'], ['gating', true, 'draining'], ['done', true, 'ready'], ['rolling-back', false, 'down'], ['rolled-back', false, 'down'],
    ]);
  });

  it("a dry run's waves list each node's change and the version it would get", () => {
    const d: DryRunAnswer = {
      dryRun: true, planHash: 'h'.repeat(64), via: 'mqtt', wavesSpec: '1,100%', approved: true, refusal: null,
      waves: [{ index: 0, nodes: ['a'], cumulative: 1 }, { index: 1, nodes: ['b', 'c'], cumulative: 3 }],
      nodes: {
        a: { from: ['shop/old'], to: ['shop/api'], added: ['shop/api'], removed: ['shop/old'], wave: 0, nextVersion: 1 },
        b: { from: ['shop/api'], to: ['shop/api'], added: [], removed: [], wave: 1, nextVersion: 4 },
        c: { from: [], to: ['shop/api', 'shop/db'], added: ['shop/api', 'shop/db'], removed: [], wave: 1, nextVersion: 2 },
      },
    };
    expect(dryRunWaves(d)).toEqual([
      { index: 0, label: 'canary', cumulative: 1, nodes: [{ node: 'a', change: '+shop/api −shop/old → v1' }] },
      { index: 1, label: 'wave 1', cumulative: 3, nodes: [{ node: 'b', change: 'no change → v4' }, { node: 'c', change: '+shop/api +shop/db → v2' }] },
    ]);
  });
});
