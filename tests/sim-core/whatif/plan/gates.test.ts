import { describe, expect, it } from 'vitest';
import type { RunReport } from '../../../../sim-core/twin/report.ts';
import { DEFAULT_GATES, evaluateGates, type ValidationRun } from '../../../../sim-core/whatif/plan/gates.ts';

/** A run report with just the fields the gates read. */
function report(o: { p95: number; slo?: number; viol: number; lost: number; util: Record<string, number>; completed?: number }): RunReport {
  return {
    apps: [{ id: 'app', latencyMs: { mean: 0, p50: 0, p95: o.p95, p99: 0 }, completed: o.completed ?? 100, dropped: 0, sloViolationRate: o.viol, lost: 0,
      slo: { latencyMs: o.slo ?? 100, percentile: 95, observedMs: o.p95, met: o.p95 <= (o.slo ?? 100) } }],
    nodes: Object.entries(o.util).map(([id, u]) => ({ id, tier: 'edge', cpuUtilization: u, downMs: 0 })),
    conservation: { lost: o.lost, lostBy: o.lost ? { 'node-crash': o.lost } : {} },
  } as unknown as RunReport;
}
const run = (faultSet: string, seed: number, r: Parameters<typeof report>[0]): ValidationRun => ({ faultSet, seed, report: report(r) });
const byId = (rs: ReturnType<typeof evaluateGates>) => Object.fromEntries(rs.map((g) => [g.id, g]));

describe('evaluateGates', () => {
  it('passes when every run is within every threshold (boundaries inclusive)', () => {
    const g = byId(evaluateGates([
      run('normal', 1, { p95: 100, viol: 0.05, lost: 0, util: { e: 0.8, other: 0.99 } }),
      run('crash', 1, { p95: 50, viol: 0, lost: 0, util: { e: 0.5 } }),
    ], ['e'], DEFAULT_GATES));
    expect(Object.values(g).map((x) => x.pass)).toEqual([true, true, true, true]);
    expect(g['latency-slo']!.worst).toBe(1); // 100 ms / 100 ms SLO
    expect(g['slo-violation-rate']!.worst).toBe(0.05);
    // 'other' is not a plan node, so its 99% does not count; headroom = 1 − 0.8.
    expect(g['capacity-headroom']!.worst).toBeCloseTo(0.2, 12);
    expect(g['capacity-headroom']!.worstAt).toBe('normal seed 1 at e');
  });

  it('fails a gate when any single run breaks it, and reports the worst run', () => {
    const g = byId(evaluateGates([
      run('normal', 1, { p95: 80, viol: 0.01, lost: 0, util: { e: 0.3 } }),
      run('crash', 2, { p95: 250, slo: 100, viol: 0.2, lost: 3, util: { e: 0.9 } }),
    ], ['e'], DEFAULT_GATES));
    expect(g['latency-slo']).toMatchObject({ pass: false, worst: 2.5 });
    expect(g['latency-slo']!.worstAt).toContain('crash seed 2');
    expect(g['latency-slo']!.runs.map((r) => r.pass)).toEqual([true, false]);
    expect(g['slo-violation-rate']).toMatchObject({ pass: false, worst: 0.2 });
    expect(g['data-lost']).toMatchObject({ pass: false, worst: 3, worstAt: 'crash seed 2 at node-crash 3' });
    expect(g['capacity-headroom']!.pass).toBe(false);
    expect(g['capacity-headroom']!.worst).toBeCloseTo(0.1, 12);
  });

  it('honours configured thresholds and switches', () => {
    const runs = [run('normal', 1, { p95: 300, viol: 0.2, lost: 2, util: { e: 0.9 } })];
    const g = byId(evaluateGates(runs, ['e'], { latencySlo: false, maxSloViolationRate: 0.25, maxLostMessages: 2, minHeadroom: 0.05 }));
    expect(g['latency-slo']).toMatchObject({ enabled: false, pass: true, runs: [] });
    expect([g['slo-violation-rate']!.pass, g['data-lost']!.pass, g['capacity-headroom']!.pass]).toEqual([true, true, true]);
  });

  it('an app that completed nothing fails the latency and violation gates (nothing demonstrated)', () => {
    const g = byId(evaluateGates([run('normal', 1, { p95: 0, viol: 0, lost: 0, util: { e: 0.1 }, completed: 0 })], ['e'], DEFAULT_GATES));
    expect(g['latency-slo']!.pass).toBe(false);
    expect(g['slo-violation-rate']!.pass).toBe(false);
  });

  it('no validation runs: every enabled gate fails', () => {
    expect(evaluateGates([], ['e'], DEFAULT_GATES).every((g) => !g.pass)).toBe(true);
  });

  it('rejects an impossible config, naming the field', () => {
    expect(() => evaluateGates([], [], { ...DEFAULT_GATES, minHeadroom: 1 })).toThrow('gates.minHeadroom must be in [0, 1), got 1');
    expect(() => evaluateGates([], [], { ...DEFAULT_GATES, maxLostMessages: -1 })).toThrow('gates.maxLostMessages');
  });
});
