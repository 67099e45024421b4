/**
 * Hierarchy: shipped fabrics group as their stories say (metro: 12 stations = 12 sites of
 * gateway + edge + 12 sensors, in 6 zones; vehicle corridor: mobile cars are in no site and know
 * their radio link), and corner cases: a gateway with no edge, an edge no gateway chose, sensors
 * without an uplink, sensors under a regional node. Every static sensor/gateway/edge is in exactly
 * one site; sizes add up.
 */
import { describe, expect, it } from 'vitest';
import { buildHierarchy, T_CLOUD, T_EDGE, T_GATEWAY, T_REGIONAL, T_SENSOR, type Hierarchy } from '../../../app/scene/hierarchy.ts';
import { fabric, l, n, shipped } from './fixtures.ts';

function invariants(h: Hierarchy): void {
  let inSites = 0;
  for (let i = 0; i < h.nodeCount; i++) {
    const expectSite = !h.mobile[i] && h.tier[i]! <= T_EDGE;
    expect(h.siteOf[i]! >= 0, `node ${i}`).toBe(expectSite);
    if (h.siteOf[i]! >= 0) inSites++;
  }
  let sum = 0;
  for (let s = 0; s < h.siteCount; s++) sum += h.siteSize[s]!;
  expect(sum).toBe(inSites);
  expect(Array.from(h.zoneSize).reduce((a, b) => a + b, 0)).toBe(inSites);
  for (let g = 0; g < h.groupCount; g++) {
    for (let k = h.groupStart[g]!; k < h.groupStart[g + 1]!; k++) expect(h.groupOf[h.groupMembers[k]!]).toBe(g);
  }
}

describe('hierarchy of shipped fabrics', () => {
  it('metro-operations: 12 station sites (gateway + edge + 12 sensors) in 6 zones; datacenters and cloud stand alone', () => {
    const d = shipped('metro-operations');
    const h = buildHierarchy(d);
    invariants(h);
    expect(h.siteCount).toBe(12);
    expect(h.zoneCount).toBe(6);
    expect(h.groupCount).toBe(12);
    for (let s = 0; s < 12; s++) {
      expect(h.siteSize[s]).toBe(14);
      const nodes = Array.from(h.siteNodes.subarray(h.siteNodeStart[s]!, h.siteNodeStart[s + 1]!)).map((i) => d.nodes[i]!.id).sort();
      // The station's own edge and gateway, although station-04-gw also links to station-01-edge (1 ms > 0.3 ms).
      expect(nodes[0]!.replace('-edge', '')).toBe(nodes[1]!.replace('-gw', ''));
    }
    for (const id of ['dc-north', 'dc-centre', 'dc-south', 'cloud-archive']) expect(h.siteOf[d.nodes.findIndex((x) => x.id === id)]).toBe(-1);
    expect(h.tier[d.nodes.findIndex((x) => x.id === 'cloud-archive')]).toBe(T_CLOUD);
  });

  it('vehicle-corridor: mobile nodes are in no site and carry their radio link; the MEC site holds all six towers', () => {
    const d = shipped('vehicle-corridor');
    const h = buildHierarchy(d);
    invariants(h);
    const car = d.nodes.findIndex((x) => x.id === 'car-1');
    expect(h.mobile[car]).toBe(1);
    expect(h.siteOf[car]).toBe(-1);
    expect(d.links[h.radioLink[car]!]!.type).toBe('radio');
    expect(h.linkIsRadio[h.radioLink[car]!]).toBe(1);
    const mec = d.nodes.findIndex((x) => x.id === 'mec-1');
    const s = h.siteOf[mec]!;
    expect(h.siteNodeStart[s + 1]! - h.siteNodeStart[s]!).toBe(7);
  });

  it('large-fabric: 120 gateway sites of 81 nodes in 8 zones', () => {
    const h = buildHierarchy(shipped('large-fabric'));
    invariants(h);
    expect(h.siteCount).toBe(120);
    expect(h.zoneCount).toBe(8);
    expect(new Set(Array.from(h.siteSize))).toEqual(new Set([81]));
  });
});

describe('hierarchy corner cases', () => {
  //  0 regional   1 gw-a (edge 3 nearest)   2 gw-b (no edge)   3 edge-a   4 edge-lone
  //  5,6 sensors of gw-a   7 sensor of gw-b   8 sensor without uplink   9,10 sensors under the regional node
  const d = fabric([
    n('regional', 'regional'), n('gw-a', 'gateway'), n('gw-b', 'gateway', { zone: 'r1-b' }), n('edge-a', 'edge'), n('edge-lone', 'edge'),
    n('s1', 'sensor', { uplink: 1 }), n('s2', 'sensor', { uplink: 1 }), n('s3', 'sensor', { uplink: 2, zone: 'r1-b' }), n('loose', 'sensor'),
    n('r1', 'sensor', { uplink: 0 }), n('r2', 'sensor', { uplink: 0 }),
  ], [l(1, 3, 0.5), l(1, 4, 2), l(2, 0, 5), l(3, 0), l(4, 0), l(5, 1), l(6, 1), l(7, 2), l(9, 0), l(10, 0)]);
  const h = buildHierarchy(d);

  it('sites: edge-a + gw-a (+ 2 sensors), edge-lone alone, gw-b (+ 1 sensor), the regional node\'s sensors, the loose sensor', () => {
    invariants(h);
    expect(h.siteOf[1]).toBe(h.siteOf[3]);
    expect(h.siteSize[h.siteOf[3]!]).toBe(4);
    expect(h.siteSize[h.siteOf[4]!]).toBe(1);
    expect(h.siteSize[h.siteOf[2]!]).toBe(2);
    expect(h.siteOf[9]).toBe(h.siteOf[10]);
    expect(h.siteOf[0]).toBe(-1);
    expect(h.siteSize[h.siteOf[9]!]).toBe(2);
    expect(h.siteSize[h.siteOf[8]!]).toBe(1);
    expect(h.groupOf[8]).toBe(-1);
    expect(h.groupHub[h.groupOf[9]!]).toBe(0);
    expect(h.siteCount).toBe(5);
  });

  it('zones follow the sites\' nodes: gw-b\'s site is in r1-b', () => {
    expect(h.zoneNames[h.siteZone[h.siteOf[2]!]!]).toBe('r1-b');
    expect(h.zoneNames[h.siteZone[h.siteOf[3]!]!]).toBe('r1-a');
    expect(h.tier[0]).toBe(T_REGIONAL);
    expect(h.tier[1]).toBe(T_GATEWAY);
    expect(h.tier[5]).toBe(T_SENSOR);
  });
});
