/**
 * Host selection (kube schedule_one.go selectHost): the highest total wins; among equal totals
 * each later node replaces the current pick with probability 1/count (reservoir sampling), so
 * every tied node is equally likely. Randomness is a seeded PRNG passed in: same seed, same picks.
 *
 * Fast path for our own PRNG: mulberry32's state after d draws is seed + d × STEP (mod 2^32), so
 * any draw can be computed on its own. Only draws among the final best group can decide the pick
 * (a draw in a group that a higher total later supersedes only moves the state), and in that
 * group the pick is the LAST member whose draw came out 0. So selectHost counts the draws in one
 * pass, evaluates the final group's draws from the back until one hits, and advances the state
 * by the count: the same pick and the same state afterwards as drawing one by one, with about
 * half the final group's draws evaluated and none of the superseded ones.
 */

/** A uniform integer in [0, n) (Go rand.Intn). */
export type IntnFn = (n: number) => number;

/** mulberry32's state increment per draw. */
const STEP = 0x6d2b79f5;
const TWO_POW_32 = 4294967296;

/** The state of a seededIntn generator (draws so far are folded into `a`). */
export interface Mulberry { a: number }
const states = new WeakMap<IntnFn, Mulberry>();

/** mulberry32's 32-bit output for the draw whose post-increment state is `a`. */
function mulberryBits(a: number): number {
  let t = a;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return (t ^ (t >>> 14)) >>> 0;
}

/** mulberry32 output in [0, 1) for the draw whose post-increment state is `a`. */
function mulberryUnit(a: number): number {
  return mulberryBits(a) / TWO_POW_32;
}

/** mulberry32 seeded PRNG as Intn; deterministic for a given 32-bit seed. */
export function seededIntn(seed: number): IntnFn {
  if (!Number.isFinite(seed)) throw new Error(`seededIntn: seed must be a finite number, got ${seed}`);
  return intnOver({ a: seed >>> 0 });
}

/**
 * mulberry32 as Intn over a state the caller holds (`{ a: seed >>> 0 }` to start): the draws of
 * seededIntn, with the state kept as data (a twin's checkpoint copies it), and the same fast path.
 */
export function intnOver(m: Mulberry): IntnFn {
  const intn = (n: number) => {
    if (!Number.isInteger(n) || n <= 0) throw new Error(`intn: n must be a positive integer, got ${n}`);
    m.a = (m.a + STEP) >>> 0;
    return Math.floor(mulberryUnit(m.a) * n);
  };
  states.set(intn, m);
  return intn;
}

/** Whether intn came from seededIntn (so its draws can be taken by random access). */
export function isSeededIntn(intn: IntnFn): boolean {
  return states.has(intn);
}

/** Position (0..count-1) of the selected entry of totals[0..count); -1 when count is 0. */
export function selectHost(totals: Float64Array, count: number, intn: IntnFn): number {
  if (count === 0) return -1;
  const m = states.get(intn);
  if (m !== undefined) return selectSeeded(totals, count, m);
  let best = totals[0]!, selected = 0, ties = 1;
  for (let i = 1; i < count; i++) {
    const t = totals[i]!;
    if (t > best) { best = t; selected = i; ties = 1; }
    else if (t === best) {
      ties++;
      if (intn(ties) === 0) selected = i;
    }
  }
  return selected;
}

/** selectHost for a seededIntn generator: the same pick and end state, by random access (see the top). */
function selectSeeded(totals: Float64Array, count: number, m: Mulberry): number {
  let best = totals[0]!, draws = 0, ties = 1;
  for (let i = 1; i < count; i++) {
    const t = totals[i]!;
    if (t > best) { best = t; ties = 1; }
    else if (t === best) { ties++; draws++; }
  }
  // State after k more draws: a0 + k × STEP mod 2^32 (Math.imul keeps the product's low 32 bits).
  const a0 = m.a;
  m.a = (a0 + Math.imul(draws, STEP)) >>> 0;
  // The final group's draws are the last ties - 1 of all draws: member q (tie number q = ties,
  // ties - 1, …, 2, walking back from the end) made draw number draws - (ties - q) (1-based).
  let q = ties;
  for (let i = count - 1; i >= 0; i--) {
    if (totals[i] !== best) continue;
    if (q === 1) return i; // the group's first member: no later member's draw hit
    const a = (a0 + Math.imul(draws - (ties - q), STEP)) >>> 0;
    if (Math.floor(mulberryUnit(a) * q) === 0) return i;
    q--;
  }
  throw new Error(`selectHost: lost the best total ${best} among ${count} entries`);
}

/**
 * For a seededIntn generator, the draws of selectSeeded's final tie group without the totals: a
 * sequential selectHost that made `draws` draws in all, the last `ties - 1` of them by the final
 * group, picks the LAST member q (1-based, in entry order; q >= 2) for which hit(q) is true, else
 * member 1. Advances the generator by `draws`, as that selectHost would. Undefined (nothing
 * drawn) for any other Intn.
 */
export function seededTieDraws(intn: IntnFn, draws: number, ties: number): ((q: number) => boolean) | undefined {
  const m = states.get(intn);
  if (m === undefined) return undefined;
  const a0 = m.a;
  m.a = (a0 + Math.imul(draws, STEP)) >>> 0;
  // floor(u × q) === 0 with u = x / 2^32 is x × q < 2^32: every step is exact in doubles (x × q < 2^53).
  return (q) => mulberryBits((a0 + Math.imul(draws - (ties - q), STEP)) >>> 0) * q < TWO_POW_32;
}
