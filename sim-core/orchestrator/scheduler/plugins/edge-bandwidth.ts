/**
 * EdgeBandwidth (score): the residual bandwidth on the path from each data source to the node
 * (host.bandwidthBps, source → node) against the share of the pod's expected ingress
 * (pod.edge.ingressBps) that source sends, split by the source weights. Per path the score is
 * the fraction of residual bandwidth left after the pod's flow, 100 × (residual − need) / residual
 * (0 when the flow does not fit, 100 on a co-located source with unbounded residual); the node
 * scores its bottleneck path (the minimum). Pods without sources or ingress skip it.
 */
import type { CycleState, PreScorePlugin, ScorePlugin, Status, NodeDependence, EquivalenceAware } from '../types.ts';
import { MAX_NODE_SCORE, status, STATIC_ONLY } from '../types.ts';
import type { FusedScorer } from '../score-math.ts';
import { checkArgs, hostBandwidth, podIngressBps, podSources } from './edge-attrs.ts';

/** Plugin name. */
export const NAME = 'EdgeBandwidth';

// A module-local copy: imported bindings read per node can cost a getter call under tsx/vitest.
const MAX_SCORE = MAX_NODE_SCORE;

/** Score 0..100 of one path: residual bandwidth left after adding `needBps`; unknown or saturated → 0. Pure. */
export function pathHeadroomScore(residualBps: number, needBps: number): number {
  if (residualBps === Infinity) return MAX_SCORE;
  if (!(residualBps > 0) || residualBps <= needBps) return 0;
  return Math.trunc((MAX_SCORE * (residualBps - needBps)) / residualBps);
}

/** Each source's share of `ingressBps`, proportional to its weight (equal shares when all weights are 0). Pure. */
export function ingressShares(ingressBps: number, weights: readonly number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => (total > 0 ? (ingressBps * w) / total : ingressBps / weights.length));
}

/** EdgeBandwidth takes no args. */
export type EdgeBandwidthArgs = Record<string, never>;

interface BwState { sources: string[]; needBps: number[] }

const SKIP = status('Skip', NAME);

/** totals[i] += weight × the bottleneck path score of nodes[i] (scores are integers 0..100, no normalization). */
function addHeadroom(cycle: CycleState, nodes: Int32Array, count: number, weight: number, totals: Float64Array): void {
  const s = cycle.data.get(NAME) as BwState;
  const bandwidthBps = hostBandwidth(cycle.host, NAME);
  const names = cycle.state.names, sources = s.sources, need = s.needBps;
  for (let i = 0; i < count; i++) {
    const n = nodes[i]!;
    let min = MAX_SCORE;
    for (let j = 0; j < sources.length && min > 0; j++) {
      min = Math.min(min, pathHeadroomScore(bandwidthBps(sources[j]!, n, names[n]!), need[j]!));
    }
    totals[i] += weight * min;
  }
}

/** Builds the plugin; throws on any args (it has none). */
export function newEdgeBandwidth(args?: unknown) {
  checkArgs(NAME, args, []);
  return {
    name: NAME,
    /** Path bandwidth from the pod's sources is per node (its place in the network). */
    nodeDependence: (cycle: CycleState): NodeDependence | null => (podSources(cycle.pod.pod).length > 0 && podIngressBps(cycle.pod.pod) !== 0 ? null : STATIC_ONLY),
    preScore(cycle: CycleState): Status | null {
      const sources = podSources(cycle.pod.pod);
      const ingress = podIngressBps(cycle.pod.pod);
      if (sources.length === 0 || ingress === 0) return SKIP;
      cycle.data.set(NAME, { sources: sources.map((s) => s.node), needBps: ingressShares(ingress, sources.map((s) => s.weight)) } satisfies BwState);
      return null;
    },
    score(cycle: CycleState, nodes: Int32Array, count: number, out: Float64Array): void {
      out.fill(0, 0, count);
      addHeadroom(cycle, nodes, count, 1, out);
    },
    addWeightedScores(cycle: CycleState, nodes: Int32Array, count: number, weight: number, totals: Float64Array): void {
      addHeadroom(cycle, nodes, count, weight, totals);
    },
  } satisfies PreScorePlugin & ScorePlugin & FusedScorer & EquivalenceAware;
}
