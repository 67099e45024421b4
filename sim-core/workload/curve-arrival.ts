/**
 * A non-homogeneous Poisson arrival process over a rate curve, by Lewis–Shedler thinning:
 * candidates at the curve's bound over a look-ahead window, each kept with probability rate/bound.
 */
import type { Rng } from '../des/rng.ts';
import { exponential } from './exponential-gap.ts';
import { checkRateCurve, maxRate, rateAt, zeroForever, type RateCurve } from './rate-curve.ts';

/** A non-homogeneous Poisson arrival process: successive arrival times in ms. */
export interface CurveArrival {
  /** The first arrival strictly after nowMs, or Infinity if the rate is 0 for ever after. */
  nextArrivalMs(rng: Rng, nowMs: number): number;
}

/** Default thinning look-ahead window: one hour of simulated time. */
export const DEFAULT_LOOKAHEAD_MS = 3_600_000;

/** Creates a Lewis–Shedler thinning sampler over a rate curve, bounding the rate per look-ahead window. */
export function createCurveArrival(curve: RateCurve, lookAheadMs: number = DEFAULT_LOOKAHEAD_MS): CurveArrival {
  checkRateCurve(curve);
  if (!(lookAheadMs > 0 && Number.isFinite(lookAheadMs))) throw new Error(`createCurveArrival: lookAheadMs must be > 0, got ${lookAheadMs}`);
  return {
    nextArrivalMs(rng: Rng, nowMs: number): number {
      if (!Number.isFinite(nowMs)) return Infinity;
      let tMs = nowMs;
      for (;;) {
        const endMs = tMs + lookAheadMs;
        const boundPerS = maxRate(curve, tMs, endMs);
        if (!(boundPerS > 0)) {
          if (zeroForever(curve, endMs)) return Infinity;
          tMs = endMs;
          continue;
        }
        const meanGapMs = 1000 / boundPerS;
        for (;;) {
          // Candidates are Poisson at the bound; the exponential is memoryless, so stopping at endMs is exact.
          tMs += exponential(rng, meanGapMs);
          if (tMs > endMs) { tMs = endMs; break; }
          if (rng.next() * boundPerS < rateAt(curve, tMs) && tMs > nowMs) return tMs;
        }
      }
    },
  };
}
