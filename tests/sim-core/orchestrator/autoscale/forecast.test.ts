/** EWMA and additive Holt-Winters against hand-computed values and signals they must reproduce exactly. */
import { describe, expect, it } from 'vitest';
import { ewma, ewmaUpdate, forecastError, holtWintersFit, holtWintersForecast, holtWintersUpdate } from '../../../../sim-core/orchestrator/autoscale/index.ts';

describe('EWMA', () => {
  it('level = α·y + (1 − α)·level, first sample sets it', () => {
    let s = ewma(0.5);
    // 10 → 10; 20 → 0.5·20 + 0.5·10 = 15; 0 → 7.5; 8 → 7.75
    const levels = [10, 20, 0, 8].map((y) => (s = ewmaUpdate(s, y)).level);
    expect(levels).toEqual([10, 15, 7.5, 7.75]);
    expect(() => ewma(0)).toThrow('alpha must be in (0, 1]');
  });
});

describe('Holt-Winters (additive)', () => {
  const pattern = [3, -1, -4, 2]; // zero-mean season of 4 slots
  const signal = (t: number) => 10 + 0.5 * t + pattern[t % 4]!;

  it('reproduces a linear trend plus a season exactly, for any smoothing', () => {
    const history = Array.from({ length: 12 }, (_, t) => signal(t));
    for (const [a, b, g] of [[0.2, 0.1, 0.3], [0.9, 0.5, 0.9], [0, 0, 0]]) {
      const s = holtWintersFit(history, 4, a!, b!, g!);
      for (let h = 1; h <= 9; h++) expect(holtWintersForecast(s, h)).toBeCloseTo(signal(11 + h), 9);
    }
  });

  it('starts as hand-computed: level at the end of season 1, trend from the season means', () => {
    // seasons [13,9.5,7,13.5] mean 10.75 and [15,11.5,9,15.5] mean 12.75 → trend 0.5; level 10.75 + 0.5·1.5 = 11.5
    const s = holtWintersFit(Array.from({ length: 8 }, (_, t) => signal(t)), 4, 0, 0, 0);
    expect(s.trend).toBeCloseTo(0.5, 12);
    // with α = β = 0 the level only advances by the trend: 11.5 + 4 × 0.5 = 13.5 after season 2
    expect(s.level).toBeCloseTo(13.5, 12);
    expect(s.season.map((x) => Math.round(x * 1e9) / 1e9)).toEqual(pattern);
  });

  it('one update by hand (α = 0.5, β = 0.5, γ = 0.5, period 2)', () => {
    // history [1, 3, 1, 3]: m1 = 2, m2 = 2, trend 0, level 2 + 0 = 2, season [-1, 1]
    let s = holtWintersFit([1, 3, 1, 3], 2, 0.5, 0.5, 0.5);
    expect([s.level, s.trend, s.season]).toEqual([2, 0, [-1, 1]]);
    // next sample 5 in slot 0: level = 0.5(5 − (−1)) + 0.5(2 + 0) = 4; trend = 0.5(4 − 2) + 0 = 1; season0 = 0.5(5 − 4) + 0.5(−1) = 0
    s = holtWintersUpdate(s, 5);
    expect([s.level, s.trend, s.season]).toEqual([4, 1, [0, 1]]);
    // forecast 1 ahead (slot 1): 4 + 1 + 1 = 6
    expect(holtWintersForecast(s, 1)).toBe(6);
  });

  it('refuses too little history', () => {
    expect(() => holtWintersFit([1, 2, 3], 2, 0.5, 0.5, 0.5)).toThrow('needs two seasons (4 samples), got 3');
  });
});

describe('forecastError', () => {
  it('MAE and MAPE (actual 0 left out of MAPE)', () => {
    // errors 1, 2, 0 → MAE 1; MAPE over 10 and 20: (10 % + 10 %)/2 = 10 %
    expect(forecastError([10, 20, 0], [11, 18, 0])).toEqual({ maeAbs: 1, mapePercent: 10, n: 3 });
  });
});
