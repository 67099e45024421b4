import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { percentileSorted, summary } from '../../../../sim-core/whatif/stats/summary.ts';

describe('summary', () => {
  it('matches numpy on the textbook sample [2,4,4,4,5,5,7,9]', () => {
    const s = summary([9, 4, 2, 5, 4, 7, 4, 5]);
    expect(s.n).toBe(8);
    expect(s.mean).toBe(5);
    expect(s.sd).toBeCloseTo(Math.sqrt(32 / 7), 14); // Σ(x − 5)² = 32, divisor n − 1 = 7
    expect([s.min, s.max]).toEqual([2, 9]);
    // numpy.percentile(x, [50, 95, 99]) (type 7): [4.5, 8.3, 8.86]
    expect(s.p50).toBeCloseTo(4.5, 14);
    expect(s.p95).toBeCloseTo(8.3, 14);
    expect(s.p99).toBeCloseTo(8.86, 14);
    // 5 ± t(0.975, 7)·sd/√8, scipy: [3.21251208176379, 6.787487918236209]
    expect(s.ci95[0]).toBeCloseTo(3.21251208176379, 12);
    expect(s.ci95[1]).toBeCloseTo(6.787487918236209, 12);
  });

  it('type 7 percentiles interpolate between order statistics', () => {
    const xs = [10, 20, 30, 40];
    // h = (n − 1)·p: p = 10% → h = 0.3 → 10 + 0.3·10 = 13
    expect(percentileSorted(xs, 10)).toBeCloseTo(13, 12);
    expect(percentileSorted(xs, 0)).toBe(10);
    expect(percentileSorted(xs, 100)).toBe(40);
    expect(percentileSorted(xs, 50)).toBe(25);
  });

  it('a single value has an unbounded interval and undefined sd', () => {
    const s = summary([3.5]);
    expect(s).toMatchObject({ n: 1, mean: 3.5, min: 3.5, max: 3.5, p50: 3.5, p99: 3.5 });
    expect(s.sd).toBeNaN();
    expect(s.ci95).toEqual([-Infinity, Infinity]);
  });

  it('a constant sample has sd 0 and a point interval', () => {
    const s = summary([0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1]);
    expect(s.mean).toBe(0.1);
    expect(s.sd).toBe(0);
    expect(s.ci95).toEqual([0.1, 0.1]);
  });

  it('rejects empty and non-finite samples, naming the value', () => {
    expect(() => summary([])).toThrow(/at least 1/);
    expect(() => summary([1, NaN])).toThrow(/\[1\].*NaN/);
    expect(() => summary([Infinity])).toThrow(/Infinity/);
  });

  it('properties: CI contains the mean, percentiles are ordered within [min, max] (fast-check)', () => {
    fc.assert(fc.property(
      fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 2, maxLength: 60 }),
      (xs) => {
        const s = summary(xs);
        expect(s.ci95[0]).toBeLessThanOrEqual(s.mean);
        expect(s.mean).toBeLessThanOrEqual(s.ci95[1]);
        expect(s.min).toBeLessThanOrEqual(s.mean);
        expect(s.mean).toBeLessThanOrEqual(s.max);
        expect(s.min).toBeLessThanOrEqual(s.p50);
        expect(s.p50).toBeLessThanOrEqual(s.p95);
        expect(s.p95).toBeLessThanOrEqual(s.p99);
        expect(s.p99).toBeLessThanOrEqual(s.max);
        expect(s.sd).toBeGreaterThanOrEqual(0);
      },
    ));
  });

  it('is invariant to the order of the sample (fast-check)', () => {
    const sampleAndPermutation = fc
      .array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 1, maxLength: 40 })
      .chain((xs) => fc.tuple(fc.constant(xs), fc.shuffledSubarray(xs, { minLength: xs.length })));
    fc.assert(fc.property(sampleAndPermutation, ([xs, permuted]) => {
      expect(summary(permuted)).toEqual(summary(xs));
    }));
  });
});
