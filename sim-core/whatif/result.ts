/**
 * The ExperimentResult contract: what `edgetwin compare` computes, `--json` prints, shards carry,
 * `edgetwin merge` rebuilds and the HTML report reads. Plain JSON (no NaN: missing numbers are
 * null), deterministic (no wall-clock fields), so a merged result deep-equals an unsharded one.
 * Add fields, never rename.
 */
import type { GateConfig, GateResult } from './plan/gates.ts';
import type { GateMeasures } from './plan/gates-measure.ts';
import type { Correction, Direction, HistogramJSON, Verdict } from './stats/index.ts';

/** Version of this contract; bumped only when a field changes meaning (fields are only ever added). */
export const EXPERIMENT_RESULT_VERSION = 1;

/** A swept or set scalar value as written in the experiment file. */
export type SweepValue = string | number | boolean;

/** One metric the experiment compares. */
export interface MetricDef {
  /** Key in RunRecord.metrics, e.g. 'latencyP95Ms' (main app), 'vision.latencyP95Ms', 'wanBytes'. */
  key: string;
  /** Human label for tables and charts, e.g. 'p95 latency (vision)'. */
  label: string;
  /** Unit for display: 'ms', 'B', 'Wh', 'USD', '' (counts), 'ratio'. */
  unit: string;
  /** Which way the metric improves. */
  direction: Direction;
}

/** A named set of faults every variant faces (the failure suite); 'normal' = no faults. */
export interface FaultSetDef {
  /** Name from spec.failureSuite, or 'normal' when the experiment has no failure suite. */
  name: string;
  /** Fault specs in the `--fault` syntax (README, "A quick tour of the command line"). */
  faults: string[];
}

/** One variant of the scenario. */
export interface VariantDef {
  /** Unique name; the baseline is one of these. */
  name: string;
  /** Free text from the experiment file ('' when absent). */
  description: string;
  /** Effective `path=value` overlays applied to the scenario (after the patch). */
  set: string[];
  /** True when the variant carries a merge patch over the scenario document. */
  patched: boolean;
}

/** A constraint on a metric, to hold in at least a fraction of the seeds. */
export interface ConstraintDef {
  /** Metric key (one of metrics[].key or any known metric). */
  metric: string;
  /** Upper bound (inclusive), when given. */
  max: number | null;
  /** Lower bound (inclusive), when given. */
  min: number | null;
  /** Required fraction of runs (seeds) satisfying the bound, in (0, 1]; default 1. */
  inAtLeast: number;
}

/** The experiment's objective: which metric picks the best feasible variant. */
export interface ObjectiveDef {
  metric: string;
  direction: Direction;
}

/** Metadata: what was run and how; identical in every shard of one experiment. */
export interface ExperimentMeta {
  /** metadata.name of the experiment. */
  name: string;
  /** Experiment file as given on the command line (display only). */
  file: string;
  /** Hex hash of the canonical experiment definition + scenario text; shards must agree on it. */
  hash: string;
  /** Scenario file path as written in spec.scenario. */
  scenarioFile: string;
  /** metadata.name of the scenario. */
  scenarioName: string;
  /** Name of the baseline variant. */
  baseline: string;
  /** Seeds, in seed-index order; run i of every variant uses seeds[i] (common random numbers). */
  seeds: number[];
  variants: VariantDef[];
  /** The sweep, or null when there is none (then there is one sweep point, index 0, value null). */
  sweep: { path: string; values: SweepValue[] } | null;
  /** The failure suite; [{name:'normal', faults:[]}] when the experiment has none. */
  faultSets: FaultSetDef[];
  metrics: MetricDef[];
  objective: ObjectiveDef | null;
  constraints: ConstraintDef[];
  /** Simulated duration override (ms), or null to use each scenario's own duration. */
  untilMs: number | null;
  /** The validation gates (spec.gates with defaults): every run of a feasible variant keeps them, as `plan` requires. */
  gates: GateConfig;
  /**
   * Correction of the verdicts for multiple comparisons (spec.correction, `compare --correction`):
   * 'holm' controls the chance of any false verdict across the whole experiment; absent = 'none'
   * (each verdict at 95 % on its own).
   */
  correction?: Correction;
  /** variants × sweep points × fault sets × seeds. */
  totalRuns: number;
}

/** Which runs a (shard) result holds. */
export interface ShardInfo {
  /** This shard's index i in 0..count−1: it holds runs whose canonical index ≡ i (mod count). */
  index: number;
  /** Number of shards N. */
  count: number;
}

/** One sample of a run's time series (downsampled to a few dozen points). */
export interface RunTimePoint {
  tMs: number;
  /** Cumulative messages delivered at tMs. */
  delivered: number;
  /** Cumulative messages dropped at tMs. */
  dropped: number;
  /** Cumulative messages lost at tMs. */
  lost: number;
  /** Messages in flight at tMs. */
  inFlight: number;
  /** Cumulative WAN bytes at tMs. */
  wanBytes: number;
  /** Nodes down at tMs. */
  nodesDown: number;
}

/** One simulation run: a variant at a sweep point under a fault set with one seed. */
export interface RunRecord {
  /** Canonical index: ((variant·S + sweepIndex)·F + faultSetIndex)·R + seedIndex. */
  index: number;
  variant: string;
  /** Index into meta.sweep.values (0 when there is no sweep). */
  sweepIndex: number;
  /** The swept value, or null without a sweep. */
  sweepValue: SweepValue | null;
  /** Name of the fault set (meta.faultSets[].name). */
  faultSet: string;
  /** Index into meta.seeds. */
  seedIndex: number;
  seed: number;
  /** False when the run threw; then error holds the message and metrics are empty. */
  ok: boolean;
  error: string | null;
  /** Every known metric of this run by key; null when undefined (e.g. a percentile of no messages). */
  metrics: Record<string, number | null>;
  /** Trace hash of the run (determinism check); null when it failed. */
  traceHash: string | null;
  /** Simulated time reached (ms); 0 when it failed. */
  simulatedMs: number;
  /** Events the kernel processed. */
  events: number;
  /** Per-app latency histogram of every delivered message (mergeable across seeds). */
  latency: { app: string; histogram: HistogramJSON }[];
  /** A small time series of the run. */
  timeSeries: RunTimePoint[];
  /** What the validation gates read from this run (the same numbers `plan` judges); null when it failed. */
  gates?: GateMeasures | null;
}

/** Summary over seeds of one metric in one cell; numbers are null when no run produced a value. */
export interface MetricSummary {
  /** Runs that produced a value. */
  n: number;
  mean: number | null;
  /** Sample sd (n − 1); null when n < 2. */
  sd: number | null;
  /** Student t 95% CI for the mean; null when n < 2. */
  ci95: [number, number] | null;
  min: number | null;
  max: number | null;
  /** Percentiles of the per-seed values (type 7). */
  p50: number | null;
  p95: number | null;
}

/** Paired comparison (variant − baseline) of one metric over the seeds both completed. */
export interface Comparison {
  /** Number of seed pairs used. */
  n: number;
  /** Mean of variant − baseline; null when n = 0. */
  meanDiff: number | null;
  /** 95% CI of the mean difference; null when n < 2. */
  ci95: [number, number] | null;
  /** meanDiff relative to the baseline mean (−0.25 = 25% lower); null when the baseline mean is 0 or unknown. */
  relativeDiff: number | null;
  /** Two-sided p-value of the paired t test (1 when n < 2). */
  pValue: number;
  /** With meta.correction 'holm': the Holm-adjusted p over every comparison of the experiment with n ≥ 2; absent otherwise. */
  pAdjusted?: number;
  /**
   * better / worse / indistinguishable at 95% confidence, per the metric's direction; with a
   * correction, better/worse only when the adjusted p is below 0.05 as well.
   */
  verdict: Verdict;
}

/** A constraint evaluated over the runs of one cell (or one variant). */
export interface ConstraintResult {
  metric: string;
  max: number | null;
  min: number | null;
  inAtLeast: number;
  /** Runs considered (failed runs count as not satisfying). */
  runs: number;
  /** Runs whose value satisfies the bound. */
  satisfied: number;
  /** satisfied / runs (0 when runs = 0). */
  fraction: number;
  /** fraction ≥ inAtLeast. */
  pass: boolean;
}

/** Everything about one variant at one sweep point under one fault set, over all seeds. */
export interface CellResult {
  variant: string;
  sweepIndex: number;
  sweepValue: SweepValue | null;
  faultSet: string;
  /** Runs in the cell (= number of seeds). */
  runs: number;
  /** Runs that threw. */
  failed: number;
  /** Per metric key (meta.metrics plus objective/constraint metrics). */
  metrics: Record<string, MetricSummary>;
  /** Per metric key: paired comparison vs the baseline in the same sweep point and fault set; empty for the baseline. */
  vsBaseline: Record<string, Comparison>;
  constraints: ConstraintResult[];
  /** Every constraint passes in this cell. */
  feasible: boolean;
  /** Per-app latency histograms merged over the seeds (exact), for CDFs. */
  latency: { app: string; histogram: HistogramJSON }[];
}

/** Per variant, over every cell: feasibility and the objective. */
export interface VariantResult {
  name: string;
  /** Runs of this variant that threw. */
  failed: number;
  /** Constraints over all runs of this variant (all sweep points and fault sets). */
  constraints: ConstraintResult[];
  /** The validation gates (meta.gates) over every run of this variant, as `plan` evaluates them. */
  gates: GateResult[];
  /** Every constraint passes in every cell, every gate holds in every run and no run failed. */
  feasible: boolean;
  /** Mean of the objective metric's cell means (null without an objective or values). */
  objectiveValue: number | null;
  /** 1-based rank by objective among feasible variants; null when infeasible or no objective. */
  rank: number | null;
}

/** Pareto front of the variants in one sweep point × fault set. */
export interface ParetoGroup {
  sweepIndex: number;
  sweepValue: SweepValue | null;
  faultSet: string;
  /** Objectives used: main-app p95 latency, costUsd, energyWh (all 'lower'). */
  objectives: ObjectiveDef[];
  /** Each variant's cell means on the objectives (variants with missing values are left out). */
  points: { variant: string; values: Record<string, number> }[];
  /** Names of the non-dominated variants. */
  front: string[];
}

/** One metric of one variant under one fault set across the sweep: a curve. */
export interface SweepCurve {
  metric: string;
  variant: string;
  faultSet: string;
  points: { sweepValue: SweepValue; mean: number | null; ci95: [number, number] | null }[];
}

/** The full result of an experiment (or of one shard: then only `runs` is filled and stats are empty). */
export interface ExperimentResult {
  /** 'edgetwin.io/v1alpha1/ExperimentResult'. */
  kind: string;
  version: number;
  meta: ExperimentMeta;
  /** null for a complete result; the shard's coordinates for a shard file. */
  shard: ShardInfo | null;
  /** Runs held, ascending by canonical index. */
  runs: RunRecord[];
  /** Per cell, in canonical order (variant, sweep point, fault set); empty in a shard. */
  cells: CellResult[];
  /** Per variant, in meta.variants order; empty in a shard. */
  variants: VariantResult[];
  /** Best feasible variant by the objective (null when none is feasible or there is no objective). */
  best: string | null;
  /** One group per sweep point × fault set; empty in a shard. */
  pareto: ParetoGroup[];
  /** Curves per metric × variant × fault set when there is a sweep; empty otherwise. */
  curves: SweepCurve[];
  /** Number of runs that threw (in `runs`). */
  failedRuns: number;
}
