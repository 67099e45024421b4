/**
 * Exponential smoothing with a trend (Holt's linear method): level and trend, updated one sample
 * at a time, forecasting level + h·trend. With beta 0 and no trend it is the plain EWMA of
 * forecast.ts. Plain-data state, copy-on-write, like the other forecasters.
 */

/** Holt's linear method: level and trend (null level: no sample yet). */
export interface HoltState { alpha: number; beta: number; level: number | null; trend: number }

/** A new forecaster; alpha in (0, 1], beta in [0, 1]. */
export function holt(alpha: number, beta: number): HoltState {
  if (!(alpha > 0 && alpha <= 1)) throw new Error(`holt: alpha must be in (0, 1], got ${alpha}`);
  if (!(beta >= 0 && beta <= 1)) throw new Error(`holt: beta must be in [0, 1], got ${beta}`);
  return { alpha, beta, level: null, trend: 0 };
}

/** After one more sample: level = α·y + (1 − α)(level + trend); trend = β(level′ − level) + (1 − β)·trend. The first sample sets the level. */
export function holtUpdate(s: HoltState, y: number): HoltState {
  if (s.level === null) return { ...s, level: y };
  const level = s.alpha * y + (1 - s.alpha) * (s.level + s.trend);
  const trend = s.beta * (level - s.level) + (1 - s.beta) * s.trend;
  return { ...s, level, trend };
}

/** The forecast `stepsAhead` ≥ 0 samples after the last one: level + h·trend (NaN before any sample). */
export function holtForecast(s: HoltState, stepsAhead: number): number {
  return s.level === null ? NaN : s.level + stepsAhead * s.trend;
}
