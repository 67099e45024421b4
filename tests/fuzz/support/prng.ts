/**
 * The fuzzer's seeded PRNG (mulberry32; lives in the tests, never in sim-core). Every case gets
 * its own generator from (run seed, case index), so one failing case reproduces alone:
 * FUZZ_SEED=<seed> FUZZ_CASE=<index> npx vitest run tests/fuzz/<file>.test.ts
 */

/** A small deterministic generator of floats, ints and picks. */
export class Prng {
  private s: number;
  constructor(seed: number) { this.s = seed >>> 0; }

  /** Uniform in [0, 1). */
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number { return Math.floor(this.next() * n); }

  /** True with probability p. */
  chance(p: number): boolean { return this.next() < p; }

  /** A uniformly chosen element (the array must not be empty). */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Prng.pick: empty list');
    return items[this.int(items.length)]!;
  }
}

/** The generator of case `index` under run seed `seed` (independent of every other case). */
export function caseRng(seed: number, index: number): Prng {
  return new Prng((Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca77)) >>> 0);
}

/** Run settings: FUZZ_SEED, FUZZ_CASES (scale) and FUZZ_CASE (run one case) from the environment. */
export function fuzzSettings(defaultSeed: number, defaultCases: number): { seed: number; cases: number[] } {
  const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : defaultSeed;
  const count = process.env.FUZZ_CASES ? Number(process.env.FUZZ_CASES) : defaultCases;
  const one = process.env.FUZZ_CASE;
  return { seed, cases: one !== undefined ? [Number(one)] : Array.from({ length: count }, (_, i) => i) };
}
