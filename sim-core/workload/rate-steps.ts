/**
 * Step changes of a source's rate over any arrival process (a production batch that triples a
 * sensor network's rate for two hours). A curve is multiplied directly (kind 'scaled' in
 * rate-curve.ts); any other process runs on a changed clock: its gaps are drawn as usual and
 * laid out in operational time τ(t) = ∫₀ᵗ m(u) du, so a Poisson rate r becomes r·m(t), a
 * period p becomes p/m(t), and an MMPP's states pass m(t) times as fast.
 */
import type { Rng } from '../des/rng.ts';
import type { ArrivalProcess } from './arrivals.ts';
import type { RateStep } from './rate-curve.ts';

/** The time at which `gapMs` of operational time, counted from nowMs, has passed under the step factor (1 before the first step); Infinity if never. */
export function warpedArrivalMs(steps: readonly RateStep[], nowMs: number, gapMs: number): number {
  let k = 0;
  while (k < steps.length && steps[k]!.atMs <= nowMs) k++;
  let factor = k > 0 ? steps[k - 1]!.factor : 1;
  let tMs = nowMs;
  let leftMs = gapMs;
  for (;;) {
    const endMs = k < steps.length ? steps[k]!.atMs : Infinity;
    if (factor > 0) {
      const needMs = leftMs / factor;
      if (tMs + needMs <= endMs) return tMs + needMs;
      leftMs -= (endMs - tMs) * factor;
    }
    if (endMs === Infinity) return Infinity;
    tMs = endMs;
    factor = steps[k]!.factor;
    k++;
  }
}

/** Wraps a time-homogeneous process so its rate follows the steps; keeps the inner process's draws (one gap per emission). */
export function withRateSteps(inner: ArrivalProcess, steps: readonly RateStep[]): ArrivalProcess {
  return {
    meanRatePerS: inner.meanRatePerS,
    // Fields, not closure state: a checkpoint copies the inner process's state through `inner`.
    inner,
    steps,
    nextGapMs(rng: Rng, nowMs: number): number {
      return warpedArrivalMs(this.steps, nowMs, this.inner.nextGapMs(rng, nowMs)) - nowMs;
    },
    firstArrivalMs(rng: Rng): number {
      // The same draws as an unchanged source's first emission (a gap, then its phase).
      const gapMs = this.inner.nextGapMs(rng, 0);
      return warpedArrivalMs(this.steps, 0, gapMs * rng.next());
    },
  } as ArrivalProcess & { inner: ArrivalProcess; steps: readonly RateStep[] };
}
