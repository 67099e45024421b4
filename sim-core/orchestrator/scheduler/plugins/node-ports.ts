/**
 * NodePorts (kube nodeports/node_ports.go): a pod's host ports must be free on the node; an
 * empty hostIP means 0.0.0.0, which conflicts with the same protocol/port on any IP.
 */
import type { CycleState, FailSink, FilterPlugin, PreFilterPlugin, Status, NodeDependence, EquivalenceAware } from '../types.ts';
import { status, STATIC_ONLY } from '../types.ts';
import type { Pod } from '../api-types.ts';

/** Plugin name. */
export const NAME = 'NodePorts';
/** kube ErrReason. */
export const ERR_REASON = "node(s) didn't have free ports for the requested pod ports";

const SKIP = status('Skip', NAME);
const FAIL = status('Unschedulable', NAME, ERR_REASON);
const ANY_IP = '0.0.0.0';

/** A host port as (ip, protocol, port) with kube's sanitizing (ip "" → 0.0.0.0, protocol "" → TCP). */
export interface HostPort { ip: string; protocol: string; port: number }

/** The host ports a pod's app containers bind (port > 0). */
export function podHostPorts(pod: Pod): HostPort[] {
  const out: HostPort[] = [];
  for (const c of pod.containers) {
    for (const p of c.hostPorts ?? []) {
      if (p.port > 0) out.push({ ip: p.hostIP || ANY_IP, protocol: p.protocol || 'TCP', port: p.port });
    }
  }
  return out;
}

/** HostPortInfo.CheckConflict: whether `want` collides with any of `used`. */
export function portsConflict(used: readonly HostPort[], want: HostPort): boolean {
  for (const u of used) {
    if (u.port !== want.port || u.protocol !== want.protocol) continue;
    if (want.ip === ANY_IP || u.ip === ANY_IP || u.ip === want.ip) return true;
  }
  return false;
}

/** Builds the plugin (no args). */
export function newNodePorts() {
  return {
    name: NAME,
    /** Reads only the node's static attributes and its pods. */
    nodeDependence: (): NodeDependence => STATIC_ONLY,
    preFilter(cycle: CycleState): Status | null {
      const want = podHostPorts(cycle.pod.pod);
      if (want.length === 0) return SKIP;
      cycle.data.set(NAME, want);
      return null;
    },
    filter(cycle: CycleState, nodes: Int32Array, count: number, fail: FailSink): number {
      const want = cycle.data.get(NAME) as HostPort[];
      let w = 0;
      for (let i = 0; i < count; i++) {
        const n = nodes[i]!;
        const used = cycle.state.podsOn[n]!.flatMap((p) => podHostPorts(p.pod));
        if (want.some((p) => portsConflict(used, p))) fail(n, FAIL); else nodes[w++] = n;
      }
      return w;
    },
  } satisfies PreFilterPlugin & FilterPlugin & EquivalenceAware;
}
