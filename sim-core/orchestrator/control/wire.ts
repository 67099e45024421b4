/**
 * The control protocol on the wire (beside crdt/sync-wire.ts): heartbeats, status, desired-state
 * commands, acks and membership gossip between agents and controllers, as versioned JSON frames.
 * The simulated agents send these frames over the simulated network (their byte size is the
 * encoded length); the real edge agent and the gateway send them over MQTT. Decoding validates
 * everything, because the bytes come from the network: a bad frame is a refusal with a reason,
 * never an exception. wire-schema.ts holds the same format as a JSON Schema.
 */
import { byteSize, decodeMessage, type AckMessage, type DeltaMessage } from '../crdt/sync-wire.ts';

/** The protocol version this code speaks; a frame of any other version is refused. */
export const CONTROL_WIRE_VERSION = 1;
/** Longest service list in a command or status (a hostile frame cannot make us allocate more). */
export const MAX_SERVICES_PER_FRAME = 4096;
/** Longest frame text accepted by decodeFrame. */
export const MAX_FRAME_BYTES = 4 * 1024 * 1024;
/** Longest node id or service key. */
export const MAX_ID_LENGTH = 256;

interface FrameBase { v: typeof CONTROL_WIRE_VERSION; from: string; to: string; atMs: number }

/** Agent → controller: alive, the observed-state delta, the ack of the last desired delta, and whether it waits for a start command. */
export interface HeartbeatFrame extends FrameBase { kind: 'heartbeat'; observed: DeltaMessage | null; ack: AckMessage | null; needsStart: boolean }
/** Controller → agent: the reply to a heartbeat, with the desired-state delta and the ack of the observed delta. */
export interface AckFrame extends FrameBase { kind: 'ack'; desired: DeltaMessage | null; ack: AckMessage | null }
/** Controller → agent: start and stop replicas (service keys). */
export interface CommandFrame extends FrameBase { kind: 'command'; start: string[]; stop: string[] }
/** Member → member (decentralized): alive. */
export interface GossipFrame extends FrameBase { kind: 'gossip' }
/** Agent → controller: node state and the services it runs (a full report, e.g. after a reboot). */
export interface StatusFrame extends FrameBase { kind: 'status'; state: 'ready' | 'draining' | 'down'; running: string[] }

/** Any control frame. */
export type ControlFrame = HeartbeatFrame | AckFrame | CommandFrame | GossipFrame | StatusFrame;
/** Frame kinds. */
export type FrameKind = ControlFrame['kind'];
export const FRAME_KINDS: readonly FrameKind[] = ['heartbeat', 'ack', 'command', 'gossip', 'status'];

/** Why a frame was refused. */
export interface FrameRefusal {
  reason: 'too-large' | 'not-json' | 'bad-version' | 'unknown-kind' | 'bad-field';
  /** The field path and what was wrong with it. */
  message: string;
}

/** The frame's text on the wire. */
export function encodeFrame(f: ControlFrame): string {
  return JSON.stringify(f);
}

/** UTF-8 byte length of the encoded frame: what it costs on the wire. */
export function frameBytes(f: ControlFrame): number {
  return byteSize(f);
}

class Refused extends Error {
  constructor(readonly refusal: FrameRefusal) { super(refusal.message); }
}

/** Validates and decodes a frame given as text or as parsed JSON. */
export function decodeFrame(input: string | unknown): { ok: true; frame: ControlFrame } | { ok: false; error: FrameRefusal } {
  try {
    let j = input;
    if (typeof input === 'string') {
      if (input.length > MAX_FRAME_BYTES) throw new Refused({ reason: 'too-large', message: `frame: ${input.length} characters, over the limit of ${MAX_FRAME_BYTES}` });
      try { j = JSON.parse(input); } catch (e) { throw new Refused({ reason: 'not-json', message: `frame: not JSON (${(e as Error).message})` }); }
    }
    return { ok: true, frame: decodeOrThrow(j) };
  } catch (e) {
    if (e instanceof Refused) return { ok: false, error: e.refusal };
    throw e;
  }
}

const bad = (message: string): never => { throw new Refused({ reason: 'bad-field', message }); };

function decodeOrThrow(j: unknown): ControlFrame {
  if (typeof j !== 'object' || j === null || Array.isArray(j)) bad('frame: expected an object');
  const o = j as Record<string, unknown>;
  if (o.v !== CONTROL_WIRE_VERSION) throw new Refused({ reason: 'bad-version', message: `frame.v: this side speaks version ${CONTROL_WIRE_VERSION}, got ${short(o.v)}` });
  if (typeof o.kind !== 'string' || !(FRAME_KINDS as readonly string[]).includes(o.kind)) {
    throw new Refused({ reason: 'unknown-kind', message: `frame.kind: expected one of ${FRAME_KINDS.join(', ')}, got ${short(o.kind)}` });
  }
  const base = { v: CONTROL_WIRE_VERSION, from: id(o.from, 'frame.from'), to: id(o.to, 'frame.to'), atMs: time(o.atMs, 'frame.atMs') } as const;
  switch (o.kind as FrameKind) {
    case 'heartbeat':
      return { ...base, kind: 'heartbeat', observed: delta(o.observed, 'frame.observed'), ack: ack(o.ack, 'frame.ack'), needsStart: bool(o.needsStart, 'frame.needsStart') };
    case 'ack':
      return { ...base, kind: 'ack', desired: delta(o.desired, 'frame.desired'), ack: ack(o.ack, 'frame.ack') };
    case 'command':
      return { ...base, kind: 'command', start: ids(o.start, 'frame.start'), stop: ids(o.stop, 'frame.stop') };
    case 'gossip':
      return { ...base, kind: 'gossip' };
    case 'status': {
      const state = o.state;
      if (state !== 'ready' && state !== 'draining' && state !== 'down') bad(`frame.state: expected ready, draining or down, got ${short(state)}`);
      return { ...base, kind: 'status', state: state as StatusFrame['state'], running: ids(o.running, 'frame.running') };
    }
  }
}

function short(v: unknown): string {
  const s = v === undefined ? 'nothing (the field is missing)' : JSON.stringify(v) ?? String(v);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

function id(v: unknown, path: string): string {
  if (typeof v !== 'string' || v.length === 0 || v.length > MAX_ID_LENGTH) return bad(`${path}: expected a non-empty string of at most ${MAX_ID_LENGTH} characters, got ${short(v)}`);
  return v;
}

function time(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) return bad(`${path}: expected a time in ms >= 0, got ${short(v)}`);
  return v;
}

function bool(v: unknown, path: string): boolean {
  if (typeof v !== 'boolean') return bad(`${path}: expected true or false, got ${short(v)}`);
  return v;
}

function ids(v: unknown, path: string): string[] {
  if (!Array.isArray(v)) return bad(`${path}: expected a list of service keys, got ${short(v)}`);
  if (v.length > MAX_SERVICES_PER_FRAME) return bad(`${path}: ${v.length} entries, over the limit of ${MAX_SERVICES_PER_FRAME}`);
  return v.map((x, i) => id(x, `${path}[${i}]`));
}

function delta(v: unknown, path: string): DeltaMessage | null {
  if (v === null) return null;
  const d = decodeMessage(v);
  if (!d.ok) return bad(`${path}: ${d.error.message}`);
  if (d.message.t === 'ack') return bad(`${path}: expected a delta or full state, got an ack`);
  return v as DeltaMessage;
}

function ack(v: unknown, path: string): AckMessage | null {
  if (v === null) return null;
  const d = decodeMessage(v);
  if (!d.ok) return bad(`${path}: ${d.error.message}`);
  if (d.message.t !== 'ack') return bad(`${path}: expected an ack`);
  return d.message;
}
