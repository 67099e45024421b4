/**
 * Validation gates: the bounds a variant must keep in the twin, in every run — every fault set of
 * the failure suite, every seed (and, in `compare`, every sweep point) — before `compare` calls it
 * feasible and before `plan` lets it be approved. One definition serves both: each gate is a
 * pure function of the runs' GateMeasures (gates-measure.ts), it passes only when it holds in
 * every run, and it carries the measured numbers (worst value and per run) as evidence.
 */
import type { RunReport } from '../../twin/report.ts';
import { measureGates, type GateMeasures, type Measured } from './gates-measure.ts';

/** Gate thresholds (experiment `spec.gates`; each field has a default). */
export interface GateConfig {
  /** Each app's latency at its SLO percentile must be ≤ its SLO target (false: gate off). */
  latencySlo: boolean;
  /** Largest allowed fraction of an app's completed messages that miss its SLO, in [0, 1]. */
  maxSloViolationRate: number;
  /** Largest allowed fraction of the messages created that are lost (link loss, crashes, power loss), in [0, 1]. */
  maxLostFraction: number;
  /** Deprecated (spec.gates.maxLostMessages): largest allowed count of lost messages per run; null = no such gate. */
  maxLostMessages: number | null;
  /** Smallest allowed CPU headroom (1 − utilisation) on every node hosting a plan service, in [0, 1). */
  minHeadroom: number;
}

/** Defaults: SLO latency on, ≤ 5% SLO violations, ≤ 0.1% of messages lost, ≥ 20% CPU headroom. */
export const DEFAULT_GATES: Readonly<GateConfig> = { latencySlo: true, maxSloViolationRate: 0.05, maxLostFraction: 0.001, maxLostMessages: null, minHeadroom: 0.2 };

/** Gate ids, in report order ('lost-messages' only appears when the deprecated count is set). */
export const GATE_IDS = ['latency-slo', 'slo-violation-rate', 'data-lost', 'lost-messages', 'capacity-headroom'] as const;
/** One gate id. */
export type GateId = (typeof GATE_IDS)[number];

/** One validation run: the fault set and seed it ran under, and its report. */
export interface ValidationRun { faultSet: string; seed: number; report: RunReport }

/** One run as the gates see it: where it ran and its measures (null for a run that failed). */
export interface MeasuredRun {
  faultSet: string;
  seed: number;
  /** The sweep point, as "path=value", when the runs span a sweep (compare); absent otherwise. */
  sweep?: string;
  measures: GateMeasures | null;
}

/** A gate's number in one run. */
export interface GateRunValue {
  faultSet: string;
  seed: number;
  /** The sweep point ("path=value"), when the gate was evaluated across a sweep. */
  sweep?: string;
  /** The measured value (worst over apps or nodes); null when nothing could be measured. */
  value: number | null;
  /** What the worst value belongs to (an app or node id, the loss reasons), or why it is missing. */
  at: string;
  pass: boolean;
}

/** A gate's outcome with its evidence. */
export interface GateResult {
  id: GateId;
  /** What the gate checks, in words, with its threshold. */
  title: string;
  /** '≤' or '≥' the threshold. */
  op: '<=' | '>=';
  threshold: number;
  /** 'ratio' (latency / SLO target), 'fraction' (0..1, shown as %), 'messages' (a count). */
  unit: string;
  /** False when the gate is switched off (then it passes and has no runs). */
  enabled: boolean;
  pass: boolean;
  /** Worst value over the runs (largest for '≤', smallest for '≥'); null when a run could not be measured. */
  worst: number | null;
  /** Where the worst value came from: "[sweep ]faultSet seed N at X". */
  worstAt: string;
  runs: GateRunValue[];
}

/** Checks a config (programmer or already-validated input): throws naming the offending field. */
export function checkGateConfig(g: GateConfig): GateConfig {
  const frac = (k: keyof GateConfig, v: number, hiOpen: boolean) => {
    if (!(v >= 0 && (hiOpen ? v < 1 : v <= 1))) throw new Error(`gates.${k} must be in [0, 1${hiOpen ? ')' : ']'}, got ${v}`);
  };
  frac('maxSloViolationRate', g.maxSloViolationRate, false);
  frac('maxLostFraction', g.maxLostFraction, false);
  frac('minHeadroom', g.minHeadroom, true);
  if (g.maxLostMessages !== null && !(Number.isInteger(g.maxLostMessages) && g.maxLostMessages >= 0)) {
    throw new Error(`gates.maxLostMessages must be a whole number ≥ 0 or null, got ${g.maxLostMessages}`);
  }
  return g;
}

const where = (r: { faultSet: string; seed: number; sweep?: string }, at: string) => `${r.sweep ? `${r.sweep} ` : ''}${r.faultSet} seed ${r.seed}${at ? ` at ${at}` : ''}`;

/** A pass/fail of one value against a bound (null never passes). */
export function holds(value: number | null, op: '<=' | '>=', threshold: number): boolean {
  return value !== null && Number.isFinite(value) && (op === '<=' ? value <= threshold : value >= threshold);
}

interface GateDef { id: GateId; title: string; op: '<=' | '>='; threshold: number; unit: string; enabled: boolean; pick: (m: GateMeasures) => Measured }

function evaluate(d: GateDef, runs: readonly MeasuredRun[]): GateResult {
  const { id, title, op, threshold, unit, enabled } = d;
  if (!enabled) return { id, title: `${title} (off)`, op, threshold, unit, enabled, pass: true, worst: null, worstAt: '', runs: [] };
  const values: GateRunValue[] = runs.map((r) => {
    const m: Measured = r.measures ? d.pick(r.measures) : { value: null, at: 'the run failed' };
    return { faultSet: r.faultSet, seed: r.seed, ...(r.sweep ? { sweep: r.sweep } : {}), value: m.value, at: m.at, pass: holds(m.value, op, threshold) };
  });
  // The worst run: an unmeasured one first (it fails), else the largest ('≤') or smallest ('≥') value.
  let w: GateRunValue | null = null;
  for (const v of values) {
    if (w === null) { w = v; continue; }
    if (w.value === null) continue;
    if (v.value === null || (op === '<=' ? v.value > w.value : v.value < w.value)) w = v;
  }
  return {
    id, title, op, threshold, unit, enabled,
    pass: values.length > 0 && values.every((v) => v.pass),
    worst: w?.value ?? null,
    worstAt: w ? where(w, w.at) : 'no runs',
    runs: values,
  };
}

const pct = (f: number) => `${Number((f * 100).toPrecision(3))}%`;

/** A gate value in words for messages: "0.635× SLO", "0.0451%", "3 messages", "not measured". */
export function gateValueText(g: Pick<GateResult, 'unit'>, v: number | null): string {
  if (v === null || !Number.isFinite(v)) return 'not measured';
  if (g.unit === 'ratio') return `${Number(v.toPrecision(3))}× SLO`;
  if (g.unit === 'fraction') return pct(v);
  if (g.unit === 'messages') return `${v} message${v === 1 ? '' : 's'}`;
  return `${Number(v.toPrecision(4))} ${g.unit}`;
}

/** The gates a config defines, in report order. */
function gateDefs(cfg: GateConfig): GateDef[] {
  const defs: GateDef[] = [
    // Latency relative to the SLO (observed / target), so apps with different targets compare.
    { id: 'latency-slo', title: 'latency at the SLO percentile ≤ SLO target, every app (observed / target)', op: '<=', threshold: 1, unit: 'ratio', enabled: cfg.latencySlo, pick: (m) => m.latencySloRatio },
    { id: 'slo-violation-rate', title: `SLO violation rate ≤ ${pct(cfg.maxSloViolationRate)}, every app`, op: '<=', threshold: cfg.maxSloViolationRate, unit: 'fraction', enabled: true, pick: (m) => m.sloViolationRate },
    { id: 'data-lost', title: `messages lost ≤ ${pct(cfg.maxLostFraction)} of those created`, op: '<=', threshold: cfg.maxLostFraction, unit: 'fraction', enabled: true, pick: (m) => m.lostFraction },
  ];
  if (cfg.maxLostMessages !== null) {
    defs.push({ id: 'lost-messages', title: `messages lost ≤ ${cfg.maxLostMessages} per run (deprecated maxLostMessages)`, op: '<=', threshold: cfg.maxLostMessages, unit: 'messages', enabled: true, pick: (m) => m.lostMessages });
  }
  defs.push({ id: 'capacity-headroom', title: `CPU headroom ≥ ${pct(cfg.minHeadroom)} on every node hosting the plan`, op: '>=', threshold: cfg.minHeadroom, unit: 'fraction', enabled: true, pick: (m) => m.headroom });
  return defs;
}

/** Evaluates every gate over measured runs (a run that failed fails every enabled gate). No runs: every enabled gate fails. */
export function evaluateGateMeasures(runs: readonly MeasuredRun[], cfg: GateConfig): GateResult[] {
  checkGateConfig(cfg);
  return gateDefs(cfg).map((d) => evaluate(d, runs));
}

/**
 * Evaluates every gate over the validation runs. `planNodes` are the node ids hosting the plan's
 * services (the headroom gate looks only at them). No runs: every enabled gate fails.
 */
export function evaluateGates(runs: readonly ValidationRun[], planNodes: readonly string[], cfg: GateConfig): GateResult[] {
  return evaluateGateMeasures(runs.map((r) => ({ faultSet: r.faultSet, seed: r.seed, measures: measureGates(r.report, planNodes) })), cfg);
}
