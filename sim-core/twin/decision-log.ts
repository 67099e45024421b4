/**
 * Why every replica is where it is: one record per placement decision (initial placement,
 * relocation after a failure, an injected placement, a refusal), with the scheduler's per-plugin
 * scores of the chosen node, the policies behind it and, for relocations, the detection that
 * started it. The UI's "why is this here" panel and the event log read it; nothing in the
 * simulation reads it back, so keeping it cannot change a run.
 */
import type { PlacementReason } from '../orchestrator/control/actions.ts';

/** How a replica got (or failed to get) its node. */
export type DecisionKind = 'initial' | 'relocated' | 'injected' | 'unschedulable' | 'refused';

/** The failure detection behind a relocation. */
export interface DetectionReason {
  /** Controller node that declared the failure, and when. */
  by: string;
  atMs: number;
  detector: 'timeout' | 'phi';
  /** Time from the node's failure (or last heartbeat, for a false suspicion) to the declaration. */
  afterMs: number;
  /** Phi at declaration (phi detector only). */
  phi?: number;
  /** Heartbeat periods that passed without a heartbeat. */
  missedBeats: number;
}

/**
 * One placement decision, with the scheduler's reasons (PlacementReason: normalized 0..100 scores
 * per plugin of the chosen node, {} when no scoring happened; its total; the runner-up and the
 * margins per plugin; feasible / evaluated nodes; the policy ids that allowed it, or for refusals
 * denied it; and `message`, one line for people: the unschedulable message, the refusal reason,
 * or a summary).
 */
export interface DecisionRecord extends PlacementReason {
  /** Sequence number in the log (stable id for the UI). */
  seq: number;
  atMs: number;
  /** "app/service". */
  service: string;
  kind: DecisionKind;
  /** Node the replica is on after the decision (null when none was found). */
  node: string | null;
  /** Node it was on before (relocations), else null. */
  from: string | null;
  /** Who decided: 'scheduler', 'scenario' (a pinned placement list), 'static', 'user', or a controller node id. */
  by: string;
  detection?: DetectionReason;
}

/** The decisions of one run, in order. */
export class DecisionLog {
  readonly records: DecisionRecord[] = [];

  /** Appends a record (seq is assigned here) and returns it. */
  add(r: Omit<DecisionRecord, 'seq'>): DecisionRecord {
    const rec = { ...r, seq: this.records.length };
    this.records.push(rec);
    return rec;
  }

  /**
   * The history of the replica of `service` now on `node`, newest first: the decision that put it
   * there, then the one that put it where it was before, and so on back to its first placement.
   */
  historyOf(service: string, node: string): DecisionRecord[] {
    const out: DecisionRecord[] = [];
    let at: string | null = node;
    let before = this.records.length;
    while (at !== null) {
      let found = -1;
      for (let i = before - 1; i >= 0; i--) {
        const r = this.records[i]!;
        if (r.service === service && r.node === at && r.kind !== 'unschedulable' && r.kind !== 'refused') { found = i; break; }
      }
      if (found < 0) break;
      const r = this.records[found]!;
      out.push(r);
      at = r.from;
      before = found;
    }
    return out;
  }

  /** Records with seq ≥ `fromSeq` (what a client has not seen yet). */
  since(fromSeq: number): DecisionRecord[] {
    return this.records.slice(Math.max(0, fromSeq));
  }
}

/**
 * The plugins that decided, highest first: by margin over the runner-up when there was one
 * (a plugin every candidate scores 100 decided nothing), else by score.
 */
export function decidingScores(r: Pick<DecisionRecord, 'scores' | 'runnerUp'>, n: number): { plugin: string; score: number; margin: number | null }[] {
  const m = r.runnerUp?.margins;
  return Object.entries(r.scores)
    .map(([plugin, score]) => ({ plugin, score, margin: m ? m[plugin] ?? 0 : null }))
    .filter((x) => (x.margin === null ? x.score > 0 : x.margin > 0))
    .sort((a, b) => (b.margin ?? b.score) - (a.margin ?? a.score) || (a.plugin < b.plugin ? -1 : 1))
    .slice(0, n);
}
