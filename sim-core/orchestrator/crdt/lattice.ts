/**
 * The join-semilattice contract every state-based CRDT here satisfies. Deltas are states too
 * (Almeida et al.: a delta is a small element of the same lattice), so one interface serves
 * full-state merge, delta apply and delta-group joining.
 *
 * Ownership: `joinInto` mutates only its target and never keeps a reference to anything
 * inside `src` that it might later mutate, so a delta may be applied to many replicas.
 */
export interface Lattice<S> {
  /** Short type name for messages, e.g. "lww-map". */
  readonly name: string;
  /** The least element (empty state). */
  bottom(): S;
  /** Joins `src` into `target` in place; returns whether `target` changed. */
  joinInto(target: S, src: S): boolean;
  /** Whether `a ⊑ b`, i.e. `join(a, b)` equals `b`. */
  leq(a: S, b: S): boolean;
  /** A deep copy that shares nothing mutable with `s`. */
  clone(s: S): S;
}

/** Pure join: a new state equal to `a ⊔ b`; neither argument is changed. */
export function join<S>(lattice: Lattice<S>, a: S, b: S): S {
  const out = lattice.clone(a);
  lattice.joinInto(out, b);
  return out;
}

/** Join of any number of states (bottom for none). */
export function joinAll<S>(lattice: Lattice<S>, states: Iterable<S>): S {
  const out = lattice.bottom();
  for (const s of states) lattice.joinInto(out, s);
  return out;
}

/** Lattice equality: `a ⊑ b` and `b ⊑ a`. */
export function latticeEquals<S>(lattice: Lattice<S>, a: S, b: S): boolean {
  return lattice.leq(a, b) && lattice.leq(b, a);
}
