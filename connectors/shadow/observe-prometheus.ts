/**
 * One shadow-mode poll of Prometheus: the mapping's PromQL (prometheus/mapping.ts) as instant
 * queries, grouped onto twin nodes and links. Node CPU is averaged over an instance's series,
 * memory and network bytes summed; a link's latency is half its ICMP round trip, or, for a link
 * with no ICMP probe, its whole probe duration. Every request-rate source of the mapping adds the
 * arrival rate of its service on each node, every appLatencies source its p50/p95 (seconds → ms,
 * averaged over an instance's series). A failed query is reported in `problems` and the
 * other queries still count: one missing exporter does not blind the whole shadow.
 */
import type { PrometheusClient, PromSample } from '../prometheus/client.ts';
import { groupSamples, linkIdFor, linkLatencyMsFromProbe, nodeIdFor, promQueries, type Combine, type PrometheusMapping } from '../prometheus/mapping.ts';
import type { NodeSeen, Observations } from './observation.ts';

/** Queries Prometheus once and maps the answers onto the twin. */
export async function observePrometheus(client: PrometheusClient, mapping: PrometheusMapping): Promise<Observations> {
  const q = promQueries(mapping);
  const problems: string[] = [];
  const run = async (promql: string): Promise<PromSample[]> => {
    try { return await client.query(promql); } catch (e) { problems.push((e as Error).message); return []; }
  };
  const none = async (): Promise<PromSample[]> => [];
  const [cpu, mem, rx, tx, rtt, probe, ...rest] = await Promise.all([
    run(q.cpu), run(q.memoryBytes), run(q.networkReceiveBps), run(q.networkTransmitBps), run(q.linkRttS), run(q.linkProbeS),
    ...mapping.requestRates.map((r) => run(r.query)),
    ...mapping.appLatencies.flatMap((a) => [a.p50 ? run(a.p50) : none(), a.p95 ? run(a.p95) : none()]),
  ]);
  const rates = rest.slice(0, mapping.requestRates.length);
  const latencies = rest.slice(mapping.requestRates.length);
  const nodes = new Map<string, NodeSeen>();
  const seen = (id: string) => { let n = nodes.get(id); if (!n) { n = {}; nodes.set(id, n); } return n; };
  const byNode = (samples: PromSample[], combine: Combine, field: 'cpu' | 'memoryBytes' | 'networkReceiveBps' | 'networkTransmitBps') => {
    const g = groupSamples(samples, (l) => nodeIdFor(l, mapping), combine);
    for (const [id, v] of g.values) seen(id)[field] = v;
    if (g.unmapped) problems.push(`${g.unmapped} ${field} series without an instance or ${mapping.nodeLabel} label`);
  };
  byNode(cpu!, 'mean', 'cpu');
  byNode(mem!, 'sum', 'memoryBytes');
  byNode(rx!, 'sum', 'networkReceiveBps');
  byNode(tx!, 'sum', 'networkTransmitBps');
  mapping.requestRates.forEach((src, i) => {
    const g = groupSamples(rates[i]!, (l) => nodeIdFor(l, mapping), 'sum');
    for (const [id, perS] of g.values) {
      if (perS < 0) { problems.push(`request rate of ${src.service} on ${id} is negative (${perS}); ignored`); continue; }
      const n = seen(id);
      (n.ratesPerS ??= new Map()).set(src.service, perS);
    }
  });
  mapping.appLatencies.forEach((src, i) => {
    for (const [k, field] of [[0, 'p50Ms'], [1, 'p95Ms']] as const) {
      const g = groupSamples(latencies[2 * i + k]!, (l) => nodeIdFor(l, mapping), 'mean');
      for (const [id, seconds] of g.values) {
        if (seconds < 0) { problems.push(`latency of ${src.service} on ${id} is negative (${seconds} s); ignored`); continue; }
        const n = seen(id);
        const lat = (n.latency ??= new Map());
        const cur = lat.get(src.service) ?? { p50Ms: null, p95Ms: null };
        lat.set(src.service, { ...cur, [field]: seconds * 1000 });
      }
    }
  });
  const links = new Map<string, number>();
  for (const [id, s] of groupSamples(rtt!, (l) => linkIdFor(l, mapping), 'mean').values) links.set(id, linkLatencyMsFromProbe(s, 'rtt'));
  for (const [id, s] of groupSamples(probe!, (l) => linkIdFor(l, mapping), 'mean').values) if (!links.has(id)) links.set(id, linkLatencyMsFromProbe(s, 'probe'));
  return { nodes, links, problems };
}
