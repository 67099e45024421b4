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
    // The telemetry ingest validates reports; still, a figure that makes no sense is dropped and said, never a crash of the poll.
    const seen: NodeSeen = { ratesPerS: new Map(), latency: new Map() };
    if (fraction(r.cpuUtilization)) seen.cpu = r.cpuUtilization;
    else out.problems.push(`metrics report of ${n.id}: cpuUtilization ${r.cpuUtilization} is not in 0..1; not scored`);
    if (Number.isFinite(r.memoryBytes) && r.memoryBytes >= 0) seen.memoryBytes = r.memoryBytes;
    for (const [service, m] of Object.entries(r.apps)) {
      if (!(Number.isFinite(m.requests) && m.requests >= 0)) { out.problems.push(`metrics report of ${n.id}: ${service} requests ${m.requests} is not a count; service left out`); continue; }
      seen.ratesPerS!.set(service, m.requests / (r.intervalMs / 1000));
      seen.latency!.set(service, { p50Ms: latency(m.latencyMsP50), p95Ms: latency(m.latencyMsP95) });
    }
    out.nodes.set(n.id, seen);
  }
  return out;
}

const fraction = (x: number) => Number.isFinite(x) && x >= 0 && x <= 1;
const latency = (x: number | null) => (x !== null && Number.isFinite(x) && x >= 0 ? x : null);
