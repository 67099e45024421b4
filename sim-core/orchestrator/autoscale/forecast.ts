/**
 * Forecasts of a metric from its own history, for scaling ahead of demand: EWMA (level only) and
 * additive Holt-Winters with a seasonal period (e.g. a day of samples). Plain-data state, updated
 * copy-on-write one sample at a time, so the twin can checkpoint it and a live controller keep it.
 */

/** Exponentially weighted moving average: level only. */
export interface EwmaState { alpha: number; level: number | null }

/** A new EWMA with smoothing factor alpha in (0, 1]. */
export function ewma(alpha: number): EwmaState {
  if (!(alpha > 0 && alpha <= 1)) throw new Error(`ewma: alpha must be in (0, 1], got ${alpha}`);
  return { alpha, level: null };
}

/** EWMA after one more sample: level = α·y + (1 − α)·level (the first sample sets the level). */
export function ewmaUpdate(s: EwmaState, y: number): EwmaState {
  return { ...s, level: s.level === null ? y : s.alpha * y + (1 - s.alpha) * s.level };
}

/** Additive Holt-Winters: level, trend and one seasonal term per slot of the period. */
export interface HoltWintersState {
  alpha: number; beta: number; gamma: number;
  /** Samples per season (e.g. 96 for a day of 15-minute samples). */
  period: number;
  level: number; trend: number;
  /** season[i] is the term of slot i (slot = sample index mod period). */
  season: number[];
  /** Samples seen, including the two seasons used to start. */
  count: number;
}

/**
 * Starts Holt-Winters from the first two seasons of `history` (≥ 2 × period samples), placing
 * the level at the end of the first season, then updates through the rest. Exact on a linear
 * trend plus a zero-mean seasonal pattern.
 */
export function holtWintersFit(history: readonly number[], period: number, alpha: number, beta: number, gamma: number): HoltWintersState {
  if (!Number.isInteger(period) || period < 2) throw new Error(`holtWintersFit: period must be an integer ≥ 2, got ${period}`);
  for (const [name, v] of [['alpha', alpha], ['beta', beta], ['gamma', gamma]] as const) if (!(v >= 0 && v <= 1)) throw new Error(`holtWintersFit: ${name} must be in [0, 1], got ${v}`);
  if (history.length < 2 * period) throw new Error(`holtWintersFit: needs two seasons (${2 * period} samples), got ${history.length}`);
  const mean = (from: number) => { let sum = 0; for (let i = from; i < from + period; i++) sum += history[i]!; return sum / period; };
  const m1 = mean(0);
  const trend = (mean(period) - m1) / period;
  const mid = (period - 1) / 2;
  const season = Array.from({ length: period }, (_, i) => history[i]! - (m1 + trend * (i - mid)));
  let s: HoltWintersState = { alpha, beta, gamma, period, level: m1 + trend * mid, trend, season, count: period };
  for (let i = period; i < history.length; i++) s = holtWintersUpdate(s, history[i]!);
  return s;
}

/** Holt-Winters after one more sample (the additive recursions). */
export function holtWintersUpdate(s: HoltWintersState, y: number): HoltWintersState {
  const slot = s.count % s.period;
  const prevSeason = s.season[slot]!;
  const level = s.alpha * (y - prevSeason) + (1 - s.alpha) * (s.level + s.trend);
  const trend = s.beta * (level - s.level) + (1 - s.beta) * s.trend;
  const season = s.season.slice();
  season[slot] = s.gamma * (y - level) + (1 - s.gamma) * prevSeason;
  return { ...s, level, trend, season, count: s.count + 1 };
}

/** The forecast `stepsAhead` ≥ 1 samples after the last one seen: level + h·trend + season of that slot. */
export function holtWintersForecast(s: HoltWintersState, stepsAhead: number): number {
  if (!(Number.isInteger(stepsAhead) && stepsAhead >= 1)) throw new Error(`holtWintersForecast: stepsAhead must be an integer ≥ 1, got ${stepsAhead}`);
  return s.level + stepsAhead * s.trend + s.season[(s.count + stepsAhead - 1) % s.period]!;
}

/** Forecast error over paired samples: mean absolute error and MAPE (over actuals ≠ 0), in percent. */
export function forecastError(actual: readonly number[], predicted: readonly number[]): { maeAbs: number; mapePercent: number; n: number } {
  if (actual.length !== predicted.length) throw new Error(`forecastError: ${actual.length} actuals vs ${predicted.length} predictions`);
  let abs = 0; let pct = 0; let nPct = 0;
  actual.forEach((a, i) => {
    const e = Math.abs(a - predicted[i]!);
    abs += e;
    if (a !== 0) { pct += e / Math.abs(a); nPct++; }
  });
  return { maeAbs: actual.length ? abs / actual.length : 0, mapePercent: nPct ? (100 * pct) / nPct : 0, n: actual.length };
}
