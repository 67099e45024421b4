import { describe, expect, it } from 'vitest';
import type { RunReport } from '../../../../sim-core/twin/report.ts';
import { DEFAULT_GATES, evaluateGateMeasures, evaluateGates, gateValueText, type ValidationRun } from '../../../../sim-core/whatif/plan/gates.ts';
import { measureGates } from '../../../../sim-core/whatif/plan/gates-measure.ts';

/** A run report with just the fields the gates read. */
function report(o: { p95: number; slo?: number; viol: number; lost: number; created?: number; util: Record<string, number>; completed?: number }): RunReport {
  return {
    apps: [{ id: 'app', latencyMs: { mean: 0, p50: 0, p95: o.p95, p99: 0 }, completed: o.completed ?? 100, dropped: 0, sloViolationRate: o.viol, lost: 0,
      slo: { latencyMs: o.slo ?? 100, percentile: 95, observedMs: o.p95, met: o.p95 <= (o.slo ?? 100) } }],
    nodes: Object.entries(o.util).map(([id, u]) => ({ id, tier: 'edge', cpuUtilization: u, downMs: 0 })),
    conservation: { created: o.created ?? 10_000, lost: o.lost, lostBy: o.lost ? { 'node-crash': o.lost } : {} },
  } as unknown as RunReport;
}
const run = (faultSet: string, seed: number, r: Parameters<typeof report>[0]): ValidationRun => ({ faultSet, seed, report: report(r) });
const byId = (rs: ReturnType<typeof evaluateGates>) => Object.fromEntries(rs.map((g) => [g.id, g]));

describe('evaluateGates', () => {
  it('passes when every run is within every threshold (boundaries inclusive)', () => {
    const g = byId(evaluateGates([
      run('normal', 1, { p95: 100, viol: 0.05, lost: 10, util: { e: 0.8, other: 0.99 } }),
      run('crash', 1, { p95: 50, viol: 0, lost: 0, util: { e: 0.5 } }),
    ], ['e'], DEFAULT_GATES));
    expect(Object.keys(g)).toEqual(['latency-slo', 'slo-violation-rate', 'data-lost', 'capacity-headroom']);
    expect(Object.values(g).map((x) => x.pass)).toEqual([true, true, true, true]);
    expect(g['latency-slo']!.worst).toBe(1); // 100 ms / 100 ms SLO
    expect(g['slo-violation-rate']!.worst).toBe(0.05);
    expect(g['data-lost']!.worst).toBe(0.001); // 10 of 10,000: exactly the default bound
    // 'other' is not a plan node, so its 99% does not count; headroom = 1 − 0.8.
    expect(g['capacity-headroom']!.worst).toBeCloseTo(0.2, 12);
    expect(g['capacity-headroom']!.worstAt).toBe('normal seed 1 at e');
  });

  it('one message lost in a crash is a small fraction, not a failed gate (the fog-placement edge-ward case)', () => {
    const g = byId(evaluateGates([run('edge-crash', 1, { p95: 63, viol: 0.009, lost: 1, created: 2216, util: { e: 0.01 } })], ['e'], DEFAULT_GATES));
    expect(g['data-lost']).toMatchObject({ pass: true, unit: 'fraction' });
    expect(g['data-lost']!.worst).toBeCloseTo(1 / 2216, 15);
    expect(g['data-lost']!.worstAt).toBe('edge-crash seed 1 at node-crash 1 of 2216 messages');
  });

  it('fails a gate when any single run breaks it, and reports the worst run', () => {
    const g = byId(evaluateGates([
      run('normal', 1, { p95: 80, viol: 0.01, lost: 0, util: { e: 0.3 } }),
      run('crash', 2, { p95: 250, slo: 100, viol: 0.2, lost: 300, util: { e: 0.9 } }),
    ], ['e'], DEFAULT_GATES));
    expect(g['latency-slo']).toMatchObject({ pass: false, worst: 2.5 });
    expect(g['latency-slo']!.worstAt).toContain('crash seed 2');
    expect(g['latency-slo']!.runs.map((r) => r.pass)).toEqual([true, false]);
    expect(g['slo-violation-rate']).toMatchObject({ pass: false, worst: 0.2 });
    expect(g['data-lost']).toMatchObject({ pass: false, worst: 0.03, worstAt: 'crash seed 2 at node-crash 300 of 10000 messages' });
    expect(g['capacity-headroom']!.pass).toBe(false);
    expect(g['capacity-headroom']!.worst).toBeCloseTo(0.1, 12);
  });

  it('honours configured thresholds and switches; the deprecated count adds a lost-messages gate', () => {
    const runs = [run('normal', 1, { p95: 300, viol: 0.2, lost: 2, util: { e: 0.9 } })];
    const g = byId(evaluateGates(runs, ['e'], { latencySlo: false, maxSloViolationRate: 0.25, maxLostFraction: 0.0002, maxLostMessages: 1, minHeadroom: 0.05 }));
    expect(g['latency-slo']).toMatchObject({ enabled: false, pass: true, runs: [] });
    expect([g['slo-violation-rate']!.pass, g['data-lost']!.pass, g['capacity-headroom']!.pass]).toEqual([true, true, true]);
    expect(g['lost-messages']).toMatchObject({ pass: false, worst: 2, unit: 'messages', threshold: 1 });
  });

  it('an app that completed nothing fails the latency and violation gates (nothing demonstrated), saying so', () => {
    const g = byId(evaluateGates([run('normal', 1, { p95: 0, viol: 0, lost: 0, util: { e: 0.1 }, completed: 0 })], ['e'], DEFAULT_GATES));
    expect(g['latency-slo']).toMatchObject({ pass: false, worst: null, worstAt: 'normal seed 1 at app completed no message' });
    expect(g['slo-violation-rate']!.pass).toBe(false);
  });

  it('a run that failed (no measures) fails every enabled gate; the worst names it and its sweep point', () => {
    const g = byId(evaluateGateMeasures([
      { faultSet: 'normal', seed: 1, sweep: 'n=2', measures: measureGates(report({ p95: 10, viol: 0, lost: 0, util: { e: 0.1 } }), ['e']) },
      { faultSet: 'normal', seed: 2, sweep: 'n=4', measures: null },
    ], DEFAULT_GATES));
    expect(Object.values(g).every((x) => !x.pass)).toBe(true);
    expect(g['data-lost']!.worstAt).toBe('n=4 normal seed 2 at the run failed');
    expect(g['data-lost']!.runs[0]).toMatchObject({ sweep: 'n=2', pass: true });
  });

  it('no validation runs: every enabled gate fails', () => {
    expect(evaluateGates([], ['e'], DEFAULT_GATES).every((g) => !g.pass)).toBe(true);
  });

  it('rejects an impossible config, naming the field', () => {
    expect(() => evaluateGates([], [], { ...DEFAULT_GATES, minHeadroom: 1 })).toThrow('gates.minHeadroom must be in [0, 1), got 1');
    expect(() => evaluateGates([], [], { ...DEFAULT_GATES, maxLostFraction: 2 })).toThrow('gates.maxLostFraction');
    expect(() => evaluateGates([], [], { ...DEFAULT_GATES, maxLostMessages: -1 })).toThrow('gates.maxLostMessages');
  });

  it.each([
    [{ unit: 'ratio' }, 0.6348, '0.635× SLO'],
    [{ unit: 'fraction' }, 1 / 2216, '0.0451%'],
    [{ unit: 'fraction' }, 0.001, '0.1%'],
    [{ unit: 'messages' }, 1, '1 message'],
    [{ unit: 'messages' }, 3, '3 messages'],
    [{ unit: 'fraction' }, null, 'not measured'],
  ])('gateValueText(%j, %s) = %s', (g, v, text) => expect(gateValueText(g, v)).toBe(text));
});
