/**
 * Round-robin over a service's replicas, as a Kubernetes Service (kube-proxy's IPVS rr mode)
 * spreads requests over its endpoints: used for autoscaled services (x-edgetwin routing:
 * round-robin, the default), so the replicas an HPA adds share the load the HPA measures; every
 * other service keeps the twin's nearest-replica choice. A replica that is down or that policies
 * deny for the message is skipped; when every one is, the seam's own answer stands (-1 or
 * POLICY_DENIED). Deterministic: one counter per service, no random draws.
 */
import { nearestReplica } from './placement.ts';
import type { TwinState } from './state.ts';

/** The round-robin data: which services are balanced and each one's next replica. */
export interface Balance { balanced: Uint8Array; next: Int32Array }

/**
 * Wraps the installed seam so `services` are served round-robin. Returns the counters, which the
 * caller keeps reachable from the twin state so a checkpoint copies them (null: nothing balanced).
 */
export function balanceServices(s: TwinState, services: readonly number[]): Balance | null {
  if (services.length === 0) return null;
  const inner = s.placement.seam;
  const balanced = new Uint8Array(inner.replicas.length);
  for (const svc of services) balanced[svc] = 1;
  const next = new Int32Array(inner.replicas.length);
  s.placement.seam = {
    ...inner,
    chooseReplica(service, fromNode, stream) {
      if (!balanced[service]) return inner.chooseReplica(service, fromNode, stream);
      const list = inner.replicas[service]!;
      const n = list.length;
      for (let k = 0; k < n; k++) {
        const i = (next[service]! + k) % n;
        const node = nearestReplica(s, [list[i]!], fromNode, stream);
        if (node >= 0 && s.fabric.router.latencyMs(fromNode, node) < Infinity) { next[service] = (i + 1) % n; return node; }
      }
      return inner.chooseReplica(service, fromNode, stream);
    },
  };
  return { balanced, next };
}
