/**
 * Delta-state anti-entropy over lossy, reordering, duplicating channels: Algorithm 2 of
 * Almeida, Shoker, Baquero, "Delta state replicated data types" (JPDC 2018).
 *
 * A replica keeps its state X, a sequence counter c, a buffer of deltas D[seq] (its own
 * mutations, and received deltas that grew X so they travel on transitively), and per peer the
 * highest sequence that peer acknowledged. To sync a peer it sends the join of D[ack..c) — a
 * delta-interval — or, if that part of the buffer was collected, the full state. The receiver
 * joins it and acknowledges `toSeq`. Joins are idempotent and commutative, so losing,
 * duplicating or reordering messages only delays convergence; and because every interval
 * starts at a sequence the peer already acknowledged, intervals never skip causal history.
 *
 * Ownership: X is private and mutated in place. Buffered deltas and payload states are
 * treated as immutable once created, so one payload may be handed to many receivers.
 */
import type { Lattice } from './lattice.ts';

/** What one replica sends another: a delta-interval [fromSeq, toSeq) or the full state. */
export type SyncPayload<S> =
  | { kind: 'delta'; epoch: number; fromSeq: number; toSeq: number; state: S }
  | { kind: 'full'; epoch: number; toSeq: number; state: S };

/** Options for a replica. */
export interface DeltaReplicaOptions {
  /**
   * Incarnation of this replica (e.g. its boot count). Acks carry it, so acks addressed to an
   * earlier incarnation, whose sequence numbers meant something else, are ignored.
   */
  epoch?: number;
  /** Keep at most this many buffered deltas; peers further behind get the full state. Default 1024. */
  maxBufferedDeltas?: number;
}

/** Outcome of `receive`: whether the state grew, and the sequence to acknowledge to the sender. */
export interface ReceiveOutcome {
  changed: boolean;
  ackSeq: number;
}

/** One replica of a state-based CRDT with delta-interval anti-entropy (see file comment). */
export class DeltaReplica<S> {
  /** This replica's id (the key peers file acknowledgements under). */
  readonly id: string;
  /** This replica's incarnation. */
  readonly epoch: number;
  private readonly lattice: Lattice<S>;
  private readonly maxBuffered: number;
  private readonly x: S;
  private c = 0;
  /** Lowest sequence still buffered; D holds exactly [lowSeq, c). */
  private lowSeq = 0;
  private readonly buffer = new Map<number, S>();
  private readonly acks = new Map<string, number>();

  /** A replica starting from `initial` (bottom if omitted; a restored state is sent as a first delta). */
  constructor(lattice: Lattice<S>, id: string, initial?: S, opts: DeltaReplicaOptions = {}) {
    if (typeof id !== 'string' || id.length === 0) throw new Error(`delta-replica: id must be a non-empty string, got ${JSON.stringify(id)}`);
    const maxBuffered = opts.maxBufferedDeltas ?? 1024;
    if (!Number.isInteger(maxBuffered) || maxBuffered < 1) throw new Error(`delta-replica: maxBufferedDeltas must be an integer >= 1, got ${maxBuffered}`);
    const epoch = opts.epoch ?? 0;
    if (!Number.isSafeInteger(epoch) || epoch < 0) throw new Error(`delta-replica: epoch must be an integer >= 0, got ${epoch}`);
    this.lattice = lattice;
    this.id = id;
    this.epoch = epoch;
    this.maxBuffered = maxBuffered;
    this.x = lattice.bottom();
    if (initial !== undefined) this.mutate(lattice.clone(initial));
  }

  /** The current state. Read it, never mutate it. */
  get state(): S {
    return this.x;
  }

  /** The sequence the next buffered delta gets (number of deltas buffered so far, ever). */
  get seq(): number {
    return this.c;
  }

  /** How many deltas are buffered now. */
  get bufferedDeltas(): number {
    return this.buffer.size;
  }

  /** Applies a local δ-mutation and buffers it for peers; returns whether the state grew. */
  mutate(delta: S): boolean {
    if (!this.lattice.joinInto(this.x, delta)) return false;
    this.push(delta);
    return true;
  }

  /**
   * What a peer that acknowledged `since` needs: the delta-interval [since, seq), the full
   * state when that interval was collected, or undefined when there is nothing new.
   */
  deltaSince(since: number): SyncPayload<S> | undefined {
    if (!Number.isInteger(since) || since < 0) throw new Error(`delta-replica: since must be an integer >= 0, got ${since}`);
    if (since >= this.c) return undefined;
    if (since < this.lowSeq) return { kind: 'full', epoch: this.epoch, toSeq: this.c, state: this.lattice.clone(this.x) };
    let state: S;
    if (this.c - since === 1) {
      state = this.buffer.get(since)!;
    } else {
      state = this.lattice.clone(this.buffer.get(since)!);
      for (let l = since + 1; l < this.c; l++) this.lattice.joinInto(state, this.buffer.get(l)!);
    }
    return { kind: 'delta', epoch: this.epoch, fromSeq: since, toSeq: this.c, state };
  }

  /** `deltaSince` the last sequence `peerId` acknowledged (0 for a peer never heard from). */
  deltaFor(peerId: string): SyncPayload<S> | undefined {
    return this.deltaSince(this.acks.get(peerId) ?? 0);
  }

  /** The full state as a payload, for a peer that asks for a fresh start. */
  fullState(): SyncPayload<S> {
    return { kind: 'full', epoch: this.epoch, toSeq: this.c, state: this.lattice.clone(this.x) };
  }

  /** Joins a payload from a peer; a payload that grows the state is buffered to travel on. */
  receive(payload: SyncPayload<S>): ReceiveOutcome {
    if (this.lattice.leq(payload.state, this.x)) return { changed: false, ackSeq: payload.toSeq };
    this.lattice.joinInto(this.x, payload.state);
    this.push(payload.state);
    return { changed: true, ackSeq: payload.toSeq };
  }

  /** Records that `peerId` holds everything up to `seq` (of incarnation `epoch`); returns whether it was accepted. */
  onAck(peerId: string, seq: number, epoch: number = this.epoch): boolean {
    // An ack from an earlier incarnation, or beyond what we ever sent, describes some other history.
    if (epoch !== this.epoch || !Number.isInteger(seq) || seq < 0 || seq > this.c) return false;
    if (seq > (this.acks.get(peerId) ?? 0)) this.acks.set(peerId, seq);
    return true;
  }

  /** Registers a peer so its (possibly zero) ack holds back garbage collection. */
  addPeer(peerId: string): void {
    if (!this.acks.has(peerId)) this.acks.set(peerId, 0);
  }

  /** Forgets a peer (it left for good); it would get the full state if it came back. */
  removePeer(peerId: string): void {
    this.acks.delete(peerId);
  }

  /** The last sequence `peerId` acknowledged, or 0. */
  ackOf(peerId: string): number {
    return this.acks.get(peerId) ?? 0;
  }

  /** Drops buffered deltas every known peer has acknowledged; returns how many were dropped. */
  gc(): number {
    let minAck = this.c;
    for (const a of this.acks.values()) if (a < minAck) minAck = a;
    return this.dropBelow(minAck);
  }

  private push(delta: S): void {
    this.buffer.set(this.c, delta);
    this.c++;
    if (this.buffer.size > this.maxBuffered) this.dropBelow(this.c - this.maxBuffered);
  }

  private dropBelow(seq: number): number {
    let n = 0;
    while (this.lowSeq < seq) {
      if (this.buffer.delete(this.lowSeq)) n++;
      this.lowSeq++;
    }
    return n;
  }
}
