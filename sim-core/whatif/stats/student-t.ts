/**
 * Student t distribution: density, CDF (through the regularized incomplete beta function) and the
 * quantile (inverse CDF) for any real df > 0, including df = Infinity (the normal limit).
 * Quantiles are solved by safeguarded Newton iteration to ~1e-12 relative; df = 1 and df = 2
 * use their closed forms, and very large df the Cornish–Fisher expansion.
 */
import { exp, log, log1p, tan } from '../../des/det-math.ts';
import { incompleteBeta, lnGamma } from './special.ts';
import { normalQuantile } from './normal.ts';

function checkDf(fn: string, df: number): void {
  if (!(df > 0)) throw new Error(`${fn}: df must be > 0 (Infinity allowed), got ${df}`);
}

/** Density of Student t with `df` degrees of freedom at t. */
export function tPdf(t: number, df: number): number {
  checkDf('tPdf', df);
  if (df === Infinity) return exp(-0.5 * t * t) / Math.sqrt(2 * Math.PI);
  const lnC = lnGamma((df + 1) / 2) - lnGamma(df / 2) - 0.5 * log(df * Math.PI);
  return exp(lnC - ((df + 1) / 2) * log1p((t * t) / df));
}

/** P(T ≤ t) for Student t with `df` degrees of freedom. */
export function tCdf(t: number, df: number): number {
  checkDf('tCdf', df);
  if (Number.isNaN(t)) throw new Error(`tCdf: t must be a number, got ${t}`);
  if (t === Infinity) return 1;
  if (t === -Infinity) return 0;
  if (df === Infinity) return normalCdf(t);
  const t2 = t * t;
  // x and 1 − x computed separately so neither loses digits to cancellation.
  const x = df / (df + t2);
  const oneMinusX = t2 / (df + t2);
  const tail = 0.5 * incompleteBeta(x, df / 2, 0.5, oneMinusX);
  return t > 0 ? 1 - tail : tail;
}

/** Cornish–Fisher expansion of the t quantile around z (Abramowitz & Stegun 26.7.5), error O(df^-5). */
function cornishFisher(z: number, df: number): number {
  const z2 = z * z;
  const g1 = (z * (z2 + 1)) / 4;
  const g2 = (z * ((5 * z2 + 16) * z2 + 3)) / 96;
  const g3 = (z * (((3 * z2 + 19) * z2 + 17) * z2 - 15)) / 384;
  const g4 = (z * ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945)) / 92160;
  return z + (g1 + (g2 + (g3 + g4 / df) / df) / df) / df;
}

/** Beyond this df the Cornish–Fisher series is exact to double precision for |z| < 10. */
const CORNISH_FISHER_DF = 1e5;

/** t such that P(T ≤ t) = p for Student t with `df` degrees of freedom; p in [0, 1]. */
export function tQuantile(p: number, df: number): number {
  checkDf('tQuantile', df);
  if (!(p >= 0 && p <= 1)) throw new Error(`tQuantile: p must be in [0, 1], got ${p}`);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  if (df === Infinity) return normalQuantile(p);
  if (df === 1) return tan(Math.PI * (p - 0.5));
  if (df === 2) return (2 * p - 1) / Math.sqrt(2 * p * (1 - p));
  if (df > CORNISH_FISHER_DF) return cornishFisher(normalQuantile(p), df);
  // Solve in the lower tail (t < 0), where the CDF carries full relative precision; mirror after.
  const q = p < 0.5 ? p : 1 - p;
  const sign = p < 0.5 ? 1 : -1;
  let hi = 0;
  let lo = -1;
  while (tCdf(lo, df) > q) {
    hi = lo;
    lo *= 2;
    if (lo < -1e300) return sign * -Infinity;
  }
  let t = Math.min(hi, Math.max(lo, cornishFisher(normalQuantile(q), df)));
  for (let i = 0; i < 200; i++) {
    const f = tCdf(t, df) - q;
    if (f === 0) break;
    if (f > 0) hi = t; else lo = t;
    let next = t - f / tPdf(t, df);
    // Newton may leave the bracket where the density is flat; bisect then.
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    if (Math.abs(next - t) <= 1e-15 * Math.max(1, Math.abs(t))) {
      t = next;
      break;
    }
    t = next;
  }
  return sign * t;
}

/** Standard normal CDF via the complementary error function (erfc, W. J. Cody's rational fits). */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

/** erfc(x) with relative accuracy ~1e-15 (Numerical Recipes 3rd ed. 6.2.2 Chebyshev fit). */
function erfc(x: number): number {
  if (x < 0) return 2 - erfc(-x);
  const t = 2 / (2 + x);
  const ty = 4 * t - 2;
  let d = 0;
  let dd = 0;
  for (let j = ERFC_COF.length - 1; j > 0; j--) {
    const tmp = d;
    d = ty * d - dd + ERFC_COF[j]!;
    dd = tmp;
  }
  return t * exp(-x * x + 0.5 * (ERFC_COF[0]! + ty * d) - dd);
}

const ERFC_COF = [-1.3026537197817094, 6.4196979235649026e-1, 1.9476473204185836e-2,
  -9.561514786808631e-3, -9.46595344482036e-4, 3.66839497852761e-4, 4.2523324806907e-5,
  -2.0278578112534e-5, -1.624290004647e-6, 1.303655835580e-6, 1.5626441722e-8, -8.5238095915e-8,
  6.529054439e-9, 5.059343495e-9, -9.91364156e-10, -2.27365122e-10, 9.6467911e-11, 2.394038e-12,
  -6.886027e-12, 8.94487e-13, 3.13092e-13, -1.12708e-13, 3.81e-16, 7.106e-15, -1.523e-15,
  -9.4e-17, 1.21e-16, -2.8e-17];
