import { describe, expect, it } from 'vitest';
import { markovDurationMs, outageWindows } from '../../../sim-core/fabric/availability.ts';
import type { Rng } from '../../../sim-core/des/rng.ts';

/** A scripted Rng returning the given uniforms in turn. */
const scripted = (us: number[]): Rng => {
  let i = 0;
  return { stream: 'test', next: () => us[i++ % us.length]!, int: (n) => Math.floor(us[i++ % us.length]! * n) };
};

/** A seeded LCG (Numerical Recipes constants), enough for a moment check. */
const lcg = (seed: number): Rng => {
  let s = seed >>> 0;
  return { stream: 'lcg', next: () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 2 ** 32; }, int: (n) => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return Math.floor((s / 2 ** 32) * n); } };
};

describe('markovDurationMs', () => {
  it('is the inverse-transform exponential: -mean × ln(1 - u)', () => {
    const rng = scripted([0, 0.5, 0.75]);
    expect(markovDurationMs(rng, 1000)).toBe(0);
    expect(markovDurationMs(rng, 1000)).toBeCloseTo(1000 * Math.LN2, 9);
    expect(markovDurationMs(rng, 1000)).toBeCloseTo(1000 * Math.log(4), 9);
  });

  it('has mean ≈ meanMs and P(X > mean) ≈ e^-1 over 200k draws (seed 1)', () => {
    const rng = lcg(1), N = 200_000, mean = 250;
    let sum = 0, above = 0;
    for (let i = 0; i < N; i++) { const x = markovDurationMs(rng, mean); sum += x; if (x > mean) above++; }
    // Standard error of the mean = 250 / sqrt(200k) ≈ 0.56 ms; allow 4 SE.
    expect(Math.abs(sum / N - mean)).toBeLessThan(4 * 0.56);
    // Binomial SE of the tail fraction ≈ sqrt(0.368 × 0.632 / 200k) ≈ 0.00108; allow 4 SE.
    expect(Math.abs(above / N - Math.exp(-1))).toBeLessThan(4 * 0.00108);
  });

  it('throws on a negative or non-finite mean', () => {
    expect(() => markovDurationMs(scripted([0.5]), -1)).toThrow(/-1/);
    expect(() => markovDurationMs(scripted([0.5]), Infinity)).toThrow(/Infinity/);
  });
});

describe('outageWindows', () => {
  it('merges overlapping and touching outages into sorted disjoint windows', () => {
    const w = outageWindows([
      { atMs: 500, forMs: 100 },  // [500, 600)
      { atMs: 0, forMs: 100 },    // [0, 100)
      { atMs: 50, forMs: 100 },   // [50, 150) overlaps → [0, 150)
      { atMs: 150, forMs: 10 },   // touches → [0, 160)
      { atMs: 550, forMs: 20 },   // inside [500, 600)
      { atMs: 300, forMs: 0 },    // zero length: gone
    ], 10_000);
    expect(w).toEqual([{ startMs: 0, endMs: 160 }, { startMs: 500, endMs: 600 }]);
  });

  it('drops outages starting at or after untilMs; keeps an Infinity end', () => {
    const w = outageWindows([{ atMs: 100, forMs: Infinity }, { atMs: 200, forMs: 5 }, { atMs: 1000, forMs: 5 }], 1000);
    expect(w).toEqual([{ startMs: 100, endMs: Infinity }]);
  });

  it('throws on a negative duration', () => {
    expect(() => outageWindows([{ atMs: 0, forMs: -3 }], 10)).toThrow(/-3/);
  });
});
