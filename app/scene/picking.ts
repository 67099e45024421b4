/**
 * Picking by instance id without raycasting: the shown items are projected to screen space
 * once per pointer move (a few thousand points at most, thanks to level of detail), and the
 * pointer picks the nearest item whose glyph it is over (its projected radius plus a few px of
 * slack), nearer-to-the-camera first on ties; failing that, the nearest segment within a few px.
 * Pure: arrays in, indices out.
 */

/** Extra px around a glyph or line that still counts as on it. */
export const PICK_SLACK_PX = 4;

/** Projected items: screen x, y (px from the top left), depth (clip w; ≤ 0 = behind the camera). */
export interface Projected { x: Float32Array; y: Float32Array; w: Float32Array; count: number }

/** Fresh projection buffers for up to `capacity` points. */
export function createProjected(capacity: number): Projected {
  return { x: new Float32Array(capacity), y: new Float32Array(capacity), w: new Float32Array(capacity), count: 0 };
}

/** Projects `count` points (xyz triples) with a column-major view-projection matrix into a width×height px viewport. */
export function projectPoints(viewProj: ArrayLike<number>, xyz: ArrayLike<number>, count: number, width: number, height: number, out: Projected): void {
  const m = viewProj;
  for (let i = 0; i < count; i++) {
    const x = xyz[i * 3]!, y = xyz[i * 3 + 1]!, z = xyz[i * 3 + 2]!;
    const w = m[3]! * x + m[7]! * y + m[11]! * z + m[15]!;
    out.w[i] = w;
    if (w <= 0) continue;
    out.x[i] = ((m[0]! * x + m[4]! * y + m[8]! * z + m[12]!) / w * 0.5 + 0.5) * width;
    out.y[i] = (0.5 - (m[1]! * x + m[5]! * y + m[9]! * z + m[13]!) / w * 0.5) * height;
  }
  out.count = count;
}

/**
 * The item under (px, py): among points with w > 0 whose distance is within their radius
 * (worldRadius[i] · focalPx / w) plus slack, the one with the smallest distance-to-radius
 * ratio, the nearer one on ties; -1 when none.
 */
export function pickPoint(p: Projected, worldRadius: ArrayLike<number>, focalPx: number, px: number, py: number, slackPx = PICK_SLACK_PX): number {
  let best = -1, bestScore = Infinity, bestW = Infinity;
  for (let i = 0; i < p.count; i++) {
    const w = p.w[i]!;
    if (w <= 0) continue;
    const r = (worldRadius[i]! * focalPx) / w + slackPx;
    const dx = p.x[i]! - px, dy = p.y[i]! - py;
    const d2 = dx * dx + dy * dy;
    if (d2 > r * r) continue;
    const score = Math.sqrt(d2) / r;
    if (score < bestScore - 1e-6 || (Math.abs(score - bestScore) <= 1e-6 && w < bestW)) { best = i; bestScore = score; bestW = w; }
  }
  return best;
}

/** Distance in px from (px, py) to the segment (ax, ay)–(bx, by). */
export function distanceToSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax, dy = by - ay;
  const len2 = dx * dx + dy * dy;
  let t = len2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / len2 : 0;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** The segment (item ends ea[k], eb[k], projected in p) nearest (px, py) within `maxPx`; -1 when none. Segments with an end behind the camera are skipped. */
export function pickSegment(p: Projected, ea: ArrayLike<number>, eb: ArrayLike<number>, count: number, px: number, py: number, maxPx = PICK_SLACK_PX): number {
  let best = -1, bestD = maxPx;
  for (let k = 0; k < count; k++) {
    const a = ea[k]!, b = eb[k]!;
    if (a === b || !(p.w[a]! > 0) || !(p.w[b]! > 0)) continue;
    const d = distanceToSegment(px, py, p.x[a]!, p.y[a]!, p.x[b]!, p.y[b]!);
    if (d <= bestD) { best = k; bestD = d; }
  }
  return best;
}
