/** NodeName (kube nodename/node_name.go): a pod with spec.nodeName fits only that node. */
import type { CycleState, FailSink, FilterPlugin, NodeDependence, EquivalenceAware } from '../types.ts';
import { status, STATIC_ONLY } from '../types.ts';

/** Plugin name. */
export const NAME = 'NodeName';
/** kube ErrReason. */
export const ERR_REASON = "node(s) didn't match the requested node name";

const FAIL = status('UnschedulableAndUnresolvable', NAME, ERR_REASON);

/** Builds the plugin (no args). */
export function newNodeName() {
  return {
    name: NAME,
    /** spec.nodeName names one node: node identity. */
    nodeDependence: (cycle: CycleState): NodeDependence | null => (cycle.pod.pod.nodeName ? null : STATIC_ONLY),
    filter(cycle: CycleState, nodes: Int32Array, count: number, fail: FailSink): number {
      const want = cycle.pod.pod.nodeName;
      if (!want) return count;
      const names = cycle.state.names;
      let w = 0;
      for (let i = 0; i < count; i++) {
        const n = nodes[i]!;
        if (names[n] === want) nodes[w++] = n; else fail(n, FAIL);
      }
      return w;
    },
  } satisfies FilterPlugin & EquivalenceAware;
}
