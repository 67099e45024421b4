/**
 * The health gate between waves (Argo Rollouts' analysis: successful, failed or inconclusive):
 * every node pushed so far must be ready, run the version it was given, and — over metrics
 * measured since — keep each app's p95 latency within the SLO and its error rate under the
 * maximum. A node that refused or failed the version fails the gate at once; a node that has not
 * reported yet leaves it inconclusive, and inconclusive turns into fail once the gate has waited
 * `timeoutMs`. Pure: the caller measures the elapsed time and hands in what it observed.
 */

/** What a gate requires. */
export interface GateThresholds {
  /** An app's p95 latency on a node must be at most this (ms). */
  sloLatencyMsP95: number;
  /** An app's error rate on a node must be at most this (0..1). */
  maxErrorRate: number;
  /** How long the gate waits for inconclusive nodes before it fails (ms since gating began). */
  timeoutMs: number;
  /** The gate cannot pass before this much time has passed since gating began (ms): a soak so metrics accumulate. */
  minSoakMs: number;
  /** When true a node must also have sent metrics measured after it took the version; when false, nodes without metrics only skip the latency and error checks. */
  requireMetrics: boolean;
}

/** Defaults: 250 ms p95, 5 % errors, a 2-minute timeout, no soak, metrics checked when present. */
export const DEFAULT_GATE_THRESHOLDS: GateThresholds = { sloLatencyMsP95: 250, maxErrorRate: 0.05, timeoutMs: 120_000, minSoakMs: 0, requireMetrics: false };

/** One app's measurements on a node. */
export interface AppObservation { requests: number; errorRate: number; latencyMsP95: number | null }

/** What the caller knows about one node (from telemetry). */
export interface NodeObservation {
  node: string;
  /** Liveness as reported ('ready' is the only state that passes). */
  state: 'ready' | 'draining' | 'down' | 'offline' | 'unknown';
  /** The version the node says it runs. */
  runningVersion: number;
  /** The node's last apply report (null before any). */
  report: { version: number | null; outcome: 'applied' | 'refused' | 'failed'; reason: string | null } | null;
  /** Per-app metrics measured after the node took the version under test (null when none yet). */
  apps: Record<string, AppObservation> | null;
}

/** A node under the gate: its observation (undefined when nothing is known) and the version it must run. */
export interface GatedNode { node: string; expectedVersion: number; observation: NodeObservation | undefined }

/** The gate's input. */
export interface GateObservations {
  nodes: GatedNode[];
  /** Time since gating began (ms), measured by the caller. */
  elapsedMs: number;
}

/** Verdicts, as in Argo Rollouts' analysis runs. */
export type GateVerdict = 'pass' | 'fail' | 'inconclusive';

/** A verdict with its reasons: one line per node or check that decided it (empty on pass). */
export interface GateResult { verdict: GateVerdict; reasons: string[] }

type NodeVerdict = { verdict: GateVerdict; reasons: string[] };

/** The verdict for one node (pure). */
export function evaluateNode(n: GatedNode, t: GateThresholds): NodeVerdict {
  const o = n.observation;
  const v = n.expectedVersion;
  if (!o) return { verdict: 'inconclusive', reasons: [`${n.node}: no telemetry yet`] };
  if (o.runningVersion > v) return { verdict: 'fail', reasons: [`${n.node}: runs version ${o.runningVersion}, newer than this rollout's ${v} (another push superseded it)`] };
  if (o.runningVersion < v) {
    if (o.report && o.report.version === v && o.report.outcome !== 'applied') {
      return { verdict: 'fail', reasons: [`${n.node}: ${o.report.outcome} version ${v}${o.report.reason ? `: ${o.report.reason}` : ''}`] };
    }
    return { verdict: 'inconclusive', reasons: [`${n.node}: runs version ${o.runningVersion}, waiting for ${v}`] };
  }
  if (o.state !== 'ready') return { verdict: 'inconclusive', reasons: [`${n.node}: ${o.state}, not ready`] };
  if (o.apps === null) {
    return t.requireMetrics ? { verdict: 'inconclusive', reasons: [`${n.node}: no metrics since version ${v}`] } : { verdict: 'pass', reasons: [] };
  }
  const fails: string[] = [];
  for (const app of Object.keys(o.apps).sort()) {
    const a = o.apps[app]!;
    if (a.requests > 0 && a.latencyMsP95 !== null && a.latencyMsP95 > t.sloLatencyMsP95) fails.push(`${n.node}: ${app} p95 latency ${a.latencyMsP95} ms is over the SLO of ${t.sloLatencyMsP95} ms`);
    if (a.requests > 0 && a.errorRate > t.maxErrorRate) fails.push(`${n.node}: ${app} error rate ${round(a.errorRate * 100)}% is over the maximum of ${round(t.maxErrorRate * 100)}%`);
  }
  return fails.length ? { verdict: 'fail', reasons: fails } : { verdict: 'pass', reasons: [] };
}

const round = (x: number) => Math.round(x * 100) / 100;

/**
 * The gate over every node pushed so far: fail when any node fails; else inconclusive while any
 * node is undecided or the soak has not elapsed — fail instead once `timeoutMs` has passed; else pass.
 */
export function evaluateGate(obs: GateObservations, t: GateThresholds): GateResult {
  const per = obs.nodes.map((n) => evaluateNode(n, t));
  const failed = per.filter((p) => p.verdict === 'fail');
  if (failed.length) return { verdict: 'fail', reasons: failed.flatMap((p) => p.reasons) };
  const waiting = per.filter((p) => p.verdict === 'inconclusive').flatMap((p) => p.reasons);
  const timedOut = obs.elapsedMs >= t.timeoutMs;
  if (waiting.length) {
    return timedOut
      ? { verdict: 'fail', reasons: [`gate timed out after ${obs.elapsedMs} ms (limit ${t.timeoutMs} ms)`, ...waiting] }
      : { verdict: 'inconclusive', reasons: waiting };
  }
  if (obs.elapsedMs < t.minSoakMs) return { verdict: 'inconclusive', reasons: [`soaking: ${obs.elapsedMs} of ${t.minSoakMs} ms`] };
  return { verdict: 'pass', reasons: [] };
}

/** Throws when thresholds are out of range (a programmer or configuration error, with the value). */
export function checkThresholds(t: GateThresholds): GateThresholds {
  const bad = (k: string, v: unknown, need: string) => { throw new Error(`gate thresholds: ${k} must be ${need}, got ${JSON.stringify(v)}`); };
  if (!(t.sloLatencyMsP95 > 0) || !Number.isFinite(t.sloLatencyMsP95)) bad('sloLatencyMsP95', t.sloLatencyMsP95, 'a positive number of ms');
  if (!(t.maxErrorRate >= 0 && t.maxErrorRate <= 1)) bad('maxErrorRate', t.maxErrorRate, 'between 0 and 1');
  if (!(t.timeoutMs > 0) || !Number.isFinite(t.timeoutMs)) bad('timeoutMs', t.timeoutMs, 'a positive number of ms');
  if (!(t.minSoakMs >= 0) || !Number.isFinite(t.minSoakMs)) bad('minSoakMs', t.minSoakMs, 'a number of ms >= 0');
  if (typeof t.requireMetrics !== 'boolean') bad('requireMetrics', t.requireMetrics, 'true or false');
  return t;
}
