/**
 * Flow-level bandwidth sharing and routing at fabric scale.
 * Churn: 1,000 concurrent flows over a cloud ← 4 regional ← 20 edge ← 200 gateway tree; each step
 * takes the next completion and starts a replacement flow on a random route, so the flow count
 * stays at 1,000. The incremental network is compared with the same class re-filling every flow
 * on each change (`incremental: false`), on the identical operation sequence, in the same run.
 * Routing: route() on a 10,000-node fabric, with the caches hit and with them invalidated.
 */
import { FlowNetwork } from '../../sim-core/fabric/flow-network.ts';
import { Router, type Route } from '../../sim-core/fabric/routing.ts';
import { Topology } from '../../sim-core/fabric/topology.ts';
import { createRng } from '../../sim-core/des/rng.ts';
import type { LinkModel, NodeModel } from '../../sim-core/scenario/model.ts';
import { fmt, median, timeRuns, type BenchResult, type BenchSuite } from './harness.ts';

const node = (id: string): NodeModel => ({ id } as NodeModel);
const link = (id: string, a: string, b: string, latencyMs: number, bandwidthBps: number): LinkModel =>
  ({ id, a, b, latencyMs, bandwidthBps, loss: 0 } as LinkModel);

/** cloud ← regional ← edge ← gateway tree; returns the topology and the gateway node indices. */
function treeFabric(regional: number, edgePerRegional: number, gwPerEdge: number): { topo: Topology; gateways: number[]; edgeOf: number[] } {
  const nodes: NodeModel[] = [node('cloud')];
  const links: LinkModel[] = [];
  const gwIds: string[] = [];
  const edgeIds: string[] = [];
  for (let r = 0; r < regional; r++) {
    nodes.push(node(`r${r}`));
    links.push(link(`r${r}-cloud`, `r${r}`, 'cloud', 20, 10e9));
    for (let e = 0; e < edgePerRegional; e++) {
      const eid = `r${r}e${e}`;
      nodes.push(node(eid));
      links.push(link(`${eid}-up`, eid, `r${r}`, 5, 1e9));
      for (let g = 0; g < gwPerEdge; g++) {
        const gid = `${eid}g${g}`;
        nodes.push(node(gid));
        links.push(link(`${gid}-up`, gid, eid, 2, 100e6));
        gwIds.push(gid); edgeIds.push(eid);
      }
    }
  }
  const topo = Topology.fromModel(nodes, links);
  return { topo, gateways: gwIds.map((g) => topo.nodeIndex(g)), edgeOf: edgeIds.map((e) => topo.nodeIndex(e)) };
}

interface ChurnSetup { routes: Route[]; capacity: (r: number) => number; resourceCount: number }

function churnSetup(toCloud: boolean): ChurnSetup {
  const { topo, gateways, edgeOf } = treeFabric(4, 5, 10);
  const router = new Router(topo);
  const cloud = topo.nodeIndex('cloud');
  const routes = gateways.map((g, i) => router.route(g, toCloud ? cloud : edgeOf[i]!)!);
  return { routes, capacity: (r) => topo.resourceCapacityBps(r), resourceCount: 2 * topo.linkCount };
}

/** Runs `steps` churn steps on `net` (completion + replacement start); returns a checksum of completed tags. */
function makeChurn(setup: ChurnSetup, incremental: boolean, concurrent: number) {
  const net = new FlowNetwork(setup.capacity, setup.resourceCount, { incremental });
  const rng = createRng(7, 'bench.flows');
  let nowMs = 0, tag = 0;
  const startOne = () => {
    const route = setup.routes[rng.int(setup.routes.length)]!;
    const sizeBytes = 10_000 + Math.floor(rng.next() * 10_000_000);
    net.start(route.resources, sizeBytes, nowMs, tag++);
  };
  for (let i = 0; i < concurrent; i++) startOne();
  return (steps: number): number => {
    let sum = 0;
    for (let s = 0; s < steps; s++) {
      nowMs = net.nextCompletionMs();
      for (const t of net.takeCompleted(nowMs)) { sum += t; startOne(); }
      if (net.activeCount !== concurrent) throw new Error(`churn lost flows: ${net.activeCount}`);
    }
    return sum;
  };
}

async function churnRows(quick: boolean, toCloud: boolean, label: string): Promise<BenchResult[]> {
  const setup = churnSetup(toCloud);
  const steps = quick ? 200 : 2000, reps = quick ? 3 : 7;
  const inc = makeChurn(setup, true, 1000);
  const full = makeChurn(setup, false, 1000);
  // Same seed, same operations: both must complete the same flows in the same order.
  if (inc(200) !== full(200)) throw new Error('incremental and full recompute diverged');
  const incUs = median(await timeRuns(reps, () => inc(steps))) * 1000 / steps;
  const fullUs = median(await timeRuns(reps, () => full(steps))) * 1000 / steps;
  const speedup = fullUs / incUs;
  return [
    { name: `flows ${label}: incremental, 1,000 concurrent`, value: incUs, unit: 'µs/churn', note: `${steps} completion+start steps per rep, median of ${reps}` },
    { name: `flows ${label}: full recompute baseline`, value: fullUs, unit: 'µs/churn', note: 'same class, incremental: false, same op sequence' },
    { name: `flows ${label}: speed-up`, value: speedup, unit: '×', target: '> 1 (incremental beats full)', ok: speedup > 1, note: `${fmt(fullUs)} / ${fmt(incUs)} µs` },
  ];
}

/** ~10,000-node fabric: tree plus a ring among each region's edge servers and a second uplink per edge. */
function bigFabric(): { topo: Topology; gateways: number[]; spare: number } {
  const { topo, gateways } = treeFabric(10, 20, 49); // 1 + 10 + 200 + 9,800 = 10,011 nodes
  for (let r = 0; r < 10; r++) {
    for (let e = 0; e < 20; e++) {
      const a = topo.nodeIndex(`r${r}e${e}`), b = topo.nodeIndex(`r${r}e${(e + 1) % 20}`);
      topo.addLink(a, b, { id: `ring-r${r}e${e}`, latencyMs: 1, bandwidthBps: 1e9, loss: 0 });
      topo.addLink(a, topo.nodeIndex(`r${(r + 1) % 10}`), { id: `x-r${r}e${e}`, latencyMs: 8, bandwidthBps: 1e9, loss: 0 });
    }
  }
  const spare = topo.addLink(topo.nodeIndex('r0'), topo.nodeIndex('r1'), { id: 'spare', latencyMs: 1000, bandwidthBps: 1, loss: 0 });
  return { topo, gateways, spare };
}

async function routeRows(quick: boolean): Promise<BenchResult[]> {
  const { topo, gateways, spare } = bigFabric();
  const rng = createRng(11, 'bench.routes');
  const pairs = Array.from({ length: 1000 }, () => [gateways[rng.int(gateways.length)]!, gateways[rng.int(gateways.length)]!] as const);
  const router = new Router(topo, { maxTrees: 64 });
  const reps = quick ? 3 : 7;

  // Uncached: toggling a far-away spare link bumps the version, so every call runs a full Dijkstra.
  const uncachedN = quick ? 20 : 100;
  const uncachedMs = median(await timeRuns(reps, () => {
    for (let i = 0; i < uncachedN; i++) {
      topo.setLinkUp(spare, i % 2 === 0);
      const [s, d] = pairs[i]!;
      if (!router.route(s, d)) throw new Error('unreachable');
    }
  }));
  topo.setLinkUp(spare, true);

  // Cached: the same 1,000 pairs again and again (Route objects served from the cache).
  for (const [s, d] of pairs) router.route(s, d);
  const cachedCalls = quick ? 100_000 : 1_000_000;
  const cachedMs = median(await timeRuns(reps, () => {
    let hops = 0;
    for (let i = 0; i < cachedCalls; i++) { const [s, d] = pairs[i % 1000]!; hops += router.route(s, d)!.links.length; }
    return hops;
  }));

  // Tree cached, Route not: one source, 1,000 fresh destinations per rep (a new Router keeps only the tree warm-up out).
  const src = gateways[0]!;
  const dsts = gateways.slice(0, 1000);
  const treeMs = median(await timeRuns(reps, () => {
    const r = new Router(topo);
    r.latencyMs(src, src); // builds the tree
    for (const d of dsts) r.route(src, d);
  }));

  return [
    { name: 'route(): uncached (Dijkstra), 10,011 nodes', value: uncachedN / (uncachedMs / 1000), unit: 'routes/s', note: `${fmt((uncachedMs * 1000) / uncachedN)} µs per call, ${topo.linkCount} links` },
    { name: 'route(): cached Route object', value: cachedCalls / (cachedMs / 1000), unit: 'routes/s', note: `1,000 distinct pairs, ${fmt(cachedCalls)} calls` },
    { name: 'route(): cached tree, new destination', value: dsts.length / (treeMs / 1000), unit: 'routes/s', note: 'path rebuilt from a cached Dijkstra tree (incl. one tree build per rep)' },
  ];
}

const suite: BenchSuite = {
  name: 'flows',
  async run({ quick }) {
    return [
      ...(await churnRows(quick, true, 'gateway→cloud')),
      ...(await churnRows(quick, false, 'gateway→own edge')),
      ...(await routeRows(quick)),
    ];
  },
};
export default suite;
