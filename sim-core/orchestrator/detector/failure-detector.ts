/**
 * Failure detectors over heartbeat arrivals, as production code: the live gateway and the
 * simulated control plane feed them the arrival times they observe (virtual or wall ms).
 *
 * - Timeout: suspect when nothing was heard for `timeoutMs`.
 * - Phi accrual (Hayashibara et al., 2004): phi = −log10 P(a heartbeat arrives later than now),
 *   with inter-arrival times modelled as normal over a sliding window; suspect when
 *   phi ≥ threshold. It adapts to jitter: a congested path raises σ and so the time to suspect.
 */
import { exp, log10 } from '../../des/det-math.ts';

/** Detector configuration. */
export type DetectorSpec =
  | { kind: 'timeout'; timeoutMs: number }
  | { kind: 'phi'; threshold: number; windowSize: number; minSdMs: number; firstIntervalMs: number };

/** Heartbeat history of one monitored node. */
export interface HeartbeatHistory {
  lastMs: number;
  /** Recent inter-arrival times (ring buffer), and how many are valid. */
  intervalsMs: Float64Array;
  count: number;
  cursor: number;
}

/** Empty history; `firstMs` is when monitoring started (counts as a heartbeat). */
export function newHistory(spec: DetectorSpec, firstMs: number): HeartbeatHistory {
  const size = spec.kind === 'phi' ? spec.windowSize : 1;
  return { lastMs: firstMs, intervalsMs: new Float64Array(size), count: 0, cursor: 0 };
}

/** Records a heartbeat received at `atMs` (late or duplicate arrivals older than the last are ignored). */
export function recordHeartbeat(h: HeartbeatHistory, atMs: number): void {
  if (atMs <= h.lastMs) return;
  const gap = atMs - h.lastMs;
  h.intervalsMs[h.cursor] = gap;
  h.cursor = (h.cursor + 1) % h.intervalsMs.length;
  h.count = Math.min(h.count + 1, h.intervalsMs.length);
  h.lastMs = atMs;
}

/** Phi at `nowMs` (0 when just heard). */
export function phi(spec: Extract<DetectorSpec, { kind: 'phi' }>, h: HeartbeatHistory, nowMs: number): number {
  let mean = spec.firstIntervalMs;
  let sd = spec.firstIntervalMs / 4;
  if (h.count > 0) {
    let sum = 0;
    for (let i = 0; i < h.count; i++) sum += h.intervalsMs[i]!;
    mean = sum / h.count;
    let ss = 0;
    for (let i = 0; i < h.count; i++) {
      const d = h.intervalsMs[i]! - mean;
      ss += d * d;
    }
    sd = Math.sqrt(ss / h.count);
  }
  sd = Math.max(sd, spec.minSdMs);
  const elapsed = nowMs - h.lastMs;
  const y = (elapsed - mean) / sd;
  // Logistic approximation of the normal tail (max error ~1e-4), stable for large y.
  const e = exp(-y * (1.5976 + 0.070566 * y * y));
  const pLater = elapsed > mean ? e / (1 + e) : 1 - 1 / (1 + e);
  return pLater <= 0 ? Infinity : -log10(pLater);
}

/** Whether the node is suspected at `nowMs`. */
export function isSuspected(spec: DetectorSpec, h: HeartbeatHistory, nowMs: number): boolean {
  if (spec.kind === 'timeout') return nowMs - h.lastMs >= spec.timeoutMs;
  return phi(spec, h, nowMs) >= spec.threshold;
}

/** Earliest time after `h.lastMs` at which the node would be suspected if nothing more arrives (for scheduling checks). */
export function suspicionTimeMs(spec: DetectorSpec, h: HeartbeatHistory): number {
  if (spec.kind === 'timeout') return h.lastMs + spec.timeoutMs;
  // phi is increasing in elapsed time: bisect on [0, hi].
  let lo = 0;
  let hi = Math.max(spec.firstIntervalMs, 1);
  while (phi(spec, h, h.lastMs + hi) < spec.threshold) hi *= 2;
  for (let i = 0; i < 50; i++) {
    const mid = (lo + hi) / 2;
    if (phi(spec, h, h.lastMs + mid) >= spec.threshold) hi = mid; else lo = mid;
  }
  return h.lastMs + hi;
}
