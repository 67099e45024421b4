/**
 * A composite CRDT document: named LWW maps, named OR-sets and named PN-counters, joined
 * section by section (a product of lattices is a lattice, so every law carries over). A missing
 * section is bottom, which keeps deltas small: a delta holds only the sections it touches.
 * The fleet's desired/observed state lives in one of these (see fleet-state.ts for the names).
 */
import { compareHlc, type Hlc } from './hlc.ts';
import type { Lattice } from './lattice.ts';
import { lwwClone, lwwDelete, lwwEmpty, lwwFromJson, lwwGet, lwwJoinInto, lwwLeq, lwwMaxHlc, lwwSet, lwwToJson, type JsonValue, type LwwMap, type LwwMapJson } from './lww-map.ts';
import { orAdd, orClone, orEmpty, orFromJson, orHas, orJoinInto, orLeq, orRemove, orToJson, orValues, type OrSet, type OrSetJson } from './or-set.ts';
import { pnClone, pnDecrement, pnEmpty, pnFromJson, pnIncrement, pnJoinInto, pnLeq, pnToJson, pnValue, type PnCounter, type PnCounterJson } from './pn-counter.ts';

/** The document state; also the delta type. */
export interface CrdtDoc {
  maps: Map<string, LwwMap<JsonValue>>;
  sets: Map<string, OrSet>;
  counters: Map<string, PnCounter>;
}

/** Wire form; empty sections are left out. */
export interface CrdtDocJson {
  maps?: Record<string, LwwMapJson>;
  sets?: Record<string, OrSetJson>;
  counters?: Record<string, PnCounterJson>;
}

/** An empty document. */
export function docEmpty(): CrdtDoc {
  return { maps: new Map(), sets: new Map(), counters: new Map() };
}

/** δ-mutator: sets `key` in map `map` to `value` at `hlc`. */
export function docSet(map: string, key: string, value: JsonValue, hlc: Hlc): CrdtDoc {
  const d = docEmpty();
  d.maps.set(map, lwwSet(key, value, hlc));
  return d;
}

/** δ-mutator: deletes `key` from map `map` at `hlc`. */
export function docDelete(map: string, key: string, hlc: Hlc): CrdtDoc {
  const d = docEmpty();
  d.maps.set(map, lwwDelete(key, hlc));
  return d;
}

/** δ-mutator: adds `elem` to set `set` at replica `nodeId`. */
export function docAdd(doc: CrdtDoc, set: string, nodeId: string, elem: string): CrdtDoc {
  const d = docEmpty();
  d.sets.set(set, orAdd(doc.sets.get(set) ?? orEmpty(), nodeId, elem));
  return d;
}

/** δ-mutator: removes `elem` from set `set` as observed in `doc`. */
export function docRemove(doc: CrdtDoc, set: string, elem: string): CrdtDoc {
  const d = docEmpty();
  const s = doc.sets.get(set);
  if (s) d.sets.set(set, orRemove(s, elem));
  return d;
}

/** δ-mutator: adds integer `by` >= 0 to counter `name` at replica `nodeId`. */
export function docIncrement(doc: CrdtDoc, name: string, nodeId: string, by = 1): CrdtDoc {
  const d = docEmpty();
  d.counters.set(name, pnIncrement(doc.counters.get(name) ?? pnEmpty(), nodeId, by));
  return d;
}

/** δ-mutator: subtracts integer `by` >= 0 from counter `name` at replica `nodeId`. */
export function docDecrement(doc: CrdtDoc, name: string, nodeId: string, by = 1): CrdtDoc {
  const d = docEmpty();
  d.counters.set(name, pnDecrement(doc.counters.get(name) ?? pnEmpty(), nodeId, by));
  return d;
}

/** The live value at `map`/`key`, or undefined. */
export function docGet(doc: CrdtDoc, map: string, key: string): JsonValue | undefined {
  const m = doc.maps.get(map);
  return m ? lwwGet(m, key) : undefined;
}

/** Whether set `set` holds `elem`. */
export function docHas(doc: CrdtDoc, set: string, elem: string): boolean {
  const s = doc.sets.get(set);
  return s ? orHas(s, elem) : false;
}

/** The elements of set `set`, sorted. */
export function docValues(doc: CrdtDoc, set: string): string[] {
  const s = doc.sets.get(set);
  return s ? orValues(s) : [];
}

/** The value of counter `name` (0 when absent). */
export function docCounter(doc: CrdtDoc, name: string): number {
  const c = doc.counters.get(name);
  return c ? pnValue(c) : 0;
}

/** The greatest HLC in any map of the document, or undefined. */
export function docMaxHlc(doc: CrdtDoc): Hlc | undefined {
  let best: Hlc | undefined;
  for (const m of doc.maps.values()) {
    const h = lwwMaxHlc(m);
    if (h && (!best || compareHlc(h, best) > 0)) best = h;
  }
  return best;
}

/** Joins `src` into `target` section by section; returns whether `target` changed. */
export function docJoinInto(target: CrdtDoc, src: CrdtDoc): boolean {
  let changed = false;
  for (const [k, v] of src.maps) {
    const t = target.maps.get(k);
    if (t) changed = lwwJoinInto(t, v) || changed;
    else if (v.entries.size > 0) { target.maps.set(k, lwwClone(v)); changed = true; }
  }
  for (const [k, v] of src.sets) {
    const t = target.sets.get(k);
    if (t) changed = orJoinInto(t, v) || changed;
    else if (v.ctx.size > 0) { target.sets.set(k, orClone(v)); changed = true; }
  }
  for (const [k, v] of src.counters) {
    const t = target.counters.get(k);
    if (t) changed = pnJoinInto(t, v) || changed;
    else if (v.p.size + v.n.size > 0) { target.counters.set(k, pnClone(v)); changed = true; }
  }
  return changed;
}

/** Whether `a ⊑ b`, section by section (a missing section is bottom). */
export function docLeq(a: CrdtDoc, b: CrdtDoc): boolean {
  for (const [k, v] of a.maps) if (!lwwLeq(v, b.maps.get(k) ?? lwwEmpty())) return false;
  for (const [k, v] of a.sets) if (!orLeq(v, b.sets.get(k) ?? orEmpty())) return false;
  for (const [k, v] of a.counters) if (!pnLeq(v, b.counters.get(k) ?? pnEmpty())) return false;
  return true;
}

/** A deep copy that shares nothing mutable. */
export function docClone(doc: CrdtDoc): CrdtDoc {
  const out = docEmpty();
  for (const [k, v] of doc.maps) out.maps.set(k, lwwClone(v));
  for (const [k, v] of doc.sets) out.sets.set(k, orClone(v));
  for (const [k, v] of doc.counters) out.counters.set(k, pnClone(v));
  return out;
}

/** The document lattice. */
export const docLattice: Lattice<CrdtDoc> = {
  name: 'doc',
  bottom: docEmpty,
  joinInto: docJoinInto,
  leq: docLeq,
  clone: docClone,
};

/** Wire form with names sorted and empty sections left out, so equal states encode to equal text. */
export function docToJson(doc: CrdtDoc): CrdtDocJson {
  const out: CrdtDocJson = {};
  const maps = sortedSection(doc.maps, (m) => m.entries.size === 0, lwwToJson);
  const sets = sortedSection(doc.sets, (s) => s.ctx.size === 0, orToJson);
  const counters = sortedSection(doc.counters, (c) => c.p.size + c.n.size === 0, pnToJson);
  if (maps) out.maps = maps;
  if (sets) out.sets = sets;
  if (counters) out.counters = counters;
  return out;
}

/** Parses the wire form; throws a TypeError naming the bad field (callers turn it into a value). */
export function docFromJson(j: unknown, path = 'doc'): CrdtDoc {
  if (typeof j !== 'object' || j === null || Array.isArray(j)) throw new TypeError(`${path}: expected an object`);
  const o = j as Record<string, unknown>;
  const doc = docEmpty();
  for (const [k, v] of sectionEntries(o.maps, `${path}.maps`)) doc.maps.set(k, lwwFromJson(v, `${path}.maps.${k}`));
  for (const [k, v] of sectionEntries(o.sets, `${path}.sets`)) doc.sets.set(k, orFromJson(v, `${path}.sets.${k}`));
  for (const [k, v] of sectionEntries(o.counters, `${path}.counters`)) doc.counters.set(k, pnFromJson(v, `${path}.counters.${k}`));
  return doc;
}

function sortedSection<T, J>(m: Map<string, T>, isEmpty: (t: T) => boolean, enc: (t: T) => J): Record<string, J> | undefined {
  let out: Record<string, J> | undefined;
  for (const k of [...m.keys()].sort()) {
    const v = m.get(k)!;
    if (isEmpty(v)) continue;
    (out ??= Object.create(null) as Record<string, J>)[k] = enc(v); // "__proto__" must stay data
  }
  return out;
}

function sectionEntries(j: unknown, path: string): [string, unknown][] {
  if (j === undefined) return [];
  if (typeof j !== 'object' || j === null || Array.isArray(j)) throw new TypeError(`${path}: expected an object`);
  return Object.entries(j);
}
