/**
 * Toleration matching (core/v1 Toleration.ToleratesTaint and v1helper.FindMatchingUntoleratedTaint),
 * shared by TaintToleration, NodeUnschedulable and PodTopologySpread's nodeTaintsPolicy.
 */
import type { Taint, Toleration } from '../api-types.ts';

/** Whether one toleration tolerates one taint (empty effect/key are wildcards; operator "" means Equal). */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  switch (t.operator ?? '') {
    case '': case 'Equal': return (t.value ?? '') === (taint.value ?? '');
    case 'Exists': return true;
    default: return false;
  }
}

/** Whether any of the tolerations tolerates the taint. */
export function tolerationsTolerate(tolerations: readonly Toleration[], taint: Taint): boolean {
  for (const t of tolerations) if (toleratesTaint(t, taint)) return true;
  return false;
}

/** The first NoSchedule/NoExecute taint (node order) that no toleration tolerates, or undefined. */
export function firstUntoleratedHardTaint(taints: readonly Taint[], tolerations: readonly Toleration[]): Taint | undefined {
  for (const taint of taints) {
    if (taint.effect !== 'NoSchedule' && taint.effect !== 'NoExecute') continue;
    if (!tolerationsTolerate(tolerations, taint)) return taint;
  }
  return undefined;
}

/** Number of PreferNoSchedule taints not tolerated by tolerations whose effect is "" or PreferNoSchedule. */
export function countIntolerablePreferNoSchedule(taints: readonly Taint[], tolerations: readonly Toleration[]): number {
  const prefer = tolerations.filter((t) => !t.effect || t.effect === 'PreferNoSchedule');
  let n = 0;
  for (const taint of taints) if (taint.effect === 'PreferNoSchedule' && !tolerationsTolerate(prefer, taint)) n++;
  return n;
}

/**
 * Per-taint-set cache of "the pod's first untolerated hard taint": the ClusterState interns taint
 * lists, so a cycle checks each distinct list once however many nodes share it.
 */
export class UntoleratedCache {
  private readonly state: Int8Array;
  private readonly taint: (Taint | undefined)[];
  constructor(private readonly sets: readonly (readonly Taint[])[], private readonly tolerations: readonly Toleration[]) {
    this.state = new Int8Array(sets.length);
    this.taint = new Array(sets.length);
  }
  /** The untolerated taint of set `id`, or undefined when the pod tolerates all of them. */
  get(id: number): Taint | undefined {
    const s = this.state[id]!;
    if (s === 1) return undefined;
    if (s === 2) return this.taint[id];
    const t = firstUntoleratedHardTaint(this.sets[id]!, this.tolerations);
    this.state[id] = t ? 2 : 1;
    this.taint[id] = t;
    return t;
  }
}
