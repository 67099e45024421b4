/**
 * Where every node sits, in world units (y up). Two layouts:
 *  - tiers: horizontal layers (sensors on the ground, then gateways, edge, regional, cloud);
 *    regions side by side along x, their zones side by side, each zone's sites in a small grid;
 *    a site's gateways sit above their sensor discs and its edge server above its gateways;
 *    regional nodes above their region, cloud nodes above the middle.
 *  - geo: x/z from the km positions (north is -z), y by tier; regional and cloud nodes the
 *    scenario did not place float above their region's placed nodes.
 * Mobile nodes move: `placeMobile` puts them around their current radio link end (tiers) or at
 * the frame's km position (geo). Pure: typed arrays in, typed arrays out.
 */
import type { FabricDescription } from '../../sim-core/twin/describe.ts';
import { T_CLOUD, T_EDGE, T_GATEWAY, T_REGIONAL, T_SENSOR, type Hierarchy } from './hierarchy.ts';

/** Which layout (the store's `viewLayout`). */
export type LayoutKind = 'tiers' | 'geo';

/** Distance between neighbouring sensors of a disc, in glyph units. */
export const SENSOR_SPACING = 0.24;
/** Width the geo layout maps the fabric's km extent onto, in world units. */
export const GEO_EXTENT = 200;
const GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5));

/** A computed layout. */
export interface Layout {
  kind: LayoutKind;
  /** Per node: x, y, z (mobile nodes: where they start; see placeMobile). */
  position: Float32Array;
  /** World units per glyph unit (node sizes scale with it): 1 in tiers, set by the fabric's density in geo. */
  glyphScale: number;
  /** Height of each tier (T_* index). */
  tierY: Float32Array;
  /** Per node: radius of the sensor disc around it (0 when nothing hangs from it). */
  discRadius: Float32Array;
  /** Per node: its slot among mobile nodes (ring position around the hub), else -1. */
  mobileSlot: Int32Array;
  /** Per region: a label anchor (x, y, z), NaN when the region has nothing drawn. */
  regionAnchor: Float32Array;
  /** Geo only: world x = (xKm - originKm[0]) · kmToWorld, world z = -(yKm - originKm[1]) · kmToWorld. */
  kmToWorld: number;
  originKm: [number, number];
}

/** Offset (dx, dz) of the k-th sensor of a disc (sunflower spiral, even density). */
export function discOffset(k: number, spacing: number, out: Float32Array | number[], offset = 0): void {
  const r = spacing * Math.sqrt(k + 0.5);
  const a = k * GOLDEN_ANGLE;
  out[offset] = r * Math.cos(a);
  out[offset + 1] = r * Math.sin(a);
}

/** Radius of a disc of `count` sensors (0 for none). */
export function discRadiusFor(count: number, spacing = SENSOR_SPACING): number {
  return count > 0 ? spacing * Math.sqrt(count) + spacing : 0;
}

/** Computes a layout of `kind` for the fabric. */
export function computeLayout(kind: LayoutKind, d: Pick<FabricDescription, 'nodes' | 'links'>, h: Hierarchy): Layout {
  return kind === 'geo' ? geoLayout(d, h) : tierLayout(d, h);
}

function baseLayout(kind: LayoutKind, h: Hierarchy): Layout {
  const n = h.nodeCount;
  const mobileSlot = new Int32Array(n).fill(-1);
  let m = 0;
  for (let i = 0; i < n; i++) if (h.mobile[i]) mobileSlot[i] = m++;
  const discRadius = new Float32Array(n);
  for (let g = 0; g < h.groupCount; g++) discRadius[h.groupHub[g]!] = discRadiusFor(h.groupStart[g + 1]! - h.groupStart[g]!);
  return {
    kind, position: new Float32Array(n * 3), glyphScale: 1, tierY: new Float32Array(5), discRadius, mobileSlot,
    regionAnchor: new Float32Array(h.regionNames.length * 3).fill(NaN), kmToWorld: 1, originKm: [0, 0],
  };
}

function tierLayout(d: Pick<FabricDescription, 'nodes' | 'links'>, h: Hierarchy): Layout {
  const L = baseLayout('tiers', h);
  const pos = L.position;
  const set = (i: number, x: number, y: number, z: number) => { pos[i * 3] = x; pos[i * 3 + 1] = y; pos[i * 3 + 2] = z; };
  // Per site: slots along x (a gateway with its sensor disc, a lone edge, loose sensors).
  const siteWidth = new Float32Array(h.siteCount), siteDepth = new Float32Array(h.siteCount);
  const slotWidth = (r: number) => Math.max(1.4, 2 * r);
  type Slot = { node: number; group: number; width: number; loose: boolean };
  const slotsOf = (s: number): Slot[] => {
    const out: Slot[] = [];
    const a = h.siteNodeStart[s]!, b = h.siteNodeStart[s + 1]!;
    const gateways = countTier(h, a, b, T_GATEWAY);
    for (let k = a; k < b; k++) {
      const i = h.siteNodes[k]!;
      if (h.tier[i] === T_SENSOR) continue;
      if (h.tier[i] === T_EDGE && gateways > 0 && L.discRadius[i] === 0) continue;
      out.push({ node: i, group: -1, width: slotWidth(L.discRadius[i]!), loose: false });
    }
    for (let k = h.siteGroupStart[s]!; k < h.siteGroupStart[s + 1]!; k++) {
      const g = h.siteGroups[k]!, hub = h.groupHub[g]!;
      if (h.siteOf[hub] !== s) out.push({ node: -1, group: g, width: slotWidth(L.discRadius[hub]!), loose: false });
    }
    const loose = countTier(h, a, b, T_SENSOR);
    if (loose > 0) out.push({ node: -1, group: -1, width: slotWidth(discRadiusFor(loose)), loose: true });
    return out;
  };
  const slots = Array.from({ length: h.siteCount }, (_, s) => slotsOf(s));
  const GAP = 0.5;
  slots.forEach((sl, s) => {
    siteWidth[s] = sl.reduce((w, x) => w + x.width, 0) + GAP * Math.max(0, sl.length - 1);
    siteDepth[s] = sl.reduce((w, x) => Math.max(w, x.width), 0);
  });
  // Zones: a grid of equal cells, `rows` deep, aiming at a layout about 2.5 times wider than deep.
  const targetRows = Math.max(1, Math.round(Math.sqrt(h.siteCount / 2.5)));
  let cursor = 0;
  const regionSpan = h.regionNames.map(() => [Infinity, -Infinity]);
  const siteX = new Float32Array(h.siteCount), siteZ = new Float32Array(h.siteCount);
  let prevRegion = -1;
  for (let z = 0; z < h.zoneCount; z++) {
    const a = h.zoneSiteStart[z]!, b = h.zoneSiteStart[z + 1]!, count = b - a;
    let cellW = 0, cellD = 0;
    for (let k = a; k < b; k++) { cellW = Math.max(cellW, siteWidth[h.zoneSites[k]!]!); cellD = Math.max(cellD, siteDepth[h.zoneSites[k]!]!); }
    cellW += 0.8; cellD += 0.8;
    const region = h.zoneRegion[z]!;
    if (prevRegion >= 0) cursor += region === prevRegion ? cellW * 0.6 : cellW * 1.8;
    prevRegion = region;
    const cols = Math.ceil(count / Math.min(targetRows, count));
    const rows = Math.ceil(count / cols);
    for (let k = 0; k < count; k++) {
      const s = h.zoneSites[a + k]!, c = k % cols, r = Math.floor(k / cols);
      siteX[s] = cursor + (c + 0.5) * cellW;
      siteZ[s] = (r - (rows - 1) / 2) * cellD;
    }
    const span = regionSpan[region]!;
    span[0] = Math.min(span[0]!, cursor); cursor += cols * cellW; span[1] = Math.max(span[1]!, cursor);
  }
  const tmp = [0, 0];
  const Y = L.tierY;
  Y[T_SENSOR] = 0; Y[T_GATEWAY] = 1.5; Y[T_EDGE] = 3.2;
  slots.forEach((sl, s) => {
    let x = siteX[s]! - siteWidth[s]! / 2;
    let gxSum = 0, gCount = 0;
    for (const slot of sl) {
      const cx = x + slot.width / 2;
      x += slot.width + GAP;
      if (slot.group >= 0) {
        const g = slot.group;
        for (let q = h.groupStart[g]!; q < h.groupStart[g + 1]!; q++) {
          discOffset(q - h.groupStart[g]!, SENSOR_SPACING, tmp);
          set(h.groupMembers[q]!, cx + tmp[0]!, 0, siteZ[s]! + tmp[1]!);
        }
        continue;
      }
      if (slot.loose) {
        let k = 0;
        for (let q = h.siteNodeStart[s]!; q < h.siteNodeStart[s + 1]!; q++) {
          const i = h.siteNodes[q]!;
          if (h.tier[i] !== T_SENSOR) continue;
          discOffset(k++, SENSOR_SPACING, tmp);
          set(i, cx + tmp[0]!, 0, siteZ[s]! + tmp[1]!);
        }
        continue;
      }
      set(slot.node, cx, Y[h.tier[slot.node]!]!, siteZ[s]!);
      if (h.tier[slot.node] === T_GATEWAY) { gxSum += cx; gCount++; }
    }
    for (let q = h.siteNodeStart[s]!; q < h.siteNodeStart[s + 1]!; q++) {
      const i = h.siteNodes[q]!;
      if (h.tier[i] === T_EDGE && !sl.some((x) => x.node === i)) set(i, gCount ? gxSum / gCount : siteX[s]!, Y[T_EDGE]!, siteZ[s]!);
    }
  });
  // Upper tiers: regional nodes above their region (regions without sites get a slot at the end), cloud above the middle.
  const width = Math.max(cursor, 1);
  const R = Math.min(40, Math.max(3.5, width * 0.1));
  Y[T_REGIONAL] = Y[T_EDGE]! + R; Y[T_CLOUD] = Y[T_EDGE]! + 2 * R;
  const byRegion = new Map<number, number[]>();
  const clouds: number[] = [];
  for (let i = 0; i < h.nodeCount; i++) {
    if (h.siteOf[i]! >= 0 || h.mobile[i]) continue;
    if (h.tier[i] === T_CLOUD) { clouds.push(i); continue; }
    const list = byRegion.get(h.regionOf[i]!) ?? [];
    list.push(i); byRegion.set(h.regionOf[i]!, list);
  }
  // Regions without sites (a datacenter region of its own) join the cloud above the middle.
  const mid = cursor / 2;
  const middle: number[] = [];
  for (const [region, list] of [...byRegion].sort((a, b) => a[0] - b[0])) {
    const span = regionSpan[region]!;
    if (!(span[0]! < span[1]!)) { middle.push(...list); continue; }
    const cx = (span[0]! + span[1]!) / 2;
    list.forEach((i, k) => set(i, cx + (k - (list.length - 1) / 2) * 2.5, Y[h.tier[i]!]!, 0));
  }
  middle.forEach((i, k) => set(i, mid + (k - (middle.length - 1) / 2) * 2.5, Y[h.tier[i]!]!, 0));
  clouds.forEach((i, k) => set(i, mid + (k - (clouds.length - 1) / 2) * 4, Y[T_CLOUD]!, 0));
  placeGroups(h, L);
  // Centre on x = 0.
  for (let i = 0; i < h.nodeCount; i++) pos[i * 3] -= mid;
  regionSpan.forEach((span, r) => {
    if (!(span[0]! < span[1]!)) return;
    L.regionAnchor[r * 3] = (span[0]! + span[1]!) / 2 - mid; L.regionAnchor[r * 3 + 1] = 0; L.regionAnchor[r * 3 + 2] = regionFront(h, pos, r);
  });
  for (let i = 0; i < h.nodeCount; i++) if (h.mobile[i]) placeOneMobile(d, h, L, i, -1, pos);
  return L;
}

/** Sensors in a disc around their hub, on the ground (hub positions must be set). */
function placeGroups(h: Hierarchy, L: Layout): void {
  const pos = L.position, tmp = [0, 0];
  for (let g = 0; g < h.groupCount; g++) {
    const hub = h.groupHub[g]!;
    if (h.siteOf[hub]! < 0 && L.kind === 'tiers') continue; // laid out in its own site's slot
    for (let k = h.groupStart[g]!; k < h.groupStart[g + 1]!; k++) {
      const i = h.groupMembers[k]!;
      discOffset(k - h.groupStart[g]!, SENSOR_SPACING * L.glyphScale, tmp);
      pos[i * 3] = pos[hub * 3]! + tmp[0]!; pos[i * 3 + 1] = L.tierY[T_SENSOR]!; pos[i * 3 + 2] = pos[hub * 3 + 2]! + tmp[1]!;
    }
  }
}

function countTier(h: Hierarchy, a: number, b: number, t: number): number {
  let c = 0;
  for (let k = a; k < b; k++) if (h.tier[h.siteNodes[k]!] === t) c++;
  return c;
}

/** z just in front of a region's nodes (labels go there). */
function regionFront(h: Hierarchy, pos: Float32Array, region: number): number {
  let z = -Infinity;
  for (let i = 0; i < h.nodeCount; i++) if (h.regionOf[i] === region && h.siteOf[i]! >= 0) z = Math.max(z, pos[i * 3 + 2]!);
  return Number.isFinite(z) ? z + 2 : 0;
}

function geoLayout(d: Pick<FabricDescription, 'nodes' | 'links'>, h: Hierarchy): Layout {
  const L = baseLayout('geo', h);
  const pos = L.position, n = h.nodeCount;
  let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
  const anyPositioned = d.nodes.some((x) => x.positioned);
  d.nodes.forEach((nd) => {
    if (anyPositioned && !nd.positioned) return;
    minX = Math.min(minX, nd.xKm); maxX = Math.max(maxX, nd.xKm); minY = Math.min(minY, nd.yKm); maxY = Math.max(maxY, nd.yKm);
  });
  if (!Number.isFinite(minX)) { minX = maxX = minY = maxY = 0; }
  const k = GEO_EXTENT / Math.max(maxX - minX, maxY - minY, 1e-3);
  L.kmToWorld = k; L.originKm = [(minX + maxX) / 2, (minY + maxY) / 2];
  // Glyph size from the fabric's density: the typical sensor-to-hub distance.
  const dists: number[] = [];
  for (let i = 0; i < n && dists.length < 4000; i++) {
    const up = d.nodes[i]!.uplink;
    if (up >= 0) dists.push(Math.hypot(d.nodes[i]!.xKm - d.nodes[up]!.xKm, d.nodes[i]!.yKm - d.nodes[up]!.yKm) * k);
  }
  if (dists.length === 0) for (const l of d.links) dists.push(Math.hypot(d.nodes[l.a]!.xKm - d.nodes[l.b]!.xKm, d.nodes[l.a]!.yKm - d.nodes[l.b]!.yKm) * k * 0.3);
  dists.sort((a, b) => a - b);
  const median = dists.length ? dists[dists.length >> 1]! : GEO_EXTENT / 50;
  L.glyphScale = Math.min(GEO_EXTENT * 0.01, Math.max(GEO_EXTENT * 2e-4, median * 1.25));
  const Y = L.tierY, s = L.glyphScale;
  Y[T_SENSOR] = 0; Y[T_GATEWAY] = 3 * s; Y[T_EDGE] = 6 * s;
  Y[T_REGIONAL] = Math.max(20 * s, GEO_EXTENT * 0.04); Y[T_CLOUD] = Y[T_REGIONAL]! * 1.6;
  const sum = new Float64Array(h.regionNames.length * 3);
  for (let i = 0; i < n; i++) {
    const nd = d.nodes[i]!;
    pos[i * 3] = (nd.xKm - L.originKm[0]) * k; pos[i * 3 + 1] = Y[h.tier[i]!]!; pos[i * 3 + 2] = -(nd.yKm - L.originKm[1]) * k;
    if (anyPositioned && !nd.positioned) continue;
    const r = h.regionOf[i]!;
    sum[r * 3] += pos[i * 3]!; sum[r * 3 + 1] += pos[i * 3 + 2]!; sum[r * 3 + 2]++;
  }
  let gx = 0, gz = 0, gc = 0;
  for (let r = 0; r < h.regionNames.length; r++) { gx += sum[r * 3]!; gz += sum[r * 3 + 1]!; gc += sum[r * 3 + 2]!; }
  const stacked = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const nd = d.nodes[i]!;
    if (!anyPositioned || nd.positioned || (h.tier[i] !== T_REGIONAL && h.tier[i] !== T_CLOUD)) continue;
    const r = h.regionOf[i]!, c = sum[r * 3 + 2]!;
    const key = c > 0 ? r : -1;
    const nth = stacked.get(key) ?? 0; stacked.set(key, nth + 1);
    pos[i * 3] = (c > 0 ? sum[r * 3]! / c : gx / Math.max(gc, 1)) + nth * 4 * s;
    pos[i * 3 + 2] = c > 0 ? sum[r * 3 + 1]! / c : gz / Math.max(gc, 1);
  }
  for (let r = 0; r < h.regionNames.length; r++) {
    const c = sum[r * 3 + 2]!;
    if (c > 0) { L.regionAnchor[r * 3] = sum[r * 3]! / c; L.regionAnchor[r * 3 + 1] = 0; L.regionAnchor[r * 3 + 2] = sum[r * 3 + 1]! / c; }
  }
  return L;
}

/** What placeMobile reads from a frame (absent before the first frame). */
export interface MobileFrame { linkA: Int32Array; linkB: Int32Array; nodeX: Float32Array; nodeY: Float32Array }

/** Moves the mobile nodes in `out` (positions, 3 per node) for a frame; returns how many moved. */
export function placeMobile(d: Pick<FabricDescription, 'nodes' | 'links'>, h: Hierarchy, L: Layout, frame: MobileFrame | null, out: Float32Array): number {
  let moved = 0;
  for (let i = 0; i < h.nodeCount; i++) {
    if (!h.mobile[i]) continue;
    const x = out[i * 3]!, y = out[i * 3 + 1]!, z = out[i * 3 + 2]!;
    if (L.kind === 'geo') {
      if (!frame) continue;
      out[i * 3] = (frame.nodeX[i]! - L.originKm[0]) * L.kmToWorld;
      out[i * 3 + 2] = -(frame.nodeY[i]! - L.originKm[1]) * L.kmToWorld;
    } else {
      const l = h.radioLink[i]!;
      const hub = l < 0 ? -1 : frame ? (frame.linkA[l] === i ? frame.linkB[l]! : frame.linkA[l]!) : (d.links[l]!.a === i ? d.links[l]!.b : d.links[l]!.a);
      placeOneMobile(d, h, L, i, hub, out);
    }
    if (out[i * 3] !== x || out[i * 3 + 1] !== y || out[i * 3 + 2] !== z) moved++;
  }
  return moved;
}

/** Tiers: a mobile node on a ring just outside its hub's sensor disc (hub -1: the description's first radio end). */
function placeOneMobile(d: Pick<FabricDescription, 'nodes' | 'links'>, h: Hierarchy, L: Layout, i: number, hub: number, out: Float32Array): void {
  const l = h.radioLink[i]!;
  if (hub < 0 && l >= 0) hub = d.links[l]!.a === i ? d.links[l]!.b : d.links[l]!.a;
  if (hub < 0) return;
  const slot = L.mobileSlot[i]!;
  const r = Math.max(L.discRadius[hub]!, 0.5) + 0.45 + 0.35 * (slot % 3);
  const a = slot * GOLDEN_ANGLE;
  out[i * 3] = L.position[hub * 3]! + r * Math.cos(a);
  out[i * 3 + 1] = L.tierY[h.tier[i]!]!;
  out[i * 3 + 2] = L.position[hub * 3 + 2]! + r * Math.sin(a);
}
