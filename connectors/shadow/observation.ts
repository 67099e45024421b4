/**
 * What shadow mode observes of the fleet at one poll, from any source, and how sources merge.
 * Prometheus (observe-prometheus.ts) gives node_exporter's CPU, memory and network bytes, probe
 * latencies of links and, through the mapping's requestRates, arrival rates; an agent's
 * MetricsReport (observe-fleet.ts) gives its own CPU figure, per-service arrival rates (requests /
 * interval) and latency percentiles. Merging prefers Prometheus's node_exporter CPU (measured
 * outside the agent) and, per service, a Prometheus request rate over the agent's.
 */

/** Observed latency percentiles of one service on a node, ms. */
export interface ObservedLatency { p50Ms: number | null; p95Ms: number | null }

/** What one source observed of one node. */
export interface NodeSeen {
  /** CPU utilisation 0..1. */
  cpu?: number;
  memoryBytes?: number;
  networkReceiveBps?: number;
  networkTransmitBps?: number;
  /** Arrival rate of each service ("app/service") on the node, requests/s: the twin's input. */
  ratesPerS?: Map<string, number>;
  latency?: Map<string, ObservedLatency>;
}

/** One source's observations at one poll. */
export interface Observations {
  nodes: Map<string, NodeSeen>;
  /** Link id → one-way latency, ms. */
  links: Map<string, number>;
  /** What went wrong while observing (a failed query, unmapped series), in words. */
  problems: string[];
}

/** No observations. */
export function emptyObservations(): Observations {
  return { nodes: new Map(), links: new Map(), problems: [] };
}

/** Merges two sources: `preferred` (Prometheus) wins per field, per service (per percentile for latency) and per link; problems are kept from both. */
export function mergeObservations(preferred: Observations, other: Observations): Observations {
  const nodes = new Map<string, NodeSeen>();
  for (const id of new Set([...other.nodes.keys(), ...preferred.nodes.keys()])) {
    const p = preferred.nodes.get(id) ?? {};
    const o = other.nodes.get(id) ?? {};
    const merged: NodeSeen = { ...o, ...stripUndefined(p) };
    if (o.ratesPerS || p.ratesPerS) merged.ratesPerS = new Map([...(o.ratesPerS ?? []), ...(p.ratesPerS ?? [])]);
    if (o.latency || p.latency) {
      // Per service and per percentile: a Prometheus p95 alone does not hide the agent's p50.
      const lat = new Map(o.latency ?? []);
      for (const [service, l] of p.latency ?? []) {
        const had = lat.get(service);
        lat.set(service, { p50Ms: l.p50Ms ?? had?.p50Ms ?? null, p95Ms: l.p95Ms ?? had?.p95Ms ?? null });
      }
      merged.latency = lat;
    }
    nodes.set(id, merged);
  }
  return { nodes, links: new Map([...other.links, ...preferred.links]), problems: [...preferred.problems, ...other.problems] };
}

function stripUndefined(n: NodeSeen): NodeSeen {
  return Object.fromEntries(Object.entries(n).filter(([, v]) => v !== undefined)) as NodeSeen;
}
