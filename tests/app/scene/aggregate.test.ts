/**
 * Item and segment aggregation, by hand on a tiny fabric: one site (gateway 0, edge 1, sensors
 * 2..5) and a regional node 6. Grouped, the four sensors are one item: its state is the worst of
 * its members but "down" only when all are, its metric the mean of those still up. Segments join
 * the four sensor links into one (worst state, max utilisation, summed rate); links inside an
 * item vanish; radio links keep their own segment and take their ends from the frame.
 */
import { describe, expect, it } from 'vitest';
import { LINK_DEGRADED, LINK_DOWN, NODE_DOWN, NODE_SUSPECT, NODE_UP, createFrame } from '../../../sim-core/twin/frame.ts';
import { aggregateStats, buildDisplay, createItemStats, ITEM_GROUP, ITEM_NODE, ITEM_SITE } from '../../../app/scene/display.ts';
import { buildHierarchy } from '../../../app/scene/hierarchy.ts';
import { SITE_COLLAPSED, SITE_GROUPED, SITE_OPEN } from '../../../app/scene/lod.ts';
import { buildSegments, createSegmentStats, segmentStats } from '../../../app/scene/segments.ts';
import { fabric, l, n } from './fixtures.ts';

const d = fabric([
  n('gw', 'gateway'), n('edge', 'edge'), n('s1', 'sensor', { uplink: 0 }), n('s2', 'sensor', { uplink: 0 }), n('s3', 'sensor', { uplink: 0 }),
  n('s4', 'sensor', { uplink: 0 }), n('dc', 'regional'), n('car', 'sensor', { mobile: true }),
], [l(0, 1), l(2, 0), l(3, 0), l(4, 0), l(5, 0), l(1, 6), l(2, 3), { ...l(7, 0), type: 'radio' }]);
const h = buildHierarchy(d);
const levels = (site: number) => ({ zoneOpen: new Uint8Array(h.zoneCount).fill(1), siteLevel: new Uint8Array(h.siteCount).fill(site) });
const frame = createFrame({ nodes: 8, links: 8, apps: 0 });

describe('aggregateStats', () => {
  const disp = buildDisplay(h, levels(SITE_GROUPED));
  const group = disp.nodeToItem[2]!;
  const stats = createItemStats(disp.count);

  it('grouped: gateway, edge, one sensor glyph, the regional node and the car', () => {
    expect(disp.count).toBe(5);
    expect(disp.kind[group]).toBe(ITEM_GROUP);
    expect(disp.size[group]).toBe(4);
    for (const i of [0, 1, 6, 7]) expect(disp.kind[disp.nodeToItem[i]!]).toBe(ITEM_NODE);
  });

  it('worst state; down only when all are down; mean metric of the members still up', () => {
    frame.nodeCpu.set([0.5, 0.5, 0.2, 0.4, 0.9, 0.0, 0, 0]);
    frame.nodeState.set([NODE_UP, NODE_UP, NODE_UP, NODE_SUSPECT, NODE_DOWN, NODE_UP, NODE_UP, NODE_UP]);
    frame.nodeFlags.set([0, 0, 4, 0, 0, 0, 8, 0]);
    frame.nodeReplicas.set([0, 2, 0, 0, 0, 0, 1, 0]);
    aggregateStats(disp, frame, frame.nodeCpu, 'cpu', stats);
    expect(stats.state[group]).toBe(NODE_SUSPECT);
    expect(stats.down[group]).toBe(1);
    expect(stats.suspect[group]).toBe(1);
    // (0.2 + 0.4 + 0.0) / 3 up members; s3 (0.9) is down and does not count
    expect(stats.metric[group]).toBeCloseTo(0.2, 6);
    expect(stats.flags[group]).toBe(4);
    expect(stats.replicas[disp.nodeToItem[1]!]).toBe(2);
    frame.nodeState.set([NODE_UP, NODE_UP, NODE_DOWN, NODE_DOWN, NODE_DOWN, NODE_DOWN, NODE_UP, NODE_UP]);
    aggregateStats(disp, frame, frame.nodeCpu, 'cpu', stats);
    expect(stats.state[group]).toBe(NODE_DOWN);
    expect(stats.metric[group]).toBe(0);
  });

  it('no frame: all up, metric 0', () => {
    aggregateStats(disp, null, null, 'cpu', stats);
    expect(Array.from(stats.state)).toEqual([0, 0, 0, 0, 0]);
  });

  it('queue lengths map on a log scale (100 jobs = top of the ramp)', () => {
    frame.nodeState.fill(NODE_UP);
    frame.nodeQueue.set([0, 100, 9, 9, 9, 9, 1000, 0]);
    aggregateStats(disp, frame, frame.nodeQueue, 'queue', stats);
    expect(stats.metric[disp.nodeToItem[1]!]).toBeCloseTo(1, 6);
    expect(stats.metric[group]).toBeCloseTo(Math.log1p(9) / Math.log1p(100), 5);
    expect(stats.metric[disp.nodeToItem[6]!]).toBe(1);
  });
});

describe('segments', () => {
  it('grouped: the four sensor links are one segment; the sensor-to-sensor link is inside the group and not drawn', () => {
    const disp = buildDisplay(h, levels(SITE_GROUPED));
    const segs = buildSegments(Int32Array.from(d.links, (x) => x.a), Int32Array.from(d.links, (x) => x.b), h.linkIsRadio, disp);
    expect(segs.count).toBe(4); // gw-edge, sensors-gw, edge-dc, radio
    const sensorSeg = segs.linkToSegment[1]!;
    expect([1, 2, 3, 4].map((k) => segs.linkToSegment[k])).toEqual([sensorSeg, sensorSeg, sensorSeg, sensorSeg]);
    expect(segs.linkToSegment[6]).toBe(-1);
    frame.linkState.set([0, LINK_DEGRADED, LINK_DOWN, 0, 0, 0, 0, 0]);
    frame.linkUtilization.set([0.1, 0.3, 0, 0.7, 0.2, 0, 0, 0]);
    frame.linkRateBps.set([1, 10, 20, 30, 40, 0, 0, 0]);
    frame.linkA.set(Int32Array.from(d.links, (x) => x.a));
    frame.linkB.set(Int32Array.from(d.links, (x) => x.b));
    frame.linkB[7] = 1; // handover: the car now hangs from the edge
    const st = createSegmentStats(segs.count);
    segmentStats(segs, disp, frame, st);
    expect(st.state[sensorSeg]).toBe(LINK_DOWN);
    expect(st.down[sensorSeg]).toBe(1);
    expect(st.util[sensorSeg]).toBeCloseTo(0.7, 6);
    expect(st.rateBps[sensorSeg]).toBe(100);
    const radio = segs.linkToSegment[7]!;
    expect(segs.radio[radio]).toBe(1);
    expect(st.eb[radio]).toBe(disp.nodeToItem[1]);
  });

  it('open: one segment per link; collapsed site: only the uplink and the radio link remain', () => {
    const open = buildDisplay(h, levels(SITE_OPEN));
    const a = Int32Array.from(d.links, (x) => x.a), b = Int32Array.from(d.links, (x) => x.b);
    expect(buildSegments(a, b, h.linkIsRadio, open).count).toBe(8);
    const collapsed = buildDisplay(h, levels(SITE_COLLAPSED));
    expect(collapsed.kind[collapsed.nodeToItem[0]!]).toBe(ITEM_SITE);
    expect(buildSegments(a, b, h.linkIsRadio, collapsed).count).toBe(2);
  });
});
