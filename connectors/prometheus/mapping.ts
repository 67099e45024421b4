/**
 * How Prometheus series map onto the twin (documented in docs/live/prometheus-mapping.md):
 * which PromQL gives a node's CPU utilisation, memory and network bytes (node_exporter) and a
 * link's latency (blackbox_exporter probes), and which twin node or link a series is about —
 * its `edgetwin_node` / `edgetwin_link` label (set by relabelling), else an explicit entry of the
 * mapping file for its `instance` (host:port, then host), else, for nodes, the instance's host.
 * Everything here is a pure function except loadPrometheusMapping, which reads the file.
 */
import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { InputError, type InputIssue } from '../../sim-core/text/input-error.ts';
import type { PromSample, PromSeries } from './client.ts';

/** The rate window of the node_exporter queries, seconds (at least 2 scrapes must fall inside). */
export const DEFAULT_RATE_WINDOW_S = 30;

/** Label a relabel rule can set to name a series' twin node outright. */
export const DEFAULT_NODE_LABEL = 'edgetwin_node';
/** Label a relabel rule can set to name a probe's twin link outright. */
export const DEFAULT_LINK_LABEL = 'edgetwin_link';

/** A PromQL per-node request rate (requests/s) attributed to one twin service ("app/service") on the series' node. */
export interface RequestRateSource { service: string; query: string }

/** PromQL per-node latency percentiles (seconds, Prometheus's unit) of one twin service, e.g. histogram_quantile over its request-duration histogram. */
export interface AppLatencySource { service: string; p50?: string; p95?: string }

/** The mapping of Prometheus series onto twin nodes and links (from a YAML/JSON file, or the default). */
export interface PrometheusMapping {
  nodeLabel: string;
  linkLabel: string;
  /** instance ("host:port") or host → twin node id. */
  nodes: Record<string, string>;
  /** probe instance (the probed target, "host:port", host or URL) or its host → twin link id. */
  links: Record<string, string>;
  /** Where the twin's inputs (arrival rates) come from when they are read from Prometheus. */
  requestRates: RequestRateSource[];
  /** Where observed service latencies come from when they are read from Prometheus. */
  appLatencies: AppLatencySource[];
  /** The rate window of the queries, seconds. */
  rateWindowS: number;
}

/** The default mapping: no explicit entries, node id = the instance's host, links only by label. */
export const DEFAULT_PROMETHEUS_MAPPING: PrometheusMapping = Object.freeze({
  nodeLabel: DEFAULT_NODE_LABEL, linkLabel: DEFAULT_LINK_LABEL, nodes: {}, links: {}, requestRates: [], appLatencies: [], rateWindowS: DEFAULT_RATE_WINDOW_S,
}) as PrometheusMapping;

/** The signals read from Prometheus. */
export type PromSignal = 'cpu' | 'memoryBytes' | 'networkReceiveBps' | 'networkTransmitBps' | 'linkRttS' | 'linkProbeS';

/**
 * The PromQL of each signal. Node queries keep `instance` and the node label, so a relabelled
 * `edgetwin_node` survives the aggregation; the loopback interface is not network traffic.
 */
export function promQueries(m: Pick<PrometheusMapping, 'nodeLabel' | 'rateWindowS'> = DEFAULT_PROMETHEUS_MAPPING): Record<PromSignal, string> {
  const by = `by (instance, ${m.nodeLabel})`;
  const w = `${m.rateWindowS}s`;
  return {
    cpu: `1 - avg ${by} (rate(node_cpu_seconds_total{mode="idle"}[${w}]))`,
    memoryBytes: 'node_memory_MemTotal_bytes - node_memory_MemAvailable_bytes',
    networkReceiveBps: `sum ${by} (rate(node_network_receive_bytes_total{device!="lo"}[${w}]))`,
    networkTransmitBps: `sum ${by} (rate(node_network_transmit_bytes_total{device!="lo"}[${w}]))`,
    linkRttS: 'probe_icmp_duration_seconds{phase="rtt"}',
    linkProbeS: 'probe_duration_seconds',
  };
}

/** The host of an instance label: "10.0.0.5:9100" → "10.0.0.5", "[::1]:9100" → "::1", "http://gw:80/x" → "gw", "edge-1" → "edge-1". */
export function instanceHost(instance: string): string {
  let s = instance.trim();
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(s);
  if (scheme) s = s.slice(scheme[0].length).split(/[/?#]/)[0]!.replace(/^[^@]*@/, '');
  if (s.startsWith('[')) {
    const end = s.indexOf(']');
    return end > 0 ? s.slice(1, end) : s;
  }
  // Bare IPv6 (more than one colon) has no port to strip.
  if ((s.match(/:/g) ?? []).length > 1) return s;
  const colon = s.lastIndexOf(':');
  return colon > 0 && /^\d+$/.test(s.slice(colon + 1)) ? s.slice(0, colon) : s;
}

/** The twin node a series is about: its node label, else nodes[instance], else nodes[host], else the host; null without either label. */
export function nodeIdFor(labels: Record<string, string>, m: PrometheusMapping = DEFAULT_PROMETHEUS_MAPPING): string | null {
  const named = labels[m.nodeLabel];
  if (named) return named;
  const instance = labels.instance;
  if (!instance) return null;
  const host = instanceHost(instance);
  return m.nodes[instance] ?? m.nodes[host] ?? host;
}

/** The twin link a probe series is about: its link label, else links[instance], else links[host]; null when none (unmapped probes are ignored). */
export function linkIdFor(labels: Record<string, string>, m: PrometheusMapping = DEFAULT_PROMETHEUS_MAPPING): string | null {
  const named = labels[m.linkLabel];
  if (named) return named;
  const instance = labels.instance;
  if (!instance) return null;
  return m.links[instance] ?? m.links[instanceHost(instance)] ?? null;
}

/** How several series of one twin node or link combine (e.g. two exporters on one box). */
export type Combine = 'sum' | 'mean' | 'max';

/** Samples grouped onto twin ids: one value per id, and how many samples had no id or a non-finite value. */
export interface Grouped { values: Map<string, number>; unmapped: number; nonFinite: number }

/** Groups instant samples onto twin ids with `idOf` (nodeIdFor or linkIdFor), combining several per id. */
export function groupSamples(samples: readonly PromSample[], idOf: (labels: Record<string, string>) => string | null, combine: Combine): Grouped {
  const acc = new Map<string, { sum: number; n: number; max: number }>();
  let unmapped = 0;
  let nonFinite = 0;
  for (const s of samples) {
    const id = idOf(s.labels);
    if (id === null) { unmapped++; continue; }
    if (!Number.isFinite(s.value)) { nonFinite++; continue; }
    const a = acc.get(id) ?? { sum: 0, n: 0, max: -Infinity };
    a.sum += s.value; a.n++; a.max = Math.max(a.max, s.value);
    acc.set(id, a);
  }
  const values = new Map<string, number>();
  for (const [id, a] of acc) values.set(id, combine === 'sum' ? a.sum : combine === 'mean' ? a.sum / a.n : a.max);
  return { values, unmapped, nonFinite };
}

/** Range-query series grouped onto twin ids: per id, per timestamp (unix s), one value combined as groupSamples does. */
export function groupSeries(series: readonly PromSeries[], idOf: (labels: Record<string, string>) => string | null, combine: Combine): { values: Map<string, Map<number, number>>; unmapped: number; nonFinite: number } {
  const flat: PromSample[] = [];
  let unmappedSeries = 0;
  for (const s of series) {
    if (idOf(s.labels) === null) { unmappedSeries++; continue; }
    for (const p of s.points) flat.push({ labels: s.labels, tsS: p.tsS, value: p.value });
  }
  const byTs = new Map<number, PromSample[]>();
  for (const x of flat) { const l = byTs.get(x.tsS); if (l) l.push(x); else byTs.set(x.tsS, [x]); }
  const values = new Map<string, Map<number, number>>();
  let nonFinite = 0;
  for (const [ts, samples] of byTs) {
    const g = groupSamples(samples, idOf, combine);
    nonFinite += g.nonFinite;
    for (const [id, v] of g.values) { let m = values.get(id); if (!m) { m = new Map(); values.set(id, m); } m.set(ts, v); }
  }
  return { values, unmapped: unmappedSeries, nonFinite };
}

/** One-way link latency in ms from a probe: an ICMP round trip is halved (the twin's latencyMs is one way); a whole-probe duration is taken as is (an upper bound). */
export function linkLatencyMsFromProbe(seconds: number, kind: 'rtt' | 'probe'): number {
  return kind === 'rtt' ? (seconds * 1000) / 2 : seconds * 1000;
}

const TOP_KEYS = ['nodeLabel', 'linkLabel', 'nodes', 'links', 'requestRates', 'appLatencies', 'rateWindowS'];
const SERVICE_RE = /^[^/\s]+\/[^/\s]+$/;
const LABEL_RE = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Parses a mapping file (YAML or JSON); throws an InputError naming file, line:col and field for every problem. */
export function parsePrometheusMapping(text: string, file: string): PrometheusMapping {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  const issues: InputIssue[] = [];
  const pos = (path: (string | number)[]): { line: number; col: number } => {
    const node = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
    const offset = node?.range?.[0];
    if (offset === undefined) return { line: 0, col: 0 };
    const before = text.slice(0, offset).split('\n');
    return { line: before.length, col: before[before.length - 1]!.length + 1 };
  };
  const issue = (path: (string | number)[], message: string) => {
    issues.push({ file, ...pos(path), path: path.map((p) => (typeof p === 'number' ? `[${p}]` : p)).join('.').replace(/\.\[/g, '['), message });
  };
  for (const e of doc.errors) issues.push({ file, line: e.linePos?.[0].line ?? 0, col: e.linePos?.[0].col ?? 0, path: '', message: e.message.split('\n')[0]! });
  if (issues.length) throw new InputError(issues);
  const raw = doc.toJS() as unknown;
  if (raw === null || raw === undefined) return { ...DEFAULT_PROMETHEUS_MAPPING, nodes: {}, links: {}, requestRates: [], appLatencies: [] };
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new InputError([{ file, line: 1, col: 1, path: '', message: `a mapping file is an object with ${TOP_KEYS.join(', ')}` }]);
  const r = raw as Record<string, unknown>;
  const out: PrometheusMapping = { ...DEFAULT_PROMETHEUS_MAPPING, nodes: {}, links: {}, requestRates: [], appLatencies: [] };
  for (const k of Object.keys(r)) if (!TOP_KEYS.includes(k)) issue([k], `unknown field; valid fields: ${TOP_KEYS.join(', ')}`);
  for (const k of ['nodeLabel', 'linkLabel'] as const) {
    if (r[k] === undefined) continue;
    if (typeof r[k] === 'string' && LABEL_RE.test(r[k])) out[k] = r[k];
    else issue([k], `must be a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*), got ${JSON.stringify(r[k])}`);
  }
  if (r.rateWindowS !== undefined) {
    if (typeof r.rateWindowS === 'number' && Number.isInteger(r.rateWindowS) && r.rateWindowS >= 1 && r.rateWindowS <= 3600) out.rateWindowS = r.rateWindowS;
    else issue(['rateWindowS'], `must be a whole number of seconds from 1 to 3600, got ${JSON.stringify(r.rateWindowS)}`);
  }
  for (const k of ['nodes', 'links'] as const) {
    const v = r[k];
    if (v === undefined) continue;
    if (typeof v !== 'object' || v === null || Array.isArray(v)) { issue([k], 'must be an object of instance (host:port or host) → twin id'); continue; }
    for (const [inst, id] of Object.entries(v)) {
      if (typeof id === 'string' && id.length > 0 && id.length <= 256) out[k][inst] = id;
      else issue([k, inst], `must be a twin ${k === 'nodes' ? 'node' : 'link'} id (a non-empty string), got ${JSON.stringify(id)}`);
    }
  }
  if (r.requestRates !== undefined) {
    if (!Array.isArray(r.requestRates)) issue(['requestRates'], 'must be a list of {service: "app/service", query: PromQL}');
    else r.requestRates.forEach((e: unknown, i) => {
      const o = e as Record<string, unknown> | null;
      if (typeof o !== 'object' || o === null || Array.isArray(o)) { issue(['requestRates', i], 'must be {service: "app/service", query: PromQL}'); return; }
      const bad = Object.keys(o).filter((k) => k !== 'service' && k !== 'query');
      for (const k of bad) issue(['requestRates', i, k], 'unknown field; valid fields: service, query');
      const okService = typeof o.service === 'string' && SERVICE_RE.test(o.service);
      const okQuery = typeof o.query === 'string' && o.query.trim().length > 0;
      if (!okService) issue(['requestRates', i, 'service'], `must be "app/service", got ${JSON.stringify(o.service)}`);
      if (!okQuery) issue(['requestRates', i, 'query'], `must be a PromQL expression giving requests/s per instance, got ${JSON.stringify(o.query)}`);
      if (okService && okQuery && bad.length === 0) out.requestRates.push({ service: o.service as string, query: o.query as string });
    });
  }
  if (r.appLatencies !== undefined) {
    const shape = 'must be {service: "app/service", p50?: PromQL, p95?: PromQL} (seconds per instance)';
    if (!Array.isArray(r.appLatencies)) issue(['appLatencies'], `must be a list of ${shape.slice(8)}`);
    else r.appLatencies.forEach((e: unknown, i) => {
      const o = e as Record<string, unknown> | null;
      if (typeof o !== 'object' || o === null || Array.isArray(o)) { issue(['appLatencies', i], shape); return; }
      let ok = true;
      for (const k of Object.keys(o)) if (!['service', 'p50', 'p95'].includes(k)) { issue(['appLatencies', i, k], 'unknown field; valid fields: service, p50, p95'); ok = false; }
      if (!(typeof o.service === 'string' && SERVICE_RE.test(o.service))) { issue(['appLatencies', i, 'service'], `must be "app/service", got ${JSON.stringify(o.service)}`); ok = false; }
      for (const k of ['p50', 'p95'] as const) {
        if (o[k] !== undefined && !(typeof o[k] === 'string' && o[k].trim().length > 0)) { issue(['appLatencies', i, k], `must be a PromQL expression giving seconds per instance, got ${JSON.stringify(o[k])}`); ok = false; }
      }
      if (ok && o.p50 === undefined && o.p95 === undefined) { issue(['appLatencies', i], 'needs p50, p95 or both'); ok = false; }
      if (ok) out.appLatencies.push({ service: o.service as string, ...(o.p50 !== undefined ? { p50: o.p50 as string } : {}), ...(o.p95 !== undefined ? { p95: o.p95 as string } : {}) });
    });
  }
  if (issues.length) throw new InputError(issues);
  return out;
}

/** Reads and parses a mapping file (parsePrometheusMapping); a missing or unreadable file is an InputError too. */
export function loadPrometheusMapping(path: string): PrometheusMapping {
  let text: string;
  try { text = readFileSync(path, 'utf8'); } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
    throw new InputError([{ file: path, line: 0, col: 0, path: '', message: `cannot read the Prometheus mapping: ${why}` }]);
  }
  return parsePrometheusMapping(text, path);
}
