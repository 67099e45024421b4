import { describe, expect, it } from 'vitest';
import { createRng } from '../../../sim-core/des/rng.ts';

const draw = (seed: number, stream: string, n: number): number[] => {
  const r = createRng(seed, stream);
  return Array.from({ length: n }, () => r.next());
};

describe('createRng', () => {
  it('same seed and stream → the same sequence', () => {
    expect(draw(42, 'arrivals', 1000)).toEqual(draw(42, 'arrivals', 1000));
  });

  it('pins the first draws of (42, "arrivals") so a seeding or library change cannot slip by unnoticed', () => {
    // Trace hashes of shipped scenarios depend on these exact numbers (seedrandom 3.0.5 Alea, key "42/arrivals").
    expect(draw(42, 'arrivals', 3)).toEqual(PINNED_42_ARRIVALS);
  });

  it('different streams and different seeds give different sequences', () => {
    const base = draw(42, 'arrivals', 50);
    expect(draw(42, 'service', 50)).not.toEqual(base);
    expect(draw(43, 'arrivals', 50)).not.toEqual(base);
    // Keys that would collide under naive concatenation stay apart.
    expect(draw(1, '2/x', 50)).not.toEqual(draw(12, '/x', 50));
  });

  it('drawing on one stream never shifts another', () => {
    const alone = draw(7, 'scheduler', 200);
    const a = createRng(7, 'scheduler');
    const b = createRng(7, 'sensors');
    const interleaved: number[] = [];
    for (let i = 0; i < 200; i++) {
      for (let j = 0; j < i % 5; j++) b.next();
      interleaved.push(a.next());
      b.int(10);
    }
    expect(interleaved).toEqual(alone);
  });

  it('is uniform on [0, 1): mean 1/2 and variance 1/12 within 4 standard errors; streams uncorrelated', () => {
    const n = 200_000;
    const x = draw(1, 'a', n);
    const y = draw(1, 'b', n);
    expect(x.every((v) => v >= 0 && v < 1)).toBe(true);
    const mean = x.reduce((s, v) => s + v, 0) / n;
    const variance = x.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1);
    expect(Math.abs(mean - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / n));
    // Var of the sample variance for U(0,1): (mu4 - sigma^4)/n = (1/80 - 1/144)/n.
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(4 * Math.sqrt((1 / 80 - 1 / 144) / n));
    const my = y.reduce((s, v) => s + v, 0) / n;
    let sxy = 0, sxx = 0, syy = 0;
    for (let i = 0; i < n; i++) { sxy += (x[i]! - mean) * (y[i]! - my); sxx += (x[i]! - mean) ** 2; syy += (y[i]! - my) ** 2; }
    expect(Math.abs(sxy / Math.sqrt(sxx * syy))).toBeLessThan(4 / Math.sqrt(n)); // SE of r under independence ≈ 1/√n
    // Lag-1 autocorrelation within a stream, same bound.
    let lag = 0;
    for (let i = 1; i < n; i++) lag += (x[i]! - mean) * (x[i - 1]! - mean);
    expect(Math.abs(lag / sxx)).toBeLessThan(4 / Math.sqrt(n));
  });

  it('int(m) covers [0, m) uniformly (chi-square, 9 dof, p ≈ 0.001 critical value 27.9)', () => {
    const r = createRng(3, 'int');
    const n = 100_000, m = 10;
    const counts = new Array<number>(m).fill(0);
    for (let i = 0; i < n; i++) {
      const v = r.int(m);
      expect(Number.isInteger(v) && v >= 0 && v < m).toBe(true);
      counts[v]!++;
    }
    const chi2 = counts.reduce((s, c) => s + (c - n / m) ** 2 / (n / m), 0);
    expect(chi2).toBeLessThan(27.88);
    expect(createRng(3, 'int').int(1)).toBe(0);
  });

  it('rejects bad arguments, naming the value', () => {
    expect(() => createRng(Number.NaN, 's')).toThrow(/NaN/);
    expect(() => createRng(Infinity, 's')).toThrow(/Infinity/);
    const r = createRng(1, 's');
    expect(r.stream).toBe('s');
    expect(() => r.int(0)).toThrow(/got 0/);
    expect(() => r.int(2.5)).toThrow(/2\.5/);
    expect(() => r.int(2 ** 33)).toThrow(/8589934592/);
  });
});

const PINNED_42_ARRIVALS = [0.09669156046584249, 0.10787259554490447, 0.9512710100971162];

describe('createRng keeps its state in fields', () => {
  it('draws exactly what seedrandom alea draws for the same key (the numbers the trace hashes pin)', async () => {
    const { default: seedrandom } = await import('seedrandom');
    for (const [seed, stream] of [[42, 'arrivals'], [0, ''], [-3.5, 'jitter:e1~g1'], [1e9, 'ünïcödé/stream']] as const) {
      const ref = seedrandom.alea(`${seed}/${stream}`);
      const r = createRng(seed, stream);
      for (let i = 0; i < 2000; i++) expect(r.next()).toBe(ref());
    }
  });

  it('a copy of its fields continues the same sequence, independently of the original', () => {
    const r = createRng(9, 'copy');
    for (let i = 0; i < 17; i++) r.next();
    const copy = Object.assign(Object.create(Object.getPrototypeOf(r)), r) as typeof r;
    const fromCopy = Array.from({ length: 50 }, () => copy.next());
    const fromOriginal = Array.from({ length: 50 }, () => r.next());
    expect(fromCopy).toEqual(fromOriginal);
  });
});
