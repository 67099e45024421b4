/**
 * Host selection (kube schedule_one.go selectHost): the highest total wins; among equal totals
 * each later node replaces the current pick with probability 1/count (reservoir sampling), so
 * every tied node is equally likely. Randomness is a seeded PRNG passed in: same seed, same picks.
 */

/** A uniform integer in [0, n) (Go rand.Intn). */
export type IntnFn = (n: number) => number;

/** mulberry32 seeded PRNG as Intn; deterministic for a given 32-bit seed. */
export function seededIntn(seed: number): IntnFn {
  if (!Number.isFinite(seed)) throw new Error(`seededIntn: seed must be a finite number, got ${seed}`);
  let a = seed >>> 0;
  return (n: number) => {
    if (!Number.isInteger(n) || n <= 0) throw new Error(`intn: n must be a positive integer, got ${n}`);
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const u = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    return Math.floor(u * n);
  };
}

/** Position (0..count-1) of the selected entry of totals[0..count); -1 when count is 0. */
export function selectHost(totals: Float64Array, count: number, intn: IntnFn): number {
  if (count === 0) return -1;
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
