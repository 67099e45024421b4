/**
 * EdgeArchitecture (filter): a pod's image platforms (pod.edge.arches, pod.edge.arch, or
 * nodeSelector kubernetes.io/arch) must include the node's arch, after canonicalizing aliases
 * (amd64 = x86_64, aarch64 = arm64, arm = armv7), so an x86_64 image never lands on an ARM
 * microcontroller. A pod that declares no platform is skipped; a node of unknown arch cannot
 * host a pod that declares one.
 */
import type { ClusterState } from '../state.ts';
import type { CycleState, FailSink, FilterPlugin, PreFilterPlugin, Status, NodeDependence, EquivalenceAware } from '../types.ts';
import { status } from '../types.ts';
import { ARCH_LABEL, cachedPerNode, checkArgs, nodeArch, podPlatforms } from './edge-attrs.ts';

/** Plugin name. */
export const NAME = 'EdgeArchitecture';
/** Reason for a node whose arch is not among the pod's image platforms. */
export function archMismatchReason(nodeArchName: string | undefined, platforms: readonly string[]): string {
  return nodeArchName === undefined
    ? `node(s) have no known arch (image platforms: ${platforms.join(', ')})`
    : `node(s) have arch ${nodeArchName}, not among the image platforms ${platforms.join(', ')}`;
}

/** Whether an image built for `platforms` (canonical) runs on a node of canonical arch `arch`. */
export function archCompatible(platforms: readonly string[], arch: string | undefined): boolean {
  return arch !== undefined && platforms.includes(arch);
}

/** EdgeArchitecture takes no args. */
export type EdgeArchitectureArgs = Record<string, never>;

const SKIP = status('Skip', NAME);
const ARCH_DEPENDENCE: NodeDependence = Object.freeze({ valueKeys: Object.freeze([ARCH_LABEL]), domainKeys: Object.freeze([]) });

interface ArchColumn { ids: Int32Array; values: (string | undefined)[] }

function archColumn(state: ClusterState): ArchColumn {
  return cachedPerNode(state, NAME, () => {
    const values: (string | undefined)[] = [undefined];
    const idOf = new Map<string | undefined, number>([[undefined, 0]]);
    const ids = new Int32Array(state.nodeCount);
    for (let n = 0; n < state.nodeCount; n++) {
      const a = nodeArch(state.nodes[n]!);
      let id = idOf.get(a);
      if (id === undefined) { id = values.length; values.push(a); idOf.set(a, id); }
      ids[n] = id;
    }
    return { ids, values };
  });
}

/** Builds the plugin; throws on any args (it has none). */
export function newEdgeArchitecture(args?: unknown) {
  checkArgs(NAME, args, []);
  const KEY = NAME;
  let verdictsOf: ArchColumn | undefined;
  const verdicts = new Map<string, (Status | null)[]>();
  return {
    name: NAME,
    /** The arch comes from the edge record (static) or the kubernetes.io/arch label. */
    nodeDependence: (): NodeDependence => ARCH_DEPENDENCE,
    preFilter(cycle: CycleState): Status | null {
      const platforms = podPlatforms(cycle.pod.pod);
      if (platforms.length === 0) return SKIP;
      cycle.data.set(KEY, platforms);
      return null;
    },
    filter(cycle: CycleState, nodes: Int32Array, count: number, fail: FailSink): number {
      const platforms = cycle.data.get(KEY) as string[];
      const col = archColumn(cycle.state);
      // One verdict per distinct arch, so the loop is an array lookup per node; verdicts are kept
      // per platform list until the arch column is rebuilt (no allocation in a steady cycle).
      if (verdictsOf !== col) { verdictsOf = col; verdicts.clear(); }
      const key = platforms.join('\u0000');
      let verdict = verdicts.get(key);
      if (!verdict) {
        verdict = col.values.map((a) => (archCompatible(platforms, a) ? null : status('UnschedulableAndUnresolvable', NAME, archMismatchReason(a, platforms))));
        verdicts.set(key, verdict);
      }
      let w = 0;
      for (let i = 0; i < count; i++) {
        const n = nodes[i]!;
        const s = verdict[col.ids[n]!]!;
        if (s === null) nodes[w++] = n; else fail(n, s);
      }
      return w;
    },
  } satisfies PreFilterPlugin & FilterPlugin & EquivalenceAware;
}
