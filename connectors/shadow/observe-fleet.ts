/**
 * Shadow-mode observations from the live fleet's MetricsReports (what agents publish on
 * `edgetwin/v1/<node>/metrics`): the node's CPU utilisation, each service's arrival rate
 * (requests / interval) and latency percentiles. Each report is used once: a report no newer
 * than the last one used for its node is skipped, so a silent node adds no stale samples. Pure:
 * the caller keeps `lastUsedAtMs` between polls.
 */
import type { FleetNode } from '../live/fleet-node.ts';
import type { NodeSeen, Observations } from './observation.ts';

/** Observations from the nodes' newest metrics reports; updates lastUsedAtMs (node → atMs of the report used). */
export function observeFleet(nodes: readonly FleetNode[], lastUsedAtMs: Map<string, number>): Observations {
  const out: Observations = { nodes: new Map(), links: new Map(), problems: [] };
  for (const n of nodes) {
    const r = n.metrics;
    if (!r) continue;
    const last = lastUsedAtMs.get(n.id);
    if (last !== undefined && r.atMs <= last) continue;
    lastUsedAtMs.set(n.id, r.atMs);
    if (!(r.intervalMs > 0)) { out.problems.push(`metrics report of ${n.id} has interval ${r.intervalMs} ms; no rates taken from it`); continue; }
    const seen: NodeSeen = { cpu: r.cpuUtilization, memoryBytes: r.memoryBytes, ratesPerS: new Map(), latency: new Map() };
    for (const [service, m] of Object.entries(r.apps)) {
      seen.ratesPerS!.set(service, m.requests / (r.intervalMs / 1000));
      seen.latency!.set(service, { p50Ms: m.latencyMsP50, p95Ms: m.latencyMsP95 });
    }
    out.nodes.set(n.id, seen);
  }
  return out;
}
