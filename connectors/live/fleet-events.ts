/**
 * The fleet on the event stream: changes to nodes go out as SSE topic 'fleet' with data
 * `{nodes: FleetNodeJson[]}` (live-snapshot.ts). Changes are coalesced per node and published at
 * most once per throttle window — except a change of state (ready → offline …), which is
 * published at once with whatever else is pending, so `edgetwin record` sees every transition.
 */
import type { EventBus } from '../gateway/context.ts';
import type { FleetNode, FleetNodeState, FleetView } from './fleet-node.ts';
import { fleetNodeJson } from './live-snapshot.ts';

/** Longest a non-state change waits before it is published. */
export const FLEET_EVENT_THROTTLE_MS = 1000;

/** Publishes fleet changes on `events` until the returned function is called (which flushes what is pending). */
export function publishFleetChanges(fleet: FleetView, events: EventBus, throttleMs = FLEET_EVENT_THROTTLE_MS): () => void {
  const pending = new Map<string, FleetNode>();
  const published = new Map<string, FleetNodeState>();
  let timer: NodeJS.Timeout | null = null;
  const flush = () => {
    if (timer) { clearTimeout(timer); timer = null; }
    if (pending.size === 0) return;
    const nodes = [...pending.values()].map(fleetNodeJson);
    pending.clear();
    for (const n of nodes) published.set(n.id, n.state);
    events.publish('fleet', { nodes });
  };
  const off = fleet.onChange((n) => {
    pending.set(n.id, n);
    if (published.get(n.id) !== n.state) { flush(); return; }
    if (!timer) { timer = setTimeout(flush, throttleMs); timer.unref(); }
  });
  return () => { off(); flush(); };
}
