/**
 * A tumbling window of readings: count, sum and sum of squares, so the mean and sd of the
 * values seen since the last reset cost O(1) per value. Pure data plus arithmetic.
 */
import type { Moments } from './accuracy.ts';

/** Running sums of one window. */
export interface ValueWindow { n: number; sum: number; sumSq: number }

/** An empty window. */
export function emptyWindow(): ValueWindow { return { n: 0, sum: 0, sumSq: 0 }; }

/** Adds one reading (mutates the window: it is the hot path). */
export function addValue(w: ValueWindow, x: number): void {
  w.n++;
  w.sum += x;
  w.sumSq += x * x;
}

/** Mean and population sd of the window; null when it holds no reading. */
export function windowMoments(w: ValueWindow): Moments | null {
  if (w.n === 0) return null;
  const mean = w.sum / w.n;
  const v = w.sumSq / w.n - mean * mean;
  return { mean, sd: Math.sqrt(v > 0 ? v : 0) };
}
