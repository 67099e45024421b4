/**
 * Runs → statistics: per-cell summaries over seeds, paired comparisons against the baseline on
 * the same seeds, constraints, the objective's best feasible variant, Pareto fronts and sweep
 * curves. A pure function of (meta, runs in canonical order), so a merged set of shards yields
 * exactly the result of one unsharded run.
 */
import { DEFAULT_GATES, evaluateGateMeasures, type GateResult } from './plan/gates.ts';
import { paretoObjectives } from './prepare.ts';
import {
  EXPERIMENT_RESULT_VERSION, type CellResult, type Comparison, type ConstraintDef, type ConstraintResult,
  type ExperimentMeta, type ExperimentResult, type MetricSummary, type ParetoGroup, type RunRecord, type ShardInfo,
  type SweepCurve, type VariantResult,
} from './result.ts';
import { holmAdjust, LatencyHistogram, pairedDifference, paretoFront, summary, type Direction } from './stats/index.ts';

/** The `kind` of every ExperimentResult. */
export const RESULT_KIND = 'edgetwin.io/v1alpha1/ExperimentResult';

/** A shard's result: its runs only, statistics left to `merge`. */
export function shardResult(meta: ExperimentMeta, runs: RunRecord[], shard: ShardInfo): ExperimentResult {
  return { kind: RESULT_KIND, version: EXPERIMENT_RESULT_VERSION, meta, shard, runs, cells: [], variants: [], best: null, pareto: [], curves: [], failedRuns: runs.filter((r) => !r.ok).length };
}

/** The full result from every run of the experiment (throws unless runs cover meta.totalRuns exactly, in order). */
export function analyzeExperiment(meta: ExperimentMeta, runs: RunRecord[]): ExperimentResult {
  if (runs.length !== meta.totalRuns || runs.some((r, i) => r.index !== i)) {
    throw new Error(`analyzeExperiment: need runs 0..${meta.totalRuns - 1} in order, got ${runs.length} run(s)`);
  }
  const S = meta.sweep ? meta.sweep.values.length : 1;
  const F = meta.faultSets.length;
  const R = meta.seeds.length;
  const directions = new Map<string, Direction>(meta.metrics.map((m) => [m.key, m.direction]));
  if (meta.objective && !directions.has(meta.objective.metric)) directions.set(meta.objective.metric, meta.objective.direction);
  for (const c of meta.constraints) if (!directions.has(c.metric)) directions.set(c.metric, 'lower');
  for (const p of paretoObjectives()) if (!directions.has(p.metric)) directions.set(p.metric, p.direction);
  const keys = [...directions.keys()];
  const cellRuns = (vi: number, si: number, fi: number) => runs.slice(((vi * S + si) * F + fi) * R, ((vi * S + si) * F + fi + 1) * R);
  const baseIndex = meta.variants.findIndex((v) => v.name === meta.baseline);

  const cells: CellResult[] = [];
  meta.variants.forEach((v, vi) => {
    for (let si = 0; si < S; si++) {
      for (let fi = 0; fi < F; fi++) {
        const own = cellRuns(vi, si, fi);
        const base = cellRuns(baseIndex, si, fi);
        const metrics: Record<string, MetricSummary> = {};
        const vsBaseline: Record<string, Comparison> = {};
        for (const key of keys) {
          metrics[key] = summarize(own.map((r) => value(r, key)));
          if (vi !== baseIndex) vsBaseline[key] = compare(base, own, key, directions.get(key)!);
        }
        const constraints = meta.constraints.map((c) => evaluateConstraint(c, own));
        cells.push({
          variant: v.name, sweepIndex: si, sweepValue: meta.sweep ? meta.sweep.values[si]! : null, faultSet: meta.faultSets[fi]!.name,
          runs: own.length, failed: own.filter((r) => !r.ok).length, metrics, vsBaseline, constraints,
          feasible: constraints.every((c) => c.pass), latency: mergeLatency(own),
        });
      }
    }
  });
  if (meta.correction === 'holm') applyHolm(cells);

  const variants: VariantResult[] = meta.variants.map((v) => {
    const own = runs.filter((r) => r.variant === v.name);
    const vcells = cells.filter((c) => c.variant === v.name);
    const constraints = meta.constraints.map((c) => evaluateConstraint(c, own));
    const failed = own.filter((r) => !r.ok).length;
    const gates = variantGates(meta, own);
    let objectiveValue: number | null = null;
    if (meta.objective) {
      const means = vcells.map((c) => c.metrics[meta.objective!.metric]!.mean);
      objectiveValue = means.every((m) => m !== null) && means.length ? summary(means as number[]).mean : null;
    }
    const feasible = failed === 0 && vcells.every((c) => c.feasible) && gates.every((g) => g.pass);
    return { name: v.name, failed, constraints, gates, feasible, objectiveValue, rank: null };
  });
  let best: string | null = null;
  if (meta.objective) {
    const sign = meta.objective.direction === 'lower' ? 1 : -1;
    const ranked = variants.filter((v) => v.feasible && v.objectiveValue !== null)
      // Stable sort: ties keep the experiment's variant order.
      .sort((a, b) => sign * (a.objectiveValue! - b.objectiveValue!));
    ranked.forEach((v, i) => { v.rank = i + 1; });
    best = ranked[0]?.name ?? null;
  }

  const pareto: ParetoGroup[] = [];
  const objectives = paretoObjectives();
  for (let si = 0; si < S; si++) {
    for (let fi = 0; fi < F; fi++) {
      const group = cells.filter((c) => c.sweepIndex === si && c.faultSet === meta.faultSets[fi]!.name);
      const points = group.flatMap((c) => {
        const values: Record<string, number> = {};
        for (const o of objectives) {
          const m = c.metrics[o.metric]!.mean;
          if (m === null) return [];
          values[o.metric] = m;
        }
        return [{ variant: c.variant, values }];
      });
      const front = points.length ? paretoFront(points.map((p) => p.values), objectives).map((i) => points[i]!.variant) : [];
      pareto.push({ sweepIndex: si, sweepValue: meta.sweep ? meta.sweep.values[si]! : null, faultSet: meta.faultSets[fi]!.name, objectives, points, front });
    }
  }

  const curves: SweepCurve[] = [];
  if (meta.sweep) {
    for (const m of meta.metrics) {
      for (const v of meta.variants) {
        for (const f of meta.faultSets) {
          const pts = cells.filter((c) => c.variant === v.name && c.faultSet === f.name)
            .map((c) => ({ sweepValue: c.sweepValue!, mean: c.metrics[m.key]!.mean, ci95: c.metrics[m.key]!.ci95 }));
          curves.push({ metric: m.key, variant: v.name, faultSet: f.name, points: pts });
        }
      }
    }
  }
  return {
    kind: RESULT_KIND, version: EXPERIMENT_RESULT_VERSION, meta, shard: null, runs, cells, variants, best, pareto, curves,
    failedRuns: runs.filter((r) => !r.ok).length,
  };
}

/**
 * The validation gates over every run of a variant (all sweep points, fault sets, seeds): the
 * same gates, on the same per-run numbers, that `plan` applies to its validation runs, so a
 * variant compare calls feasible passes plan's gates on the runs they share.
 */
export function variantGates(meta: ExperimentMeta, runs: readonly RunRecord[]): GateResult[] {
  // Results from before gates were measured per run (old shard files) carry no measures: those runs fail the gates.
  return evaluateGateMeasures(runs.map((r) => ({
    faultSet: r.faultSet, seed: r.seed, measures: r.ok ? r.gates ?? null : null,
    ...(meta.sweep && r.sweepValue !== null ? { sweep: `${meta.sweep.path}=${String(r.sweepValue)}` } : {}),
  })), meta.gates ?? DEFAULT_GATES);
}

function value(r: RunRecord, key: string): number | null {
  if (!r.ok) return null;
  const v = r.metrics[key];
  return typeof v === 'number' ? v : null;
}

const orNull = (x: number): number | null => (Number.isFinite(x) ? x : null);
const interval = (ci: [number, number]): [number, number] | null => (Number.isFinite(ci[0]) && Number.isFinite(ci[1]) ? [ci[0], ci[1]] : null);

/** Summary of the non-null values (all fields null when there are none). */
export function summarize(values: (number | null)[]): MetricSummary {
  const xs = values.filter((x): x is number => x !== null);
  if (xs.length === 0) return { n: 0, mean: null, sd: null, ci95: null, min: null, max: null, p50: null, p95: null };
  const s = summary(xs);
  return { n: s.n, mean: s.mean, sd: orNull(s.sd), ci95: interval(s.ci95), min: s.min, max: s.max, p50: s.p50, p95: s.p95 };
}

/** Paired comparison over the seeds where both the baseline and the variant have a value. */
export function compare(base: RunRecord[], own: RunRecord[], key: string, direction: Direction): Comparison {
  const b: number[] = [];
  const v: number[] = [];
  base.forEach((r, i) => {
    const x = value(r, key);
    const y = own[i] ? value(own[i]!, key) : null;
    if (x !== null && y !== null) { b.push(x); v.push(y); }
  });
  if (b.length === 0) return { n: 0, meanDiff: null, ci95: null, relativeDiff: null, pValue: 1, verdict: 'indistinguishable' };
  const d = pairedDifference(b, v, direction);
  const baseMean = summary(b).mean;
  return { n: d.n, meanDiff: d.meanDiff, ci95: interval(d.ci95), relativeDiff: baseMean !== 0 ? d.meanDiff / Math.abs(baseMean) : null, pValue: d.pValue, verdict: d.verdict };
}

/**
 * Holm's correction across the family of every comparison in the result (all metrics, variants,
 * sweep points and fault sets with n ≥ 2): each gets its adjusted p, and keeps a better/worse
 * verdict only when that is below 0.05 too.
 */
export function applyHolm(cells: CellResult[]): void {
  const family = cells.flatMap((c) => Object.values(c.vsBaseline));
  const tested = family.filter((cmp) => cmp.n >= 2);
  const adjusted = holmAdjust(tested.map((cmp) => cmp.pValue));
  tested.forEach((cmp, i) => {
    cmp.pAdjusted = adjusted[i]!;
    if (!(adjusted[i]! < 0.05)) cmp.verdict = 'indistinguishable';
  });
  for (const cmp of family) if (cmp.n < 2) cmp.pAdjusted = 1;
}

/** Fraction of runs whose value meets the bound (failed runs and missing values do not). */
export function evaluateConstraint(c: ConstraintDef, runs: RunRecord[]): ConstraintResult {
  let satisfied = 0;
  for (const r of runs) {
    const x = value(r, c.metric);
    if (x !== null && (c.max === null || x <= c.max) && (c.min === null || x >= c.min)) satisfied++;
  }
  const fraction = runs.length ? satisfied / runs.length : 0;
  return { metric: c.metric, max: c.max, min: c.min, inAtLeast: c.inAtLeast, runs: runs.length, satisfied, fraction, pass: runs.length > 0 && fraction >= c.inAtLeast };
}

function mergeLatency(runs: RunRecord[]): CellResult['latency'] {
  const byApp = new Map<string, LatencyHistogram>();
  for (const r of runs) {
    for (const l of r.latency) {
      const h = LatencyHistogram.fromJSON(l.histogram);
      const acc = byApp.get(l.app);
      if (acc) acc.merge(h); else byApp.set(l.app, h);
    }
  }
  return [...byApp].map(([app, h]) => ({ app, histogram: h.toJSON() }));
}
