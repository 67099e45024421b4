/**
 * Outcome counters of the data lifecycle. Every message created (emitted by a sensor, or forked
 * by a fan-out edge) ends in exactly one terminal state: delivered, filtered, dropped, expired,
 * lost, or still in flight at the end. `conservation()` checks that the books balance.
 */

/** Why a message was dropped (deliberately discarded by a full resource or a rule). */
export type DropReason = 'queue-full' | 'buffer-full' | 'no-route' | 'no-replica' | 'policy-denied' | 'storage-full' | 'load-shed' | 'buffer-evicted';
/** Why a message was lost (destroyed by a failure). */
export type LossReason = 'link-loss' | 'link-down' | 'node-crash' | 'power-loss' | 'service-error';

/** Mutable counters, one set per simulation. */
export class LifecycleCounts {
  emitted = 0;
  /** Extra messages created by fan-out edges (a service with several `next`). */
  forked = 0;
  /** Arrived at an ingest node (gateway) and went through filtering. */
  ingested = 0;
  filtered = 0;
  /** Ingested readings tagged suspect by the quality rule (outside the plausible range). */
  suspect = 0;
  /** Left the ingest node towards a service (kept by the filter). */
  forwarded = 0;
  /** Completed service on some node (counted per service visit). */
  processed = 0;
  delivered = 0;
  /** Results written to storage at a sink. */
  stored = 0;
  /** Replicas of critical results written to other nodes. */
  replicated = 0;
  /** Stored items evicted because storage was full. */
  evicted = 0;
  /** Stored items purged at the end of their lifespan. */
  purged = 0;
  expired = 0;
  /** Actuation messages delivered back to devices. */
  actions = 0;
  /** Messages held in a store-and-forward buffer at some point (delivered later or not). */
  buffered = 0;
  readonly dropped = new Map<DropReason, number>();
  readonly lost = new Map<LossReason, number>();

  /** Counts a drop. */
  drop(reason: DropReason): void { this.dropped.set(reason, (this.dropped.get(reason) ?? 0) + 1); }
  /** Counts a loss. */
  lose(reason: LossReason): void { this.lost.set(reason, (this.lost.get(reason) ?? 0) + 1); }

  /** Total dropped over all reasons. */
  get droppedTotal(): number { let s = 0; for (const v of this.dropped.values()) s += v; return s; }
  /** Total lost over all reasons. */
  get lostTotal(): number { let s = 0; for (const v of this.lost.values()) s += v; return s; }

  /** created vs terminal + in flight; `balanced` is true when every message is accounted for. */
  conservation(inFlight: number): { created: number; terminal: number; inFlight: number; balanced: boolean } {
    const created = this.emitted + this.forked;
    const terminal = this.delivered + this.filtered + this.droppedTotal + this.expired + this.lostTotal;
    return { created, terminal, inFlight, balanced: created === terminal + inFlight };
  }
}
