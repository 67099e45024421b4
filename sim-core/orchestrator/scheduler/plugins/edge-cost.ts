/**
 * EdgeCost (score): the pod's share of the node's price, costPerHour (USD, node edge.costPerHour)
 * × the fraction of the node it requests (its dominant resource: the larger of non-zero cpu /
 * allocatable cpu and non-zero memory / allocatable memory). Cheapest → 100, dearest → 0; a node
 * without a price gets 0.
 */
import type { ClusterState } from '../state.ts';
import { RES_CPU, RES_MEMORY } from '../state.ts';
import type { CycleState, ScorePlugin, NodeDependence, EquivalenceAware } from '../types.ts';
import { MAX_NODE_SCORE, STATIC_ONLY } from '../types.ts';
import type { FusedScorer } from '../score-math.ts';
import { addLowerIsBetter, cachedPerNode, checkArgs, edgeNumber, normalizeLowerIsBetter } from './edge-attrs.ts';

/** Plugin name. */
export const NAME = 'EdgeCost';
// A module-local copy: imported bindings used per node can cost a getter call under tsx/vitest.
const MAX_SCORE = MAX_NODE_SCORE;

/** Dominant requested fraction of a node (0..∞; > 1 means it does not fit); a resource with 0 allocatable is ignored. Pure. */
export function requestedFraction(cpuMilli: number, allocCpuMilli: number, memoryBytes: number, allocMemoryBytes: number): number {
  const c = allocCpuMilli > 0 ? cpuMilli / allocCpuMilli : 0;
  const m = allocMemoryBytes > 0 ? memoryBytes / allocMemoryBytes : 0;
  return Math.max(c, m);
}

/** USD per hour the pod's share of the node costs. Pure. */
export function costShareUsdPerHour(costPerHourUsd: number, fraction: number): number {
  return costPerHourUsd * fraction;
}

/** Each node's edge.costPerHour (NaN when absent), cached until a node changes. */
export function nodePrices(state: ClusterState): Float64Array {
  return cachedPerNode(state, NAME, () => Float64Array.from(state.nodes, (n) => edgeNumber(n, 'costPerHour') ?? NaN));
}

/** USD/h share of a pod with these non-zero requests on node n; NaN when the node has no price. */
export function podCostOnNode(state: ClusterState, n: number, cpuMilli: number, memoryBytes: number): number {
  const price = nodePrices(state)[n]!;
  return costShareUsdPerHour(price, requestedFraction(cpuMilli, state.alloc[RES_CPU]![n]!, memoryBytes, state.alloc[RES_MEMORY]![n]!));
}

/** EdgeCost takes no args. */
export type EdgeCostArgs = Record<string, never>;

/** raw[i] = the pod's USD/h share on nodes[i] (Infinity without a price), requestedFraction inlined. */
function costsInto(cycle: CycleState, nodes: Int32Array, count: number, raw: Float64Array): void {
  const st = cycle.state, p = cycle.pod;
  const prices = nodePrices(st), cpu = st.alloc[RES_CPU]!, mem = st.alloc[RES_MEMORY]!;
  const podCpu = p.nonZeroCpuMilli, podMem = p.nonZeroMemoryBytes;
  for (let i = 0; i < count; i++) {
    const n = nodes[i]!;
    const price = prices[n]!;
    if (price !== price) { raw[i] = Infinity; continue; } // NaN: no price
    const ac = cpu[n]!, am = mem[n]!;
    const c = ac > 0 ? podCpu / ac : 0, m = am > 0 ? podMem / am : 0;
    raw[i] = price * Math.max(c, m);
  }
}

/** Nodes grouped by (price, allocatable cpu, allocatable memory), the inputs of a node's cost: a node pool is one class. */
interface CostClasses { cls: Int32Array; price: Float64Array; cpu: Float64Array; mem: Float64Array; size: number }

function costClasses(state: ClusterState): CostClasses {
  return cachedPerNode(state, `${NAME}/classes`, () => {
    const prices = nodePrices(state), cpu = state.alloc[RES_CPU]!, mem = state.alloc[RES_MEMORY]!;
    const ids = new Map<string, number>(), cls = new Int32Array(state.nodeCount);
    const p: number[] = [], c: number[] = [], m: number[] = [];
    for (let n = 0; n < state.nodeCount; n++) {
      const key = `${prices[n]}|${cpu[n]}|${mem[n]}`;
      let id = ids.get(key);
      if (id === undefined) { id = p.length; ids.set(key, id); p.push(prices[n]!); c.push(cpu[n]!); m.push(mem[n]!); }
      cls[n] = id;
    }
    return { cls, price: Float64Array.from(p), cpu: Float64Array.from(c), mem: Float64Array.from(m), size: p.length };
  });
}

/** Builds the plugin; throws on any args (it has none). */
export function newEdgeCost(args?: unknown) {
  checkArgs(NAME, args, []);
  let perClass = new Float64Array(0);
  return {
    name: NAME,
    /** Reads only the node's static attributes and its pods. */
    nodeDependence: (): NodeDependence => STATIC_ONLY,
    score(cycle: CycleState, nodes: Int32Array, count: number, out: Float64Array): void {
      costsInto(cycle, nodes, count, out);
    },
    normalizeScore(_cycle: CycleState, _nodes: Int32Array, count: number, scores: Float64Array): void {
      normalizeLowerIsBetter(scores, count);
    },
    addWeightedScores(cycle: CycleState, nodes: Int32Array, count: number, weight: number, totals: Float64Array, scratch: Float64Array): void {
      const c = costClasses(cycle.state);
      if (c.size * 4 > count) { costsInto(cycle, nodes, count, scratch); addLowerIsBetter(scratch, count, weight, totals); return; }
      // Few classes: costsInto's and addLowerIsBetter's arithmetic once per class, then one lookup per node.
      if (perClass.length < 2 * c.size) perClass = new Float64Array(2 * c.size);
      const raw = perClass.subarray(0, c.size), members = perClass.subarray(c.size, 2 * c.size);
      members.fill(0);
      const cls = c.cls;
      for (let i = 0; i < count; i++) members[cls[nodes[i]!]!]++;
      const podCpu = cycle.pod.nonZeroCpuMilli, podMem = cycle.pod.nonZeroMemoryBytes;
      let min = Infinity, max = -Infinity, finite = 0;
      for (let j = 0; j < c.size; j++) {
        const price = c.price[j]!, ac = c.cpu[j]!, am = c.mem[j]!;
        raw[j] = price !== price ? Infinity : price * Math.max(ac > 0 ? podCpu / ac : 0, am > 0 ? podMem / am : 0);
        const v = raw[j]!;
        if (members[j] === 0 || v - v !== 0) continue;
        finite += members[j]!;
        if (v < min) min = v;
        if (v > max) max = v;
      }
      if (finite === 0 || (finite === count && max === min)) return;
      const add = raw; // reuse: raw[j] becomes the amount class j adds
      for (let j = 0; j < c.size; j++) {
        const v = raw[j]!;
        add[j] = v - v !== 0 ? 0 : max === min ? weight * MAX_SCORE : weight * Math.trunc((MAX_SCORE * (max - v)) / (max - min));
      }
      for (let i = 0; i < count; i++) totals[i] += add[cls[nodes[i]!]!]!;
    },
  } satisfies ScorePlugin & FusedScorer & EquivalenceAware;
}
