/**
 * Last-writer-wins map: key → (value or tombstone, HLC). The entry with the greatest HLC wins,
 * so a delete is a write of a tombstone and a late-arriving older write cannot resurrect the key.
 * Tombstones stay until collected by the caller (`lwwPurgeTombstones`) once every replica has
 * seen them; dropping them earlier would let a delayed older write come back.
 */
import { checkClock, compareHlc, type Hlc } from './hlc.ts';
import type { Lattice } from './lattice.ts';

/** A value that survives JSON.stringify/parse unchanged. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [k: string]: JsonValue };

/** One register; immutable (joins replace entries, never edit them). */
export interface LwwEntry<V> {
  readonly hlc: Hlc;
  /** True for a delete; then `value` is undefined. */
  readonly deleted: boolean;
  readonly value: V | undefined;
}

/** The map state; also the delta type. */
export interface LwwMap<V> {
  entries: Map<string, LwwEntry<V>>;
}

/** Wire form: key → [wallMs, logical, nodeId] for a tombstone, [wallMs, logical, nodeId, value] for a value. */
export type LwwMapJson = Record<string, [number, number, string] | [number, number, string, JsonValue]>;

/** An empty map. */
export function lwwEmpty<V>(): LwwMap<V> {
  return { entries: new Map() };
}

/** δ-mutator: the delta that sets `key` to `value` at `hlc` (the caller's next clock). */
export function lwwSet<V>(key: string, value: V, hlc: Hlc): LwwMap<V> {
  checkClock(hlc);
  if (value === undefined) throw new Error(`lww: value for ${JSON.stringify(key)} is undefined; use lwwDelete`);
  return { entries: new Map([[key, { hlc, deleted: false, value }]]) };
}

/** δ-mutator: the delta that deletes `key` at `hlc` (a tombstone). */
export function lwwDelete<V>(key: string, hlc: Hlc): LwwMap<V> {
  checkClock(hlc);
  return { entries: new Map([[key, { hlc, deleted: true, value: undefined }]]) };
}

/** The live value of `key`, or undefined when absent or deleted. */
export function lwwGet<V>(m: LwwMap<V>, key: string): V | undefined {
  const e = m.entries.get(key);
  return e && !e.deleted ? e.value : undefined;
}

/** Live (key, value) pairs, keys in sorted order. */
export function lwwLive<V>(m: LwwMap<V>): [string, V][] {
  const out: [string, V][] = [];
  for (const k of [...m.entries.keys()].sort()) {
    const e = m.entries.get(k)!;
    if (!e.deleted) out.push([k, e.value as V]);
  }
  return out;
}

/** The greatest HLC in the map, or undefined when empty (used to advance a receiver's clock). */
export function lwwMaxHlc<V>(m: LwwMap<V>): Hlc | undefined {
  let best: Hlc | undefined;
  for (const e of m.entries.values()) if (!best || compareHlc(e.hlc, best) > 0) best = e.hlc;
  return best;
}

/** Removes tombstones older than or equal to `stableHlc` (causally stable: every replica has it); returns how many. */
export function lwwPurgeTombstones<V>(m: LwwMap<V>, stableHlc: Hlc): number {
  let n = 0;
  for (const [k, e] of m.entries) {
    if (e.deleted && compareHlc(e.hlc, stableHlc) <= 0) {
      m.entries.delete(k);
      n++;
    }
  }
  return n;
}

/**
 * Total order on entries: by HLC, then, only if a clock was reused for two different writes
 * (a caller bug, but replicas must still agree), tombstone below value, then by JSON text.
 */
export function compareEntries<V>(a: LwwEntry<V>, b: LwwEntry<V>): number {
  const c = compareHlc(a.hlc, b.hlc);
  if (c !== 0 || a === b) return c;
  if (a.deleted !== b.deleted) return a.deleted ? -1 : 1;
  if (a.deleted) return 0;
  const ja = JSON.stringify(a.value);
  const jb = JSON.stringify(b.value);
  return ja === jb ? 0 : ja < jb ? -1 : 1;
}

/** Joins `src` into `target` per key (greater entry wins); returns whether `target` changed. */
export function lwwJoinInto<V>(target: LwwMap<V>, src: LwwMap<V>): boolean {
  let changed = false;
  const t = target.entries;
  for (const [k, e] of src.entries) {
    const cur = t.get(k);
    if (cur === undefined || compareEntries(e, cur) > 0) {
      t.set(k, e);
      changed = true;
    }
  }
  return changed;
}

/** Whether `a ⊑ b`: every entry of `a` is matched or beaten in `b`. */
export function lwwLeq<V>(a: LwwMap<V>, b: LwwMap<V>): boolean {
  for (const [k, e] of a.entries) {
    const other = b.entries.get(k);
    if (other === undefined || compareEntries(e, other) > 0) return false;
  }
  return true;
}

/** A copy; entries are immutable, so they are shared. */
export function lwwClone<V>(m: LwwMap<V>): LwwMap<V> {
  return { entries: new Map(m.entries) };
}

/** The LWW map lattice. */
export const lwwMapLattice: Lattice<LwwMap<JsonValue>> = {
  name: 'lww-map',
  bottom: lwwEmpty,
  joinInto: lwwJoinInto,
  leq: lwwLeq,
  clone: lwwClone,
};

/** Wire form with keys sorted, so equal states encode to equal text. */
export function lwwToJson(m: LwwMap<JsonValue>): LwwMapJson {
  const out: LwwMapJson = Object.create(null); // keys are user ids; "__proto__" must stay data
  for (const k of [...m.entries.keys()].sort()) {
    const e = m.entries.get(k)!;
    out[k] = e.deleted ? [e.hlc.wallMs, e.hlc.logical, e.hlc.nodeId] : [e.hlc.wallMs, e.hlc.logical, e.hlc.nodeId, e.value as JsonValue];
  }
  return out;
}

/** Parses the wire form; throws a TypeError naming the bad field (callers turn it into a value). */
export function lwwFromJson(j: unknown, path: string): LwwMap<JsonValue> {
  if (typeof j !== 'object' || j === null || Array.isArray(j)) throw new TypeError(`${path}: expected an object`);
  const entries = new Map<string, LwwEntry<JsonValue>>();
  for (const [k, v] of Object.entries(j)) {
    if (!Array.isArray(v) || (v.length !== 3 && v.length !== 4)) throw new TypeError(`${path}.${k}: expected [wallMs, logical, nodeId(, value)]`);
    const [wallMs, logical, nodeId] = v;
    const hlc = { wallMs, logical, nodeId } as Hlc;
    try {
      checkClock(hlc);
    } catch {
      throw new TypeError(`${path}.${k}: malformed clock ${JSON.stringify(v.slice(0, 3))}`);
    }
    entries.set(k, v.length === 3 ? { hlc, deleted: true, value: undefined } : { hlc, deleted: false, value: v[3] as JsonValue });
  }
  return { entries };
}
