/**
 * Descriptive statistics of a sample (one metric over seeds, say): mean, sample standard
 * deviation, extremes, percentiles and a Student t 95% confidence interval for the mean.
 */
import { exactSum } from './exact-sum.ts';
import { tQuantile } from './student-t.ts';

/** Summary of a sample; see `summary()` for definitions. */
export interface Summary {
  n: number;
  mean: number;
  /** Sample standard deviation (divisor n − 1); NaN when n = 1. */
  sd: number;
  min: number;
  max: number;
  p50: number;
  p95: number;
  p99: number;
  /** 95% CI for the mean, mean ± t(0.975, n−1)·sd/√n; [-Infinity, Infinity] when n = 1. */
  ci95: [number, number];
}

/** Throws unless xs is a non-empty array of finite numbers (a programmer error otherwise). */
export function checkSample(xs: ArrayLike<number>, where: string, minN = 1): void {
  if (xs.length < minN) throw new Error(`${where}: need at least ${minN} value(s), got ${xs.length}`);
  for (let i = 0; i < xs.length; i++) {
    if (!Number.isFinite(xs[i])) throw new Error(`${where}: value [${i}] is not a finite number: ${xs[i]}`);
  }
}

/**
 * Percentile p (0..100) of ascending-sorted values, by linear interpolation between order
 * statistics: Hyndman & Fan type 7, the default of R's quantile() and numpy.percentile.
 */
export function percentileSorted(sorted: ArrayLike<number>, p: number): number {
  if (!(p >= 0 && p <= 100)) throw new Error(`percentileSorted: p must be in [0, 100], got ${p}`);
  const n = sorted.length;
  if (n === 0) throw new Error('percentileSorted: empty sample');
  const h = (n - 1) * (p / 100);
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  const a = sorted[lo]!;
  const b = sorted[hi]!;
  // a + f·(b − a) can overshoot b by rounding; the percentile must stay between its neighbours.
  return Math.min(Math.max(a + (h - lo) * (b - a), a), b);
}

/** Mean and sample standard deviation (two-pass; the sum is exact so constant samples have sd 0). */
export function meanAndSd(xs: ArrayLike<number>): { mean: number; sd: number } {
  const n = xs.length;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    min = Math.min(min, xs[i]!);
    max = Math.max(max, xs[i]!);
  }
  const mean = Math.min(Math.max(exactSum(Array.from(xs)) / n, min), max);
  if (n < 2) return { mean, sd: NaN };
  const sq: number[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const d = xs[i]! - mean;
    sq[i] = d * d;
  }
  return { mean, sd: Math.sqrt(exactSum(sq) / (n - 1)) };
}

/** Student t interval mean ± t(1 − α/2, n − 1)·sd/√n at the given confidence (default 0.95). */
export function tInterval(mean: number, sd: number, n: number, confidence = 0.95): [number, number] {
  if (!(confidence > 0 && confidence < 1)) throw new Error(`tInterval: confidence must be in (0, 1), got ${confidence}`);
  if (n < 2) return [-Infinity, Infinity];
  const half = tQuantile(1 - (1 - confidence) / 2, n - 1) * (sd / Math.sqrt(n));
  return [mean - half, mean + half];
}

/** Summary of a non-empty sample of finite numbers; throws on an empty or non-finite sample. */
export function summary(xs: ArrayLike<number>): Summary {
  checkSample(xs, 'summary');
  const sorted = Float64Array.from(xs).sort();
  const n = sorted.length;
  const { mean, sd } = meanAndSd(sorted);
  return {
    n,
    mean,
    sd,
    min: sorted[0]!,
    max: sorted[n - 1]!,
    p50: percentileSorted(sorted, 50),
    p95: percentileSorted(sorted, 95),
    p99: percentileSorted(sorted, 99),
    ci95: tInterval(mean, sd, n),
  };
}
