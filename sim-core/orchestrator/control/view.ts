/**
 * The FleetView over plain observed state (what decide() and the gateway hold): reachability from
 * connectivity components, regions, hostability lists and control-plane outages.
 */
import type { FleetView, ObservedState } from './observed.ts';

/** A FleetView answering from `o` (a node missing from `o.nodes` is down, has no agent, hosts nothing). */
export function viewOf(o: ObservedState): FleetView {
  const byId = new Map(o.nodes.map((n) => [n.id, n]));
  const down = new Set(o.controllersDown ?? []);
  const comp = (id: string) => byId.get(id)?.component ?? -1;
  return {
    isUp: (id) => comp(id) >= 0,
    reaches: (a, b) => comp(a) >= 0 && comp(a) === comp(b),
    regionOf: (id) => byId.get(id)?.region ?? '',
    hasAgent: (id) => byId.has(id),
    canHost: (id, service) => { const h = byId.get(id)?.hostable; return h === undefined ? byId.has(id) : h.includes(service); },
    isControllerDown: (id) => down.has(id),
  };
}
