/**
 * Mobility, pure: where a moving node is at a given time, and which attachment point (cell
 * tower, access point) it should use, with hysteresis so it does not flap between two towers.
 */
import { hypot } from '../des/det-math.ts';

/** A point on the map in km (x east, y north). */
export interface PointKm { xKm: number; yKm: number }

/** Euclidean distance in km. */
export function distanceKm(p: PointKm, q: PointKm): number {
  return hypot(p.xKm - q.xKm, p.yKm - q.yKm);
}

/**
 * Position at timeMs (>= 0) moving at constant speedMps along the waypoints from the first one;
 * stops at the last waypoint, or with `loop` returns to the first along the closing segment and repeats.
 */
export function positionAt(waypoints: readonly PointKm[], speedMps: number, loop: boolean, timeMs: number): PointKm {
  if (waypoints.length === 0) throw new Error('positionAt: no waypoints');
  if (!(speedMps >= 0 && Number.isFinite(speedMps))) throw new Error(`positionAt: speedMps must be finite and >= 0, got ${speedMps}`);
  if (!(timeMs >= 0)) throw new Error(`positionAt: timeMs must be >= 0, got ${timeMs}`);
  const first = waypoints[0]!;
  const segCount = loop ? waypoints.length : waypoints.length - 1;
  const lengthsKm: number[] = [];
  let totalKm = 0;
  for (let i = 0; i < segCount; i++) {
    const d = distanceKm(waypoints[i]!, waypoints[(i + 1) % waypoints.length]!);
    lengthsKm.push(d);
    totalKm += d;
  }
  if (totalKm === 0 || speedMps === 0) return { xKm: first.xKm, yKm: first.yKm };
  // m/s × ms = mm; / 1e6 → km.
  let dKm = (speedMps * timeMs) / 1e6;
  if (loop) dKm %= totalKm;
  else if (dKm >= totalKm) {
    const last = waypoints[waypoints.length - 1]!;
    return { xKm: last.xKm, yKm: last.yKm };
  }
  for (let i = 0; i < segCount; i++) {
    const len = lengthsKm[i]!;
    if (dKm < len) {
      const p = waypoints[i]!, q = waypoints[(i + 1) % waypoints.length]!;
      const f = dKm / len;
      return { xKm: p.xKm + (q.xKm - p.xKm) * f, yKm: p.yKm + (q.yKm - p.yKm) * f };
    }
    dKm -= len;
  }
  // Rounding left dKm a hair past the end of the path: that is the closing point.
  const end = loop ? first : waypoints[waypoints.length - 1]!;
  return { xKm: end.xKm, yKm: end.yKm };
}

/**
 * Index of the candidate to attach to at pos: the current one (currentIndex, -1 for none) while it
 * is within rangeKm, unless another in range is closer by more than handoverMarginKm; otherwise
 * the nearest in range (ties: lower index); -1 when none is in range.
 */
export function chooseAttachment(pos: PointKm, candidatePositions: readonly PointKm[], currentIndex: number, rangeKm: number, handoverMarginKm: number): number {
  if (!(rangeKm >= 0)) throw new Error(`chooseAttachment: rangeKm must be >= 0, got ${rangeKm}`);
  if (!(handoverMarginKm >= 0)) throw new Error(`chooseAttachment: handoverMarginKm must be >= 0, got ${handoverMarginKm}`);
  if (!(Number.isInteger(currentIndex) && currentIndex >= -1 && currentIndex < candidatePositions.length)) {
    throw new Error(`chooseAttachment: currentIndex ${currentIndex} out of range [-1, ${candidatePositions.length})`);
  }
  let best = -1, bestKm = Infinity;
  candidatePositions.forEach((c, i) => {
    const d = distanceKm(pos, c);
    if (d <= rangeKm && d < bestKm) { best = i; bestKm = d; }
  });
  if (currentIndex < 0) return best;
  const curKm = distanceKm(pos, candidatePositions[currentIndex]!);
  if (curKm > rangeKm) return best;
  return bestKm < curKm - handoverMarginKm ? best : currentIndex;
}
