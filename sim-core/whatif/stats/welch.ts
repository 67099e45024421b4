/**
 * Welch's unequal-variance t test for two independent samples (no seed pairing), with the
 * Welch–Satterthwaite degrees of freedom. Reports variant − base, like the paired comparison.
 */
import { checkDirection, verdictFromInterval, type Direction, type Verdict } from './direction.ts';
import { checkSample, meanAndSd } from './summary.ts';
import { tQuantile } from './student-t.ts';
import { twoSidedP } from './paired.ts';

/** Result of `welchTTest`. */
export interface WelchTest {
  nBase: number;
  nVariant: number;
  /** mean(variant) − mean(base). */
  meanDiff: number;
  /** Standard error of meanDiff, sqrt(s_b²/n_b + s_v²/n_v). */
  se: number;
  /** Welch–Satterthwaite df (non-integer); Infinity when both samples are constant. */
  df: number;
  t: number;
  pValue: number;
  /** 95% CI for meanDiff. */
  ci95: [number, number];
  verdict: Verdict;
}

/** Welch's t test of variant against base; each sample needs ≥ 2 finite values. */
export function welchTTest(base: ArrayLike<number>, variant: ArrayLike<number>, direction: Direction): WelchTest {
  checkDirection(direction, 'welchTTest');
  checkSample(base, 'welchTTest(base)', 2);
  checkSample(variant, 'welchTTest(variant)', 2);
  const nb = base.length;
  const nv = variant.length;
  const b = meanAndSd(base);
  const v = meanAndSd(variant);
  const vb = (b.sd * b.sd) / nb;
  const vv = (v.sd * v.sd) / nv;
  const meanDiff = v.mean - b.mean;
  const se = Math.sqrt(vb + vv);
  // Both variances zero: the difference is known exactly, so the interval collapses to a point.
  const vSum = vb + vv;
  const df = se === 0 ? Infinity : (vSum * vSum) / ((vb * vb) / (nb - 1) + (vv * vv) / (nv - 1));
  const t = meanDiff === 0 ? 0 : meanDiff / se;
  const half = se === 0 ? 0 : tQuantile(0.975, df) * se;
  const ci95: [number, number] = [meanDiff - half, meanDiff + half];
  return {
    nBase: nb,
    nVariant: nv,
    meanDiff,
    se,
    df,
    t,
    pValue: twoSidedP(t, df),
    ci95,
    verdict: verdictFromInterval(ci95, direction),
  };
}
