import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LatencyHistogram } from '../../../../sim-core/whatif/stats/latency-histogram.ts';
import { exactSum } from '../../../../sim-core/whatif/stats/exact-sum.ts';

// Latencies spanning nine decades, as a fabric from on-device (µs) to cross-region (minutes) gives.
const latency = fc.double({ min: 1e-3, max: 1e6, noNaN: true });
const latencies = fc.array(latency, { minLength: 1, maxLength: 300 });

function histogramOf(xs: number[], opts = {}): LatencyHistogram {
  const h = new LatencyHistogram(opts);
  for (const x of xs) h.record(x);
  return h;
}

/** The value of rank ⌊p/100·(n − 1)⌋ in the sorted sample: what percentile(p) approximates. */
function lowerOrderStatistic(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((p / 100) * (s.length - 1))]!;
}

describe('LatencyHistogram: relative error bound', () => {
  for (const alpha of [0.01, 0.001]) {
    it(`every percentile is within ${alpha * 100}% of the exact order statistic (fast-check)`, () => {
      fc.assert(fc.property(latencies, fc.double({ min: 0, max: 100, noNaN: true }), (xs, p) => {
        const h = histogramOf(xs, { relativeAccuracy: alpha });
        const exact = lowerOrderStatistic(xs, p);
        // 1e-12 of slack: a value exactly on a bucket boundary can land either side after Math.log.
        expect(Math.abs(h.percentile(p) - exact) / exact).toBeLessThanOrEqual(alpha * (1 + 1e-12));
      }));
    });
  }

  it('a 100k-sample lognormal keeps p50/p95/p99/p99.9 within 1%', () => {
    // Deterministic lognormal via a fixed LCG and Box–Muller (no Math.random in tests either).
    let s = 12345;
    const u = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) + 0.5) / 2 ** 32;
    const xs: number[] = [];
    for (let i = 0; i < 100_000; i++) xs.push(Math.exp(3 + 0.8 * Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u())));
    const h = histogramOf(xs);
    for (const p of [50, 95, 99, 99.9]) {
      const exact = lowerOrderStatistic(xs, p);
      expect(Math.abs(h.percentile(p) - exact) / exact).toBeLessThanOrEqual(0.01);
    }
  });

  it('min, max, p0, p100, count and mean are exact', () => {
    fc.assert(fc.property(latencies, (xs) => {
      const h = histogramOf(xs);
      expect(h.count).toBe(xs.length);
      expect(h.min).toBe(Math.min(...xs));
      expect(h.max).toBe(Math.max(...xs));
      expect(h.percentile(0)).toBe(h.min);
      expect(h.percentile(100)).toBe(h.max);
      expect(h.mean).toBe(exactSum(xs) / xs.length);
    }));
  });
});

describe('LatencyHistogram: merging is exact', () => {
  it('merge of per-seed histograms = histogram of the concatenation (fast-check)', () => {
    fc.assert(fc.property(fc.array(fc.array(latency, { maxLength: 80 }), { minLength: 1, maxLength: 6 }), (perSeed) => {
      const merged = new LatencyHistogram();
      for (const xs of perSeed) merged.merge(histogramOf(xs));
      const all = histogramOf(perSeed.flat());
      expect(merged.toJSON()).toEqual(all.toJSON());
      expect(merged.mean).toBe(all.mean);
      for (const p of [50, 95, 99]) expect(merged.percentile(p)).toBe(all.percentile(p));
    }));
  });

  it('merge order does not matter', () => {
    fc.assert(fc.property(latencies, latencies, (a, b) => {
      const ab = histogramOf(a).merge(histogramOf(b));
      const ba = histogramOf(b).merge(histogramOf(a));
      expect(ab.toJSON()).toEqual(ba.toJSON());
    }));
  });

  it('record(v, k) equals k calls of record(v)', () => {
    fc.assert(fc.property(latency, fc.integer({ min: 1, max: 500 }), (v, k) => {
      const once = new LatencyHistogram();
      once.record(v, k);
      expect(once.toJSON()).toEqual(histogramOf(new Array(k).fill(v)).toJSON());
    }));
  });

  it('refuses to merge histograms with different accuracy', () => {
    expect(() => new LatencyHistogram().merge(new LatencyHistogram({ relativeAccuracy: 0.02 }))).toThrow(/0\.01 vs 0\.02/);
  });
});

describe('LatencyHistogram: JSON round trip', () => {
  it('fromJSON(toJSON(h)) answers like h and serializes identically (fast-check)', () => {
    fc.assert(fc.property(fc.array(fc.oneof(latency, fc.constant(0)), { maxLength: 200 }), (xs) => {
      const h = histogramOf(xs);
      const json = JSON.parse(JSON.stringify(h));
      const back = LatencyHistogram.fromJSON(json);
      expect(back.toJSON()).toEqual(h.toJSON());
      expect(back.count).toBe(h.count);
      if (xs.length > 0) {
        expect(back.mean).toBe(h.mean);
        expect(back.percentile(95)).toBe(h.percentile(95));
      }
      // A restored histogram keeps merging exactly.
      expect(back.merge(histogramOf([7])).toJSON()).toEqual(histogramOf([...xs, 7]).toJSON());
    }));
  });

  it('rejects inconsistent JSON with the field', () => {
    const json = histogramOf([1, 2, 3]).toJSON();
    expect(() => LatencyHistogram.fromJSON({ ...json, count: 4 })).toThrow(/count/);
    expect(() => LatencyHistogram.fromJSON({ ...json, counts: [1, -1] })).toThrow(/counts\[1\]: -1/);
  });
});

describe('LatencyHistogram: edge cases', () => {
  it('an empty histogram reports NaN', () => {
    const h = new LatencyHistogram();
    expect(h.count).toBe(0);
    expect(h.mean).toBeNaN();
    expect(h.percentile(50)).toBeNaN();
    expect(h.toJSON()).toMatchObject({ count: 0, counts: [], minMs: null, maxMs: null });
  });

  it('zero latencies go to the zero bucket', () => {
    const h = histogramOf([0, 0, 0, 10]);
    expect(h.percentile(50)).toBe(0);
    expect(h.percentile(100)).toBe(10);
    expect(h.mean).toBe(2.5);
  });

  it('rejects negative, NaN and infinite values and bad options with the value', () => {
    const h = new LatencyHistogram();
    expect(() => h.record(-1)).toThrow(/-1/);
    expect(() => h.record(NaN)).toThrow(/NaN/);
    expect(() => h.record(Infinity)).toThrow(/Infinity/);
    expect(() => h.record(1, 0.5)).toThrow(/0\.5/);
    expect(() => h.percentile(101)).toThrow(/101/);
    expect(() => new LatencyHistogram({ relativeAccuracy: 0.7 })).toThrow(/0\.7/);
  });
});
