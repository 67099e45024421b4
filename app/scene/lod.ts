/**
 * Level of detail: how much of the hierarchy is drawn one node per glyph. Three steps, each
 * taken only when what it reveals is big enough on screen and the item budget allows it,
 * largest first:
 *   zone: collapsed to one glyph                 → open when its radius ≥ ZONE_OPEN_PX or one of
 *         its sites would open (a zone of one site is always open: its site decides)
 *   site: one glyph (level SITE_COLLAPSED)       → gateways/edge shown, sensors one glyph per
 *         gateway (SITE_GROUPED) when its radius ≥ SITE_OPEN_PX
 *         → every sensor shown (SITE_OPEN) when neighbouring sensors are ≥ SENSOR_OPEN_PX apart
 * Off-screen groups never open. What is open stays open until it shrinks below the threshold
 * divided by HYSTERESIS, so the view does not flicker at a boundary. Regional, cloud and mobile
 * nodes are always drawn. Pure: typed arrays and plain numbers in, levels out.
 */
import type { Hierarchy } from './hierarchy.ts';
import type { Layout } from './layout.ts';

export const ZONE_OPEN_PX = 48;
export const SITE_OPEN_PX = 14;
export const SENSOR_OPEN_PX = 5;
export const HYSTERESIS = 1.25;
/** Items (glyphs) the chooser may open up to, regional/cloud/mobile nodes not counted. */
export const DEFAULT_ITEM_BUDGET = 4000;

export const SITE_COLLAPSED = 0, SITE_GROUPED = 1, SITE_OPEN = 2;

/** Centres and radii (world units) of every group, site and zone for one layout. */
export interface GroupShapes {
  groupCenter: Float32Array; groupRadius: Float32Array;
  siteCenter: Float32Array; siteRadius: Float32Array;
  /** Per site: typical distance between neighbouring sensors (Infinity when it has no sensor groups). */
  siteSpacing: Float32Array;
  zoneCenter: Float32Array; zoneRadius: Float32Array;
}

/** Measures groups, sites and zones from the layout's (static) positions. */
export function measureGroups(h: Hierarchy, L: Layout): GroupShapes {
  const p = L.position;
  const groupCenter = new Float32Array(h.groupCount * 3), groupRadius = new Float32Array(h.groupCount);
  const siteCenter = new Float32Array(h.siteCount * 3), siteRadius = new Float32Array(h.siteCount);
  const siteSpacing = new Float32Array(h.siteCount).fill(Infinity);
  const zoneCenter = new Float32Array(h.zoneCount * 3), zoneRadius = new Float32Array(h.zoneCount);
  const centre = (members: ArrayLike<number>, a: number, b: number, y: number, out: Float32Array, o: number): number => {
    let x = 0, z = 0;
    for (let k = a; k < b; k++) { x += p[members[k]! * 3]!; z += p[members[k]! * 3 + 2]!; }
    const c = Math.max(1, b - a);
    out[o * 3] = x / c; out[o * 3 + 1] = y; out[o * 3 + 2] = z / c;
    let r = 0;
    for (let k = a; k < b; k++) r = Math.max(r, Math.hypot(p[members[k]! * 3]! - out[o * 3]!, p[members[k]! * 3 + 2]! - out[o * 3 + 2]!));
    return r + 0.3 * L.glyphScale;
  };
  for (let g = 0; g < h.groupCount; g++) {
    groupRadius[g] = centre(h.groupMembers, h.groupStart[g]!, h.groupStart[g + 1]!, L.tierY[0]!, groupCenter, g);
  }
  const siteMembers = new Int32Array(h.nodeCount);
  const start = new Int32Array(h.siteCount + 1);
  for (let i = 0; i < h.nodeCount; i++) if (h.siteOf[i]! >= 0) start[h.siteOf[i]! + 1]++;
  for (let s = 0; s < h.siteCount; s++) start[s + 1] += start[s]!;
  const at = start.slice(0, -1);
  for (let i = 0; i < h.nodeCount; i++) if (h.siteOf[i]! >= 0) siteMembers[at[h.siteOf[i]!]!++] = i;
  for (let s = 0; s < h.siteCount; s++) {
    siteRadius[s] = centre(siteMembers, start[s]!, start[s + 1]!, L.tierY[1]!, siteCenter, s);
    for (let k = h.siteGroupStart[s]!; k < h.siteGroupStart[s + 1]!; k++) {
      const g = h.siteGroups[k]!, count = h.groupStart[g + 1]! - h.groupStart[g]!;
      if (count > 1) siteSpacing[s] = Math.min(siteSpacing[s]!, groupRadius[g]! / Math.sqrt(count));
    }
  }
  for (let z = 0; z < h.zoneCount; z++) {
    const a = h.zoneSiteStart[z]!, b = h.zoneSiteStart[z + 1]!;
    let x = 0, zz = 0;
    for (let k = a; k < b; k++) { x += siteCenter[h.zoneSites[k]! * 3]!; zz += siteCenter[h.zoneSites[k]! * 3 + 2]!; }
    const c = Math.max(1, b - a);
    zoneCenter[z * 3] = x / c; zoneCenter[z * 3 + 1] = L.tierY[1]!; zoneCenter[z * 3 + 2] = zz / c;
    let r = 0;
    for (let k = a; k < b; k++) {
      const s = h.zoneSites[k]!;
      r = Math.max(r, Math.hypot(siteCenter[s * 3]! - zoneCenter[z * 3]!, siteCenter[s * 3 + 2]! - zoneCenter[z * 3 + 2]!) + siteRadius[s]!);
    }
    zoneRadius[z] = r;
  }
  return { groupCenter, groupRadius, siteCenter, siteRadius, siteSpacing, zoneCenter, zoneRadius };
}

/** The camera as the chooser sees it. */
export interface LodView {
  /** Camera position. */
  eye: ArrayLike<number>;
  /** projection × view, column-major (three's Matrix4.elements). */
  viewProj: ArrayLike<number>;
  /** Pixels per world unit at distance 1: viewport height / (2 tan(fov/2)). */
  focalPx: number;
}

/** Priority weight of a point on screen: 1 at the centre, falling to about 0.4 in the corners (what the user looks at opens first). */
export function focusWeight(view: LodView, c: ArrayLike<number>, o: number): number {
  const x = c[o * 3]!, y = c[o * 3 + 1]!, z = c[o * 3 + 2]!, m = view.viewProj;
  const cw = m[3]! * x + m[7]! * y + m[11]! * z + m[15]!;
  if (cw <= 0) return 0.4;
  const nx = (m[0]! * x + m[4]! * y + m[8]! * z + m[12]!) / cw, ny = (m[1]! * x + m[5]! * y + m[9]! * z + m[13]!) / cw;
  return 1 / (1 + 0.8 * Math.min(2, nx * nx + ny * ny));
}

/** Screen radius in px of a sphere (centre at c[o*3..], radius r), or 0 when it is off screen. */
export function screenRadiusPx(view: LodView, c: ArrayLike<number>, o: number, r: number): number {
  const x = c[o * 3]!, y = c[o * 3 + 1]!, z = c[o * 3 + 2]!;
  const dist = Math.hypot(x - view.eye[0]!, y - view.eye[1]!, z - view.eye[2]!);
  if (dist <= r) return Infinity;
  const px = (r * view.focalPx) / dist;
  const m = view.viewProj;
  const cw = m[3]! * x + m[7]! * y + m[11]! * z + m[15]!;
  if (cw <= 0) return 0;
  const nx = (m[0]! * x + m[4]! * y + m[8]! * z + m[12]!) / cw;
  const ny = (m[1]! * x + m[5]! * y + m[9]! * z + m[13]!) / cw;
  // NDC slack for the sphere's extent (its projected radius relative to the NDC half-height, generously).
  const slack = (r / dist) * 2 * Math.max(Math.abs(m[0]!), Math.abs(m[5]!)) + 0.05;
  if (nx < -1 - slack || nx > 1 + slack || ny < -1 - slack || ny > 1 + slack) return 0;
  return px;
}

/** Chosen levels: per zone open (1) or collapsed (0); per site SITE_*. */
export interface Levels { zoneOpen: Uint8Array; siteLevel: Uint8Array }

/** Levels with everything collapsed (the start before any camera is known). */
export function collapsedLevels(h: Hierarchy): Levels {
  return { zoneOpen: new Uint8Array(h.zoneCount), siteLevel: new Uint8Array(h.siteCount) };
}

/** Items a site shows at SITE_GROUPED: its one-by-one nodes plus one glyph per sensor group of 2+ (a lone sensor is itself). */
export function groupedItems(h: Hierarchy, s: number): number {
  return h.siteNodeStart[s + 1]! - h.siteNodeStart[s]! + h.siteGroupStart[s + 1]! - h.siteGroupStart[s]!;
}

/**
 * Chooses levels for a view within `budget` items (see the file comment); `prev` gives
 * hysteresis. Where the budget does not stretch to everything that qualifies, what is nearer the
 * middle of the screen goes first, and the site of `focusNode` (the selection) before all.
 */
export function chooseLevels(h: Hierarchy, g: GroupShapes, view: LodView, prev: Levels | null, budget = DEFAULT_ITEM_BUDGET, focusNode = -1): Levels {
  const out = collapsedLevels(h);
  const wasOpen = (z: number) => (prev?.zoneOpen[z] ?? 0) === 1;
  let used = h.zoneCount;
  const focusSite = focusNode >= 0 && focusNode < h.nodeCount ? h.siteOf[focusNode]! : -1;
  const focusZone = focusSite >= 0 ? h.siteZone[focusSite]! : -1;
  // A zone opens when it is big on screen, or when one of its sites would open by itself.
  const sitePx = new Float32Array(h.siteCount);
  for (let s = 0; s < h.siteCount; s++) sitePx[s] = screenRadiusPx(view, g.siteCenter, s, g.siteRadius[s]!);
  const zones: { z: number; ratio: number; key: number }[] = [];
  for (let z = 0; z < h.zoneCount; z++) {
    let best = screenRadiusPx(view, g.zoneCenter, z, g.zoneRadius[z]!) / ZONE_OPEN_PX;
    for (let k = h.zoneSiteStart[z]!; k < h.zoneSiteStart[z + 1]!; k++) best = Math.max(best, sitePx[h.zoneSites[k]!]! / SITE_OPEN_PX);
    const ratio = best * (wasOpen(z) ? HYSTERESIS : 1);
    zones.push({ z, ratio, key: z === focusZone ? Infinity : ratio * focusWeight(view, g.zoneCenter, z) });
  }
  zones.sort(byKey);
  const sites: { s: number; ratio: number; key: number }[] = [];
  for (const { z, ratio } of zones) {
    const a = h.zoneSiteStart[z]!, b = h.zoneSiteStart[z + 1]!;
    // A zone of one site opens for free: its site decides alone.
    if ((ratio < 1 && b - a > 1) || used + (b - a - 1) > budget) continue;
    out.zoneOpen[z] = 1; used += b - a - 1;
    for (let k = a; k < b; k++) {
      const s = h.zoneSites[k]!;
      const r = (sitePx[s]! / SITE_OPEN_PX) * ((prev?.siteLevel[s] ?? 0) >= SITE_GROUPED ? HYSTERESIS : 1);
      sites.push({ s, ratio: r, key: s === focusSite ? Infinity : r * focusWeight(view, g.siteCenter, s) });
    }
  }
  // A one-node site has nothing to collapse: it always shows its node.
  sites.sort(byKey);
  const grouped: { s: number; ratio: number; key: number }[] = [];
  for (const { s, ratio } of sites) {
    const cost = groupedItems(h, s) - 1;
    if (h.siteSize[s] === 1) { out.siteLevel[s] = SITE_OPEN; continue; }
    if (ratio < 1 || used + cost > budget) continue;
    out.siteLevel[s] = SITE_GROUPED; used += cost;
    if (!Number.isFinite(g.siteSpacing[s]!)) { out.siteLevel[s] = SITE_OPEN; continue; }
    const px = screenRadiusPx(view, g.siteCenter, s, g.siteSpacing[s]!);
    const r = (px / SENSOR_OPEN_PX) * ((prev?.siteLevel[s] ?? 0) === SITE_OPEN ? HYSTERESIS : 1);
    grouped.push({ s, ratio: r, key: s === focusSite ? Infinity : r * focusWeight(view, g.siteCenter, s) });
  }
  grouped.sort(byKey);
  for (const { s, ratio } of grouped) {
    const cost = h.siteSize[s]! - (h.siteNodeStart[s + 1]! - h.siteNodeStart[s]!) - (h.siteGroupStart[s + 1]! - h.siteGroupStart[s]!);
    if (ratio < 1 || used + cost > budget) continue;
    out.siteLevel[s] = SITE_OPEN; used += cost;
  }
  return out;
}

function byKey(a: { key: number; ratio: number }, b: { key: number; ratio: number }): number {
  return b.key - a.key || b.ratio - a.ratio;
}

/** True when two level choices are the same. */
export function sameLevels(a: Levels, b: Levels): boolean {
  if (a.zoneOpen.length !== b.zoneOpen.length || a.siteLevel.length !== b.siteLevel.length) return false;
  for (let i = 0; i < a.zoneOpen.length; i++) if (a.zoneOpen[i] !== b.zoneOpen[i]) return false;
  for (let i = 0; i < a.siteLevel.length; i++) if (a.siteLevel[i] !== b.siteLevel[i]) return false;
  return true;
}
