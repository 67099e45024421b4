/**
 * One node's copy of the shared document, as a live agent or the simulated control plane holds
 * it: a DeltaReplica of the CrdtDoc, an HLC that stamps this node's LWW writes, and the JSON
 * wire in and out. Incoming documents advance the HLC past their newest write, so a write made
 * here after hearing of another one always wins over it (causality), and a peer whose clock runs
 * too far ahead is refused instead of dragging every later write into the future.
 * Physical time is passed in by the caller; nothing here reads a clock.
 */
import { DeltaReplica } from './delta-replica.ts';
import { docAdd, docCounter, docDecrement, docDelete, docGet, docHas, docIncrement, docLattice, docMaxHlc, docRemove, docSet, docValues, type CrdtDoc } from './doc.ts';
import { hlcNow, hlcReceive, hlcZero, type Hlc, type HlcDriftError } from './hlc.ts';
import type { JsonValue } from './lww-map.ts';
import { decodeMessage, encodeAck, encodePayload, type AckMessage, type DeltaMessage, type WireError } from './sync-wire.ts';

/** Options for a document replica. */
export interface DocReplicaOptions {
  /** Refuse messages whose newest write is stamped more than this ahead of our physical clock. */
  maxDriftMs?: number;
  /** Incarnation (boot count); see DeltaReplicaOptions.epoch. */
  epoch?: number;
  /** See DeltaReplicaOptions.maxBufferedDeltas. */
  maxBufferedDeltas?: number;
}

/** Outcome of `receive`: for a delta, whether the document grew and the ack to send back; for an ack, whether it was accepted. */
export type DocReceiveResult =
  | { ok: true; kind: 'payload'; from: string; changed: boolean; ack: AckMessage }
  | { ok: true; kind: 'ack'; from: string; accepted: boolean }
  | { ok: false; error: WireError | HlcDriftError };

/** A node's replica of the shared document (see file comment). */
export class DocReplica {
  /** This node's id: the HLC tie-breaker, the OR-set dot owner, the PN-counter slot. */
  readonly nodeId: string;
  private readonly replica: DeltaReplica<CrdtDoc>;
  private readonly maxDriftMs: number | undefined;
  private hlc: Hlc;

  /**
   * A replica with an empty document (or `initial`, e.g. restored from disk). A node that lost its
   * state must come back restored or under a new nodeId: OR-set dots and PN-counter totals are
   * numbered per nodeId, and starting them again from zero would reuse dots and lose counts.
   */
  constructor(nodeId: string, opts: DocReplicaOptions = {}, initial?: CrdtDoc) {
    this.hlc = hlcZero(nodeId);
    this.nodeId = nodeId;
    this.maxDriftMs = opts.maxDriftMs;
    this.replica = new DeltaReplica(docLattice, nodeId, initial, { epoch: opts.epoch, maxBufferedDeltas: opts.maxBufferedDeltas });
    const newest = initial && docMaxHlc(initial);
    if (newest) this.hlc = { wallMs: newest.wallMs, logical: newest.logical, nodeId };
  }

  /** The document. Read it, never mutate it. */
  get doc(): CrdtDoc {
    return this.replica.state;
  }

  /** The HLC of this node's latest event. */
  get clock(): Hlc {
    return this.hlc;
  }

  /** The underlying delta replica (acks, buffer, gc). */
  get sync(): DeltaReplica<CrdtDoc> {
    return this.replica;
  }

  /** Writes `value` at `map`/`key`, stamped with this node's next HLC at `physicalMs`; returns the stamp. */
  set(map: string, key: string, value: JsonValue, physicalMs: number): Hlc {
    this.hlc = hlcNow(this.hlc, physicalMs);
    this.replica.mutate(docSet(map, key, value, this.hlc));
    return this.hlc;
  }

  /** Deletes `map`/`key` (a tombstone stamped like `set`); returns the stamp. */
  delete(map: string, key: string, physicalMs: number): Hlc {
    this.hlc = hlcNow(this.hlc, physicalMs);
    this.replica.mutate(docDelete(map, key, this.hlc));
    return this.hlc;
  }

  /** Adds `elem` to set `set`. */
  add(set: string, elem: string): void {
    this.replica.mutate(docAdd(this.doc, set, this.nodeId, elem));
  }

  /** Removes `elem` from set `set` (only the adds seen here; a concurrent add elsewhere wins). */
  remove(set: string, elem: string): void {
    this.replica.mutate(docRemove(this.doc, set, elem));
  }

  /** Adds integer `by` >= 0 to counter `name`. */
  increment(name: string, by = 1): void {
    this.replica.mutate(docIncrement(this.doc, name, this.nodeId, by));
  }

  /** Subtracts integer `by` >= 0 from counter `name`. */
  decrement(name: string, by = 1): void {
    this.replica.mutate(docDecrement(this.doc, name, this.nodeId, by));
  }

  /** The live value at `map`/`key`, or undefined. */
  get(map: string, key: string): JsonValue | undefined {
    return docGet(this.doc, map, key);
  }

  /** Whether set `set` holds `elem`. */
  has(set: string, elem: string): boolean {
    return docHas(this.doc, set, elem);
  }

  /** The elements of set `set`, sorted. */
  values(set: string): string[] {
    return docValues(this.doc, set);
  }

  /** The value of counter `name`. */
  counter(name: string): number {
    return docCounter(this.doc, name);
  }

  /** The message that brings `peerId` up to date (delta since its last ack, or full state), or undefined. */
  messageFor(peerId: string): DeltaMessage | undefined {
    const p = this.replica.deltaFor(peerId);
    return p && encodePayload(this.nodeId, p);
  }

  /** The full document as a message (fallback, or for a peer that lost its state). */
  fullMessage(): DeltaMessage {
    return encodePayload(this.nodeId, this.replica.fullState());
  }

  /** Handles a parsed JSON message received at `physicalMs`: joins a delta (and says what to ack) or records an ack. */
  receive(message: unknown, physicalMs: number): DocReceiveResult {
    const dec = decodeMessage(message);
    if (!dec.ok) return dec;
    const m = dec.message;
    if (m.t === 'ack') return { ok: true, kind: 'ack', from: m.from, accepted: this.replica.onAck(m.from, m.seq, m.epoch) };
    const newest = docMaxHlc(m.payload.state);
    if (newest) {
      const r = hlcReceive(this.hlc, newest, physicalMs, this.maxDriftMs === undefined ? {} : { maxDriftMs: this.maxDriftMs });
      if (!r.ok) return r;
      this.hlc = r.clock;
    }
    const out = this.replica.receive(m.payload);
    return { ok: true, kind: 'payload', from: m.from, changed: out.changed, ack: encodeAck(this.nodeId, m.payload.epoch, out.ackSeq) };
  }
}
