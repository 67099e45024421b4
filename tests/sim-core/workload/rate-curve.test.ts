import { describe, expect, it } from 'vitest';
import { createRng } from '../../../sim-core/des/rng.ts';
import { createCurveArrival } from '../../../sim-core/workload/curve-arrival.ts';
import { DAY_MS, expectedArrivals, maxRate, rateAt, type RateCurve } from '../../../sim-core/workload/rate-curve.ts';
import { parseRateTraceCsv } from '../../../sim-core/workload/rate-trace-csv.ts';

const pl: RateCurve = { kind: 'piecewise-linear', points: [{ atMs: 0, ratePerS: 10 }, { atMs: 1000, ratePerS: 20 }, { atMs: 3000, ratePerS: 0 }] };
// Daily triangle: 0/s at midnight, 10/s at noon, back to 0 at the next midnight (wrap segment).
const daily: RateCurve = { kind: 'piecewise-linear', periodMs: DAY_MS, points: [{ atMs: 0, ratePerS: 0 }, { atMs: 43_200_000, ratePerS: 10 }] };
const sine: RateCurve = { kind: 'sinusoidal', meanPerS: 10, amplitudePerS: 5, periodMs: 1000, peakAtMs: 0 };
const clamped: RateCurve = { kind: 'sinusoidal', meanPerS: 1, amplitudePerS: 3, periodMs: 1000, peakAtMs: 0 };
const step: RateCurve = { kind: 'step', beforePerS: 1, afterPerS: 5, atMs: 1000 };
const trace: RateCurve = { kind: 'trace', points: [{ atMs: 0, ratePerS: 2 }, { atMs: 1000, ratePerS: 4 }] };
const flat10: RateCurve = { kind: 'step', beforePerS: 10, afterPerS: 10, atMs: 0 };
const crowd: RateCurve = { kind: 'flash-crowd', base: flat10, atMs: 1000, riseMs: 1000, holdMs: 2000, decayMs: 1000, multiplier: 3 };

describe('rateAt', () => {
  it.each<[string, RateCurve, number, number]>([
    ['pl before first (constant)', pl, -5, 10],
    ['pl at a point', pl, 1000, 20],
    ['pl 10 + (20-10)*500/1000', pl, 500, 15],
    ['pl 20 + (0-20)*1000/2000', pl, 2000, 10],
    ['pl after last (constant)', pl, 5000, 0],
    ['daily 0 + 10*0.25/0.5 at 06:00', daily, 21_600_000, 5],
    ['daily wrap 10 + (0-10)*0.5 at 18:00', daily, 64_800_000, 5],
    ['daily next day 06:00', daily, DAY_MS + 21_600_000, 5],
    ['daily previous day 18:00', daily, -21_600_000, 5],
    ['sine peak 10 + 5*cos 0', sine, 0, 15],
    ['sine quarter 10 + 5*cos(pi/2)', sine, 250, 10],
    ['sine trough 10 + 5*cos(pi)', sine, 500, 5],
    ['sine next peak', sine, 1000, 15],
    ['clamped trough 1 - 3 = -2 -> 0', clamped, 500, 0],
    ['step before', step, 999, 1],
    ['step at atMs takes after', step, 1000, 5],
    ['trace before first uses first', trace, -1, 2],
    ['trace held', trace, 999, 2],
    ['trace at sample', trace, 1000, 4],
    ['trace after last', trace, 9999, 4],
    ['crowd before', crowd, 500, 10],
    ['crowd rise 10*(1 + 2*0.5)', crowd, 1500, 20],
    ['crowd hold 10*3', crowd, 2000, 30],
    ['crowd hold end', crowd, 3999, 30],
    ['crowd decay 10*(3 - 2*0.5)', crowd, 4500, 20],
    ['crowd after', crowd, 5000, 10],
  ])('%s', (_name, curve, tMs, expected) => {
    expect(rateAt(curve, tMs)).toBeCloseTo(expected, 9);
  });
});

describe('maxRate', () => {
  it.each<[string, RateCurve, number, number, number]>([
    ['pl interior breakpoint', pl, 500, 2000, 20],
    ['pl no breakpoint: ends 15 and 17.5 (at 750)', pl, 500, 750, 17.5],
    ['sine contains peak at 1000', sine, 600, 1100, 15],
    ['sine no peak: max of ends 10 (250) vs 5 (500)', sine, 250, 500, 10],
    ['step crossing', step, 0, 2000, 5],
    ['step before only', step, 0, 999, 1],
    ['trace', trace, -100, 1500, 4],
    ['crowd over hold', crowd, 0, 6000, 30],
    ['crowd before', crowd, 0, 900, 10],
  ])('%s', (_n, curve, a, b, expected) => {
    expect(maxRate(curve, a, b)).toBeCloseTo(expected, 9);
  });
});

describe('expectedArrivals', () => {
  it.each<[string, RateCurve, number, number, number]>([
    // (10+20)/2*1 s + (20+0)/2*2 s = 15 + 20
    ['pl over its points', pl, 0, 3000, 35],
    // (15+20)/2*0.5 s + (20+10)/2*1 s = 8.75 + 15
    ['pl partial', pl, 500, 2000, 23.75],
    // 10*1 s before + 35 + 0 after
    ['pl beyond both ends', pl, -1000, 4000, 45],
    // triangle, average 5/s over 86400 s
    ['daily one day', daily, 0, DAY_MS, 432_000],
    ['daily two days from 06:00', daily, 21_600_000, 2 * DAY_MS + 21_600_000, 864_000],
    // 1*1 s + 5*1 s
    ['step', step, 0, 2000, 6],
    // 2*1 s + 4*0.5 s
    ['trace', trace, 0, 1500, 4],
    // a whole period of the unclamped sine: mean 10 * 1 s
    ['sine one period', sine, 0, 1000, 10],
    // 60 base + extra: rise (0+20)/2*1 s + hold 20*2 s + decay (20+0)/2*1 s
    ['crowd', crowd, 0, 6000, 120],
  ])('%s', (_n, curve, a, b, expected) => {
    expect(expectedArrivals(curve, a, b)).toBeCloseTo(expected, 6);
  });

  it('clamped sine by Simpson matches the closed form', () => {
    // rate = max(0, 1 + 3cos θ); positive where cos θ > -1/3, θ0 = acos(-1/3).
    // Integral over a period (1 s): (1/2π)·∫(1+3cos θ) over |θ|<θ0 = (2θ0 + 6 sin θ0)/(2π).
    const th = Math.acos(-1 / 3);
    const exact = (2 * th + 6 * Math.sin(th)) / (2 * Math.PI);
    expect(expectedArrivals(clamped, 0, 1000)).toBeCloseTo(exact, 4);
  });
});

describe('parseRateTraceCsv', () => {
  it('reads time_s (seconds → ms) and at_ms', () => {
    expect(parseRateTraceCsv('time_s,rate_per_s\n0,1\n1.5,2\n', 'a.csv')).toEqual({
      kind: 'trace', points: [{ atMs: 0, ratePerS: 1 }, { atMs: 1500, ratePerS: 2 }],
    });
    expect(parseRateTraceCsv('# comment\r\nat_ms,rate_per_s\r\n\r\n0,3\r\n250,0\r\n', 'b.csv').points)
      .toEqual([{ atMs: 0, ratePerS: 3 }, { atMs: 250, ratePerS: 0 }]);
  });

  it.each<[string, string, string]>([
    ['non-number', 'time_s,rate_per_s\n0,1\nabc,2\n', 'bad.csv:3: column time_s: expected a number, got "abc"'],
    ['negative rate', 'time_s,rate_per_s\n0,-1\n', 'bad.csv:2: column rate_per_s: rate must be ≥ 0, got -1'],
    ['non-increasing time', 'at_ms,rate_per_s\n0,1\n5,1\n5,2\n', 'bad.csv:4: column at_ms: time must increase, got 5 after 5'],
  ])('%s', (_n, text, message) => {
    expect(() => parseRateTraceCsv(text, 'bad.csv')).toThrow(message);
  });

  it('rejects a wrong header', () => {
    expect(() => parseRateTraceCsv('t,r\n0,1\n', 'h.csv')).toThrow('h.csv:1: expected header');
  });
});

/** Runs the process from fromMs until the first arrival ≥ toMs; returns the arrivals in [fromMs, toMs). */
function sample(curve: RateCurve, seed: number, fromMs: number, toMs: number): number[] {
  const arrival = createCurveArrival(curve);
  const rng = createRng(seed, 'rate-curve-test');
  const out: number[] = [];
  for (let t = arrival.nextArrivalMs(rng, fromMs); t < toMs; t = arrival.nextArrivalMs(rng, t)) out.push(t);
  return out;
}

function expectStrictlyIncreasing(ts: number[]): void {
  for (let i = 1; i < ts.length; i++) if (!(ts[i]! > ts[i - 1]!)) throw new Error(`arrival ${i} at ${ts[i]} not after ${ts[i - 1]}`);
}

describe('createCurveArrival (thinning)', () => {
  it('step 1/s for 1000 s then 5/s for 1000 s: each half within 4σ', () => {
    const s: RateCurve = { kind: 'step', beforePerS: 1, afterPerS: 5, atMs: 1_000_000 };
    const ts = sample(s, 42, 0, 2_000_000);
    expectStrictlyIncreasing(ts);
    const first = ts.filter((t) => t < 1_000_000).length;
    const second = ts.length - first;
    const e1 = expectedArrivals(s, 0, 1_000_000); // 1/s * 1000 s = 1000, σ ≈ 31.6
    const e2 = expectedArrivals(s, 1_000_000, 2_000_000); // 5/s * 1000 s = 5000, σ ≈ 70.7
    expect(e1).toBe(1000);
    expect(e2).toBe(5000);
    expect(Math.abs(first - e1)).toBeLessThan(4 * Math.sqrt(e1));
    expect(Math.abs(second - e2)).toBeLessThan(4 * Math.sqrt(e2));
  });

  it('daily sinusoid over one day within 4σ', () => {
    // mean 2/s over 86400 s = 172800 (amplitude integrates to 0 over a period), σ ≈ 415.7.
    const c: RateCurve = { kind: 'sinusoidal', meanPerS: 2, amplitudePerS: 1.5, peakAtMs: 14 * 3_600_000 };
    const ts = sample(c, 7, 0, DAY_MS);
    expectStrictlyIncreasing(ts);
    const e = expectedArrivals(c, 0, DAY_MS);
    expect(e).toBeCloseTo(172_800, 6);
    expect(Math.abs(ts.length - e)).toBeLessThan(4 * Math.sqrt(e));
    // The peak half (08:00–20:00) sees more than the trough half.
    const peakHalf = ts.filter((t) => t >= 8 * 3_600_000 && t < 20 * 3_600_000).length;
    expect(peakHalf).toBeGreaterThan(ts.length - peakHalf);
  });

  it('returns Infinity once the rate is 0 for ever, and is deterministic per seed', () => {
    const off: RateCurve = { kind: 'step', beforePerS: 1, afterPerS: 0, atMs: 10_000 };
    const a = createCurveArrival(off);
    expect(a.nextArrivalMs(createRng(1, 's'), 10_000)).toBe(Infinity);
    expect(sample(off, 3, 0, Infinity).every((t) => t < 10_000)).toBe(true);
    expect(sample(step, 5, 0, 5000)).toEqual(sample(step, 5, 0, 5000));
  });
});
