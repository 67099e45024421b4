/**
 * Arrival processes of sensor streams: each source draws its next inter-arrival gap from one of
 * these. Pure given the Rng; MMPP and trace keep a little state, so create one per source.
 */
import type { Rng } from '../des/rng.ts';
import type { ArrivalModel } from '../scenario/model.ts';
import { createCurveArrival } from './curve-arrival.ts';
import { exponential } from './exponential-gap.ts';
import { DAY_MS, expectedArrivals, type RateCurve } from './rate-curve.ts';


/** Yields successive inter-arrival gaps in ms (always > 0 except for periodic jitter at 0). */
export interface ArrivalProcess {
  /** The gap from nowMs (the current emission) to the next one; Infinity when there is none (a curve at 0 for ever). Time-homogeneous kinds ignore nowMs. */
  nextGapMs(rng: Rng, nowMs: number): number;
  /** Mean arrival rate per second, for load estimates and tests. */
  readonly meanRatePerS: number;
  /** The first emission time in ms (when absent the twin draws a random phase within the first gap). */
  firstArrivalMs?(rng: Rng): number;
}

/** Creates the arrival process for one source. */
export function createArrival(model: ArrivalModel): ArrivalProcess {
  switch (model.kind) {
    case 'periodic': return periodic(model.periodMs, model.jitterMs);
    case 'poisson': return poisson(model.ratePerS);
    case 'mmpp': return mmpp(model.ratesPerS, model.meanStateMs);
    case 'trace': return trace(model.gapsMs);
    case 'curve': return curveProcess(model.curve);
  }
}

function periodic(periodMs: number, jitterMs: number): ArrivalProcess {
  if (!(periodMs > 0)) throw new Error(`periodic arrival needs periodMs > 0, got ${periodMs}`);
  return {
    meanRatePerS: 1000 / periodMs,
    // Symmetric jitter keeps the mean period; clamp so gaps stay positive.
    nextGapMs: (rng) => (jitterMs > 0 ? Math.max(1e-3, periodMs + (rng.next() * 2 - 1) * jitterMs) : periodMs),
  };
}

function poisson(ratePerS: number): ArrivalProcess {
  if (!(ratePerS > 0)) throw new Error(`poisson arrival needs ratePerS > 0, got ${ratePerS}`);
  const meanGapMs = 1000 / ratePerS;
  return { meanRatePerS: ratePerS, nextGapMs: (rng) => exponential(rng, meanGapMs) };
}

/**
 * Markov-modulated Poisson process. In state i arrivals are Poisson(rate_i); the state lasts
 * Exp(meanStateMs_i) and then moves to another state chosen uniformly (the next one in a
 * two-state MMPP). Both clocks are memoryless, so racing them is exact.
 */
function mmpp(ratesPerS: number[], meanStateMs: number[]): ArrivalProcess {
  const n = ratesPerS.length;
  if (n === 0 || meanStateMs.length !== n) throw new Error(`mmpp needs matching non-empty rates and meanState, got ${n} and ${meanStateMs.length}`);
  const totalMs = meanStateMs.reduce((s, x) => s + x, 0);
  // Time-average rate: states are visited uniformly (embedded chain is uniform over others).
  const meanRatePerS = ratesPerS.reduce((s, r, i) => s + r * meanStateMs[i]!, 0) / totalMs;
  // State in fields, not in a closure, so a checkpoint of the twin copies it.
  const process: ArrivalProcess & { state: number; stateLeftMs: number } = {
    meanRatePerS,
    state: 0,
    stateLeftMs: -1,
    nextGapMs(rng) {
      if (this.stateLeftMs < 0) this.stateLeftMs = exponential(rng, meanStateMs[0]!);
      let gapMs = 0;
      for (;;) {
        const rate = ratesPerS[this.state]!;
        const drawMs = rate > 0 ? exponential(rng, 1000 / rate) : Infinity;
        if (drawMs <= this.stateLeftMs) {
          this.stateLeftMs -= drawMs;
          return gapMs + drawMs;
        }
        gapMs += this.stateLeftMs;
        this.state = n === 2 ? 1 - this.state : (this.state + 1 + rng.int(n - 1)) % n;
        this.stateLeftMs = exponential(rng, meanStateMs[this.state]!);
      }
    },
  };
  return process;
}

function trace(gapsMs: number[]): ArrivalProcess {
  if (gapsMs.length === 0) throw new Error('trace arrival needs at least one gap');
  const meanGapMs = gapsMs.reduce((s, g) => s + g, 0) / gapsMs.length;
  const process: ArrivalProcess & { cursor: number } = {
    meanRatePerS: 1000 / meanGapMs,
    cursor: 0,
    nextGapMs() {
      const g = gapsMs[this.cursor]!;
      this.cursor = (this.cursor + 1) % gapsMs.length;
      return g;
    },
  };
  return process;
}

/** Mean rate of a curve over one period (its own, or a day), for load estimates. */
export function curveMeanRatePerS(curve: RateCurve): number {
  const periodMs = (curve.kind === 'piecewise-linear' || curve.kind === 'sinusoidal') && curve.periodMs !== undefined ? curve.periodMs : DAY_MS;
  return (expectedArrivals(curve, 0, periodMs) * 1000) / periodMs;
}

/** Non-homogeneous Poisson over a rate curve (thinning, curve-arrival.ts); holds no state, so sources may share it. */
function curveProcess(curve: RateCurve): ArrivalProcess {
  const sampler = createCurveArrival(curve);
  return {
    meanRatePerS: curveMeanRatePerS(curve),
    nextGapMs: (rng, nowMs) => sampler.nextArrivalMs(rng, nowMs) - nowMs,
    // A Poisson process needs no random phase: its first arrival after 0 is already uniform-like.
    firstArrivalMs: (rng) => sampler.nextArrivalMs(rng, 0),
  };
}
