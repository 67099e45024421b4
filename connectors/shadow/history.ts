/**
 * Calibration from Prometheus history: instead of waiting for the live window to fill, read the
 * past with range queries (GET /api/v1/query_range: node CPU, the mapping's request rates and
 * app latencies, probe latencies) at one step, line the series up by timestamp (Prometheus
 * aligns every point of a range answer on start + k·step), and fit the twin to them with the same
 * pure calibrate() the live shadow uses. A node is an observation at a timestamp only where its
 * arrival rates are known there (the twin's input), as in the live loop.
 */
import type { PrometheusClient, PromSeries } from '../prometheus/client.ts';
import { groupSeries, linkIdFor, linkLatencyMsFromProbe, nodeIdFor, promQueries, type PrometheusMapping } from '../prometheus/mapping.ts';
import { calibrate, type Calibration, type Epsilons, type LinkObservation, type NodeObservation } from './calibrate.ts';
import type { ObservedLatency } from './observation.ts';
import type { ShadowModel } from './predict.ts';

/** The history to read: unix seconds and the step between points. */
export interface HistoryRange { startS: number; endS: number; stepS: number }

/** Observations read from history, and what went wrong reading them. */
export interface History { nodes: NodeObservation[]; links: LinkObservation[]; problems: string[] }

/** Reads the range from Prometheus as shadow-mode observations (atMs = the point's time). */
export async function readHistory(client: PrometheusClient, mapping: PrometheusMapping, range: HistoryRange): Promise<History> {
  const q = promQueries(mapping);
  const problems: string[] = [];
  const run = async (promql: string | undefined): Promise<PromSeries[]> => {
    if (!promql) return [];
    try { return await client.queryRange(promql, range.startS, range.endS, range.stepS); } catch (e) { problems.push((e as Error).message); return []; }
  };
  const [cpu, rtt, probe, rates, p50s, p95s] = await Promise.all([
    run(q.cpu), run(q.linkRttS), run(q.linkProbeS),
    Promise.all(mapping.requestRates.map((r) => run(r.query))),
    Promise.all(mapping.appLatencies.map((a) => run(a.p50))),
    Promise.all(mapping.appLatencies.map((a) => run(a.p95))),
  ]);
  const node = (l: Record<string, string>) => nodeIdFor(l, mapping);
  const cpuBy = groupSeries(cpu, node, 'mean').values;
  // node → ts → service → rate / latency
  const ratesBy = new Map<string, Map<number, Map<string, number>>>();
  mapping.requestRates.forEach((src, i) => {
    for (const [id, points] of groupSeries(rates[i]!, node, 'sum').values) {
      for (const [ts, perS] of points) {
        if (perS < 0) continue;
        const byTs = ratesBy.get(id) ?? new Map<number, Map<string, number>>();
        ratesBy.set(id, byTs);
        const m = byTs.get(ts) ?? new Map<string, number>();
        byTs.set(ts, m);
        m.set(src.service, perS);
      }
    }
  });
  const latBy = new Map<string, Map<number, Map<string, ObservedLatency>>>();
  mapping.appLatencies.forEach((src, i) => {
    for (const [series, field] of [[p50s[i]!, 'p50Ms'], [p95s[i]!, 'p95Ms']] as const) {
      for (const [id, points] of groupSeries(series, node, 'mean').values) {
        for (const [ts, seconds] of points) {
          if (seconds < 0) continue;
          const byTs = latBy.get(id) ?? new Map<number, Map<string, ObservedLatency>>();
          latBy.set(id, byTs);
          const m = byTs.get(ts) ?? new Map<string, ObservedLatency>();
          byTs.set(ts, m);
          m.set(src.service, { ...(m.get(src.service) ?? { p50Ms: null, p95Ms: null }), [field]: seconds * 1000 });
        }
      }
    }
  });
  const nodes: NodeObservation[] = [];
  for (const [id, byTs] of ratesBy) {
    for (const [ts, ratesPerS] of [...byTs].sort((a, b) => a[0] - b[0])) {
      nodes.push({ atMs: ts * 1000, node: id, ratesPerS, cpu: cpuBy.get(id)?.get(ts) ?? null, latency: latBy.get(id)?.get(ts) ?? new Map() });
    }
  }
  const links: LinkObservation[] = [];
  const rttBy = groupSeries(rtt, (l) => linkIdFor(l, mapping), 'mean').values;
  for (const [id, points] of rttBy) for (const [ts, s] of points) links.push({ atMs: ts * 1000, link: id, observedMs: linkLatencyMsFromProbe(s, 'rtt') });
  for (const [id, points] of groupSeries(probe, (l) => linkIdFor(l, mapping), 'mean').values) {
    if (rttBy.has(id)) continue; // an ICMP probe of the link wins, as in the live poll
    for (const [ts, s] of points) links.push({ atMs: ts * 1000, link: id, observedMs: linkLatencyMsFromProbe(s, 'probe') });
  }
  links.sort((a, b) => a.atMs - b.atMs || (a.link < b.link ? -1 : a.link > b.link ? 1 : 0));
  return { nodes, links, problems };
}

/** Reads the range and calibrates the model on it. */
export async function calibrateFromHistory(client: PrometheusClient, mapping: PrometheusMapping, model: ShadowModel, range: HistoryRange, eps: Epsilons): Promise<Calibration & { history: History }> {
  const history = await readHistory(client, mapping, range);
  return { ...calibrate(model, history.nodes, history.links, eps), history };
}
