/**
 * The edge agent's decision on a desired state it received (pure: no clock, no I/O). It validates
 * the whole SignedDesiredState shape first (the bytes come from the network), then checks, in this
 * order: the signing key is one it trusts, the ed25519 signature verifies, the state is for this
 * node, its version is above the one running (no replay, no rollback), and now lies inside its
 * validity window (no freeze) — the TUF / Uptane attacks. A refusal says which check failed and why.
 */
import type { KeyObject } from 'node:crypto';
import { DESIRED_STATE_KIND, type DesiredState, type SignedDesiredState, type Workload } from '../signing/desired-state.ts';
import { signatureValid } from '../signing/keys.ts';

/** Why a desired state was refused (the ApplyReport's reason). */
export type RefusalReason = 'malformed' | 'unknown-key' | 'bad-signature' | 'wrong-node' | 'not-newer' | 'expired' | 'not-yet-valid';

/** What the decision needs to know about the agent. */
export interface AcceptContext {
  /** This agent's node id. */
  node: string;
  /** keyId() → public key, every key the agent trusts (more than one during a key rotation). */
  trustedKeys: ReadonlyMap<string, KeyObject>;
  /** The version the agent runs now (0 before any). */
  runningVersion: number;
  /** Wall clock, ms since the epoch. */
  nowMs: number;
}

/** What a refused state said about itself, as far as it could be read (for the report). */
export interface ReceivedIds { version: number | null; pushId: string | null; planHash: string | null }

/** Accepted: the validated state. Refused: the reason, a message with the field or value, and what could be read of it. */
export type AcceptDecision =
  | { ok: true; state: SignedDesiredState }
  | { ok: false; reason: RefusalReason; message: string; received: ReceivedIds };

/** Most workloads one desired state may declare. */
export const MAX_WORKLOADS = 4096;
/** Longest node id, service key, push id or plan hash. */
export const MAX_ID_CHARS = 256;
/** Most argv entries of a workload's command, and the longest one. */
export const MAX_COMMAND_ARGS = 256;
export const MAX_ARG_CHARS = 4096;
/** Most environment variables of a workload, and the longest value. */
export const MAX_ENV_VARS = 256;
export const MAX_ENV_VALUE_CHARS = 32_768;
/** Longest signature text accepted before it is even decoded. */
export const MAX_SIGNATURE_CHARS = 1024;

const PAYLOAD_FIELDS = ['kind', 'node', 'version', 'planHash', 'pushId', 'notBefore', 'expiresAt', 'workloads'];
const WORKLOAD_FIELDS = ['service', 'command', 'env'];
const SIGNED_FIELDS = ['payload', 'signature', 'keyId'];
/** ISO-8601 UTC instant as toISOString() writes it (fraction optional). */
const ISO_UTC = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?Z$/;
/** 64 bytes in standard padded base64. */
const SIGNATURE_BASE64 = /^[A-Za-z0-9+/]{86}==$/;
const KEY_ID = /^[0-9a-f]{16}$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** "app/service", as plans and the gateway's report decoder write it. */
const SERVICE_KEY = /^[^/\s]+\/[^/\s]+$/;

class Malformed extends Error {}
const malformed = (message: string): never => { throw new Malformed(message); };

/** Decides whether the agent runs `raw` (parsed JSON from the `desired` topic). */
export function acceptDesiredState(raw: unknown, ctx: AcceptContext): AcceptDecision {
  const verified = verifyDesiredState(raw, ctx);
  if (!verified.ok) return verified;
  const p = verified.state.payload;
  const refuse = (reason: RefusalReason, message: string): AcceptDecision => ({ ok: false, reason, message, received: idsOf(p) });
  if (p.version <= ctx.runningVersion) {
    const what = p.version === ctx.runningVersion ? 'a replay of the version running' : 'a rollback to an older version';
    return refuse('not-newer', `version ${p.version} is not above the running version ${ctx.runningVersion} (${what})`);
  }
  const notBeforeMs = Date.parse(p.notBefore);
  const expiresMs = Date.parse(p.expiresAt);
  if (ctx.nowMs < notBeforeMs) return refuse('not-yet-valid', `valid from ${p.notBefore}, now is ${new Date(ctx.nowMs).toISOString()}`);
  if (ctx.nowMs > expiresMs) return refuse('expired', `expired at ${p.expiresAt}, now is ${new Date(ctx.nowMs).toISOString()}`);
  return verified;
}

/**
 * The checks that do not depend on time or on the running version: shape, trusted key, signature,
 * node. The state store uses this to re-verify the saved state on start (it was inside its window
 * when accepted; an agent keeps running its last good state after it expires).
 */
export function verifyDesiredState(raw: unknown, ctx: Pick<AcceptContext, 'node' | 'trustedKeys'>): AcceptDecision {
  let signed: SignedDesiredState;
  try {
    signed = shapeOf(raw);
  } catch (e) {
    if (e instanceof Malformed) return { ok: false, reason: 'malformed', message: e.message, received: idsOf(isObject(raw) ? raw.payload : undefined) };
    throw e;
  }
  const p = signed.payload;
  const refuse = (reason: RefusalReason, message: string): AcceptDecision => ({ ok: false, reason, message, received: idsOf(p) });
  const key = ctx.trustedKeys.get(signed.keyId);
  if (!key) return refuse('unknown-key', `signed by key ${signed.keyId}, which is not trusted (trusted: ${[...ctx.trustedKeys.keys()].join(', ') || 'none'})`);
  if (signed.signature === '') return refuse('bad-signature', 'the state is unsigned (empty signature)');
  if (!SIGNATURE_BASE64.test(signed.signature)) return refuse('bad-signature', `signature: not a base64 ed25519 signature (64 bytes), got ${short(signed.signature)}`);
  if (!signatureValid(signed, key)) return refuse('bad-signature', `the signature does not verify with key ${signed.keyId} (payload altered, or signed by another key)`);
  if (p.node !== ctx.node) return refuse('wrong-node', `the state is for node ${short(p.node)}, this agent is ${short(ctx.node)}`);
  return { ok: true, state: signed };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Best-effort ids of a payload for the report; null for anything not of the right type. */
function idsOf(p: unknown): ReceivedIds {
  if (!isObject(p)) return { version: null, pushId: null, planHash: null };
  const str = (v: unknown) => (typeof v === 'string' && v.length <= MAX_ID_CHARS ? v : null);
  return { version: Number.isSafeInteger(p.version) ? (p.version as number) : null, pushId: str(p.pushId), planHash: str(p.planHash) };
}

function short(v: unknown): string {
  const s = v === undefined ? 'nothing (the field is missing)' : JSON.stringify(v) ?? String(v);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

function onlyFields(o: Record<string, unknown>, allowed: string[], path: string): void {
  for (const k of Object.keys(o)) if (!allowed.includes(k)) malformed(`${path}.${k}: unknown field (allowed: ${allowed.join(', ')})`);
}

function object(v: unknown, path: string): Record<string, unknown> {
  if (!isObject(v)) return malformed(`${path}: expected an object, got ${short(v)}`);
  return v;
}

function id(v: unknown, path: string): string {
  if (typeof v !== 'string' || v.length === 0 || v.length > MAX_ID_CHARS || /[\u0000-\u001f]/.test(v)) {
    return malformed(`${path}: expected a non-empty string of at most ${MAX_ID_CHARS} characters without control characters, got ${short(v)}`);
  }
  return v;
}

function isoInstant(v: unknown, path: string): string {
  const m = typeof v === 'string' ? ISO_UTC.exec(v) : null;
  if (!m) return malformed(`${path}: expected an ISO-8601 UTC instant like 2026-01-31T12:00:00Z, got ${short(v)}`);
  const ms = Date.parse(v as string);
  // Date.parse rolls 2026-02-30 over to March; a real instant prints back to the same fields.
  const back = Number.isFinite(ms) ? new Date(ms).toISOString() : '';
  if (back.slice(0, 19) !== `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}`) return malformed(`${path}: ${short(v)} is not a real date and time`);
  return v as string;
}

function workload(v: unknown, path: string): Workload {
  const o = object(v, path);
  onlyFields(o, WORKLOAD_FIELDS, path);
  const service = id(o.service, `${path}.service`);
  if (!SERVICE_KEY.test(service)) malformed(`${path}.service: expected "app/service" (no spaces, one '/'), got ${short(service)}`);
  const w: Workload = { service };
  if (o.command !== undefined) {
    const c = o.command;
    if (!Array.isArray(c) || c.length === 0 || c.length > MAX_COMMAND_ARGS) return malformed(`${path}.command: expected a list of 1 to ${MAX_COMMAND_ARGS} strings (argv), got ${short(c)}`);
    c.forEach((a, i) => {
      if (typeof a !== 'string' || a.length > MAX_ARG_CHARS || a.includes('\u0000') || (i === 0 && a.length === 0)) {
        malformed(`${path}.command[${i}]: expected a string of at most ${MAX_ARG_CHARS} characters without NUL${i === 0 ? ', not empty' : ''}, got ${short(a)}`);
      }
    });
    w.command = c as string[];
  }
  if (o.env !== undefined) {
    const e = object(o.env, `${path}.env`);
    const names = Object.keys(e);
    if (names.length > MAX_ENV_VARS) malformed(`${path}.env: ${names.length} variables, over the limit of ${MAX_ENV_VARS}`);
    for (const k of names) {
      if (!ENV_NAME.test(k) || k.length > MAX_ID_CHARS) malformed(`${path}.env.${k}: not a variable name (letters, digits, _; not starting with a digit)`);
      const val = e[k];
      if (typeof val !== 'string' || val.length > MAX_ENV_VALUE_CHARS || val.includes('\u0000')) malformed(`${path}.env.${k}: expected a string of at most ${MAX_ENV_VALUE_CHARS} characters without NUL, got ${short(val)}`);
    }
    w.env = e as Record<string, string>;
  }
  return w;
}

function payloadOf(v: unknown): DesiredState {
  const o = object(v, 'payload');
  onlyFields(o, PAYLOAD_FIELDS, 'payload');
  if (o.kind !== DESIRED_STATE_KIND) malformed(`payload.kind: expected ${JSON.stringify(DESIRED_STATE_KIND)}, got ${short(o.kind)}`);
  const node = id(o.node, 'payload.node');
  if (!Number.isSafeInteger(o.version) || (o.version as number) < 1) malformed(`payload.version: expected an integer >= 1, got ${short(o.version)}`);
  const planHash = id(o.planHash, 'payload.planHash');
  const pushId = id(o.pushId, 'payload.pushId');
  const notBefore = isoInstant(o.notBefore, 'payload.notBefore');
  const expiresAt = isoInstant(o.expiresAt, 'payload.expiresAt');
  if (Date.parse(expiresAt) < Date.parse(notBefore)) malformed(`payload.expiresAt: ${expiresAt} is before notBefore ${notBefore}`);
  if (!Array.isArray(o.workloads)) malformed(`payload.workloads: expected a list of workloads, got ${short(o.workloads)}`);
  const list = o.workloads as unknown[];
  if (list.length > MAX_WORKLOADS) malformed(`payload.workloads: ${list.length} entries, over the limit of ${MAX_WORKLOADS}`);
  const seen = new Set<string>();
  const workloads = list.map((w, i) => {
    const parsed = workload(w, `payload.workloads[${i}]`);
    if (seen.has(parsed.service)) malformed(`payload.workloads[${i}].service: ${short(parsed.service)} is declared twice`);
    seen.add(parsed.service);
    return parsed;
  });
  return { kind: DESIRED_STATE_KIND, node, version: o.version as number, planHash, pushId, notBefore, expiresAt, workloads };
}

/** The validated SignedDesiredState; throws Malformed naming the field. */
function shapeOf(raw: unknown): SignedDesiredState {
  const o = object(raw, 'desired state');
  onlyFields(o, SIGNED_FIELDS, 'desired state');
  const payload = payloadOf(o.payload);
  if (typeof o.keyId !== 'string' || !KEY_ID.test(o.keyId)) malformed(`keyId: expected 16 lower-case hex digits, got ${short(o.keyId)}`);
  // An absent or null signature is an unsigned state (bad-signature); any other non-string is malformed.
  const sig = o.signature === undefined || o.signature === null ? '' : o.signature;
  if (typeof sig !== 'string' || sig.length > MAX_SIGNATURE_CHARS) malformed(`signature: expected a base64 string of at most ${MAX_SIGNATURE_CHARS} characters, got ${short(o.signature)}`);
  return { payload, signature: sig as string, keyId: o.keyId as string };
}
