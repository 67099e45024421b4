/**
 * Paired comparison of a variant against the base over the same seeds (common random numbers):
 * the per-seed differences (variant − base) get a Student t 95% confidence interval, and the
 * verdict says whether the interval excludes 0 and in which direction.
 */
import { checkDirection, verdictFromInterval, type Direction, type Verdict } from './direction.ts';
import { checkSample, meanAndSd, tInterval } from './summary.ts';
import { tCdf } from './student-t.ts';

/** Result of `pairedDifference`: statistics of d_i = variant_i − base_i. */
export interface PairedDifference {
  n: number;
  /** Mean of variant − base (negative: the variant is lower). */
  meanDiff: number;
  /** Sample standard deviation of the differences; NaN when n = 1. */
  sd: number;
  /** 95% CI for the mean difference; [-Infinity, Infinity] when n = 1. */
  ci95: [number, number];
  /** Paired t statistic meanDiff / (sd/√n); 0 when every difference is 0. */
  t: number;
  /** Degrees of freedom, n − 1. */
  df: number;
  /** Two-sided p-value of H0: mean difference = 0 (1 when n = 1). */
  pValue: number;
  verdict: Verdict;
}

/** Two-sided p-value of a t statistic; a zero standard error gives t = ±Infinity and p = 0. */
export function twoSidedP(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return 1;
  return Math.min(1, 2 * tCdf(-Math.abs(t), df));
}

/**
 * Paired t comparison of `variant` against `base` (same length, seed-aligned, finite values);
 * `direction` says whether lower or higher is better for this metric. Throws on mismatched input.
 */
export function pairedDifference(base: ArrayLike<number>, variant: ArrayLike<number>, direction: Direction): PairedDifference {
  checkDirection(direction, 'pairedDifference');
  checkSample(base, 'pairedDifference(base)');
  checkSample(variant, 'pairedDifference(variant)');
  if (base.length !== variant.length) {
    throw new Error(`pairedDifference: base has ${base.length} values but variant has ${variant.length}; pairs must be seed-aligned`);
  }
  const n = base.length;
  const diffs = new Float64Array(n);
  for (let i = 0; i < n; i++) diffs[i] = variant[i]! - base[i]!;
  const { mean, sd } = meanAndSd(diffs);
  const ci95 = tInterval(mean, sd, n);
  const df = n - 1;
  const t = n < 2 ? NaN : mean === 0 ? 0 : mean / (sd / Math.sqrt(n));
  return {
    n,
    meanDiff: mean,
    sd,
    ci95,
    t: Number.isNaN(t) ? 0 : t,
    df,
    pValue: n < 2 ? 1 : twoSidedP(t, df),
    verdict: verdictFromInterval(ci95, direction),
  };
}
