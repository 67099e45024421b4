/**
 * TaintToleration (kube tainttoleration/taint_toleration.go): Filter rejects nodes with a
 * NoSchedule/NoExecute taint the pod does not tolerate (UnschedulableAndUnresolvable); Score
 * counts intolerable PreferNoSchedule taints and NormalizeScore reverses it (fewer is better).
 */
import type { CycleState, FailSink, FilterPlugin, PreScorePlugin, ScorePlugin, Status, NodeDependence, EquivalenceAware } from '../types.ts';
import { MAX_NODE_SCORE, status, STATIC_ONLY } from '../types.ts';
import { defaultNormalizeScore, type FusedScorer } from '../score-math.ts';
import { countIntolerablePreferNoSchedule, firstUntoleratedHardTaint } from './taints.ts';

/** Plugin name. */
export const NAME = 'TaintToleration';

/** kube's reason text for an untolerated taint. */
export function untoleratedReason(key: string, value: string | undefined): string {
  return `node(s) had untolerated taint {${key}: ${value ?? ''}}`;
}

/** Builds the plugin (no args). */
export function newTaintToleration() {
  let weighted = new Float64Array(0);
  let rejectsBuf = new Uint8Array(1);
  const rejectScratch = (n: number) => (rejectsBuf.length >= n ? rejectsBuf : (rejectsBuf = new Uint8Array(n)));
  const perSetScratch = (n: number) => (weighted.length >= n ? weighted : (weighted = new Float64Array(n)));
  return {
    name: NAME,
    /** Reads only the node's static attributes and its pods. */
    nodeDependence: (): NodeDependence => STATIC_ONLY,
    filter(cycle: CycleState, nodes: Int32Array, count: number, fail: FailSink): number {
      const st = cycle.state, sets = st.taintSets;
      // Verdict per distinct taint list (few), then one byte lookup per node.
      const tolerations = cycle.pod.pod.tolerations ?? [];
      const rejects = rejectScratch(sets.length);
      let statuses: (Status | undefined)[] | undefined;
      for (let id = 1; id < sets.length; id++) {
        const taint = firstUntoleratedHardTaint(sets[id]!, tolerations);
        rejects[id] = taint ? 1 : 0;
        if (taint) (statuses ??= [])[id] = status('UnschedulableAndUnresolvable', NAME, untoleratedReason(taint.key, taint.value));
      }
      if (statuses === undefined) return count;
      const ids = st.taintSetId;
      let w = 0;
      for (let i = 0; i < count; i++) {
        const n = nodes[i]!;
        const id = ids[n]!;
        if (rejects[id] === 0) nodes[w++] = n; else fail(n, statuses[id]!);
      }
      return w;
    },
    preScore(cycle: CycleState): Status | null {
      const st = cycle.state;
      const tol = cycle.pod.pod.tolerations ?? [];
      const perSet = new Float64Array(st.taintSets.length);
      for (let id = 1; id < st.taintSets.length; id++) perSet[id] = countIntolerablePreferNoSchedule(st.taintSets[id]!, tol);
      cycle.data.set(NAME, perSet);
      return null;
    },
    score(cycle: CycleState, nodes: Int32Array, count: number, out: Float64Array): void {
      const perSet = cycle.data.get(NAME) as Float64Array;
      const ids = cycle.state.taintSetId;
      for (let i = 0; i < count; i++) out[i] = perSet[ids[nodes[i]!]!]!;
    },
    normalizeScore(_cycle: CycleState, _nodes: Int32Array, count: number, scores: Float64Array): void {
      defaultNormalizeScore(scores, count, true);
    },
    addWeightedScores(cycle: CycleState, nodes: Int32Array, count: number, weight: number, totals: Float64Array): void {
      const perSet = cycle.data.get(NAME) as Float64Array;
      let top = 0;
      for (let id = 1; id < perSet.length; id++) if (perSet[id]! > top) top = perSet[id]!;
      if (top === 0) return; // nothing intolerable anywhere: every node scores 100
      // The candidates' maximum; stop early once some node carries the largest count of any set.
      const ids = cycle.state.taintSetId;
      let max = 0;
      for (let i = 0; i < count && max < top; i++) { const c = perSet[ids[nodes[i]!]!]!; if (c > max) max = c; }
      if (max === 0) return;
      const add = perSetScratch(perSet.length);
      for (let id = 0; id < perSet.length; id++) add[id] = weight * (MAX_NODE_SCORE - Math.trunc((MAX_NODE_SCORE * perSet[id]!) / max));
      for (let i = 0; i < count; i++) totals[i] += add[ids[nodes[i]!]!]!;
    },
  } satisfies FilterPlugin & PreScorePlugin & ScorePlugin & FusedScorer & EquivalenceAware;
}
