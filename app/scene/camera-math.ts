/**
 * Camera placement for "fit all" and "fly to": pure math over plain numbers, so it is tested
 * without WebGL. The camera looks at `target` from a direction given by azimuth (around +y,
 * 0 = from +z) and elevation (above the horizon).
 */

/** Default view direction: a little from the right, 32° above the horizon. */
export const DEFAULT_AZIMUTH = 0.35;
export const DEFAULT_ELEVATION = (32 * Math.PI) / 180;
/** The geo layout is a map: looked at from higher up (55°). */
export const GEO_ELEVATION = (55 * Math.PI) / 180;

/** A camera pose: position and the point it looks at. */
export interface Pose { position: [number, number, number]; target: [number, number, number] }

/** Unit vector from the target towards the camera for an azimuth and elevation (radians). */
export function viewDirection(azimuth: number, elevation: number): [number, number, number] {
  const c = Math.cos(elevation);
  return [c * Math.sin(azimuth), Math.sin(elevation), c * Math.cos(azimuth)];
}

/**
 * The pose that fits the box (min, max) in a perspective view with vertical field of view
 * `fovDeg` and `aspect` (width / height), looking along `dir` (target → camera) at the box
 * centre, with `padding` (1.1 = 10 % margin). Exact for every corner of the box.
 */
export function fitBox(min: readonly number[], max: readonly number[], fovDeg: number, aspect: number, dir: readonly number[], padding = 1.1): Pose {
  const c = [0, 1, 2].map((k) => (min[k]! + max[k]!) / 2) as [number, number, number];
  // Camera basis: back = dir, right = up × back, up' = back × right.
  const back = normalize(dir);
  let right = cross([0, 1, 0], back);
  if (Math.hypot(...right) < 1e-6) right = [1, 0, 0];
  right = normalize(right);
  const up = cross(back, right);
  const tanV = Math.tan((fovDeg * Math.PI) / 360);
  const tanH = tanV * aspect;
  let dist = 0;
  for (let k = 0; k < 8; k++) {
    const p = [k & 1 ? max[0]! : min[0]!, k & 2 ? max[1]! : min[1]!, k & 4 ? max[2]! : min[2]!].map((v, j) => v - c[j]!);
    const u = dot(p, right), v = dot(p, up), w = dot(p, back);
    dist = Math.max(dist, w + (Math.abs(u) * padding) / tanH, w + (Math.abs(v) * padding) / tanV);
  }
  dist = Math.max(dist, 1e-3);
  return { position: [c[0] + back[0]! * dist, c[1] + back[1]! * dist, c[2] + back[2]! * dist], target: c };
}

/** The pose that looks at `target` from `distance`, keeping the current viewing direction (camera − old target). */
export function flyPose(camera: readonly number[], oldTarget: readonly number[], target: readonly number[], distance: number): Pose {
  let dir = [camera[0]! - oldTarget[0]!, camera[1]! - oldTarget[1]!, camera[2]! - oldTarget[2]!];
  if (Math.hypot(...dir) < 1e-9) dir = viewDirection(DEFAULT_AZIMUTH, DEFAULT_ELEVATION);
  const d = normalize(dir);
  return {
    position: [target[0]! + d[0]! * distance, target[1]! + d[1]! * distance, target[2]! + d[2]! * distance],
    target: [target[0]!, target[1]!, target[2]!],
  };
}

/** Smoothstep easing of t in 0..1 (0 and 1 at the ends, zero slope there). */
export function easeInOut(t: number): number {
  const x = t < 0 ? 0 : t > 1 ? 1 : t;
  return x * x * (3 - 2 * x);
}

/**
 * A point on the arc from a to b at t (0..1): a quadratic Bézier whose control point is lifted
 * by `lift` above the midpoint, written into out[o..o+2].
 */
export function arcPoint(a: ArrayLike<number>, ao: number, b: ArrayLike<number>, bo: number, t: number, lift: number, out: Float32Array | number[], o = 0): void {
  const u = 1 - t;
  for (let k = 0; k < 3; k++) {
    const mid = (a[ao + k]! + b[bo + k]!) / 2 + (k === 1 ? lift : 0);
    out[o + k] = u * u * a[ao + k]! + 2 * u * t * mid + t * t * b[bo + k]!;
  }
}

function normalize(v: readonly number[]): number[] {
  const l = Math.hypot(v[0]!, v[1]!, v[2]!) || 1;
  return [v[0]! / l, v[1]! / l, v[2]! / l];
}
function cross(a: readonly number[], b: readonly number[]): number[] {
  return [a[1]! * b[2]! - a[2]! * b[1]!, a[2]! * b[0]! - a[0]! * b[2]!, a[0]! * b[1]! - a[1]! * b[0]!];
}
function dot(a: readonly number[], b: readonly number[]): number {
  return a[0]! * b[0]! + a[1]! * b[1]! + a[2]! * b[2]!;
}
