/**
 * Positive-negative counter: each replica only ever raises its own P (increments) and N
 * (decrements) totals; the join takes the per-replica maximum and the value is ΣP − ΣN
 * (Shapiro et al., "A comprehensive study of CRDTs", 2011, §3.1.2). A delta carries only the
 * mutating replica's new total, so it is idempotent and order-free.
 */
import type { Lattice } from './lattice.ts';

/** The counter state; also the delta type. Totals are >= 0; absent means 0. */
export interface PnCounter {
  p: Map<string, number>;
  n: Map<string, number>;
}

/** Wire form: {p: {nodeId: total}, n: {nodeId: total}}, empty halves left out. */
export interface PnCounterJson {
  p?: Record<string, number>;
  n?: Record<string, number>;
}

/** A zero counter. */
export function pnEmpty(): PnCounter {
  return { p: new Map(), n: new Map() };
}

/** δ-mutator: the delta adding integer `by` (>= 0) at replica `nodeId`; empty delta for 0. */
export function pnIncrement(c: PnCounter, nodeId: string, by = 1): PnCounter {
  return bump(c.p, nodeId, by, 'p');
}

/** δ-mutator: the delta subtracting integer `by` (>= 0) at replica `nodeId`; empty delta for 0. */
export function pnDecrement(c: PnCounter, nodeId: string, by = 1): PnCounter {
  return bump(c.n, nodeId, by, 'n');
}

/** ΣP − ΣN. */
export function pnValue(c: PnCounter): number {
  let v = 0;
  for (const x of c.p.values()) v += x;
  for (const x of c.n.values()) v -= x;
  return v;
}

/** Joins `src` into `target` by per-replica maximum; returns whether `target` changed. */
export function pnJoinInto(target: PnCounter, src: PnCounter): boolean {
  const a = maxInto(target.p, src.p);
  const b = maxInto(target.n, src.n);
  return a || b;
}

/** Whether `a ⊑ b`: every total of `a` is <= the same total in `b`. */
export function pnLeq(a: PnCounter, b: PnCounter): boolean {
  for (const [k, v] of a.p) if (v > (b.p.get(k) ?? 0)) return false;
  for (const [k, v] of a.n) if (v > (b.n.get(k) ?? 0)) return false;
  return true;
}

/** A copy. */
export function pnClone(c: PnCounter): PnCounter {
  return { p: new Map(c.p), n: new Map(c.n) };
}

/** The PN-counter lattice. */
export const pnCounterLattice: Lattice<PnCounter> = {
  name: 'pn-counter',
  bottom: pnEmpty,
  joinInto: pnJoinInto,
  leq: pnLeq,
  clone: pnClone,
};

/** Wire form with replicas sorted, so equal states encode to equal text. */
export function pnToJson(c: PnCounter): PnCounterJson {
  const out: PnCounterJson = {};
  if (c.p.size > 0) out.p = sortedRecord(c.p);
  if (c.n.size > 0) out.n = sortedRecord(c.n);
  return out;
}

/** Parses the wire form; throws a TypeError naming the bad field (callers turn it into a value). */
export function pnFromJson(j: unknown, path: string): PnCounter {
  if (typeof j !== 'object' || j === null || Array.isArray(j)) throw new TypeError(`${path}: expected {p, n}`);
  const o = j as Record<string, unknown>;
  return { p: totalsFromJson(o.p, `${path}.p`), n: totalsFromJson(o.n, `${path}.n`) };
}

function bump(totals: Map<string, number>, nodeId: string, by: number, half: 'p' | 'n'): PnCounter {
  if (typeof nodeId !== 'string' || nodeId.length === 0) throw new Error(`pn-counter: nodeId must be a non-empty string, got ${JSON.stringify(nodeId)}`);
  // Integers only: float totals would sum to different last bits in different replica orders.
  if (!Number.isSafeInteger(by) || by < 0) throw new Error(`pn-counter: amount must be a safe integer >= 0, got ${by}`);
  const d = pnEmpty();
  if (by > 0) d[half].set(nodeId, (totals.get(nodeId) ?? 0) + by);
  return d;
}

function maxInto(t: Map<string, number>, s: Map<string, number>): boolean {
  let changed = false;
  for (const [k, v] of s) {
    const cur = t.get(k);
    if (cur === undefined || v > cur) {
      t.set(k, v);
      changed = true;
    }
  }
  return changed;
}

function sortedRecord(m: Map<string, number>): Record<string, number> {
  const out: Record<string, number> = Object.create(null); // "__proto__" must stay data
  for (const k of [...m.keys()].sort()) out[k] = m.get(k)!;
  return out;
}

function totalsFromJson(j: unknown, path: string): Map<string, number> {
  const m = new Map<string, number>();
  if (j === undefined) return m;
  if (typeof j !== 'object' || j === null || Array.isArray(j)) throw new TypeError(`${path}: expected an object of totals`);
  for (const [k, v] of Object.entries(j)) {
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw new TypeError(`${path}.${k}: expected an integer total >= 0, got ${JSON.stringify(v)}`);
    m.set(k, v);
  }
  return m;
}
