/**
 * The controller's output: actions, each carrying the reason it was taken (detector facts,
 * scheduler scores and policies, desired ≠ observed), so the report, the events and the trace
 * can say why. Results are values: a refusal is an action too.
 */

/** What the failure detector saw when it suspected or declared a node. */
export interface DetectionFacts {
  detector: 'timeout' | 'phi';
  /** Phi at the decision (phi detector only). */
  phi?: number;
  /** Heartbeat periods that passed without a heartbeat. */
  missedBeats: number;
  /** Last heartbeat seen, and the silence since. */
  sinceMs: number;
  silentMs: number;
}

/** The scheduler's reasons for a target: per-plugin scores of the chosen node, the runner-up, the counts. */
export interface PlacementReason {
  scores: Record<string, number>;
  total: number | null;
  runnerUp?: { node: string; total: number; margins: Record<string, number> };
  feasibleNodes: number;
  evaluatedNodes: number;
  /** Policy ids that allowed the target (empty when no policy applied). */
  policies: string[];
  message: string;
}

/** Why a controller did not act. */
export type RefusalReason = 'no-quorum' | 'controller-unreachable' | 'no-feasible-node' | 'policy';

/** One decision of a controller (`by`), with its reason. */
export type Action =
  /** The detector suspects the node but the controller may not act on it yet. */
  | { kind: 'suspect'; by: string; node: string; detection: DetectionFacts; detail: string }
  | { kind: 'declare-failed'; by: string; node: string; detection: DetectionFacts }
  | { kind: 'declare-alive'; by: string; node: string; sinceMs: number }
  /** The node now reports to another controller: stop watching it (no suspicion). */
  | { kind: 'unwatch'; by: string; node: string; reportsTo: string }
  | { kind: 'relocate'; by: string; service: string; from: string; to: string; escalatedFrom?: string; reason: PlacementReason }
  | { kind: 'reconcile'; by: string; op: 'start' | 'stop'; node: string; service: string; because: string }
  | { kind: 'refuse'; by: string; reason: RefusalReason; service?: string; node?: string; detail: string };

/** A compact one-line account of an action, for logs and messages. */
export function describeAction(a: Action): string {
  switch (a.kind) {
    case 'suspect': return `${a.by} suspects ${a.node} (${detectionText(a.detection)}): ${a.detail}`;
    case 'declare-failed': return `${a.by} declares ${a.node} failed (${detectionText(a.detection)})`;
    case 'declare-alive': return `${a.by} declares ${a.node} alive again`;
    case 'unwatch': return `${a.by} stops watching ${a.node}: it reports to ${a.reportsTo}`;
    case 'relocate': return `${a.by} relocates ${a.service} ${a.from} → ${a.to}: ${a.reason.message}`;
    case 'reconcile': return `${a.by} ${a.op}s ${a.service} on ${a.node}: ${a.because}`;
    case 'refuse': return `${a.by} refuses${a.service ? ` ${a.service}` : ''}: ${a.reason} (${a.detail})`;
  }
}

function detectionText(d: DetectionFacts): string {
  const phi = d.phi === undefined ? '' : `, phi ${Number.isFinite(d.phi) ? d.phi.toFixed(2) : '∞'}`;
  return `${d.detector}: ${d.missedBeats} missed beats, silent ${Math.round(d.silentMs)} ms${phi}`;
}
