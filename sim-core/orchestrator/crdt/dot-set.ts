/**
 * A set of dots (nodeId, counter), the "causal context" of delta-state CRDTs (Almeida, Shoker,
 * Baquero, "Delta state replicated data types", JPDC 2018). Stored per node as sorted, disjoint,
 * non-adjacent closed intervals flattened into one array [lo1, hi1, lo2, hi2, ...], so the usual
 * case, a contiguous prefix 1..n (a version vector entry), is two numbers, and the gaps that
 * out-of-order delta delivery leaves cost two numbers each.
 */

/** One event identifier: the `counter`-th event of `nodeId` (counters start at 1). */
export interface Dot {
  readonly nodeId: string;
  readonly counter: number;
}

/** nodeId → flattened closed intervals. Mutable; owned by whoever created it. */
export type DotSet = Map<string, number[]>;

/** A new empty dot set. */
export function emptyDots(): DotSet {
  return new Map();
}

/** Whether `counter` of `nodeId` is in the set. */
export function hasDot(s: DotSet, nodeId: string, counter: number): boolean {
  const iv = s.get(nodeId);
  if (!iv) return false;
  // Binary search over interval starts: the last interval with lo <= counter.
  let lo = 0;
  let hi = (iv.length >> 1) - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (iv[2 * mid]! <= counter) lo = mid + 1;
    else hi = mid - 1;
  }
  return hi >= 0 && counter <= iv[2 * hi + 1]!;
}

/** Largest counter of `nodeId` in the set, 0 if none. */
export function maxCounter(s: DotSet, nodeId: string): number {
  const iv = s.get(nodeId);
  return iv && iv.length > 0 ? iv[iv.length - 1]! : 0;
}

/** Adds one dot in place; returns whether the set grew. Throws on a counter that is not a positive integer. */
export function addDot(s: DotSet, nodeId: string, counter: number): boolean {
  checkCounter(counter);
  const iv = s.get(nodeId);
  if (!iv) {
    s.set(nodeId, [counter, counter]);
    return true;
  }
  const last = iv.length - 1;
  // Fast path: the next local event extends the last interval.
  if (counter === iv[last]! + 1) {
    iv[last] = counter;
    return true;
  }
  if (hasDot(s, nodeId, counter)) return false;
  s.set(nodeId, unionIntervals(iv, [counter, counter]));
  return true;
}

/** Adds every dot of `src` to `target` in place; returns whether `target` grew. */
export function unionDotsInto(target: DotSet, src: DotSet): boolean {
  let changed = false;
  for (const [nodeId, b] of src) {
    if (b.length === 0) continue;
    const a = target.get(nodeId);
    if (!a) {
      target.set(nodeId, b.slice());
      changed = true;
      continue;
    }
    if (intervalsCover(a, b)) continue;
    target.set(nodeId, unionIntervals(a, b));
    changed = true;
  }
  return changed;
}

/** A new set holding the dots of `a` and of `b`. */
export function unionDots(a: DotSet, b: DotSet): DotSet {
  const out = cloneDots(a);
  unionDotsInto(out, b);
  return out;
}

/** Whether every dot of `a` is in `b`. */
export function isSubsetDots(a: DotSet, b: DotSet): boolean {
  for (const [nodeId, ia] of a) {
    if (ia.length === 0) continue;
    const ib = b.get(nodeId);
    if (!ib || !intervalsCover(ib, ia)) return false;
  }
  return true;
}

/** A deep copy. */
export function cloneDots(s: DotSet): DotSet {
  const out: DotSet = new Map();
  for (const [k, v] of s) out.set(k, v.slice());
  return out;
}

/** A set built from single dots. */
export function dotsOf(dots: Iterable<Dot>): DotSet {
  const s = emptyDots();
  for (const d of dots) addDot(s, d.nodeId, d.counter);
  return s;
}

/** Number of dots in the set. */
export function dotCount(s: DotSet): number {
  let n = 0;
  for (const iv of s.values()) for (let i = 0; i < iv.length; i += 2) n += iv[i + 1]! - iv[i]! + 1;
  return n;
}

/** Wire form: { nodeId: [lo, hi, ...] } with nodes sorted, so equal sets encode equally. */
export function dotsToJson(s: DotSet): Record<string, number[]> {
  const out: Record<string, number[]> = Object.create(null); // keys are ids; "__proto__" must stay data
  for (const k of [...s.keys()].sort()) {
    const iv = s.get(k)!;
    if (iv.length > 0) out[k] = iv.slice();
  }
  return out;
}

/** Parses the wire form; throws a TypeError naming the bad field (callers turn it into a value). */
export function dotsFromJson(j: unknown, path: string): DotSet {
  if (typeof j !== 'object' || j === null || Array.isArray(j)) throw new TypeError(`${path}: expected an object of intervals`);
  const s: DotSet = new Map();
  for (const [k, v] of Object.entries(j)) {
    if (!Array.isArray(v) || v.length % 2 !== 0) throw new TypeError(`${path}.${k}: expected [lo, hi, ...]`);
    let prevHi = -1;
    for (let i = 0; i < v.length; i += 2) {
      const lo = v[i];
      const hi = v[i + 1];
      if (!Number.isInteger(lo) || !Number.isInteger(hi) || lo < 1 || hi < lo || lo <= prevHi + 1) {
        throw new TypeError(`${path}.${k}: intervals must be sorted, disjoint, non-adjacent positive integers, got ${JSON.stringify(v)}`);
      }
      prevHi = hi;
    }
    if (v.length > 0) s.set(k, v.slice());
  }
  return s;
}

/** Whether interval list `a` contains every point of interval list `b`. */
function intervalsCover(a: number[], b: number[]): boolean {
  let i = 0;
  for (let j = 0; j < b.length; j += 2) {
    const lo = b[j]!;
    const hi = b[j + 1]!;
    while (i < a.length && a[i + 1]! < lo) i += 2;
    if (i >= a.length || a[i]! > lo || a[i + 1]! < hi) return false;
  }
  return true;
}

/** Union of two normalized interval lists, normalized (adjacent intervals fused). */
function unionIntervals(a: number[], b: number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    let lo: number;
    let hi: number;
    if (j >= b.length || (i < a.length && a[i]! <= b[j]!)) {
      lo = a[i]!; hi = a[i + 1]!; i += 2;
    } else {
      lo = b[j]!; hi = b[j + 1]!; j += 2;
    }
    const n = out.length;
    if (n > 0 && lo <= out[n - 1]! + 1) {
      if (hi > out[n - 1]!) out[n - 1] = hi;
    } else {
      out.push(lo, hi);
    }
  }
  return out;
}

function checkCounter(counter: number): void {
  if (!Number.isInteger(counter) || counter < 1) throw new Error(`dot: counter must be a positive integer, got ${counter}`);
}
