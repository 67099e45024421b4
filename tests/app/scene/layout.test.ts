/**
 * Layouts. Tiers: layers rise sensor < gateway < edge < regional < cloud; every sensor sits on
 * the ground within its disc around its gateway, which stands above it; an edge server stands
 * above the middle of the gateways that chose it; sites never overlap; regions run left to right
 * in description order. Geo: x/z are the km positions scaled (north = -z), unplaced datacenters
 * float over their region. Mobile nodes follow their radio link's current end (tiers) or the
 * frame's km position (geo).
 */
import { describe, expect, it } from 'vitest';
import { buildHierarchy, T_CLOUD, T_EDGE, T_GATEWAY, T_REGIONAL, T_SENSOR } from '../../../app/scene/hierarchy.ts';
import { computeLayout, discOffset, discRadiusFor, placeMobile, SENSOR_SPACING } from '../../../app/scene/layout.ts';
import { fabric, l, n, shipped, simulation } from './fixtures.ts';

const px = (p: Float32Array, i: number) => [p[i * 3]!, p[i * 3 + 1]!, p[i * 3 + 2]!] as const;

describe('tier layout', () => {
  const d = shipped('metro-operations');
  const h = buildHierarchy(d);
  const L = computeLayout('tiers', d, h);
  const p = L.position;

  it('layers rise by tier and every node sits on its layer', () => {
    for (let t = 1; t < 5; t++) expect(L.tierY[t]).toBeGreaterThan(L.tierY[t - 1]!);
    for (let i = 0; i < h.nodeCount; i++) expect(p[i * 3 + 1]).toBe(L.tierY[h.tier[i]!]);
  });

  it('sensors lie within their disc around their gateway; edge servers stand above their gateways', () => {
    for (let g = 0; g < h.groupCount; g++) {
      const hub = h.groupHub[g]!, [hx, , hz] = px(p, hub);
      const count = h.groupStart[g + 1]! - h.groupStart[g]!;
      for (let k = h.groupStart[g]!; k < h.groupStart[g + 1]!; k++) {
        const [x, , z] = px(p, h.groupMembers[k]!);
        expect(Math.hypot(x - hx, z - hz)).toBeLessThanOrEqual(discRadiusFor(count) + 1e-6);
      }
    }
    for (let s = 0; s < h.siteCount; s++) {
      const nodes = Array.from(h.siteNodes.subarray(h.siteNodeStart[s]!, h.siteNodeStart[s + 1]!));
      const gws = nodes.filter((i) => h.tier[i] === T_GATEWAY), edge = nodes.find((i) => h.tier[i] === T_EDGE)!;
      const meanX = gws.reduce((a, i) => a + p[i * 3]!, 0) / gws.length;
      expect(p[edge * 3]).toBeCloseTo(meanX, 4);
      expect(p[edge * 3 + 2]).toBeCloseTo(p[gws[0]! * 3 + 2]!, 4);
    }
  });

  it('sites do not overlap: sensors of different sites are further apart than the sensor spacing', () => {
    const sensors = Array.from({ length: h.nodeCount }, (_, i) => i).filter((i) => h.tier[i] === T_SENSOR);
    for (const a of sensors) for (const b of sensors) {
      if (h.siteOf[a] === h.siteOf[b]) continue;
      expect(Math.hypot(p[a * 3]! - p[b * 3]!, p[a * 3 + 2]! - p[b * 3 + 2]!)).toBeGreaterThan(SENSOR_SPACING);
    }
  });

  it('regions run left to right in description order; datacenters above their region, the cloud above the middle', () => {
    const xs = ['north', 'centre', 'south'].map((r) => L.regionAnchor[h.regionNames.indexOf(r) * 3]!);
    expect(xs[0]).toBeLessThan(xs[1]!);
    expect(xs[1]).toBeLessThan(xs[2]!);
    const dc = d.nodes.findIndex((x) => x.id === 'dc-north');
    expect(p[dc * 3]).toBeCloseTo(xs[0]!, 4);
    expect(h.tier[dc]).toBe(T_REGIONAL);
    const cloud = d.nodes.findIndex((x) => x.id === 'cloud-archive');
    expect(h.tier[cloud]).toBe(T_CLOUD);
    expect(Math.abs(p[cloud * 3]!)).toBeLessThan(1e-4);
  });

  it('disc offsets: the k-th sensor is spacing·sqrt(k + 0.5) from the centre', () => {
    const o = [0, 0];
    for (const k of [0, 1, 7, 79]) { discOffset(k, 0.25, o); expect(Math.hypot(o[0]!, o[1]!)).toBeCloseTo(0.25 * Math.sqrt(k + 0.5), 9); }
  });
});

describe('geo layout', () => {
  it('x/z follow km positions on one scale, north is -z; unplaced datacenters float above their region', () => {
    const d = fabric([
      n('gw1', 'gateway', { xKm: 0, yKm: 0 }), n('gw2', 'gateway', { xKm: 10, yKm: 0 }), n('gw3', 'gateway', { xKm: 0, yKm: 5 }),
      n('s', 'sensor', { xKm: 0.1, yKm: 0, uplink: 0 }), n('dc', 'regional', { positioned: false, xKm: 999, yKm: 999 }),
    ], [l(3, 0), l(0, 4), l(1, 4), l(2, 4)]);
    const h = buildHierarchy(d);
    const L = computeLayout('geo', d, h);
    const p = L.position;
    expect(p[1 * 3]! - p[0]!).toBeCloseTo(10 * L.kmToWorld, 4);
    expect(p[2 * 3 + 2]! - p[2]!).toBeCloseTo(-5 * L.kmToWorld, 4);
    expect(p[4 * 3]).toBeCloseTo((p[0]! + p[3]! + p[6]! + p[9]!) / 4, 4);
    expect(p[4 * 3 + 1]).toBe(L.tierY[T_REGIONAL]);
    expect(L.glyphScale).toBeGreaterThan(0);
  });
});

describe('mobile nodes', () => {
  it('vehicle-corridor: in tiers a car circles the tower its radio link ends at now; in geo it is at the frame position', () => {
    const sim = simulation('vehicle-corridor');
    const d = sim.describe();
    const h = buildHierarchy(d);
    const frame = sim.createFrame();
    sim.advanceTo(60_000);
    sim.snapshotInto(frame);
    const car = d.nodes.findIndex((x) => x.id === 'truck-2');
    const link = h.radioLink[car]!;
    const tower = frame.linkA[link] === car ? frame.linkB[link]! : frame.linkA[link]!;
    const tiers = computeLayout('tiers', d, h);
    const pos = tiers.position.slice();
    placeMobile(d, h, tiers, frame, pos);
    const dist = Math.hypot(pos[car * 3]! - pos[tower * 3]!, pos[car * 3 + 2]! - pos[tower * 3 + 2]!);
    expect(dist).toBeGreaterThan(0.4);
    expect(dist).toBeLessThan(2);
    const geo = computeLayout('geo', d, h);
    const gpos = geo.position.slice();
    expect(placeMobile(d, h, geo, frame, gpos)).toBeGreaterThan(0);
    expect(gpos[car * 3]).toBeCloseTo((frame.nodeX[car]! - geo.originKm[0]) * geo.kmToWorld, 3);
    expect(gpos[car * 3 + 2]).toBeCloseTo(-(frame.nodeY[car]! - geo.originKm[1]) * geo.kmToWorld, 3);
    // Placing again with the same frame moves nothing.
    expect(placeMobile(d, h, geo, frame, gpos)).toBe(0);
  });
});
