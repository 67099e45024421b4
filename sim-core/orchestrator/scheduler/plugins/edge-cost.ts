/**
 * EdgeCost (score): the pod's share of the node's price, costPerHour (USD, node edge.costPerHour)
 * × the fraction of the node it requests (its dominant resource: the larger of non-zero cpu /
 * allocatable cpu and non-zero memory / allocatable memory). Cheapest → 100, dearest → 0; a node
 * without a price gets 0.
 */
import type { ClusterState } from '../state.ts';
import { RES_CPU, RES_MEMORY } from '../state.ts';
import type { CycleState, ScorePlugin } from '../types.ts';
import { cachedPerNode, checkArgs, edgeNumber, normalizeLowerIsBetter } from './edge-attrs.ts';

/** Plugin name. */
export const NAME = 'EdgeCost';

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

/** Builds the plugin; throws on any args (it has none). */
export function newEdgeCost(args?: unknown) {
  checkArgs(NAME, args, []);
  return {
    name: NAME,
    score(cycle: CycleState, nodes: Int32Array, count: number, out: Float64Array): void {
      const st = cycle.state, p = cycle.pod;
      const prices = nodePrices(st), cpu = st.alloc[RES_CPU]!, mem = st.alloc[RES_MEMORY]!;
      for (let i = 0; i < count; i++) {
        const n = nodes[i]!;
        const price = prices[n]!;
        out[i] = Number.isNaN(price) ? Infinity : costShareUsdPerHour(price, requestedFraction(p.nonZeroCpuMilli, cpu[n]!, p.nonZeroMemoryBytes, mem[n]!));
      }
    },
    normalizeScore(_cycle: CycleState, _nodes: Int32Array, count: number, scores: Float64Array): void {
      normalizeLowerIsBetter(scores, count);
    },
  } satisfies ScorePlugin;
}
