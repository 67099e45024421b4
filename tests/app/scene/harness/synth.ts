/**
 * A synthetic fabric for the scene harness (no simulation): `sites` sites of one gateway, one
 * edge server and `sensors` sensors each, over `regions` regions of two zones, a regional
 * datacenter per region and one cloud; `extraLinks` adds sensor-to-sensor links per sensor (to
 * reach e.g. 20k links at 10k nodes). Frames get plausible random metrics with a few nodes down,
 * some suspect, some links cut or degraded.
 */
import type { FabricDescription, NodeDescription } from '../../../../sim-core/twin/describe.ts';
import { createFrame, FLAG_CONTROLLER, FLAG_BUFFERING, FLAG_AUTONOMOUS, H_NODES_DOWN, H_LINKS_DOWN, type TwinFrame } from '../../../../sim-core/twin/frame.ts';

export function synthFabric(sites: number, sensors: number, regions: number, extraLinks = 0): FabricDescription {
  const nodes: NodeDescription[] = [];
  const links: FabricDescription['links'] = [];
  const regionIds = Array.from({ length: regions }, (_, r) => `region-${r + 1}`);
  const node = (id: string, tier: NodeDescription['tier'], region: string, zone: string, x: number, y: number, uplink = -1): number => {
    nodes.push({ id, tier, arch: 'x86_64', region, zone, className: null, cores: tier === 'sensor' ? 1 : 8, cpuMillicores: 8000, memoryBytes: 8e9, storageBytes: 1e12, bufferBytes: 0, gpus: 0, accelerators: [], attested: false, labels: {}, xKm: x, yKm: y, positioned: true, mobile: false, uplink });
    return nodes.length - 1;
  };
  const link = (a: number, b: number, type: FabricDescription['links'][number]['type'], latencyMs: number, bandwidthBps: number, wan = false) => {
    links.push({ id: `${nodes[a]!.id}~${nodes[b]!.id}`, a, b, type, latencyMs, bandwidthBps, loss: 0, wan });
  };
  const regional = regionIds.map((r, i) => node(`regional-${r}`, 'regional', r, `${r}-a`, i * 100 + 20, 30));
  const cloud = node('cloud-1', 'cloud', 'cloud', 'cloud-a', regions * 50, 60);
  for (const r of regional) link(r, cloud, 'fibre', 20, 10e9, true);
  for (let s = 0; s < sites; s++) {
    const r = s % regions, region = regionIds[r]!, zone = `${region}-${s % (2 * regions) < regions ? 'a' : 'b'}`;
    const k = Math.floor(s / regions), gx = r * 100 + (k % 10) * 4, gy = Math.floor(k / 10) * 4;
    const id = `site-${String(s + 1).padStart(4, '0')}`;
    const gw = node(`${id}-gw`, 'gateway', region, zone, gx, gy);
    const edge = node(`${id}-edge`, 'edge', region, zone, gx + 0.1, gy);
    link(gw, edge, 'ethernet', 0.3, 1e9);
    link(edge, regional[r]!, 'fibre', 3, 1e9, true);
    const first = nodes.length;
    for (let q = 0; q < sensors; q++) {
      const a = q * 2.39996, rad = 0.05 * Math.sqrt(q + 0.5);
      const sn = node(`${id}-s${String(q + 1).padStart(3, '0')}`, 'sensor', region, zone, gx + rad * Math.cos(a), gy + rad * Math.sin(a), gw);
      link(sn, gw, 'wifi', 3, 50e6);
    }
    for (let e = 0; e < extraLinks; e++) for (let q = 0; q < sensors; q++) link(first + q, first + ((q + 1 + e) % sensors), 'wifi', 2, 10e6);
  }
  return {
    name: `synthetic-${nodes.length}`, description: 'synthetic', seed: 1, durationMs: 60_000, sampleEveryMs: 1000,
    regions: [...regionIds.map((id) => ({ id, zones: [`${id}-a`, `${id}-b`] })), { id: 'cloud', zones: ['cloud-a'] }],
    nodes, links, apps: [{ id: 'app', slo: { latencyMs: 100, percentile: 95 }, services: ['app/a', 'app/b'], streams: [] }],
    services: [
      { key: 'app/a', id: 'a', app: 'app', cpuWorkMs: 1, cpuMillicores: 100, memoryBytes: 1e8, next: ['app/b'], replicas: nodes.flatMap((n, i) => (n.tier === 'edge' && i % 7 === 0 ? [i] : [])) },
      { key: 'app/b', id: 'b', app: 'app', cpuWorkMs: 1, cpuMillicores: 100, memoryBytes: 1e8, next: [], replicas: regional },
    ],
    controlPlane: null, faults: [], dropReasons: [], lossReasons: [],
  };
}

/** Fills a frame with random-walk metrics (seeded by `t`). */
export function synthFrame(d: FabricDescription, t: number, f: TwinFrame = createFrame({ nodes: d.nodes.length, links: d.links.length, apps: d.apps.length })): TwinFrame {
  let seed = 12345 + t * 7919;
  const rnd = () => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x7fffffff; };
  let down = 0, cut = 0;
  d.nodes.forEach((n, i) => {
    const base = n.tier === 'sensor' ? 0.05 : n.tier === 'gateway' ? 0.3 : 0.5;
    f.nodeCpu[i] = Math.min(1, Math.max(0, base + (rnd() - 0.5) * 0.6 + 0.2 * Math.sin(i * 0.01 + t * 0.3)));
    f.nodeMemory[i] = rnd() * 0.8; f.nodeStorage[i] = rnd() * 0.6; f.nodeQueue[i] = Math.floor(rnd() * rnd() * 50);
    f.nodeState[i] = i % 997 === 13 ? 2 : i % 1499 === 7 ? 1 : 0;
    if (f.nodeState[i] === 2) down++;
    f.nodeFlags[i] = (n.tier === 'regional' || n.tier === 'cloud' ? FLAG_CONTROLLER : 0) | (i % 1301 === 5 ? FLAG_AUTONOMOUS : 0) | (i % 811 === 3 ? FLAG_BUFFERING : 0);
    f.nodeX[i] = n.xKm; f.nodeY[i] = n.yKm;
  });
  d.links.forEach((l, k) => {
    f.linkA[k] = l.a; f.linkB[k] = l.b;
    f.linkUtilization[k] = Math.min(1, rnd() * rnd());
    f.linkRateBps[k] = f.linkUtilization[k]! * l.bandwidthBps;
    f.linkState[k] = k % 1777 === 11 ? 2 : k % 1203 === 9 ? 1 : 0;
    if (f.nodeState[l.a] === 2 || f.nodeState[l.b] === 2) f.linkState[k] = 2;
    if (f.linkState[k] === 2) cut++;
  });
  f.header[H_NODES_DOWN] = down; f.header[H_LINKS_DOWN] = cut;
  return f;
}
