/**
 * What the validation gates read from one run: a pure function of the run report and the nodes
 * hosting the plan's services. `compare` keeps these numbers in every RunRecord and `plan`
 * computes them from its validation runs, so both judge a variant by the very same numbers.
 * Values are plain JSON (never NaN or Infinity): a number that cannot be measured is null and
 * `at` says why.
 */
import type { RunReport } from '../../twin/report.ts';

/** One measured number and what it belongs to (an app, a node, the loss reasons), or why it is missing. */
export interface Measured { value: number | null; at: string }

/** The gates' numbers for one run. */
export interface GateMeasures {
  /** Largest (latency at the SLO percentile) / (SLO target) over the apps; null when an app completed nothing. */
  latencySloRatio: Measured;
  /** Largest SLO violation rate over the apps, in [0, 1]; null when an app completed nothing. */
  sloViolationRate: Measured;
  /** Messages lost (conservation `lost`) / messages created, in [0, 1]; 0 for a run that created none. */
  lostFraction: Measured;
  /** Messages lost (conservation `lost`), a count. */
  lostMessages: Measured;
  /** Smallest CPU headroom (1 − utilisation) over the nodes hosting the plan's services, in [0, 1]; null when none hosts one. */
  headroom: Measured;
}

const short = (x: number): string => String(Number(x.toPrecision(4)));

/** The gate numbers of one run report; `hostingNodes` are the ids of the nodes the plan places services on. */
export function measureGates(r: RunReport, hostingNodes: readonly string[]): GateMeasures {
  const idle = r.apps.find((a) => a.completed === 0);
  const nothing: Measured | null = idle ? { value: null, at: `${idle.id} completed no message` } : null;
  let latency: Measured = { value: null, at: 'no apps' };
  let violations: Measured = { value: null, at: 'no apps' };
  for (const a of r.apps) {
    const ratio = a.slo.observedMs / a.slo.latencyMs;
    if (latency.value === null || ratio > latency.value) {
      latency = { value: ratio, at: `${a.id} (p${a.slo.percentile} ${short(a.slo.observedMs)} ms / SLO ${short(a.slo.latencyMs)} ms)` };
    }
    if (violations.value === null || a.sloViolationRate > violations.value) violations = { value: a.sloViolationRate, at: a.id };
  }
  const c = r.conservation;
  const reasons = Object.entries(c.lostBy).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${n}`).join(', ');
  const lostAt = `${reasons || 'none lost'} of ${c.created} messages`;
  const hosting = new Set(hostingNodes);
  let headroom: Measured = { value: null, at: 'no node hosts a plan service' };
  for (const n of r.nodes) {
    if (!hosting.has(n.id)) continue;
    // Rounded to 1e-9 so 1 − 0.8 counts as the 0.2 it means, not 0.19999999999999996.
    const h = Math.round((1 - n.cpuUtilization) * 1e9) / 1e9;
    if (headroom.value === null || h < headroom.value) headroom = { value: h, at: n.id };
  }
  return {
    latencySloRatio: nothing ?? latency,
    sloViolationRate: nothing ?? violations,
    lostFraction: { value: c.created > 0 ? c.lost / c.created : 0, at: lostAt },
    lostMessages: { value: c.lost, at: lostAt },
    headroom,
  };
}
