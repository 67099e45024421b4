/**
 * Store-and-forward drop policies: a gateway buffer of 10 messages rides out a 10 s uplink
 * outage while two sensors (one high, one low priority) keep sending 10 messages/s each.
 * newest keeps the first arrivals, oldest keeps the latest, lowest-priority keeps the high ones.
 */
import { describe, expect, it } from 'vitest';
import type { NodeModel } from '../../../sim-core/scenario/model.ts';
import { Simulation } from '../../../sim-core/twin/simulation.ts';
import { app, link, node, scenario, service, stream } from '../../helpers/model-builder.ts';

function run(policy: NodeModel['bufferDrop']) {
  const model = scenario({
    durationMs: 20_000,
    nodes: [
      node('edge'),
      node('gw', { tier: 'gateway', bufferBytes: 10_000, bufferDrop: policy }),
      node('hi', { tier: 'sensor' }), node('lo', { tier: 'sensor' }),
    ],
    links: [
      link('gw', 'edge', { availability: { outages: [{ atMs: 1_000, forMs: 10_000 }] } }),
      link('hi', 'gw'), link('lo', 'gw'),
    ],
    apps: [app('a', [service('s', { cpuWorkMs: 0.1, placement: ['edge'] })], { slo: { latencyMs: 1e9, percentile: 95 } })],
    streams: [
      stream('high', 'a', 's', ['hi'], { arrival: { kind: 'periodic', periodMs: 100, jitterMs: 0 }, priority: 'high' }),
      stream('low', 'a', 's', ['lo'], { arrival: { kind: 'periodic', periodMs: 100, jitterMs: 0 }, priority: 'low' }),
    ],
  });
  const sim = new Simulation(model);
  // Messages emitted during the outage that were delivered, by stream.
  const survivors: { stream: string; emitMs: number }[] = [];
  const streamOf = new Map<number, string>();
  sim.subscribe((e) => {
    if (e.type === 'emit') streamOf.set(e.msg, e.stream);
    if (e.type === 'deliver') {
      const emitMs = e.t - e.latencyMs;
      if (emitMs > 1_010 && emitMs < 10_990) survivors.push({ stream: streamOf.get(e.msg)!, emitMs });
    }
  }, { messages: true });
  sim.runToEnd();
  return { report: sim.report(), survivors };
}

describe('store-and-forward drop policies', () => {
  it('newest: a full buffer refuses arrivals, so the first messages of the outage survive', () => {
    const { report, survivors } = run('newest');
    expect(report.conservation.balanced).toBe(true);
    expect(survivors.length).toBe(10);
    expect(Math.max(...survivors.map((x) => x.emitMs))).toBeLessThan(1_600);
    expect(report.conservation.droppedBy['buffer-full']).toBeGreaterThan(150);
    expect(report.conservation.droppedBy['buffer-evicted']).toBeUndefined();
  });

  it('oldest: a full buffer evicts its oldest message, so the last messages of the outage survive', () => {
    const { report, survivors } = run('oldest');
    expect(survivors.length).toBe(10);
    expect(Math.min(...survivors.map((x) => x.emitMs))).toBeGreaterThan(10_400);
    expect(report.conservation.droppedBy['buffer-evicted']).toBeGreaterThan(150);
    expect(report.conservation.balanced).toBe(true);
  });

  it('lowest-priority: low-priority messages go first; only high-priority ones survive', () => {
    const { report, survivors } = run('lowest-priority');
    expect(survivors.length).toBe(10);
    expect(survivors.every((x) => x.stream === 'high')).toBe(true);
    // A low-priority arrival never evicts a high one: into a buffer of high ones it is refused.
    expect(report.conservation.droppedBy['buffer-full']).toBeGreaterThan(0);
    expect(report.conservation.balanced).toBe(true);
  });
});
