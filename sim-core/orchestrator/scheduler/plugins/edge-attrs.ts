/**
 * Shared vocabulary of the edge plugins: where each edge fact lives on a Pod or Node, the arch
 * aliases, the service label, argument checks and the "lower is better" normalization. Reading
 * every fact through one file keeps the plugins, batch placement and the reconciler in agreement.
 *
 * Pod side (pod.edge): arches / arch (image platforms), accelerator + acceleratorCount,
 * dataSourceNodes + dataSourceWeights (node → weight, e.g. message rate), consumerNodes +
 * consumerWeights, latencyBudgetMs, ingressBps, sensitive. Node side (node.edge): arch,
 * accelerators, attested, region, zone, idleWatts, maxWatts (or watts), utilization, poweredOn,
 * costPerHour. Labels stand in where kube already has a well-known one.
 */
import type { Node, Pod } from '../api-types.ts';
import { labelOf } from '../labels.ts';
import type { SchedulingHost } from '../types.ts';
import { MAX_NODE_SCORE } from '../types.ts';

/** Pod label naming the service a replica belongs to (app.service), used for spreading and reconciling. */
export const SERVICE_LABEL = 'edgetwin.io/service';
/** Pod label that marks a pod sensitive ("true"), as pod.edge.sensitive does. */
export const SENSITIVE_LABEL = 'edgetwin.io/sensitive';
/** kube's well-known arch label. */
export const ARCH_LABEL = 'kubernetes.io/arch';
/** kube's well-known zone label. */
export const ZONE_LABEL = 'topology.kubernetes.io/zone';
/** kube's well-known region label. */
export const REGION_LABEL = 'topology.kubernetes.io/region';

/** The canonical arches (the scenario's vocabulary). */
export const CANONICAL_ARCHES: readonly string[] = ['x86_64', 'arm64', 'armv7', 'microcontroller'];

const ARCH_ALIASES: Readonly<Record<string, string>> = {
  x86_64: 'x86_64', amd64: 'x86_64', 'x86-64': 'x86_64', x64: 'x86_64',
  arm64: 'arm64', aarch64: 'arm64', armv8: 'arm64',
  armv7: 'armv7', arm: 'armv7', armhf: 'armv7', armv7l: 'armv7',
  microcontroller: 'microcontroller', mcu: 'microcontroller',
};

/** Canonical arch for a platform name (Docker/kube/uname spellings); unknown names pass through lowercased. */
export function canonicalArch(name: string): string {
  const k = name.trim().toLowerCase();
  return ARCH_ALIASES[k] ?? k;
}

/** The node's canonical arch (edge.arch, else label kubernetes.io/arch), or undefined when unknown. */
export function nodeArch(node: Node): string | undefined {
  const a = node.edge?.arch ?? labelOf(node.labels, ARCH_LABEL);
  return typeof a === 'string' && a !== '' ? canonicalArch(a) : undefined;
}

/** The pod's image platforms, canonical (edge.arches, else edge.arch, else nodeSelector kubernetes.io/arch); empty = any. */
export function podPlatforms(pod: Pod): string[] {
  const e = pod.edge;
  let raw: unknown[] = [];
  if (Array.isArray(e?.arches)) raw = e.arches as unknown[];
  else if (typeof e?.arch === 'string') raw = [e.arch];
  else if (pod.nodeSelector && typeof pod.nodeSelector[ARCH_LABEL] === 'string') raw = [pod.nodeSelector[ARCH_LABEL]];
  return [...new Set(raw.map((a) => {
    if (typeof a !== 'string' || a === '') throw new Error(`pod ${pod.namespace}/${pod.name}: edge.arches entries must be non-empty strings, got ${JSON.stringify(a)}`);
    return canonicalArch(a);
  }))].sort();
}

/**
 * Accelerator capacity of a node by type. edge.accelerators may hold `{type, count}` records (the
 * scenario form) or type names (the k8s form: an extended resource name whose count is the
 * node's allocatable of that name, else 1 per listed entry).
 */
export function nodeAcceleratorCapacity(node: Node): Map<string, number> {
  const out = new Map<string, number>();
  const list = node.edge?.accelerators as unknown;
  if (list === undefined) return out;
  if (!Array.isArray(list)) throw new Error(`node ${node.name}: edge.accelerators must be an array, got ${JSON.stringify(list)}`);
  for (const a of list as unknown[]) {
    if (typeof a === 'string') {
      const alloc = node.allocatable[a];
      out.set(a, typeof alloc === 'number' ? alloc : (out.get(a) ?? 0) + 1);
    } else if (a && typeof a === 'object' && typeof (a as { type?: unknown }).type === 'string') {
      const { type, count } = a as { type: string; count?: unknown };
      const c = count === undefined ? 1 : count;
      if (typeof c !== 'number' || !Number.isFinite(c) || c < 0) throw new Error(`node ${node.name}: accelerator ${type} count must be a finite number >= 0, got ${JSON.stringify(c)}`);
      out.set(type, (out.get(type) ?? 0) + c);
    } else throw new Error(`node ${node.name}: edge.accelerators entry must be a type name or {type, count}, got ${JSON.stringify(a)}`);
  }
  return out;
}

/** The accelerator a pod needs: type and count (acceleratorCount, default 1), or undefined. */
export function podAccelerator(pod: Pod): { type: string; count: number } | undefined {
  const type = pod.edge?.accelerator;
  if (type === undefined || type === '') return undefined;
  const count = pod.edge?.acceleratorCount ?? 1;
  if (typeof type !== 'string') throw new Error(`pod ${pod.namespace}/${pod.name}: edge.accelerator must be a string, got ${JSON.stringify(type)}`);
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) throw new Error(`pod ${pod.namespace}/${pod.name}: edge.acceleratorCount must be an integer >= 1, got ${JSON.stringify(count)}`);
  return { type, count };
}

/** A named endpoint with a weight (a data source or a consumer). */
export interface WeightedNode { node: string; weight: number }

function weighted(pod: Pod, namesKey: string, weightsKey: string): WeightedNode[] {
  const names = pod.edge?.[namesKey];
  if (names === undefined) return [];
  if (!Array.isArray(names)) throw new Error(`pod ${pod.namespace}/${pod.name}: edge.${namesKey} must be an array of node names, got ${JSON.stringify(names)}`);
  const weights = (pod.edge?.[weightsKey] ?? {}) as Record<string, unknown>;
  return (names as unknown[]).map((n) => {
    if (typeof n !== 'string' || n === '') throw new Error(`pod ${pod.namespace}/${pod.name}: edge.${namesKey} entries must be node names, got ${JSON.stringify(n)}`);
    const w = Object.prototype.hasOwnProperty.call(weights, n) ? weights[n] : 1;
    if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) throw new Error(`pod ${pod.namespace}/${pod.name}: edge.${weightsKey}.${n} must be a finite number >= 0, got ${JSON.stringify(w)}`);
    return { node: n, weight: w };
  });
}

/** The pod's data sources with weights (edge.dataSourceWeights[node], default 1). */
export function podSources(pod: Pod): WeightedNode[] {
  return weighted(pod, 'dataSourceNodes', 'dataSourceWeights');
}

/** The nodes consuming the pod's output with weights (edge.consumerWeights[node], default 1). */
export function podConsumers(pod: Pod): WeightedNode[] {
  return weighted(pod, 'consumerNodes', 'consumerWeights');
}

/** The pod's latency budget in ms, or undefined; throws on a non-positive or non-numeric budget. */
export function podLatencyBudgetMs(pod: Pod): number | undefined {
  const b = pod.edge?.latencyBudgetMs;
  if (b === undefined) return undefined;
  if (typeof b !== 'number' || !(b > 0)) throw new Error(`pod ${pod.namespace}/${pod.name}: edge.latencyBudgetMs must be a number > 0, got ${JSON.stringify(b)}`);
  return b;
}

/** The pod's expected ingress in bits/s (edge.ingressBps), or 0. */
export function podIngressBps(pod: Pod): number {
  const b = pod.edge?.ingressBps ?? 0;
  if (typeof b !== 'number' || !Number.isFinite(b) || b < 0) throw new Error(`pod ${pod.namespace}/${pod.name}: edge.ingressBps must be a finite number >= 0, got ${JSON.stringify(b)}`);
  return b;
}

/** Whether a pod may only run on attested nodes (edge.sensitive, or label edgetwin.io/sensitive=true). */
export function podIsSensitive(pod: Pod): boolean {
  return pod.edge?.sensitive === true || labelOf(pod.labels, SENSITIVE_LABEL) === 'true';
}

/** The node's zone and region (edge record, else the well-known labels). */
export function nodeDomains(node: Node): { zone?: string; region?: string } {
  const zone = node.edge?.zone ?? labelOf(node.labels, ZONE_LABEL);
  const region = node.edge?.region ?? labelOf(node.labels, REGION_LABEL);
  return { ...(zone !== undefined ? { zone } : {}), ...(region !== undefined ? { region } : {}) };
}

/** A numeric edge attribute, or undefined when absent; throws when present but not a finite number. */
export function edgeNumber(node: Node, key: string): number | undefined {
  const v = node.edge?.[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`node ${node.name}: edge.${key} must be a finite number, got ${JSON.stringify(v)}`);
  return v;
}

/** The host's latencyMs function; throws (a wiring mistake) when the host lends none. */
export function hostLatency(host: SchedulingHost, plugin: string): NonNullable<SchedulingHost['latencyMs']> {
  if (typeof host.latencyMs !== 'function') throw new Error(`${plugin}: the scheduling host provides no latencyMs(source, nodeIndex, nodeName) but the pod names data sources`);
  return host.latencyMs.bind(host);
}

/** The host's bandwidthBps function; throws (a wiring mistake) when the host lends none. */
export function hostBandwidth(host: SchedulingHost, plugin: string): NonNullable<SchedulingHost['bandwidthBps']> {
  if (typeof host.bandwidthBps !== 'function') throw new Error(`${plugin}: the scheduling host provides no bandwidthBps(source, nodeIndex, nodeName) but the pod names data sources`);
  return host.bandwidthBps.bind(host);
}

// A module-local copy: imported bindings read per node can cost a getter call under tsx/vitest.
const MAX_SCORE = MAX_NODE_SCORE;

/**
 * Lower-is-better min-max normalization in place: the smallest finite value → 100, the largest
 * → 0, linear and truncated between; all equal → 100; a non-finite value (unknown, unreachable) → 0.
 */
export function normalizeLowerIsBetter(values: Float64Array, count: number): void {
  let min = Infinity, max = -Infinity;
  for (let i = 0; i < count; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  for (let i = 0; i < count; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) values[i] = 0;
    else if (max === min) values[i] = MAX_SCORE;
    else values[i] = Math.trunc((MAX_SCORE * (max - v)) / (max - min));
  }
}

/**
 * The fused form of normalizeLowerIsBetter (see FusedScorer): totals[i] += weight × the
 * normalized score of raw[i], with the same arithmetic; adds nothing when every raw value is
 * the same finite number (all would score 100) or none is finite (all would score 0).
 */
export function addLowerIsBetter(raw: Float64Array, count: number, weight: number, totals: Float64Array): void {
  let min = Infinity, max = -Infinity, finite = 0;
  for (let i = 0; i < count; i++) {
    const v = raw[i]!;
    // v - v is 0 only for finite v (NaN and ±Infinity give NaN); cheaper than Number.isFinite per node.
    if (v - v !== 0) continue;
    finite++;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (finite === 0 || (finite === count && max === min)) return;
  if (max === min) {
    for (let i = 0; i < count; i++) { const v = raw[i]!; if (v - v === 0) totals[i] += weight * MAX_SCORE; }
    return;
  }
  const range = max - min;
  for (let i = 0; i < count; i++) {
    const v = raw[i]!;
    if (v - v === 0) totals[i] += weight * Math.trunc((MAX_SCORE * (max - v)) / range);
  }
}

/** Rejects args that are not a plain object or carry keys outside `allowed` (typos fail loudly). */
export function checkArgs(plugin: string, args: unknown, allowed: readonly string[]): Record<string, unknown> {
  if (args === undefined || args === null) return {};
  if (typeof args !== 'object' || Array.isArray(args)) throw new Error(`${plugin}Args: must be an object, got ${JSON.stringify(args)}`);
  for (const k of Object.keys(args)) {
    if (!allowed.includes(k)) throw new Error(`${plugin}Args: unknown field ${JSON.stringify(k)} (valid: ${allowed.join(', ') || 'none'})`);
  }
  return args as Record<string, unknown>;
}

const nodeCaches = new WeakMap<object, Map<string, { version: number; value: unknown }>>();

/** A per-node derived value of `state`, built once per `key` and rebuilt only when a node changes (nodesVersion). */
export function cachedPerNode<T>(state: { nodesVersion: number }, key: string, build: () => T): T {
  let m = nodeCaches.get(state);
  if (!m) nodeCaches.set(state, (m = new Map()));
  const hit = m.get(key);
  if (hit && hit.version === state.nodesVersion) return hit.value as T;
  const value = build();
  m.set(key, { version: state.nodesVersion, value });
  return value;
}
