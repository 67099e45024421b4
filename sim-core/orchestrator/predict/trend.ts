/**
 * Failure prediction from a telemetry trend: an ordinary least-squares line through the samples
 * of a sliding window, projected forward to the time the signal reaches its critical value.
 * Pure arithmetic, no state: the twin (twin/prediction.ts) or a gateway keeps the windows.
 */

/** One telemetry sample: time in ms and the signal's value (°C, an error ratio, …). */
export interface Sample { tMs: number; value: number }

/** A least-squares line: `slopePerMs` and the fitted value at `atMs`. */
export interface TrendLine { slopePerMs: number; atMs: number; level: number }

/**
 * Least-squares fit of value against time through `samples`; the level is the fitted value at
 * the last sample's time. Null with fewer than two samples or all at one time.
 */
export function leastSquares(samples: readonly Sample[]): TrendLine | null {
  const n = samples.length;
  if (n < 2) return null;
  let st = 0, sv = 0;
  for (const x of samples) { st += x.tMs; sv += x.value; }
  const mt = st / n, mv = sv / n;
  let stt = 0, stv = 0;
  for (const x of samples) { const dt = x.tMs - mt; stt += dt * dt; stv += dt * (x.value - mv); }
  if (stt === 0) return null;
  const slope = stv / stt;
  const last = samples[n - 1]!.tMs;
  return { slopePerMs: slope, atMs: last, level: mv + slope * (last - mt) };
}

/**
 * Time from the line's last sample until it reaches `critical`: 0 when the fitted level is
 * already there, Infinity when the signal is not rising (slope ≤ minSlopePerMs).
 */
export function timeToCriticalMs(line: TrendLine, critical: number, minSlopePerMs = 0): number {
  if (line.level >= critical) return 0;
  if (!(line.slopePerMs > minSlopePerMs)) return Infinity;
  return (critical - line.level) / line.slopePerMs;
}
