/**
 * The JSON wire format of document sync (what goes over MQTT): delta/full messages carrying a
 * `CrdtDocJson`, and acks. Decoding validates everything, because the bytes come from the
 * network: a malformed message is an error value, never an exception.
 */
import type { SyncPayload } from './delta-replica.ts';
import { docFromJson, docToJson, type CrdtDoc, type CrdtDocJson } from './doc.ts';

/** A delta-interval or full state from replica `from`. */
export interface DeltaMessage {
  t: 'delta' | 'full';
  from: string;
  epoch: number;
  /** Only for `t: 'delta'`. */
  fromSeq?: number;
  toSeq: number;
  doc: CrdtDocJson;
}

/** Replica `from` acknowledges everything up to `seq` of the recipient's incarnation `epoch`. */
export interface AckMessage {
  t: 'ack';
  from: string;
  epoch: number;
  seq: number;
}

/** Any sync message. */
export type SyncMessage = DeltaMessage | AckMessage;

/** A decoded message: the ack as is, or a delta with its document parsed. */
export type DecodedMessage = AckMessage | { t: 'payload'; from: string; payload: SyncPayload<CrdtDoc> };

/** Why a message was refused. */
export interface WireError {
  kind: 'bad-message';
  message: string;
}

/** The wire message for `payload` sent by replica `from`. */
export function encodePayload(from: string, payload: SyncPayload<CrdtDoc>): DeltaMessage {
  const doc = docToJson(payload.state);
  return payload.kind === 'delta'
    ? { t: 'delta', from, epoch: payload.epoch, fromSeq: payload.fromSeq, toSeq: payload.toSeq, doc }
    : { t: 'full', from, epoch: payload.epoch, toSeq: payload.toSeq, doc };
}

/** The wire ack from replica `from` for sequence `seq` of the sender's incarnation `epoch`. */
export function encodeAck(from: string, epoch: number, seq: number): AckMessage {
  return { t: 'ack', from, epoch, seq };
}

/** Validates and decodes a parsed JSON message. */
export function decodeMessage(j: unknown): { ok: true; message: DecodedMessage } | { ok: false; error: WireError } {
  try {
    return { ok: true, message: decodeOrThrow(j) };
  } catch (e) {
    if (e instanceof TypeError) return { ok: false, error: { kind: 'bad-message', message: e.message } };
    throw e;
  }
}

/** UTF-8 byte length of `JSON.stringify(j)`: what the message costs on the wire. */
export function byteSize(j: unknown): number {
  const s = JSON.stringify(j);
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) { n += 4; i++; }
    else n += 3;
  }
  return n;
}

function decodeOrThrow(j: unknown): DecodedMessage {
  if (typeof j !== 'object' || j === null || Array.isArray(j)) throw new TypeError('message: expected an object');
  const o = j as Record<string, unknown>;
  const from = o.from;
  if (typeof from !== 'string' || from.length === 0) throw new TypeError('message.from: expected a non-empty string');
  const epoch = seqField(o.epoch, 'message.epoch');
  if (o.t === 'ack') return { t: 'ack', from, epoch, seq: seqField(o.seq, 'message.seq') };
  if (o.t !== 'delta' && o.t !== 'full') throw new TypeError(`message.t: expected "delta", "full" or "ack", got ${JSON.stringify(o.t)}`);
  const toSeq = seqField(o.toSeq, 'message.toSeq');
  const state = docFromJson(o.doc, 'message.doc');
  if (o.t === 'full') return { t: 'payload', from, payload: { kind: 'full', epoch, toSeq, state } };
  const fromSeq = seqField(o.fromSeq, 'message.fromSeq');
  if (fromSeq >= toSeq) throw new TypeError(`message.fromSeq: must be below toSeq ${toSeq}, got ${fromSeq}`);
  return { t: 'payload', from, payload: { kind: 'delta', epoch, fromSeq, toSeq, state } };
}

function seqField(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw new TypeError(`${path}: expected an integer >= 0, got ${JSON.stringify(v)}`);
  return v;
}
