import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeExperiment, shardResult } from '../../../sim-core/whatif/analyze.ts';
import type { ExperimentMeta, RunRecord } from '../../../sim-core/whatif/result.ts';
import { mergeShards, parseShardArg, selectShard } from '../../../sim-core/whatif/shard.ts';
import { InputError } from '../../../sim-core/text/input-error.ts';
import { DEFAULT_GATES } from '../../../sim-core/whatif/plan/gates.ts';
import type { GateMeasures } from '../../../sim-core/whatif/plan/gates-measure.ts';

/** Gate measures that pass every default gate (these synthetic runs are judged by their constraints). */
const PASSING: GateMeasures = {
  latencySloRatio: { value: 0.5, at: 'app' }, sloViolationRate: { value: 0, at: 'app' }, lostFraction: { value: 0, at: '' },
  lostMessages: { value: 0, at: '' }, headroom: { value: 0.9, at: 'n' },
};

/** Meta for variants × 1 sweep point × 1 fault set × seeds, comparing latencyP95Ms, costUsd, energyWh. */
function meta(variants: string[], seeds: number[]): ExperimentMeta {
  return {
    name: 'synthetic', file: 'e.yaml', hash: 'h1', scenarioFile: 's.yaml', scenarioName: 's', baseline: variants[0]!, seeds,
    variants: variants.map((name) => ({ name, description: '', set: [], patched: false })), sweep: null,
    faultSets: [{ name: 'normal', faults: [] }],
    metrics: [
      { key: 'latencyP95Ms', label: 'p95', unit: 'ms', direction: 'lower' },
      { key: 'costUsd', label: 'cost', unit: 'USD', direction: 'lower' },
      { key: 'energyWh', label: 'energy', unit: 'Wh', direction: 'lower' },
      { key: 'completed', label: 'completed', unit: '', direction: 'higher' },
    ],
    objective: { metric: 'latencyP95Ms', direction: 'lower' },
    constraints: [{ metric: 'costUsd', max: 10, min: null, inAtLeast: 0.75 }],
    untilMs: null, gates: DEFAULT_GATES, totalRuns: variants.length * seeds.length,
  };
}

function run(index: number, variant: string, seedIndex: number, m: Record<string, number> | null): RunRecord {
  return {
    index, variant, sweepIndex: 0, sweepValue: null, faultSet: 'normal', seedIndex, seed: seedIndex + 1, ok: m !== null,
    error: m ? null : 'boom', metrics: m ?? {}, traceHash: m ? `t${index}` : null, simulatedMs: 0, events: 0, latency: [], timeSeries: [],
    gates: m ? PASSING : null,
  };
}

// Two variants × 4 seeds. b is a + (−2, −3, −1, −2) in latency: mean −2, sd √(2/3).
const A = [[10, 5, 1, 100], [12, 5, 1, 100], [11, 5, 1, 100], [13, 5, 1, 100]];
const B = [[8, 12, 2, 101], [9, 12, 2, 99], [10, 9, 2, 100], [11, 12, 2, 100]];
const rec = ([l, c, e, n]: number[]) => ({ latencyP95Ms: l!, costUsd: c!, energyWh: e!, completed: n! });
const RUNS = [...A.map((m, i) => run(i, 'a', i, rec(m))), ...B.map((m, i) => run(4 + i, 'b', i, rec(m)))];

describe('analyzeExperiment', () => {
  const r = analyzeExperiment(meta(['a', 'b'], [1, 2, 3, 4]), RUNS);
  const [ca, cb] = r.cells;

  it('summarizes each metric over seeds with a Student t 95% CI', () => {
    const s = ca!.metrics.latencyP95Ms!;
    expect(s.n).toBe(4);
    expect(s.mean).toBe(11.5);
    // sd of 10,12,11,13 = √(5/3); half-width t(0.975, 3) = 3.182446305284263 · sd/2
    expect(s.sd).toBeCloseTo(Math.sqrt(5 / 3), 12);
    expect(s.ci95![1] - 11.5).toBeCloseTo(3.182446305284263 * Math.sqrt(5 / 3) / 2, 9);
    expect(s.p50).toBe(11.5);
  });

  it('compares against the baseline pairwise over the same seeds', () => {
    const d = cb!.vsBaseline.latencyP95Ms!;
    expect(d.n).toBe(4);
    expect(d.meanDiff).toBe(-2);
    // differences −2, −3, −1, −2: sd √(2/3); t = −2 / (sd/2) = −4.899; CI excludes 0 → better
    expect(d.ci95![1]).toBeCloseTo(-2 + 3.182446305284263 * Math.sqrt(2 / 3) / 2, 9);
    expect(d.verdict).toBe('better');
    expect(d.relativeDiff).toBeCloseTo(-2 / 11.5, 12);
    expect(cb!.vsBaseline.costUsd!.verdict).toBe('worse');
    expect(cb!.vsBaseline.completed!.verdict).toBe('indistinguishable');
    expect(ca!.vsBaseline).toEqual({});
  });

  it('evaluates constraints as the fraction of seeds satisfying them', () => {
    expect(ca!.constraints[0]).toMatchObject({ satisfied: 4, fraction: 1, pass: true });
    expect(cb!.constraints[0]).toMatchObject({ satisfied: 1, fraction: 0.25, pass: false });
  });

  it('picks the best feasible variant by the objective, not the best overall', () => {
    // b has the lower latency but fails the cost constraint.
    expect(r.variants.map((v) => [v.name, v.feasible, v.rank])).toEqual([['a', true, 1], ['b', false, null]]);
    expect(r.best).toBe('a');
  });

  it('puts both variants on the Pareto front (b faster, a cheaper and leaner)', () => {
    expect(r.pareto[0]!.front).toEqual(['a', 'b']);
  });

  it('a failed run is kept with its seed and message, and left out of summaries and pairs', () => {
    const runs = RUNS.map((x) => (x.index === 5 ? run(5, 'b', 1, null) : x));
    const res = analyzeExperiment(meta(['a', 'b'], [1, 2, 3, 4]), runs);
    expect(res.failedRuns).toBe(1);
    expect(res.runs[5]).toMatchObject({ ok: false, error: 'boom', seed: 2 });
    expect(res.cells[1]!.metrics.latencyP95Ms!.n).toBe(3);
    expect(res.cells[1]!.vsBaseline.latencyP95Ms!.n).toBe(3);
    expect(res.variants[1]!.feasible).toBe(false);
  });

  it('refuses an incomplete or out-of-order run list', () => {
    expect(() => analyzeExperiment(meta(['a', 'b'], [1, 2, 3, 4]), RUNS.slice(1))).toThrow(/need runs 0\.\.7/);
  });
});

describe('shards', () => {
  it('parses i/N and refuses nonsense', () => {
    expect(parseShardArg('2/5')).toEqual({ index: 2, count: 5 });
    for (const bad of ['5/5', '1/0', 'a/2', '-1/3']) expect(() => parseShardArg(bad)).toThrow(InputError);
  });

  it('property: any N shards, given in any order, merge to exactly the unsharded result', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 9 }),
      fc.array(fc.tuple(fc.double({ min: 1, max: 100, noNaN: true }), fc.double({ min: 0, max: 20, noNaN: true })), { minLength: 8, maxLength: 8 }),
      fc.integer(),
      (count, values, salt) => {
        const m = meta(['a', 'b'], [1, 2, 3, 4]);
        const runs = values.map(([l, c], i) => run(i, i < 4 ? 'a' : 'b', i % 4, { latencyP95Ms: l, costUsd: c, energyWh: 1, completed: 10 }));
        const whole = analyzeExperiment(m, runs);
        const shards = Array.from({ length: count }, (_, k) => shardResult(m, selectShard(runs, { index: k, count }), { index: k, count }));
        const order = shards.map((_, k) => k).sort((x, y) => ((x * 7919 + salt) % 13) - ((y * 7919 + salt) % 13));
        const merged = mergeShards(order.map((k) => shards[k]!), order.map((k) => `shard-${k}.json`));
        expect(JSON.stringify(merged)).toBe(JSON.stringify(whole));
      },
    ), { numRuns: 60 });
  });

  it('refuses shards of another experiment, overlapping shards and missing shards', () => {
    const m = meta(['a', 'b'], [1, 2, 3, 4]);
    const s = (k: number, n: number, mm = m) => shardResult(mm, selectShard(RUNS, { index: k, count: n }), { index: k, count: n });
    expect(() => mergeShards([s(0, 2), s(1, 2, { ...m, hash: 'other' })], ['x.json', 'y.json'])).toThrow(/y\.json: belongs to experiment .*hash other/);
    expect(() => mergeShards([s(0, 2), s(0, 2), s(1, 2)], ['x.json', 'y.json', 'z.json'])).toThrow(/y\.json: run 0 .* is also in x\.json/);
    expect(() => mergeShards([s(0, 3), s(2, 3)], ['x.json', 'z.json'])).toThrow(/runs are missing .*shards not given: 1\/3/);
  });
});
