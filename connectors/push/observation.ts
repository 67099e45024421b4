/**
 * What the health gate is told about the nodes of a push, from the live fleet (FleetView): state,
 * the version the node runs, its last apply report, and the metrics measured since the version was
 * handed over. The fleet learns versions from apply reports, which an agent sends once per version,
 * so a restarted gateway may never see them again: what a push once saw a node run (its
 * confirmed version, stored with the push) stands in for a report the fleet no longer has.
 */
import type { RolloutState } from '../../sim-core/orchestrator/rollout/controller.ts';
import type { NodeObservation } from '../../sim-core/orchestrator/rollout/gates.ts';
import type { FleetNode, FleetView } from '../live/fleet-node.ts';
import type { PushNodeRow } from './store.ts';

/** The fleet's view of a node as the gate reads it; metrics count only when measured after `deliveredAtMs`. */
export function observationOf(n: FleetNode, deliveredAtMs: number | null): NodeObservation {
  const fresh = n.metrics !== null && deliveredAtMs !== null && n.metrics.atMs >= deliveredAtMs;
  return {
    node: n.id, state: n.state, runningVersion: n.runningVersion,
    report: n.lastReport ? { version: n.lastReport.version, outcome: n.lastReport.outcome, reason: n.lastReport.reason } : null,
    apps: fresh ? Object.fromEntries(Object.entries(n.metrics!.apps).map(([k, a]) => [k, { requests: a.requests, errorRate: a.errorRate, latencyMsP95: a.latencyMsP95 }])) : null,
  };
}

/** The observations of a push's delivered nodes, and the nodes newly seen on their version (to store as confirmed). */
export function observePush(rows: readonly PushNodeRow[], rollout: RolloutState, fleet: FleetView): { nodes: NodeObservation[]; confirmed: { node: string; version: number }[] } {
  const nodes: NodeObservation[] = [];
  const confirmed: { node: string; version: number }[] = [];
  for (const row of rows) {
    if (rollout.nodes[row.node]?.state !== 'delivered' || row.version === null) continue;
    const f = fleet.node(row.node);
    if (!f) continue;
    const o = observationOf(f, row.deliveredAtMs);
    if (row.confirmedVersion !== null && o.runningVersion < row.confirmedVersion) o.runningVersion = row.confirmedVersion;
    else if (row.confirmedVersion === null && o.runningVersion >= row.version) confirmed.push({ node: row.node, version: o.runningVersion });
    nodes.push(o);
  }
  return { nodes, confirmed };
}
