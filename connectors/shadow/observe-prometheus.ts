/**
 * One shadow-mode poll of Prometheus: the mapping's PromQL (prometheus/mapping.ts) as instant
 * queries, grouped onto twin nodes and links. Node CPU is averaged over an instance's series,
 * memory and network bytes summed; a link's latency is half its ICMP round trip, or, for a link
 * with no ICMP probe, its whole probe duration. Every request-rate source of the mapping adds the
 * arrival rate of its service on each node. A failed query is reported in `problems` and the
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
  const [cpu, mem, rx, tx, rtt, probe, ...rates] = await Promise.all([
    run(q.cpu), run(q.memoryBytes), run(q.networkReceiveBps), run(q.networkTransmitBps), run(q.linkRttS), run(q.linkProbeS),
    ...mapping.requestRates.map((r) => run(r.query)),
  ]);
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
  const links = new Map<string, number>();
  for (const [id, s] of groupSamples(rtt!, (l) => linkIdFor(l, mapping), 'mean').values) links.set(id, linkLatencyMsFromProbe(s, 'rtt'));
  for (const [id, s] of groupSamples(probe!, (l) => linkIdFor(l, mapping), 'mean').values) if (!links.has(id)) links.set(id, linkLatencyMsFromProbe(s, 'probe'));
  return { nodes, links, problems };
}
