/**
 * The order batch placement binds pods in: most constrained first, so scarce capacity goes to
 * the pods that can use nothing else. Accelerator pods first (more devices first), then by
 * latency budget (tightest first; none last), then by size (non-zero cpu, then memory, largest
 * first), then by key so equal pods keep one order.
 */
import type { PodInfo } from '../scheduler/pod-info.ts';
import { podAccelerator, podLatencyBudgetMs } from '../scheduler/plugins/edge-attrs.ts';

/** The sort key of one pod (exported for explanations and tests). */
export interface ConstraintKey { acceleratorCount: number; latencyBudgetMs: number; cpuMilli: number; memoryBytes: number; key: string }

/** A pod's constraint key. */
export function constraintKey(p: PodInfo): ConstraintKey {
  return {
    acceleratorCount: podAccelerator(p.pod)?.count ?? 0,
    latencyBudgetMs: podLatencyBudgetMs(p.pod) ?? Infinity,
    cpuMilli: p.nonZeroCpuMilli,
    memoryBytes: p.nonZeroMemoryBytes,
    key: p.key,
  };
}

/** Comparator: negative when a is more constrained than b. Pure. */
export function compareConstraint(a: ConstraintKey, b: ConstraintKey): number {
  return (b.acceleratorCount - a.acceleratorCount)
    || (a.latencyBudgetMs === b.latencyBudgetMs ? 0 : a.latencyBudgetMs < b.latencyBudgetMs ? -1 : 1)
    || (b.cpuMilli - a.cpuMilli)
    || (b.memoryBytes - a.memoryBytes)
    || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

/** The pods sorted most constrained first (a new array). */
export function placementOrder(pods: readonly PodInfo[]): PodInfo[] {
  const keyed = pods.map((p) => ({ p, k: constraintKey(p) }));
  keyed.sort((a, b) => compareConstraint(a.k, b.k));
  return keyed.map((x) => x.p);
}
