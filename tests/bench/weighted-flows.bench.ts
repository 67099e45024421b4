/**
 * Weighted max-min (QoS classes) against plain max-min: the same 1,000-flow churn on a gateway →
 * edge → regional → cloud tree (as flows.bench.ts), once with every flow at weight 1 and once with
 * weights drawn from {8, 1, 0.25}, on the identical operation sequence, in the same run.
 */
import { FlowNetwork } from '../../sim-core/fabric/flow-network.ts';
import { Router } from '../../sim-core/fabric/routing.ts';
import { Topology } from '../../sim-core/fabric/topology.ts';
import { createRng } from '../../sim-core/des/rng.ts';
import type { LinkModel, NodeModel } from '../../sim-core/scenario/model.ts';
import { fmt, median, timeRuns, type BenchResult, type BenchSuite } from './harness.ts';

function tree() {
  const nodes: NodeModel[] = [{ id: 'cloud' } as NodeModel];
  const links: LinkModel[] = [];
  const gws: string[] = [];
  const link = (id: string, a: string, b: string, bandwidthBps: number) => links.push({ id, a, b, latencyMs: 1, bandwidthBps, loss: 0 } as LinkModel);
  for (let r = 0; r < 4; r++) {
    nodes.push({ id: `r${r}` } as NodeModel); link(`r${r}-up`, `r${r}`, 'cloud', 10e9);
    for (let e = 0; e < 5; e++) {
      nodes.push({ id: `r${r}e${e}` } as NodeModel); link(`r${r}e${e}-up`, `r${r}e${e}`, `r${r}`, 1e9);
      for (let g = 0; g < 10; g++) { const id = `r${r}e${e}g${g}`; nodes.push({ id } as NodeModel); link(`${id}-up`, id, `r${r}e${e}`, 100e6); gws.push(id); }
    }
  }
  const topo = Topology.fromModel(nodes, links);
  const router = new Router(topo);
  return { topo, routes: gws.map((g) => router.route(topo.nodeIndex(g), topo.nodeIndex('cloud'))!) };
}

function makeChurn(weighted: boolean) {
  const { topo, routes } = tree();
  const net = new FlowNetwork((r) => topo.resourceCapacityBps(r), 2 * topo.linkCount);
  const rng = createRng(7, 'bench.weighted-flows');
  const weights = [8, 1, 0.25];
  let nowMs = 0, tag = 0;
  const startOne = () => {
    const route = routes[rng.int(routes.length)]!;
    const size = 10_000 + Math.floor(rng.next() * 10_000_000);
    const w = weights[rng.int(3)]!; // drawn either way: both variants see the same routes and sizes
    net.start(route.resources, size, nowMs, tag++, weighted ? w : 1);
  };
  for (let i = 0; i < 1000; i++) startOne();
  return (steps: number) => {
    for (let s = 0; s < steps; s++) {
      nowMs = net.nextCompletionMs();
      for (let n = net.takeCompleted(nowMs).length; n > 0; n--) startOne();
    }
  };
}

const suite: BenchSuite = {
  name: 'weighted-flows',
  async run({ quick }): Promise<BenchResult[]> {
    const steps = quick ? 200 : 2000, reps = quick ? 3 : 7;
    const plain = makeChurn(false), weighted = makeChurn(true);
    plain(100); weighted(100);
    const plainUs = median(await timeRuns(reps, () => plain(steps))) * 1000 / steps;
    const weightedUs = median(await timeRuns(reps, () => weighted(steps))) * 1000 / steps;
    return [
      { name: 'flows to cloud: all weights 1, 1,000 concurrent', value: plainUs, unit: 'µs/churn', note: `${steps} completion+start steps per rep, median of ${reps}` },
      { name: 'flows to cloud: weights {8, 1, 0.25}', value: weightedUs, unit: 'µs/churn', note: 'same op sequence; weight sums gathered during the component walk' },
      { name: 'flows to cloud: weighted / plain', value: weightedUs / plainUs, unit: '×', note: `${fmt(weightedUs)} / ${fmt(plainUs)} µs` },
    ];
  },
};
export default suite;
