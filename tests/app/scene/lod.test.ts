/**
 * Level of detail on large-fabric (120 sites × 81 nodes): from far away everything collapses;
 * at the default distance sites show their gateway and one glyph for its sensors; close to one
 * site its sensors open and far or off-screen ones stay collapsed; the budget is never exceeded;
 * hysteresis keeps a choice between 1/HYSTERESIS and 1 of its threshold. The display built from
 * levels maps every node to exactly one item and the item sizes add up.
 */
import { Matrix4, PerspectiveCamera } from 'three';
import { describe, expect, it } from 'vitest';
import { buildDisplay, ITEM_GROUP, ITEM_NODE, ITEM_SITE, ITEM_ZONE } from '../../../app/scene/display.ts';
import { buildHierarchy } from '../../../app/scene/hierarchy.ts';
import { computeLayout } from '../../../app/scene/layout.ts';
import {
  chooseLevels, HYSTERESIS, measureGroups, sameLevels, screenRadiusPx, SITE_COLLAPSED, SITE_GROUPED, SITE_OPEN, ZONE_OPEN_PX, type LodView,
} from '../../../app/scene/lod.ts';
import { shipped } from './fixtures.ts';

const d = shipped('large-fabric');
const h = buildHierarchy(d);
const L = computeLayout('tiers', d, h);
const g = measureGroups(h, L);

/** A 1280×720 camera at `eye` looking at `target`. */
function view(eye: [number, number, number], target: [number, number, number]): LodView {
  const cam = new PerspectiveCamera(40, 1280 / 720, 0.1, 10_000);
  cam.position.set(...eye);
  cam.lookAt(...target);
  cam.updateMatrixWorld();
  const vp = new Matrix4().multiplyMatrices(cam.projectionMatrix, cam.matrixWorldInverse);
  return { eye, viewProj: vp.elements, focalPx: 720 / (2 * Math.tan((40 * Math.PI) / 360)) };
}

function itemsOf(levels: ReturnType<typeof chooseLevels>) {
  const disp = buildDisplay(h, levels);
  const kinds = [0, 0, 0, 0];
  for (let it = 0; it < disp.count; it++) kinds[disp.kind[it]!]!++;
  return { disp, kinds };
}

describe('chooseLevels', () => {
  it('from far away every zone is one glyph', () => {
    const lv = chooseLevels(h, g, view([0, 3000, 6000], [0, 0, 0]), null, 4000);
    expect(Array.from(lv.zoneOpen).every((z) => z === 0)).toBe(true);
    expect(itemsOf(lv).kinds[ITEM_ZONE]).toBe(8);
  });

  it('at a middle distance zones open and sites show gateway + sensor glyph', () => {
    const lv = chooseLevels(h, g, view([0, 60, 130], [0, 0, 0]), null, 4000);
    expect(Array.from(lv.zoneOpen).filter((z) => z === 1).length).toBeGreaterThan(4);
    const { kinds } = itemsOf(lv);
    expect(kinds[ITEM_GROUP]).toBeGreaterThan(20);
    expect(kinds[ITEM_NODE]).toBeLessThan(1000);
  });

  it('close to one site: its sensors open; a site on the far side of the fabric does not', () => {
    const s = 0;
    const c = [g.siteCenter[s * 3]!, g.siteCenter[s * 3 + 1]!, g.siteCenter[s * 3 + 2]!] as [number, number, number];
    const lv = chooseLevels(h, g, view([c[0], c[1] + 4, c[2] + 6], c), null, 4000);
    expect(lv.siteLevel[s]).toBe(SITE_OPEN);
    expect(lv.siteLevel[h.siteCount - 1]).toBe(SITE_COLLAPSED);
  });

  it('never shows more items than the budget allows (besides always-drawn nodes)', () => {
    const always = Array.from(h.siteOf).filter((s) => s < 0).length;
    for (const budget of [50, 250, 1000, 4000]) {
      for (const eye of [[0, 40, 80], [0, 120, 260], [-60, 10, 20]] as [number, number, number][]) {
        const { disp } = itemsOf(chooseLevels(h, g, view(eye, [0, 0, 0]), null, budget));
        expect(disp.count - always).toBeLessThanOrEqual(Math.max(budget, h.zoneCount));
      }
    }
  });

  it('off-screen zones stay collapsed even when near', () => {
    // Look away from the fabric (towards +z, with the fabric behind the camera).
    const lv = chooseLevels(h, g, view([0, 5, 30], [0, 5, 200]), null, 4000);
    expect(Array.from(lv.zoneOpen).every((z) => z === 0)).toBe(true);
  });

  it('hysteresis: a zone just below its threshold stays open if it was open, stays closed if it was not', () => {
    const z = 0;
    const c = [g.zoneCenter[z * 3]!, g.zoneCenter[z * 3 + 1]!, g.zoneCenter[z * 3 + 2]!] as const;
    const focal = view([0, 0, 1], [0, 0, 0]).focalPx;
    // Distance at which the zone's radius is ZONE_OPEN_PX · 0.9 px.
    const dist = (g.zoneRadius[z]! * focal) / (ZONE_OPEN_PX * 0.9);
    const v = view([c[0], c[1], c[2] + dist], [c[0], c[1], c[2]]);
    expect(screenRadiusPx(v, g.zoneCenter, z, g.zoneRadius[z]!)).toBeCloseTo(ZONE_OPEN_PX * 0.9, 3);
    expect(0.9 * HYSTERESIS).toBeGreaterThan(1);
    const closed = chooseLevels(h, g, v, null, 4000);
    expect(closed.zoneOpen[z]).toBe(0);
    const wasOpen = { zoneOpen: new Uint8Array(h.zoneCount).fill(1), siteLevel: new Uint8Array(h.siteCount).fill(SITE_GROUPED) };
    expect(chooseLevels(h, g, v, wasOpen, 4000).zoneOpen[z]).toBe(1);
    expect(sameLevels(closed, closed)).toBe(true);
    expect(sameLevels(closed, wasOpen)).toBe(false);
  });
});

describe('chooseLevels priorities', () => {
  it('when the budget stretches to one site only, the selected node\'s site opens rather than the biggest on screen', () => {
    const c = [g.siteCenter[0]!, g.siteCenter[1]!, g.siteCenter[2]!] as [number, number, number];
    const v = view([c[0] + 3, c[1] + 8, c[2] + 14], c);
    const open = (lv: ReturnType<typeof chooseLevels>) => Array.from(lv.siteLevel).flatMap((l, s) => (l === SITE_OPEN ? [s] : []));
    const qualifying = open(chooseLevels(h, g, v, null, 100_000));
    expect(qualifying.length).toBeGreaterThanOrEqual(2);
    // The smallest budget that opens exactly one site.
    let budget = 8;
    while (open(chooseLevels(h, g, v, null, budget)).length === 0) budget++;
    const first = open(chooseLevels(h, g, v, null, budget));
    expect(first.length).toBe(1);
    const other = qualifying.find((s) => s !== first[0])!;
    const member = h.siteNodes[h.siteNodeStart[other]!]!;
    expect(open(chooseLevels(h, g, v, null, budget, member))).toEqual([other]);
  });

  it('a zone of one site is open at any distance; its site decides', () => {
    const small = buildHierarchy(shipped('factory-maintenance'));
    const sl = measureGroups(small, computeLayout('tiers', shipped('factory-maintenance'), small));
    const lv = chooseLevels(small, sl, view([0, 300, 600], [0, 0, 0]), null, 4000);
    expect(Array.from(lv.zoneOpen)).toEqual([1, 1]);
    expect(Array.from(lv.siteLevel)).toEqual([SITE_COLLAPSED, SITE_COLLAPSED]);
  });
});

describe('buildDisplay', () => {
  it('every node maps to one item; sizes add up; aggregates lead with their hub or edge', () => {
    for (const eye of [[0, 3000, 6000], [0, 120, 260], [0, 10, 20]] as [number, number, number][]) {
      const lv = chooseLevels(h, g, view(eye, [0, 0, 0]), null, 4000);
      const disp = buildDisplay(h, lv);
      const sizes = new Int32Array(disp.count);
      for (let i = 0; i < h.nodeCount; i++) sizes[disp.nodeToItem[i]!]!++;
      expect(Array.from(sizes)).toEqual(Array.from(disp.size));
      for (let it = 0; it < disp.count; it++) {
        if (disp.kind[it] === ITEM_NODE) { expect(disp.nodeToItem[disp.ref[it]!]).toBe(it); expect(disp.size[it]).toBe(1); }
        if (disp.kind[it] === ITEM_GROUP) expect(disp.lead[it]).toBe(h.groupHub[disp.ref[it]!]);
        if (disp.kind[it] === ITEM_SITE) expect(d.nodes[disp.lead[it]!]!.tier).toBe('gateway');
      }
    }
  });
});
