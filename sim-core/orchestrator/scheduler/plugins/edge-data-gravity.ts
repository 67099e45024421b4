/**
 * EdgeDataGravity (score): pulls a pod towards its data. Raw cost = Σ weight × latencyMs over the
 * pod's data sources (source → node) and consumers (node → consumer; the host's latency is taken
 * as symmetric), weights per endpoint (e.g. message rate, pod.edge.dataSourceWeights /
 * consumerWeights, default 1). Normalized lower-is-better: the nearest feasible node gets 100,
 * the farthest 0; a node some endpoint cannot reach (and no placed replica serves) gets 0. Pods
 * with no endpoints skip it.
 *
 * Replicas share their sources: each source's data goes to its nearest replica (the twin routes
 * so, as a load balancer by proximity would). So for a replica of a service (label
 * edgetwin.io/service, or serviceLabel) that already has replicas placed, a source costs
 * min(latency to the node, latency to the nearest placed replica): the score is the marginal
 * gain of a facility-location greedy, and a second replica goes where the first serves worst,
 * not next to it. A service's first replica costs exactly as before.
 */
import type { CycleState, PreScorePlugin, ScorePlugin, Status, NodeDependence, EquivalenceAware } from '../types.ts';
import { status, STATIC_ONLY } from '../types.ts';
import type { FusedScorer } from '../score-math.ts';
import { addLowerIsBetter, checkArgs, hostLatency, normalizeLowerIsBetter, podConsumers, podSources, SERVICE_LABEL, type WeightedNode } from './edge-attrs.ts';
import { labelOf } from '../labels.ts';

/** Plugin name. */
export const NAME = 'EdgeDataGravity';

/**
 * Σ weight × latency (ms), each endpoint's latency capped at capMs[i] (its nearest placed replica;
 * Infinity = none); Infinity when a weighted endpoint reaches neither the node nor a replica. Pure.
 */
export function gravityCost(latenciesMs: ArrayLike<number>, weights: ArrayLike<number>, capMs?: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < latenciesMs.length; i++) {
    const w = weights[i]!;
    if (w === 0) continue;
    let l = latenciesMs[i]!;
    if (!(l >= 0)) l = Infinity;
    if (capMs !== undefined && capMs[i]! < l) l = capMs[i]!;
    if (l === Infinity) return Infinity;
    sum += w * l;
  }
  return sum;
}

/** Args: consumerWeight scales every consumer's weight against the sources' (default 1); serviceLabel names the pod label grouping replicas (default edgetwin.io/service). */
export interface EdgeDataGravityArgs { consumerWeight?: number; serviceLabel?: string }

const SKIP = status('Skip', NAME);

interface GravityState { names: string[]; weights: Float64Array; lat: Float64Array; cap: Float64Array }

/** raw[i] = gravityCost of nodes[i] from the host's latencies (one scratch array per cycle). */
function costsInto(cycle: CycleState, nodes: Int32Array, count: number, raw: Float64Array): void {
  const s = cycle.data.get(NAME) as GravityState;
  const latencyMs = hostLatency(cycle.host, NAME);
  const names = cycle.state.names, ends = s.names, lat = s.lat;
  for (let i = 0; i < count; i++) {
    const n = nodes[i]!;
    for (let j = 0; j < ends.length; j++) lat[j] = latencyMs(ends[j]!, n, names[n]!);
    raw[i] = gravityCost(lat, s.weights, s.cap);
  }
}

/** Builds the plugin; throws on unknown args or a negative consumerWeight. */
export function newEdgeDataGravity(args?: unknown) {
  const a = checkArgs(NAME, args, ['consumerWeight', 'serviceLabel']) as EdgeDataGravityArgs;
  const label = a.serviceLabel ?? SERVICE_LABEL;
  if (typeof label !== 'string' || label === '') throw new Error(`${NAME}Args.serviceLabel: must be a non-empty string, got ${JSON.stringify(a.serviceLabel)}`);
  const consumerWeight = a.consumerWeight ?? 1;
  if (typeof consumerWeight !== 'number' || !Number.isFinite(consumerWeight) || consumerWeight < 0) {
    throw new Error(`${NAME}Args.consumerWeight: must be a finite number >= 0, got ${JSON.stringify(a.consumerWeight)}`);
  }
  return {
    name: NAME,
    /** Latency to the pod's sources and consumers is per node (its place in the network). */
    nodeDependence: (cycle: CycleState): NodeDependence | null => (podSources(cycle.pod.pod).length > 0 || podConsumers(cycle.pod.pod).length > 0 ? null : STATIC_ONLY),
    preScore(cycle: CycleState): Status | null {
      const sources = podSources(cycle.pod.pod);
      const ends: WeightedNode[] = [...sources, ...podConsumers(cycle.pod.pod).map((c) => ({ node: c.node, weight: c.weight * consumerWeight }))];
      if (ends.length === 0) return SKIP;
      const names = ends.map((e) => e.node);
      cycle.data.set(NAME, { names, weights: Float64Array.from(ends, (e) => e.weight), lat: new Float64Array(ends.length), cap: replicaCaps(cycle, label, names, sources.length) } satisfies GravityState);
      return null;
    },
    score(cycle: CycleState, nodes: Int32Array, count: number, out: Float64Array): void {
      costsInto(cycle, nodes, count, out);
    },
    normalizeScore(_cycle: CycleState, _nodes: Int32Array, count: number, scores: Float64Array): void {
      normalizeLowerIsBetter(scores, count);
    },
    addWeightedScores(cycle: CycleState, nodes: Int32Array, count: number, weight: number, totals: Float64Array, scratch: Float64Array): void {
      costsInto(cycle, nodes, count, scratch);
      addLowerIsBetter(scratch, count, weight, totals);
    },
  } satisfies PreScorePlugin & ScorePlugin & FusedScorer & EquivalenceAware;
}

/**
 * Per endpoint: the latency from each of the first `sourceCount` (sources) to the nearest
 * already-placed replica of the pod's service; Infinity for consumers and when there is none.
 */
function replicaCaps(cycle: CycleState, label: string, ends: readonly string[], sourceCount: number): Float64Array {
  const cap = new Float64Array(ends.length).fill(Infinity);
  const svc = labelOf(cycle.pod.labels, label);
  if (svc === undefined || sourceCount === 0) return cap;
  const st = cycle.state;
  let latencyMs: ReturnType<typeof hostLatency> | undefined;
  for (const p of st.podsWithLabel(label, svc) ?? []) {
    if (p.namespace !== cycle.pod.namespace || p.key === cycle.pod.key || p.nodeIndex < 0 || p.pod.terminating) continue;
    latencyMs ??= hostLatency(cycle.host, NAME);
    for (let j = 0; j < sourceCount; j++) {
      const l = latencyMs(ends[j]!, p.nodeIndex, st.names[p.nodeIndex]!);
      if (l >= 0 && l < cap[j]!) cap[j] = l;
    }
  }
  return cap;
}
