/**
 * NodeUnschedulable (kube nodeunschedulable): a cordoned node (spec.unschedulable) fits only pods
 * tolerating the node.kubernetes.io/unschedulable:NoSchedule taint.
 */
import type { CycleState, FailSink, FilterPlugin, NodeDependence, EquivalenceAware } from '../types.ts';
import { status, STATIC_ONLY } from '../types.ts';
import { tolerationsTolerate } from './taints.ts';

/** Plugin name. */
export const NAME = 'NodeUnschedulable';
/** kube ErrReasonUnschedulable. */
export const ERR_REASON = 'node(s) were unschedulable';
/** The taint key a pod tolerates to land on cordoned nodes. */
export const TAINT_NODE_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';

const FAIL = status('UnschedulableAndUnresolvable', NAME, ERR_REASON);

/** Builds the plugin (no args). */
export function newNodeUnschedulable() {
  return {
    name: NAME,
    /** Reads only the node's static attributes and its pods. */
    nodeDependence: (): NodeDependence => STATIC_ONLY,
    filter(cycle: CycleState, nodes: Int32Array, count: number, fail: FailSink): number {
      if (cycle.state.unschedulableCount === 0) return count;
      const tolerates = tolerationsTolerate(cycle.pod.pod.tolerations ?? [], { key: TAINT_NODE_UNSCHEDULABLE, effect: 'NoSchedule' });
      if (tolerates) return count;
      const u = cycle.state.unschedulable;
      let w = 0;
      for (let i = 0; i < count; i++) {
        const n = nodes[i]!;
        if (u[n] === 0) nodes[w++] = n; else fail(n, FAIL);
      }
      return w;
    },
  } satisfies FilterPlugin & EquivalenceAware;
}
