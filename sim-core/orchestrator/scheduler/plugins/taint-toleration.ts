/**
 * TaintToleration (kube tainttoleration/taint_toleration.go): Filter rejects nodes with a
 * NoSchedule/NoExecute taint the pod does not tolerate (UnschedulableAndUnresolvable); Score
 * counts intolerable PreferNoSchedule taints and NormalizeScore reverses it (fewer is better).
 */
import type { CycleState, FailSink, FilterPlugin, PreScorePlugin, ScorePlugin, Status } from '../types.ts';
import { status } from '../types.ts';
import { defaultNormalizeScore } from '../score-math.ts';
import { countIntolerablePreferNoSchedule, UntoleratedCache } from './taints.ts';

/** Plugin name. */
export const NAME = 'TaintToleration';

/** kube's reason text for an untolerated taint. */
export function untoleratedReason(key: string, value: string | undefined): string {
  return `node(s) had untolerated taint {${key}: ${value ?? ''}}`;
}

/** Builds the plugin (no args). */
export function newTaintToleration() {
  return {
    name: NAME,
    filter(cycle: CycleState, nodes: Int32Array, count: number, fail: FailSink): number {
      const st = cycle.state;
      const cache = new UntoleratedCache(st.taintSets, cycle.pod.pod.tolerations ?? []);
      const statuses = new Map<number, Status>();
      const ids = st.taintSetId;
      let w = 0;
      for (let i = 0; i < count; i++) {
        const n = nodes[i]!;
        const id = ids[n]!;
        const taint = id === 0 ? undefined : cache.get(id);
        if (!taint) { nodes[w++] = n; continue; }
        let s = statuses.get(id);
        if (!s) statuses.set(id, (s = status('UnschedulableAndUnresolvable', NAME, untoleratedReason(taint.key, taint.value))));
        fail(n, s);
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
  } satisfies FilterPlugin & PreScorePlugin & ScorePlugin;
}
