/**
 * EdgeAttestation (filter): a sensitive pod (pod.edge.sensitive, or label
 * edgetwin.io/sensitive=true) runs only on attested nodes (node edge.attested === true); other
 * pods skip the plugin.
 */
import type { CycleState, FailSink, FilterPlugin, PreFilterPlugin, Status, NodeDependence, EquivalenceAware } from '../types.ts';
import { status, STATIC_ONLY } from '../types.ts';
import { cachedPerNode, checkArgs, podIsSensitive } from './edge-attrs.ts';

/** Plugin name. */
export const NAME = 'EdgeAttestation';
/** Reason for an unattested node. */
export const ERR_NOT_ATTESTED = 'node(s) are not attested and the pod is sensitive';

/** Whether a pod of this sensitivity may run on a node of this attestation. */
export function attestationAllows(sensitive: boolean, attested: boolean): boolean {
  return !sensitive || attested;
}

/** EdgeAttestation takes no args. */
export type EdgeAttestationArgs = Record<string, never>;

const SKIP = status('Skip', NAME);
const FAIL = status('UnschedulableAndUnresolvable', NAME, ERR_NOT_ATTESTED);

/** Builds the plugin; throws on any args (it has none). */
export function newEdgeAttestation(args?: unknown) {
  checkArgs(NAME, args, []);
  return {
    name: NAME,
    /** Reads only the node's static attributes and its pods. */
    nodeDependence: (): NodeDependence => STATIC_ONLY,
    preFilter(cycle: CycleState): Status | null {
      return podIsSensitive(cycle.pod.pod) ? null : SKIP;
    },
    filter(cycle: CycleState, nodes: Int32Array, count: number, fail: FailSink): number {
      const st = cycle.state;
      const attested = cachedPerNode(st, NAME, () => Uint8Array.from(st.nodes, (n) => (n.edge?.attested === true ? 1 : 0)));
      let w = 0;
      for (let i = 0; i < count; i++) {
        const n = nodes[i]!;
        if (attestationAllows(true, attested[n] === 1)) nodes[w++] = n; else fail(n, FAIL);
      }
      return w;
    },
  } satisfies PreFilterPlugin & FilterPlugin & EquivalenceAware;
}
