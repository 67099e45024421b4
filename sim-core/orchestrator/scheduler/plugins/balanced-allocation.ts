/**
 * NodeResourcesBalancedAllocation (kube noderesources/balanced_allocation.go): favours nodes whose
 * resource fractions stay balanced. Uses actual requests (no non-zero defaults) and is skipped
 * for best-effort pods. Two formulas: `delta` (default; upstream after PR #135573, scores the
 * change of balance the pod causes, 50..100) and `std` (<= v1.35, the balance with the pod).
 */
import type { CycleState, PreScorePlugin, ScorePlugin, Status, NodeDependence, EquivalenceAware } from '../types.ts';
import { status, STATIC_ONLY } from '../types.ts';
import { NATIVE_RESOURCES } from '../pod-requests.ts';
import type { FusedScorer } from '../score-math.ts';
import type { ClusterState } from '../state.ts';
import { balancedDeltaScore, balancedStdScore } from './resource-scorers.ts';
import { DEFAULT_RESOURCES, validateResources, type ResourceSpec } from './node-resources-fit.ts';

/** Plugin name. */
export const NAME = 'NodeResourcesBalancedAllocation';

/** Formula era; EdgeTwin's extension field `formula` of NodeResourcesBalancedAllocationArgs. */
export type BalancedFormula = 'delta' | 'std';

/** NodeResourcesBalancedAllocationArgs plus EdgeTwin's `formula` (default 'delta'). */
export interface BalancedAllocationArgs { resources?: ResourceSpec[]; formula?: BalancedFormula }

interface BAState { state: ClusterState; allocCols: Float64Array[]; reqCols: Float64Array[]; podReq: Float64Array; k: number }

const SKIP = status('Skip', NAME);

/** Builds the plugin; throws on invalid args. */
export function newBalancedAllocation(args: BalancedAllocationArgs = {}) {
  const formula = args.formula ?? 'delta';
  if (formula !== 'delta' && formula !== 'std') throw new Error(`NodeResourcesBalancedAllocationArgs.formula: unknown ${JSON.stringify(formula)} (delta, std)`);
  const resources = (args.resources?.length ? args.resources : DEFAULT_RESOURCES).map((r) => ({ name: r.name, weight: r.weight ?? 1 }));
  validateResources(resources, 'NodeResourcesBalancedAllocationArgs.resources');
  const withPod = new Float64Array(resources.length);
  const without = new Float64Array(resources.length);
  const alloc = new Float64Array(resources.length);

  // Two-resource "without the pod" scores by node, valid where stamp equals the state's nodeStamp;
  // bound to one state and one set of columns (a new column set starts a fresh cache).
  // Scores of nodes with nothing requested, per allocatable class, this cycle (NaN = not yet).
  let emptyByClass = new Float64Array(0);
  let cache = { state: null as ClusterState | null, cols: [] as Float64Array[], stamp: new Float64Array(0), value: new Float64Array(0) };
  const withoutCache = (st: ClusterState, ...cols: Float64Array[]) => {
    if (cache.state !== st || cache.stamp.length < st.nodeCount || cols.some((c, i) => c !== cache.cols[i])) {
      cache = { state: st, cols, stamp: new Float64Array(st.nodeStamp.length).fill(-1), value: new Float64Array(st.nodeStamp.length) };
    }
    return cache;
  };

  /** totals[i] += weight × score of nodes[i]. */
  const addScores = (s: BAState, nodes: Int32Array, count: number, weight: number, totals: Float64Array): void => {
    const k = s.k;
    if (k === 2) {
      const a0 = s.allocCols[0]!, a1 = s.allocCols[1]!, r0 = s.reqCols[0]!, r1 = s.reqCols[1]!;
      const c = withoutCache(s.state, a0, a1, r0, r1);
      const pools = s.state.allocPairClasses(a0, a1);
      if (emptyByClass.length < pools.classes) emptyByClass = new Float64Array(Math.max(pools.classes, 2 * emptyByClass.length));
      emptyByClass.fill(NaN, 0, pools.classes);
      addTwoResourceScores(nodes, count, weight, totals, a0, a1, r0, r1, s.podReq[0]!, s.podReq[1]!, formula === 'std', s.state.nodeStamp, c.stamp, c.value, pools.cls, emptyByClass);
      return;
    }
    for (let i = 0; i < count; i++) {
      const n = nodes[i]!;
      for (let j = 0; j < k; j++) {
        alloc[j] = s.allocCols[j]![n]!;
        without[j] = s.reqCols[j]![n]!;
        withPod[j] = without[j]! + s.podReq[j]!;
      }
      const sWith = balancedStdScore(withPod, alloc, k);
      totals[i] += weight * (formula === 'std' ? sWith : balancedDeltaScore(sWith, balancedStdScore(without, alloc, k)));
    }
  };

  return {
    name: NAME,
    /** Reads only the node's static attributes and its pods. */
    nodeDependence: (): NodeDependence => STATIC_ONLY,
    preScore(cycle: CycleState): Status | null {
      const st = cycle.state, pod = cycle.pod;
      const allocCols: Float64Array[] = [], reqCols: Float64Array[] = [], podReq: number[] = [];
      let bestEffort = true;
      for (const r of resources) {
        const q = pod.requests.get(r.name) ?? 0;
        if (q !== 0) bestEffort = false;
        if ((q === 0 && !NATIVE_RESOURCES.has(r.name)) || r.name === 'pods') continue;
        const idx = st.resource(r.name);
        allocCols.push(st.alloc[idx]!);
        reqCols.push(st.requested[idx]!);
        podReq.push(q);
      }
      // kube #129138: best-effort pods would all pile onto one node, so the plugin steps aside.
      if (bestEffort) return SKIP;
      cycle.data.set(NAME, { state: st, allocCols, reqCols, podReq: Float64Array.from(podReq), k: podReq.length } satisfies BAState);
      return null;
    },
    score(cycle: CycleState, nodes: Int32Array, count: number, out: Float64Array): void {
      out.fill(0, 0, count);
      addScores(cycle.data.get(NAME) as BAState, nodes, count, 1, out);
    },
    addWeightedScores(cycle: CycleState, nodes: Int32Array, count: number, weight: number, totals: Float64Array): void {
      addScores(cycle.data.get(NAME) as BAState, nodes, count, weight, totals);
    },
  } satisfies PreScorePlugin & ScorePlugin & FusedScorer & EquivalenceAware;
}

/**
 * Two resources (the default), unrolled: std = |f0 - f1| / 2, the same arithmetic as
 * balancedStdScore. The delta era's "without the pod" balance changes only when the node's pods
 * do, so it is cached per node under the state's nodeStamp (cacheStamp/cacheValue).
 */
function addTwoResourceScores(
  nodes: Int32Array, count: number, weight: number, totals: Float64Array,
  a0: Float64Array, a1: Float64Array, r0: Float64Array, r1: Float64Array, p0: number, p1: number, std: boolean,
  stamps: Float64Array, cacheStamp: Float64Array, cacheValue: Float64Array, cls: Int32Array, emptyByClass: Float64Array,
): void {
  for (let i = 0; i < count; i++) {
    const n = nodes[i]!;
    // Nothing requested yet: the score depends only on the node's allocatable pair (its class).
    const empty = r0[n] === 0 && r1[n] === 0;
    if (empty) { const e = emptyByClass[cls[n]!]!; if (e === e) { totals[i] += weight * e; continue; } }
    const c0 = a0[n]!, c1 = a1[n]!;
    let score: number;
    if (c0 === 0 || c1 === 0) score = std ? 100 : 75; // fewer than two resources: std 0
    else {
      const sWith = Math.trunc((1 - Math.abs((Math.min((r0[n]! + p0) / c0, 1) - Math.min((r1[n]! + p1) / c1, 1)) / 2)) * 100);
      if (std) score = sWith;
      else {
        let sWithout: number;
        if (cacheStamp[n] === stamps[n]) sWithout = cacheValue[n]!;
        else {
          sWithout = Math.trunc((1 - Math.abs((Math.min(r0[n]! / c0, 1) - Math.min(r1[n]! / c1, 1)) / 2)) * 100);
          cacheValue[n] = sWithout;
          cacheStamp[n] = stamps[n]!;
        }
        score = 50 + Math.trunc((50 + sWith - sWithout) / 2); // balancedDeltaScore
      }
    }
    if (empty) emptyByClass[cls[n]!] = score;
    totals[i] += weight * score;
  }
}
