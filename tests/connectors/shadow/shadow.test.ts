/**
 * The shadow loop without servers: a FleetView of agents' metrics reports and an injected clock
 * and timer. The MAPE it reports per node and per service is the hand-computed one; reports are
 * used once; the window slides with the clock; nodes, services and links the twin does not know
 * are listed, not scored; calibration is refitted on the window; start() polls on the timer.
 */
import { describe, expect, it } from 'vitest';
import type { FleetNode, FleetView } from '../../../connectors/live/fleet-node.ts';
import type { AppMetrics, MetricsReport } from '../../../connectors/mqtt/reports.ts';
import { predictNode, type ShadowModel } from '../../../connectors/shadow/predict.ts';
import { Shadow } from '../../../connectors/shadow/shadow.ts';

const model: ShadowModel = {
  nodes: new Map([['e1', { cores: 1, coreSpeed: 1 }], ['e2', { cores: 2, coreSpeed: 1 }]]),
  services: new Map([['cam/detect', { cpuWorkMs: 2 }], ['cam/track', { cpuWorkMs: 1 }]]),
  links: new Map([['e1~gw', { latencyMs: 4 }]]),
};

/** A FleetView over mutable nodes. */
function fleet(): FleetView & { report(node: string, r: Omit<MetricsReport, 'v' | 'node' | 'memoryBytes'>): void } {
  const nodes = new Map<string, FleetNode>();
  return {
    node: (id) => nodes.get(id),
    nodes: () => [...nodes.values()],
    onChange: () => () => {},
    report(node, r) {
      const n: FleetNode = nodes.get(node) ?? { id: node, state: 'ready', sources: ['mqtt'], lastSeenMs: null, heartbeatLagMs: null, runningVersion: 0, running: [], lastReport: null, metrics: null, labels: {} };
      n.metrics = { v: 1, node, memoryBytes: 1e9, ...r };
      nodes.set(node, n);
    },
  };
}

const app = (requests: number, p50: number | null, p95: number | null): AppMetrics => ({ requests, errorRate: 0, latencyMsP50: p50, latencyMsP95: p95 });

describe('shadow loop over the fleet view', () => {
  it('reports the hand-computed MAPE per node and per service, and uses each report once', async () => {
    let now = 100_000;
    const f = fleet();
    const s = new Shadow({ model, fleet: f, nowMs: () => now, windowMs: 60_000, intervalMs: 1000 });
    // 100 req/s × 2 ms on 1 core at speed 1: ρ = 0.2. M/M/1 with μ = 0.5/ms, λ = 0.1/ms: T ~ Exp(0.4/ms).
    const p = predictNode(model, 'e1', new Map([['cam/detect', 100]]))!.latency.get('cam/detect')!;
    expect(p.p50Ms).toBeCloseTo(Math.LN2 / 0.4, 9);
    f.report('e1', { atMs: now, intervalMs: 1000, cpuUtilization: 0.25, apps: { 'cam/detect': app(100, 2, null) } });
    await s.tick(); // cpu: |0.2 − 0.25| / 0.25 = 20 %; p50: |1.733 − 2| / 2
    now += 1000;
    f.report('e1', { atMs: now, intervalMs: 1000, cpuUtilization: 0.16, apps: { 'cam/detect': app(100, 2, null) } });
    await s.tick(); // cpu: |0.2 − 0.16| / 0.16 = 25 %
    now += 1000;
    const st = await s.tick(); // no new report: nothing added
    expect(st.ticks).toBe(3);
    expect(st.windowS).toBe(60);
    expect(st.nodes).toEqual([{ node: 'e1', signal: 'cpu', mape: expect.closeTo(22.5, 9), samples: 2, skipped: 0, predicted: expect.closeTo(0.2, 12), observed: 0.16 }]);
    expect(st.apps).toEqual([{ app: 'cam/detect', node: 'e1', signal: 'latency_p50', mape: expect.closeTo((100 * Math.abs(p.p50Ms - 2)) / 2, 9), samples: 2, skipped: 0, predicted: expect.closeTo(p.p50Ms, 9), observed: 2 }]);
    expect(st.sources).toEqual({ prometheus: false, fleet: true });
    expect(st.observed).toEqual([]); // the last poll saw no new report
  });

  it('the window slides with the clock: old samples leave, mape becomes null', async () => {
    let now = 0;
    const f = fleet();
    const s = new Shadow({ model, fleet: f, nowMs: () => now, windowMs: 10_000 });
    f.report('e1', { atMs: 1, intervalMs: 1000, cpuUtilization: 0.1, apps: { 'cam/detect': app(100, null, null) } });
    await s.tick(); // 100 %
    now = 5000;
    f.report('e1', { atMs: 5000, intervalMs: 1000, cpuUtilization: 0.4, apps: { 'cam/detect': app(100, null, null) } });
    await s.tick(); // 50 %
    expect(s.state().nodes[0]).toMatchObject({ mape: expect.closeTo(75, 9), samples: 2 });
    now = 12_000; // window (2000, 12000]: only the second
    expect(s.state().nodes[0]).toMatchObject({ mape: expect.closeTo(50, 9), samples: 1 });
    now = 20_000;
    expect(s.state().nodes[0]).toMatchObject({ mape: null, samples: 0 });
  });

  it('unknown nodes, services and links are listed, not scored; a node without input is named', () => {
    const now = 1000;
    const s = new Shadow({ model, nowMs: () => now });
    s.record({
      nodes: new Map([
        ['ghost', { cpu: 0.5, ratesPerS: new Map([['cam/detect', 1]]) }],
        ['e2', { cpu: 0.5 }],
        ['e1', { cpu: 0.3, ratesPerS: new Map([['cam/detect', 100], ['zz/unknown', 5]]), latency: new Map([['zz/unknown', { p50Ms: 3, p95Ms: 9 }]]) }],
      ]),
      links: new Map([['e1~gw', 5], ['nowhere', 3]]),
      problems: ['query "x": Prometheus refused it'],
    }, now);
    const st = s.state();
    expect(st.nodes.map((n) => n.node)).toEqual(['e1']);
    expect(st.apps).toEqual([]);
    expect(st.links).toEqual([{ link: 'e1~gw', signal: 'latency', mape: expect.closeTo(20, 9), samples: 1, skipped: 0, predicted: 4, observed: 5 }]);
    expect(st.problems).toEqual({
      lastPoll: ['query "x": Prometheus refused it'], unmodelledNodes: ['ghost'], unmodelledLinks: ['nowhere'],
      unknownServices: ['zz/unknown'], nodesWithoutInput: ['e2'], refusedSamples: 0,
    });
    // Problems are those of the last poll: names that went away do not pile up.
    s.record({ nodes: new Map([['e1', { cpu: 0.3, ratesPerS: new Map([['cam/detect', 100]]) }]]), links: new Map(), problems: [] }, now);
    expect(s.state().problems).toEqual({ lastPoll: [], unmodelledNodes: [], unmodelledLinks: [], unknownServices: [], nodesWithoutInput: [], refusedSamples: 0 });
    expect(s.state().nodes[0]!.samples).toBe(2);
  });

  it('a node the twin cannot predict is skipped with a problem, the rest of the poll still counts', () => {
    const broken: ShadowModel = { ...model, nodes: new Map([...model.nodes, ['bad', { cores: 1, coreSpeed: 0 }]]) };
    const s = new Shadow({ model: broken, nowMs: () => 1 });
    s.record({ nodes: new Map([
      ['bad', { cpu: 0.3, ratesPerS: new Map([['cam/detect', 1]]) }],
      ['e1', { cpu: 0.25, ratesPerS: new Map([['cam/detect', 100]]) }],
    ]), links: new Map(), problems: [] }, 1);
    const st = s.state();
    expect(st.nodes.map((n) => [n.node, n.mape])).toEqual([['e1', expect.closeTo(20, 9)]]);
    expect(st.problems.lastPoll).toEqual(['bad: no prediction: predictNode: core speed of bad must be > 0, got 0']);
  });

  it('calibration is refitted on the window: a node twice as fast as the model says', () => {
    let now = 0;
    const s = new Shadow({ model, nowMs: () => now, windowMs: 60_000 });
    for (let k = 1; k <= 5; k++) {
      now = k * 1000;
      const rates = new Map([['cam/detect', 40 * k], ['cam/track', 30 * k]]);
      const truth = predictNode(model, 'e2', rates, 2)!;
      s.record({ nodes: new Map([['e2', { cpu: truth.utilization, ratesPerS: rates }]]), links: new Map([['e1~gw', 6]]), problems: [] }, now);
    }
    const c = s.state().calibration;
    expect(c.nodes).toHaveLength(1);
    expect(c.nodes[0]!.coreSpeed.calibrated).toBeCloseTo(2, 12);
    expect(c.nodes[0]!.cpu.before).toBeCloseTo(100, 9); // predicts 2× the observed: 100 % off
    expect(c.nodes[0]!.cpu.after).toBeCloseTo(0, 9);
    expect(c.links[0]).toMatchObject({ link: 'e1~gw', latencyMs: { model: 4, calibrated: 6 } });
    expect(s.state().nodes[0]!.mape).toBeCloseTo(100, 9); // the shadow itself still scores the twin's own parameters
  });

  it('start() polls at once and on every timer beat; stop() cancels the timer', async () => {
    let beat: (() => void) | null = null;
    let cancelled = false;
    const states: number[] = [];
    const s = new Shadow({
      model, nowMs: () => 0, intervalMs: 250,
      setTimer: (fn, ms) => { expect(ms).toBe(250); beat = fn; return () => { cancelled = true; }; },
    });
    s.start((st) => states.push(st.ticks));
    await new Promise((r) => setImmediate(r));
    beat!();
    await new Promise((r) => setImmediate(r));
    beat!();
    await new Promise((r) => setImmediate(r));
    expect(states).toEqual([1, 2, 3]);
    await s.stop();
    expect(cancelled).toBe(true);
  });
});
