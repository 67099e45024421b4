/**
 * Distribution specifications: plain data, as written in a scenario and passed to `sampler()`.
 * Parameters carry the unit of whatever they are used for (ms for times, bytes for sizes).
 */
export type DistSpec =
  | { dist: 'constant'; value: number }
  | { dist: 'exponential'; mean: number }
  | { dist: 'uniform'; min: number; max: number }
  /** Normal, truncated below at `min` (default -Infinity) by clamping. */
  | { dist: 'normal'; mean: number; sd: number; min?: number }
  /** Lognormal given the mean and standard deviation of the variable itself (not of its log). */
  | { dist: 'lognormal'; mean: number; sd: number }
  | { dist: 'weibull'; shape: number; scale: number }
  /** Pareto type I: scale = x_m (minimum value), shape = alpha. */
  | { dist: 'pareto'; shape: number; scale: number }
  /** Draws one of `values` (with optional `weights`) at random. */
  | { dist: 'empirical'; values: number[]; weights?: number[] }
  /** Replays `values` in order, wrapping around: a recorded trace. */
  | { dist: 'trace'; values: number[] };

/** Names of the distributions, for error messages and schema enums. */
export const DIST_NAMES = [
  'constant', 'exponential', 'uniform', 'normal', 'lognormal', 'weibull', 'pareto', 'empirical', 'trace',
] as const;
