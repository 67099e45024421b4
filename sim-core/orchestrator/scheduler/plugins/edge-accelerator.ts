/**
 * EdgeAccelerator (filter + score): a pod needing `edge.accelerator` (× `edge.acceleratorCount`,
 * default 1) fits a node whose capacity of that type (node edge.accelerators) minus what the
 * pods already bound there use is at least the count. Score prefers the least-loaded matching
 * accelerator: the free fraction left after placing, 100 × (capacity − used − count) / capacity.
 */
import type { ClusterState } from '../state.ts';
import type { PodInfo } from '../pod-info.ts';
import type { CycleState, FailSink, FilterPlugin, PreFilterPlugin, PreScorePlugin, ScorePlugin, Status, NodeDependence, EquivalenceAware } from '../types.ts';
import { MAX_NODE_SCORE, status, STATIC_ONLY } from '../types.ts';
import type { FusedScorer } from '../score-math.ts';
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

// A module-local copy: imported bindings read per node can cost a getter call under tsx/vitest.
const MAX_SCORE = MAX_NODE_SCORE;

/** Score 0..100: the fraction of the node's accelerators of the type still free after placing `count`. */
export function acceleratorScore(capacity: number, used: number, count: number): number {
  if (capacity <= 0 || used + count > capacity) return 0;
  return Math.trunc((MAX_SCORE * (capacity - used - count)) / capacity);
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

interface TypeColumns { cap: Float64Array; used: Float64Array; stamp: Float64Array; none: Status; short: Status }

/** Builds the plugin; throws on any args (it has none). */
export function newEdgeAccelerator(args?: unknown) {
  checkArgs(NAME, args, []);
  // Per accelerator type: capacity per node, and the used count per node cached under the
  // state's nodeStamp (it changes only when the node's pods do); rebuilt when nodes change.
  let bound: { state: ClusterState; version: number; types: Map<string, TypeColumns> } | undefined;
  const columns = (st: ClusterState, type: string): TypeColumns => {
    if (!bound || bound.state !== st || bound.version !== st.nodesVersion) bound = { state: st, version: st.nodesVersion, types: new Map() };
    let c = bound.types.get(type);
    if (!c) {
      const caps = capacities(st);
      c = {
        cap: Float64Array.from(caps, (m) => m.get(type) ?? 0), used: new Float64Array(st.nodeCount), stamp: new Float64Array(st.nodeCount).fill(-1),
        none: status('UnschedulableAndUnresolvable', NAME, noAcceleratorReason(type)), short: status('Unschedulable', NAME, insufficientReason(type)),
      };
      bound.types.set(type, c);
    }
    return c;
  };
  const used = (st: ClusterState, c: TypeColumns, n: number, type: string): number => {
    if (c.stamp[n] !== st.nodeStamp[n]) { c.used[n] = usedAccelerators(st, n, type); c.stamp[n] = st.nodeStamp[n]!; }
    return c.used[n]!;
  };
  const addScores = (cycle: CycleState, nodes: Int32Array, count: number, weight: number, totals: Float64Array): void => {
    const q = cycle.data.get(NAME) as { type: string; count: number };
    const st = cycle.state, c = columns(st, q.type);
    for (let i = 0; i < count; i++) {
      const n = nodes[i]!;
      totals[i] += weight * acceleratorScore(c.cap[n]!, used(st, c, n, q.type), q.count);
    }
  };
  return {
    name: NAME,
    /** Reads only the node's static attributes and its pods. */
    nodeDependence: (): NodeDependence => STATIC_ONLY,
    preFilter(cycle: CycleState): Status | null {
      const q = podAccelerator(cycle.pod.pod);
      if (!q) return SKIP;
      cycle.data.set(NAME, q);
      return null;
    },
    filter(cycle: CycleState, nodes: Int32Array, count: number, fail: FailSink): number {
      const q = cycle.data.get(NAME) as { type: string; count: number };
      const st = cycle.state, c = columns(st, q.type);
      let w = 0;
      for (let i = 0; i < count; i++) {
        const n = nodes[i]!;
        const cap = c.cap[n]!;
        if (cap <= 0) { fail(n, c.none); continue; }
        if (freeAccelerators(cap, used(st, c, n, q.type)) < q.count) fail(n, c.short);
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
      out.fill(0, 0, count);
      addScores(cycle, nodes, count, 1, out);
    },
    addWeightedScores(cycle: CycleState, nodes: Int32Array, count: number, weight: number, totals: Float64Array): void {
      addScores(cycle, nodes, count, weight, totals);
    },
  } satisfies PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin & FusedScorer & EquivalenceAware;
}
