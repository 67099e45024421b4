/**
 * EdgeAccelerator (filter + score): a pod needing `edge.accelerator` (× `edge.acceleratorCount`,
 * default 1) fits a node whose capacity of that type (node edge.accelerators) minus what the
 * pods already bound there use is at least the count. Score prefers the least-loaded matching
 * accelerator: the free fraction left after placing, 100 × (capacity − used − count) / capacity.
 */
import type { ClusterState } from '../state.ts';
import type { PodInfo } from '../pod-info.ts';
import type { CycleState, FailSink, FilterPlugin, PreFilterPlugin, PreScorePlugin, ScorePlugin, Status } from '../types.ts';
import { MAX_NODE_SCORE, status } from '../types.ts';
import { cachedPerNode, checkArgs, nodeAcceleratorCapacity, podAccelerator } from './edge-attrs.ts';

/** Plugin name. */
export const NAME = 'EdgeAccelerator';

/** Reason when the node has no accelerator of the type at all (more room elsewhere cannot help). */
export function noAcceleratorReason(type: string): string { return `node(s) have no ${type} accelerator`; }
/** Reason when every accelerator of the type is taken. */
export function insufficientReason(type: string): string { return `Insufficient accelerator ${type}`; }

/** Free accelerators of one type on a node: capacity − used (never below 0). */
export function freeAccelerators(capacity: number, used: number): number {
  return Math.max(0, capacity - used);
}

/** Score 0..100: the fraction of the node's accelerators of the type still free after placing `count`. */
export function acceleratorScore(capacity: number, used: number, count: number): number {
  if (capacity <= 0 || used + count > capacity) return 0;
  return Math.trunc((MAX_NODE_SCORE * (capacity - used - count)) / capacity);
}

/** EdgeAccelerator takes no args. */
export type EdgeAcceleratorArgs = Record<string, never>;

const SKIP = status('Skip', NAME);
const needCache = new WeakMap<PodInfo, { type: string; count: number } | null>();

function need(p: PodInfo): { type: string; count: number } | null {
  let v = needCache.get(p);
  if (v === undefined) { v = podAccelerator(p.pod) ?? null; needCache.set(p, v); }
  return v;
}

function capacities(state: ClusterState): Map<string, number>[] {
  return cachedPerNode(state, NAME, () => state.nodes.map((n) => nodeAcceleratorCapacity(n)));
}

/** Accelerators of `type` used by the pods bound to node `n`. */
export function usedAccelerators(state: ClusterState, n: number, type: string): number {
  let used = 0;
  for (const p of state.podsOn[n]!) { const q = need(p); if (q && q.type === type) used += q.count; }
  return used;
}

/** Builds the plugin; throws on any args (it has none). */
export function newEdgeAccelerator(args?: unknown) {
  checkArgs(NAME, args, []);
  return {
    name: NAME,
    preFilter(cycle: CycleState): Status | null {
      const q = podAccelerator(cycle.pod.pod);
      if (!q) return SKIP;
      cycle.data.set(NAME, q);
      return null;
    },
    filter(cycle: CycleState, nodes: Int32Array, count: number, fail: FailSink): number {
      const q = cycle.data.get(NAME) as { type: string; count: number };
      const caps = capacities(cycle.state);
      const none = status('UnschedulableAndUnresolvable', NAME, noAcceleratorReason(q.type));
      const short = status('Unschedulable', NAME, insufficientReason(q.type));
      let w = 0;
      for (let i = 0; i < count; i++) {
        const n = nodes[i]!;
        const cap = caps[n]!.get(q.type) ?? 0;
        if (cap <= 0) { fail(n, none); continue; }
        if (freeAccelerators(cap, usedAccelerators(cycle.state, n, q.type)) < q.count) fail(n, short);
        else nodes[w++] = n;
      }
      return w;
    },
    preScore(cycle: CycleState): Status | null {
      const q = podAccelerator(cycle.pod.pod);
      if (!q) return SKIP;
      cycle.data.set(NAME, q);
      return null;
    },
    score(cycle: CycleState, nodes: Int32Array, count: number, out: Float64Array): void {
      const q = cycle.data.get(NAME) as { type: string; count: number };
      const caps = capacities(cycle.state);
      for (let i = 0; i < count; i++) {
        const n = nodes[i]!;
        out[i] = acceleratorScore(caps[n]!.get(q.type) ?? 0, usedAccelerators(cycle.state, n, q.type), q.count);
      }
    },
  } satisfies PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin;
}
