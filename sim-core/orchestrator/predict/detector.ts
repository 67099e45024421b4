/**
 * The trend detector: per target (a node or a link), a sliding window of samples; it alarms when
 * the least-squares projection reaches the critical value within the horizon, and then stays
 * quiet for that target for `cooldownMs` (one alarm per episode). Pure: state in, alarms out.
 */
import { leastSquares, timeToCriticalMs, type Sample } from './trend.ts';

/** Detector parameters. */
export interface DetectorParams {
  /** Samples older than this (relative to the newest) leave the window. */
  windowMs: number;
  /** Alarm when the projected time to critical is at most this. */
  horizonMs: number;
  /** The signal's critical value (failure expected there). */
  critical: number;
  /** Fewest samples in the window before any forecast (default 3). */
  minSamples?: number;
  /** A slope at or under this is "not rising" (default 0). */
  minSlopePerMs?: number;
  /** Quiet time after an alarm on the same target (default horizonMs). */
  cooldownMs?: number;
}

/** One alarm: the target, when it was raised, and when the trend says the failure comes. */
export interface Alarm { target: number; atMs: number; predictedFailureAtMs: number; slopePerMs: number; level: number }

/** The windows of every target and when each last alarmed. */
export interface DetectorState { windows: Map<number, Sample[]>; lastAlarmMs: Map<number, number> }

/** Checks parameters; throws with the offending value (a programmer error: the scenario resolver validates user input). */
export function newDetector(p: DetectorParams): DetectorState {
  if (!(p.windowMs > 0)) throw new Error(`trend detector: windowMs must be > 0, got ${p.windowMs}`);
  if (!(p.horizonMs > 0)) throw new Error(`trend detector: horizonMs must be > 0, got ${p.horizonMs}`);
  if (!Number.isFinite(p.critical)) throw new Error(`trend detector: critical must be finite, got ${p.critical}`);
  if (p.minSamples !== undefined && !(p.minSamples >= 2)) throw new Error(`trend detector: minSamples must be ≥ 2, got ${p.minSamples}`);
  return { windows: new Map(), lastAlarmMs: new Map() };
}

/** Drops a target's window (its node went down: telemetry after it comes back starts afresh). */
export function resetTarget(st: DetectorState, target: number): void {
  st.windows.delete(target);
}

/** Adds one sample of `target`; returns an alarm when the projection crosses critical within the horizon. */
export function observe(st: DetectorState, p: DetectorParams, target: number, sample: Sample): Alarm | null {
  let w = st.windows.get(target);
  if (!w) { w = []; st.windows.set(target, w); }
  w.push(sample);
  while (w.length > 0 && w[0]!.tMs < sample.tMs - p.windowMs) w.shift();
  if (w.length < (p.minSamples ?? 3)) return null;
  const last = st.lastAlarmMs.get(target);
  if (last !== undefined && sample.tMs - last < (p.cooldownMs ?? p.horizonMs)) return null;
  const line = leastSquares(w);
  if (!line) return null;
  const ttc = timeToCriticalMs(line, p.critical, p.minSlopePerMs ?? 0);
  if (ttc > p.horizonMs) return null;
  st.lastAlarmMs.set(target, sample.tMs);
  return { target, atMs: sample.tMs, predictedFailureAtMs: sample.tMs + ttc, slopePerMs: line.slopePerMs, level: line.level };
}
