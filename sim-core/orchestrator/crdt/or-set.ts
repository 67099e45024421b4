/**
 * Observed-remove set, add-wins, without tombstones (the "optimized OR-set" / AWORSet of
 * Almeida et al. 2018, §7.1). Every add tags the element with a fresh dot (nodeId, counter); the
 * causal context records every dot ever seen. A dot present in one replica's context but absent
 * from its store was removed there, so the join keeps a dot iff both sides have it, or the side
 * lacking it has never seen it:
 *   (s, c) ⊔ (s', c') = ((s ∩ s') ∪ (s \ c') ∪ (s' \ c), c ∪ c')
 * A remove only deletes the dots it observed, so a concurrent add survives (add wins).
 */
import { addDot, cloneDots, dotCount, dotsFromJson, dotsToJson, emptyDots, hasDot, isSubsetDots, maxCounter, unionDotsInto, type Dot, type DotSet } from './dot-set.ts';
import type { Lattice } from './lattice.ts';

/** The set state; also the delta type. `entries` never holds an empty dot list. */
export interface OrSet {
  /** element → its live dots, sorted by (nodeId, counter). */
  entries: Map<string, Dot[]>;
  ctx: DotSet;
}

/** Wire form: live dots per element as [nodeId, counter, nodeId, counter, ...], and the context. */
export interface OrSetJson {
  e: Record<string, (string | number)[]>;
  c: Record<string, number[]>;
}

/** An empty set. */
export function orEmpty(): OrSet {
  return { entries: new Map(), ctx: emptyDots() };
}

/** δ-mutator: the delta adding `elem` at replica `nodeId`; it also supersedes the element's current dots. */
export function orAdd(s: OrSet, nodeId: string, elem: string): OrSet {
  if (typeof nodeId !== 'string' || nodeId.length === 0) throw new Error(`or-set: nodeId must be a non-empty string, got ${JSON.stringify(nodeId)}`);
  const dot: Dot = { nodeId, counter: maxCounter(s.ctx, nodeId) + 1 };
  const ctx = emptyDots();
  for (const d of s.entries.get(elem) ?? []) addDot(ctx, d.nodeId, d.counter);
  addDot(ctx, dot.nodeId, dot.counter);
  return { entries: new Map([[elem, [dot]]]), ctx };
}

/** δ-mutator: the delta removing `elem` as observed here (empty delta if absent). */
export function orRemove(s: OrSet, elem: string): OrSet {
  const ctx = emptyDots();
  for (const d of s.entries.get(elem) ?? []) addDot(ctx, d.nodeId, d.counter);
  return { entries: new Map(), ctx };
}

/** Whether `elem` is in the set. */
export function orHas(s: OrSet, elem: string): boolean {
  return s.entries.has(elem);
}

/** The elements, sorted. */
export function orValues(s: OrSet): string[] {
  return [...s.entries.keys()].sort();
}

/**
 * Which element holds each live dot, per target state: lets a small delta find the few dots its
 * context removes without scanning every element. Built lazily on the first small join into a
 * state and kept up to date by `orJoinInto`, the only thing that mutates a state. A WeakMap keeps
 * it out of the state's shape (JSON, equality) and lets it die with the state.
 */
const dotOwners = new WeakMap<OrSet, Map<string, Map<number, string>>>();

function ownersOf(s: OrSet): Map<string, Map<number, string>> {
  let idx = dotOwners.get(s);
  if (!idx) {
    idx = new Map();
    for (const [elem, dots] of s.entries) for (const d of dots) ownerSet(idx, d, elem);
    dotOwners.set(s, idx);
  }
  return idx;
}

function ownerSet(idx: Map<string, Map<number, string>>, d: Dot, elem: string): void {
  let m = idx.get(d.nodeId);
  if (!m) idx.set(d.nodeId, (m = new Map()));
  m.set(d.counter, elem);
}

/** Joins `src` into `target` in place (rule in the file comment); returns whether `target` changed. */
export function orJoinInto(target: OrSet, src: OrSet): boolean {
  let changed = false;
  let idx = dotOwners.get(target);
  // Dots of target that src has seen but no longer holds were removed at src.
  if (src.ctx.size > 0) {
    const srcDots = dotCount(src.ctx);
    if (srcDots * 4 < target.entries.size) {
      // Small delta into a large state: visit src's context, not target's elements.
      idx = ownersOf(target);
      for (const [nodeId, iv] of src.ctx) {
        const owners = idx.get(nodeId);
        if (!owners) continue;
        for (let i = 0; i < iv.length; i += 2) {
          for (let counter = iv[i]!; counter <= iv[i + 1]!; counter++) {
            const elem = owners.get(counter);
            if (elem === undefined) continue;
            const theirs = src.entries.get(elem);
            const d = { nodeId, counter };
            if (theirs && containsDot(theirs, d)) continue;
            owners.delete(counter);
            const kept = target.entries.get(elem)!.filter((x) => x.counter !== counter || x.nodeId !== nodeId);
            if (kept.length === 0) target.entries.delete(elem);
            else target.entries.set(elem, kept);
            changed = true;
          }
        }
      }
    } else {
      for (const [elem, dots] of target.entries) {
        const theirs = src.entries.get(elem);
        let kept: Dot[] | undefined;
        for (let i = 0; i < dots.length; i++) {
          const d = dots[i]!;
          const drop = hasDot(src.ctx, d.nodeId, d.counter) && !(theirs && containsDot(theirs, d));
          if (drop) idx?.get(d.nodeId)?.delete(d.counter);
          if (drop && !kept) kept = dots.slice(0, i);
          else if (!drop && kept) kept.push(d);
        }
        if (kept) {
          changed = true;
          if (kept.length === 0) target.entries.delete(elem);
          else target.entries.set(elem, kept);
        }
      }
    }
  }
  // Dots of src that target has never seen are new here.
  for (const [elem, dots] of src.entries) {
    let mine = target.entries.get(elem);
    for (const d of dots) {
      if (hasDot(target.ctx, d.nodeId, d.counter)) continue;
      if (mine && containsDot(mine, d)) continue;
      mine = insertDot(mine ?? [], d);
      if (idx) ownerSet(idx, d, elem);
      changed = true;
    }
    if (mine) target.entries.set(elem, mine);
  }
  if (unionDotsInto(target.ctx, src.ctx)) changed = true;
  return changed;
}

/**
 * Whether `a ⊑ b`: b has seen every dot a has seen, and holds no dot that a has seen and dropped.
 * (a's live dots need no check: b has seen them, so b either holds them or removed them later.)
 */
export function orLeq(a: OrSet, b: OrSet): boolean {
  if (!isSubsetDots(a.ctx, b.ctx)) return false;
  // A dot b holds but a saw and dropped: the join would remove it from b.
  for (const [elem, dots] of b.entries) {
    const mine = a.entries.get(elem);
    for (const d of dots) if (hasDot(a.ctx, d.nodeId, d.counter) && !(mine && containsDot(mine, d))) return false;
  }
  return true;
}

/** A deep copy (dot lists are replaced, never edited, so they are shared). */
export function orClone(s: OrSet): OrSet {
  return { entries: new Map(s.entries), ctx: cloneDots(s.ctx) };
}

/** The OR-set lattice. */
export const orSetLattice: Lattice<OrSet> = {
  name: 'or-set',
  bottom: orEmpty,
  joinInto: orJoinInto,
  leq: orLeq,
  clone: orClone,
};

/** Wire form with elements sorted, so equal states encode to equal text. */
export function orToJson(s: OrSet): OrSetJson {
  const e: OrSetJson['e'] = Object.create(null); // elements are user ids; "__proto__" must stay data
  for (const k of [...s.entries.keys()].sort()) e[k] = s.entries.get(k)!.flatMap((d) => [d.nodeId, d.counter]);
  return { e, c: dotsToJson(s.ctx) };
}

/** Parses the wire form; throws a TypeError naming the bad field (callers turn it into a value). */
export function orFromJson(j: unknown, path: string): OrSet {
  if (typeof j !== 'object' || j === null || Array.isArray(j)) throw new TypeError(`${path}: expected {e, c}`);
  const o = j as Record<string, unknown>;
  const ctx = dotsFromJson(o.c ?? {}, `${path}.c`);
  const rawE = o.e ?? {};
  if (typeof rawE !== 'object' || rawE === null || Array.isArray(rawE)) throw new TypeError(`${path}.e: expected an object`);
  const entries = new Map<string, Dot[]>();
  const seen = emptyDots();
  for (const [elem, flat] of Object.entries(rawE)) {
    if (!Array.isArray(flat) || flat.length === 0 || flat.length % 2 !== 0) throw new TypeError(`${path}.e.${elem}: expected [nodeId, counter, ...]`);
    let dots: Dot[] = [];
    for (let i = 0; i < flat.length; i += 2) {
      const nodeId = flat[i];
      const counter = flat[i + 1];
      if (typeof nodeId !== 'string' || nodeId.length === 0 || !Number.isInteger(counter) || (counter as number) < 1) {
        throw new TypeError(`${path}.e.${elem}: bad dot ${JSON.stringify([nodeId, counter])}`);
      }
      // A live dot outside the context would be an impossible state: every join assumes s ⊆ c.
      if (!hasDot(ctx, nodeId, counter as number)) throw new TypeError(`${path}.e.${elem}: dot ${nodeId}:${counter} missing from the context`);
      const d = { nodeId, counter: counter as number };
      if (containsDot(dots, d)) continue;
      // One add makes one dot for one element; a dot under two elements would make replicas disagree.
      if (!addDot(seen, nodeId, d.counter)) throw new TypeError(`${path}.e.${elem}: dot ${nodeId}:${counter} also tags another element`);
      dots = insertDot(dots, d);
    }
    entries.set(elem, dots);
  }
  return { entries, ctx };
}

function containsDot(dots: Dot[], d: Dot): boolean {
  for (const x of dots) if (x.counter === d.counter && x.nodeId === d.nodeId) return true;
  return false;
}

/** A new sorted list with `d` inserted (lists are tiny: one dot per concurrent add). */
function insertDot(dots: Dot[], d: Dot): Dot[] {
  const out = dots.slice();
  let i = out.length;
  while (i > 0 && cmpDot(out[i - 1]!, d) > 0) i--;
  out.splice(i, 0, d);
  return out;
}

function cmpDot(a: Dot, b: Dot): number {
  if (a.nodeId !== b.nodeId) return a.nodeId < b.nodeId ? -1 : 1;
  return a.counter - b.counter;
}
