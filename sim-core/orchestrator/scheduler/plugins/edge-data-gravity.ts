/**
 * EdgeDataGravity (score): pulls a pod towards its data. Raw cost = Σ weight × latencyMs over the
 * pod's data sources (source → node) and consumers (node → consumer; the host's latency is taken
 * as symmetric), weights per endpoint (e.g. message rate, pod.edge.dataSourceWeights /
 * consumerWeights, default 1). Normalized lower-is-better: the nearest feasible node gets 100,
 * the farthest 0; a node some endpoint cannot reach gets 0. Pods with no endpoints skip it.
 */
import type { CycleState, PreScorePlugin, ScorePlugin, Status, NodeDependence, EquivalenceAware } from '../types.ts';
import { status, STATIC_ONLY } from '../types.ts';
import type { FusedScorer } from '../score-math.ts';
import { addLowerIsBetter, checkArgs, hostLatency, normalizeLowerIsBetter, podConsumers, podSources, type WeightedNode } from './edge-attrs.ts';

/** Plugin name. */
export const NAME = 'EdgeDataGravity';

/** Σ weight × latency (ms); Infinity when any endpoint with weight > 0 is unreachable. Pure. */
export function gravityCost(latenciesMs: ArrayLike<number>, weights: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < latenciesMs.length; i++) {
    const l = latenciesMs[i]!, w = weights[i]!;
    if (w === 0) continue;
    if (!(l >= 0) || l === Infinity) return Infinity;
    sum += w * l;
  }
  return sum;
}

/** Args: consumerWeight scales every consumer's weight against the sources' (default 1). */
export interface EdgeDataGravityArgs { consumerWeight?: number }

const SKIP = status('Skip', NAME);

interface GravityState { names: string[]; weights: Float64Array; lat: Float64Array }

/** raw[i] = gravityCost of nodes[i] from the host's latencies (one scratch array per cycle). */
function costsInto(cycle: CycleState, nodes: Int32Array, count: number, raw: Float64Array): void {
  const s = cycle.data.get(NAME) as GravityState;
  const latencyMs = hostLatency(cycle.host, NAME);
  const names = cycle.state.names, ends = s.names, lat = s.lat;
  for (let i = 0; i < count; i++) {
    const n = nodes[i]!;
    for (let j = 0; j < ends.length; j++) lat[j] = latencyMs(ends[j]!, n, names[n]!);
    raw[i] = gravityCost(lat, s.weights);
  }
}

/** Builds the plugin; throws on unknown args or a negative consumerWeight. */
export function newEdgeDataGravity(args?: unknown) {
  const a = checkArgs(NAME, args, ['consumerWeight']) as EdgeDataGravityArgs;
  const consumerWeight = a.consumerWeight ?? 1;
  if (typeof consumerWeight !== 'number' || !Number.isFinite(consumerWeight) || consumerWeight < 0) {
    throw new Error(`${NAME}Args.consumerWeight: must be a finite number >= 0, got ${JSON.stringify(a.consumerWeight)}`);
  }
  return {
    name: NAME,
    /** Latency to the pod's sources and consumers is per node (its place in the network). */
    nodeDependence: (cycle: CycleState): NodeDependence | null => (podSources(cycle.pod.pod).length > 0 || podConsumers(cycle.pod.pod).length > 0 ? null : STATIC_ONLY),
    preScore(cycle: CycleState): Status | null {
      const ends: WeightedNode[] = [...podSources(cycle.pod.pod), ...podConsumers(cycle.pod.pod).map((c) => ({ node: c.node, weight: c.weight * consumerWeight }))];
      if (ends.length === 0) return SKIP;
      cycle.data.set(NAME, { names: ends.map((e) => e.node), weights: Float64Array.from(ends, (e) => e.weight), lat: new Float64Array(ends.length) } satisfies GravityState);
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
