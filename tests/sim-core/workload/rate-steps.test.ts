/**
 * Step changes of a rate: the 'scaled' curve (base × step factor) and the changed clock
 * (warpedArrivalMs) that applies rateChanges to time-homogeneous arrival processes. Expectations
 * are hand-computed in the comments.
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../../../sim-core/des/rng.ts';
import { createCurveArrival } from '../../../sim-core/workload/curve-arrival.ts';
import { createArrival } from '../../../sim-core/workload/arrivals.ts';
import { checkRateCurve, expectedArrivals, maxRate, rateAt, zeroForever, type RateCurve } from '../../../sim-core/workload/rate-curve.ts';
import { warpedArrivalMs, withRateSteps } from '../../../sim-core/workload/rate-steps.ts';

// 2/s, ×3 from 1 s, ×0 from 3 s.
const flat: RateCurve = { kind: 'scaled', base: { kind: 'trace', points: [{ atMs: 0, ratePerS: 2 }] }, steps: [{ atMs: 1000, factor: 3 }, { atMs: 3000, factor: 0 }] };

describe('scaled curve (base × step factor)', () => {
  it.each([
    [500, 2], [1000, 6], [2999, 6], [3000, 0], [10_000, 0],
  ])('rateAt(%d ms) = %d/s', (t, r) => expect(rateAt(flat, t)).toBe(r));

  it('integral and bound by pieces', () => {
    expect(expectedArrivals(flat, 0, 4000)).toBe(14); // 2·1 s + 6·2 s + 0
    expect(expectedArrivals(flat, 500, 1500)).toBe(4); // 2·0.5 + 6·0.5
    expect(maxRate(flat, 0, 500)).toBe(2);
    expect(maxRate(flat, 0, 2000)).toBe(6);
    expect(maxRate(flat, 3000, 5000)).toBe(0);
    expect(zeroForever(flat, 3000)).toBe(true);
    expect(zeroForever(flat, 2000)).toBe(false);
  });

  it('over a linear base: ∫ of t/1000 per s on [0, 1 s] is 0.5, on [1 s, 2 s] 1.5, doubled there → 3.5', () => {
    const c: RateCurve = { kind: 'scaled', base: { kind: 'piecewise-linear', points: [{ atMs: 0, ratePerS: 0 }, { atMs: 2000, ratePerS: 2 }] }, steps: [{ atMs: 1000, factor: 2 }] };
    expect(expectedArrivals(c, 0, 2000)).toBeCloseTo(3.5, 12);
    expect(maxRate(c, 0, 1500)).toBeCloseTo(3, 12); // 1.5/s × 2 at 1.5 s
  });

  it('refuses negative factors and steps out of order', () => {
    const base: RateCurve = { kind: 'step', beforePerS: 1, afterPerS: 1, atMs: 0 };
    expect(() => checkRateCurve({ kind: 'scaled', base, steps: [{ atMs: 0, factor: -1 }] })).toThrow('rate curve (scaled): steps[0].factor must be a finite number ≥ 0, got -1');
    expect(() => checkRateCurve({ kind: 'scaled', base, steps: [{ atMs: 5, factor: 1 }, { atMs: 4, factor: 1 }] })).toThrow('rate curve (scaled): steps[1].atMs must be ≥ steps[0].atMs');
  });

  it('thinning over it: counts per 10 s within 4√E (seed "scaled")', () => {
    // 200/s, ×3 from 100 s, ×0 from 200 s, ×1 again from 250 s.
    const c: RateCurve = { kind: 'scaled', base: { kind: 'trace', points: [{ atMs: 0, ratePerS: 200 }] }, steps: [{ atMs: 100_000, factor: 3 }, { atMs: 200_000, factor: 0 }, { atMs: 250_000, factor: 1 }] };
    const a = createCurveArrival(c, 10_000);
    const rng = createRng(5, 'scaled');
    const counts = new Array<number>(30).fill(0);
    for (let t = a.nextArrivalMs(rng, 0); t < 300_000; t = a.nextArrivalMs(rng, t)) counts[Math.floor(t / 10_000)]!++;
    counts.forEach((n, k) => {
      const e = expectedArrivals(c, k * 10_000, (k + 1) * 10_000);
      expect(Math.abs(n - e), `window ${k}`).toBeLessThanOrEqual(4 * Math.sqrt(e));
    });
    expect(counts.slice(20, 25)).toEqual([0, 0, 0, 0, 0]);
  });
});

describe('warpedArrivalMs (operational time under the step factor)', () => {
  const steps = [{ atMs: 1000, factor: 2 }, { atMs: 2000, factor: 0 }, { atMs: 3000, factor: 1 }];
  it.each([
    [0, 500, 500],          // before the first step: factor 1
    [0, 1500, 1250],        // 1000 at ×1, then 500 at ×2 → 250 ms
    [0, 3000, 2000],        // 1000 at ×1 + 2000 at ×2 fills [1 s, 2 s] exactly
    [0, 3500, 3500],        // … then 10 s paused at ×0, the last 500 at ×1 from 3 s
    [1500, 400, 1700],      // inside the ×2 piece
    [2500, 100, 3100],      // inside the pause: waits for 3 s
  ])('from %d ms, gap %d → %d ms', (now, gap, at) => expect(warpedArrivalMs(steps, now, gap)).toBe(at));

  it('a factor of 0 for ever: no next arrival', () => {
    expect(warpedArrivalMs([{ atMs: 1000, factor: 0 }], 0, 2000)).toBe(Infinity);
    expect(warpedArrivalMs([{ atMs: 1000, factor: 0 }], 0, 999)).toBe(999);
  });

  it('with no steps, a wrapped process gives its own gaps from the same draws', () => {
    const plain = createArrival({ kind: 'poisson', ratePerS: 3 });
    const wrapped = withRateSteps(createArrival({ kind: 'poisson', ratePerS: 3 }), []);
    const r1 = createRng(1, 'w'), r2 = createRng(1, 'w');
    for (let i = 0; i < 100; i++) expect(wrapped.nextGapMs(r2, i * 10)).toBeCloseTo(plain.nextGapMs(r1, i * 10), 9);
  });
});
