/**
 * Finding assigned pods that a selector matches without scanning every pod: the selector's
 * `In` requirement with the fewest indexed pods bounds the candidates (ClusterState keeps a
 * key=value → pods index); selectors without an `In` requirement fall back to all pods.
 */
import type { Selector } from './labels.ts';
import type { PodInfo } from './pod-info.ts';
import type { ClusterState } from './state.ts';

const NONE: readonly PodInfo[] = Object.freeze([]);

/** A superset of the pods `sel` can match (verify each with selectorMatches). */
export function candidatePods(state: ClusterState, sel: Selector): Iterable<PodInfo> {
  if (sel.nothing) return NONE;
  let best: readonly PodInfo[] | ReadonlySet<PodInfo> | undefined;
  let bestSize = Infinity;
  for (const r of sel.reqs) {
    if (r.op !== 'In') continue;
    if (r.values.size === 1) {
      const v = r.values.values().next().value as string;
      const set = state.podsWithLabel(r.key, v);
      const size = set?.size ?? 0;
      if (size < bestSize) { best = set ?? NONE; bestSize = size; }
    } else {
      const union: PodInfo[] = [];
      for (const v of r.values) for (const p of state.podsWithLabel(r.key, v) ?? []) union.push(p);
      if (union.length < bestSize) { best = union; bestSize = union.length; }
    }
  }
  return best ?? state.pods.values();
}
