/**
 * What the fleet looks like from outside the gateway, as pure functions of its nodes: the
 * per-node JSON of `GET /api/v1/fleet` (and of the 'fleet' events `edgetwin record` writes), and
 * the placement snapshot of `GET /api/v1/fleet/snapshot` — the same shape as a `plan --against`
 * snapshot file (sim-core/whatif/plan/snapshot.ts), so a plan diffs against the live fleet the
 * way it diffs against a file. Only nodes that run things (ready or draining) place services.
 */
import type { FleetNode, FleetNodeState } from './fleet-node.ts';

/** One node as the API shows it (docs/live-fleet.md: GET /api/v1/fleet). */
export interface FleetNodeJson {
  id: string;
  state: FleetNodeState;
  /** The connectors that reported it, joined with '+' ('mqtt', 'kubernetes+prometheus'); null before any. */
  source: string | null;
  lastSeenMs: number | null;
  heartbeatLagMs: number | null;
  runningVersion: number;
  /** Services it runs ("app/service"). */
  workloads: string[];
  /** From the last metrics report (null before one). */
  cpuUtilization: number | null;
  labels: Record<string, string>;
}

/** The placement snapshot a plan is diffed against. */
export interface LivePlacementSnapshot { placements: Record<string, string[]>; takenAt: string; source: 'live' }

/** States whose services count as placed. */
export const PLACING_STATES: readonly FleetNodeState[] = ['ready', 'draining'];

/** The API JSON of one node. */
export function fleetNodeJson(n: FleetNode): FleetNodeJson {
  return {
    id: n.id, state: n.state, source: n.sources.length ? n.sources.join('+') : null,
    lastSeenMs: n.lastSeenMs, heartbeatLagMs: n.heartbeatLagMs, runningVersion: n.runningVersion,
    workloads: [...n.running], cpuUtilization: n.metrics?.cpuUtilization ?? null, labels: { ...n.labels },
  };
}

/** "app/service" → the sorted nodes running it, from the nodes that are ready or draining; keys sorted. */
export function livePlacements(nodes: readonly FleetNode[]): Record<string, string[]> {
  const by = new Map<string, Set<string>>();
  for (const n of nodes) {
    if (!PLACING_STATES.includes(n.state)) continue;
    for (const s of n.running) {
      if (!by.has(s)) by.set(s, new Set());
      by.get(s)!.add(n.id);
    }
  }
  const out: Record<string, string[]> = {};
  for (const s of [...by.keys()].sort()) out[s] = [...by.get(s)!].sort();
  return out;
}

/** The snapshot at takenAtMs. */
export function liveSnapshot(nodes: readonly FleetNode[], takenAtMs: number): LivePlacementSnapshot {
  return { placements: livePlacements(nodes), takenAt: new Date(takenAtMs).toISOString(), source: 'live' };
}
