/**
 * Validation gates: the checks a plan's placement must pass in the twin, under every fault set of
 * the experiment's failure suite and several seeds, before it may be approved. Each gate is a
 * pure function of the run reports; it passes only when it holds in every validation run, and it
 * carries the measured numbers (worst value and per run) as evidence.
 */
import type { RunReport } from '../../twin/report.ts';

/** Gate thresholds (experiment `spec.gates`; each field has a default). */
export interface GateConfig {
  /** Each app's latency at its SLO percentile must be ≤ its SLO target (false: gate off). */
  latencySlo: boolean;
  /** Largest allowed fraction of an app's messages that miss its SLO, in [0, 1]. */
  maxSloViolationRate: number;
  /** Largest allowed count of messages lost (conservation `lost`) per run. */
  maxLostMessages: number;
  /** Smallest allowed CPU headroom (1 − utilisation) on every node hosting a plan service, in [0, 1). */
  minHeadroom: number;
}

/** Defaults: SLO latency on, ≤ 5% SLO violations, no lost messages, ≥ 20% CPU headroom. */
export const DEFAULT_GATES: Readonly<GateConfig> = { latencySlo: true, maxSloViolationRate: 0.05, maxLostMessages: 0, minHeadroom: 0.2 };

/** Gate ids, in report order. */
export const GATE_IDS = ['latency-slo', 'slo-violation-rate', 'data-lost', 'capacity-headroom'] as const;
/** One gate id. */
export type GateId = (typeof GATE_IDS)[number];

/** One validation run: the fault set and seed it ran under, and its report. */
export interface ValidationRun { faultSet: string; seed: number; report: RunReport }

/** A gate's number in one run. */
export interface GateRunValue {
  faultSet: string;
  seed: number;
  /** The measured value (worst over apps or nodes); null when nothing could be measured. */
  value: number | null;
  /** What the worst value belongs to (an app or node id), or ''. */
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
  unit: string;
  /** False when the gate is switched off (then it passes and has no runs). */
  enabled: boolean;
  pass: boolean;
  /** Worst value over the runs (largest for '≤', smallest for '≥'); null when none was measured. */
  worst: number | null;
  /** Where the worst value came from: "faultSet seed N at X". */
  worstAt: string;
  runs: GateRunValue[];
}

/** Checks a config (programmer or already-validated input): throws naming the offending field. */
export function checkGateConfig(g: GateConfig): GateConfig {
  const frac = (k: keyof GateConfig, v: number, hiOpen: boolean) => {
    if (!(v >= 0 && (hiOpen ? v < 1 : v <= 1))) throw new Error(`gates.${k} must be in [0, 1${hiOpen ? ')' : ']'}, got ${v}`);
  };
  frac('maxSloViolationRate', g.maxSloViolationRate, false);
  frac('minHeadroom', g.minHeadroom, true);
  if (!(Number.isInteger(g.maxLostMessages) && g.maxLostMessages >= 0)) throw new Error(`gates.maxLostMessages must be a whole number ≥ 0, got ${g.maxLostMessages}`);
  return g;
}

type Measure = (r: RunReport) => { value: number | null; at: string };

/** Worst value over a list (largest or smallest), null for no finite value. */
function worstOf(items: { value: number; at: string }[], op: '<=' | '>='): { value: number | null; at: string } {
  let best: { value: number | null; at: string } = { value: null, at: '' };
  for (const it of items) {
    if (!Number.isFinite(it.value)) return { value: it.value, at: it.at };
    if (best.value === null || (op === '<=' ? it.value > best.value : it.value < best.value)) best = it;
  }
  return best;
}

function gate(id: GateId, title: string, op: '<=' | '>=', threshold: number, unit: string, enabled: boolean, runs: readonly ValidationRun[], measure: Measure): GateResult {
  if (!enabled) return { id, title: `${title} (off)`, op, threshold, unit, enabled, pass: true, worst: null, worstAt: '', runs: [] };
  const values = runs.map((r) => {
    const m = measure(r.report);
    const pass = m.value !== null && Number.isFinite(m.value) && (op === '<=' ? m.value <= threshold : m.value >= threshold);
    return { faultSet: r.faultSet, seed: r.seed, value: m.value, at: m.at, pass };
  });
  const w = values.reduce<GateRunValue | null>((acc, v) => {
    if (acc === null) return v;
    if (v.value === null || !Number.isFinite(v.value)) return acc.value === null || !Number.isFinite(acc.value) ? acc : v;
    if (acc.value === null || !Number.isFinite(acc.value)) return acc;
    return (op === '<=' ? v.value > acc.value : v.value < acc.value) ? v : acc;
  }, null);
  return {
    id, title, op, threshold, unit, enabled,
    pass: values.length > 0 && values.every((v) => v.pass),
    worst: w?.value ?? null,
    worstAt: w ? `${w.faultSet} seed ${w.seed}${w.at ? ` at ${w.at}` : ''}` : '',
    runs: values,
  };
}

/**
 * Evaluates every gate over the validation runs. `planNodes` are the node ids hosting the plan's
 * services (the headroom gate looks only at them). No runs: every enabled gate fails.
 */
export function evaluateGates(runs: readonly ValidationRun[], planNodes: readonly string[], cfg: GateConfig): GateResult[] {
  checkGateConfig(cfg);
  const hosting = new Set(planNodes);
  return [
    // Latency relative to the SLO (observed / target), so apps with different targets compare.
    gate('latency-slo', 'latency at the SLO percentile ≤ SLO target, every app (ratio observed/target)', '<=', 1, 'ratio', cfg.latencySlo, runs,
      (r) => worstOf(r.apps.map((a) => ({ value: a.completed > 0 ? a.slo.observedMs / a.slo.latencyMs : Infinity, at: `${a.id} (p${a.slo.percentile} ${a.slo.observedMs} ms / SLO ${a.slo.latencyMs} ms)` })), '<=')),
    gate('slo-violation-rate', `SLO violation rate ≤ ${cfg.maxSloViolationRate}, every app`, '<=', cfg.maxSloViolationRate, 'ratio', true, runs,
      (r) => worstOf(r.apps.map((a) => ({ value: a.completed > 0 ? a.sloViolationRate : Infinity, at: a.id })), '<=')),
    gate('data-lost', `messages lost ≤ ${cfg.maxLostMessages}`, '<=', cfg.maxLostMessages, 'messages', true, runs,
      (r) => ({ value: r.conservation.lost, at: Object.entries(r.conservation.lostBy).map(([k, v]) => `${k} ${v}`).join(', ') })),
    gate('capacity-headroom', `CPU headroom ≥ ${cfg.minHeadroom} on every node hosting the plan`, '>=', cfg.minHeadroom, 'fraction', true, runs,
      // Rounded to 1e-9 so 1 − 0.8 counts as the 0.2 it means, not 0.19999999999999996.
      (r) => worstOf(r.nodes.filter((n) => hosting.has(n.id)).map((n) => ({ value: Math.round((1 - n.cpuUtilization) * 1e9) / 1e9, at: n.id })), '>=')),
  ];
}
