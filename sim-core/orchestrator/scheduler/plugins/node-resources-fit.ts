/**
 * NodeResourcesFit (kube noderesources/fit.go): Filter rejects a node lacking room for the pod's
 * requests, with every reason ("Too many pods", "Insufficient cpu", "Insufficient memory",
 * "Insufficient ephemeral-storage", "Insufficient <extended>"); Score applies the scoring
 * strategy to NonZeroRequested cpu/memory (missing container requests count as 100m/200MB).
 */
import type { CycleState, FailSink, FilterPlugin, PreFilterPlugin, PreScorePlugin, ScorePlugin, Status, NodeDependence, EquivalenceAware } from '../types.ts';
import { status, STATIC_ONLY } from '../types.ts';
import { NATIVE_RESOURCES } from '../pod-requests.ts';
import { RES_PODS, type ClusterState } from '../state.ts';
import type { FusedScorer } from '../score-math.ts';
import {
  brokenLinear, leastRequestedScore, mostRequestedScore, rtcrResourceScore, scaleShape,
  type ScoringStrategyType, type ShapePoint,
} from './resource-scorers.ts';

/** Plugin name. */
export const NAME = 'NodeResourcesFit';

/** config.ResourceSpec. */
export interface ResourceSpec { name: string; weight: number }

/** NodeResourcesFitArgs (kubescheduler.config.k8s.io/v1). */
export interface NodeResourcesFitArgs {
  ignoredResources?: string[];
  ignoredResourceGroups?: string[];
  scoringStrategy?: {
    type?: ScoringStrategyType;
    resources?: ResourceSpec[];
    requestedToCapacityRatio?: { shape: ShapePoint[] };
  };
}

/** Default scored resources: cpu and memory, weight 1 each. */
export const DEFAULT_RESOURCES: readonly ResourceSpec[] = Object.freeze([{ name: 'cpu', weight: 1 }, { name: 'memory', weight: 1 }]);

/** Validates resource specs as kube's ValidateNodeResourcesFitArgs does (weight 1..100, unique names). */
export function validateResources(resources: readonly ResourceSpec[], where: string): void {
  const seen = new Set<string>();
  for (const r of resources) {
    if (typeof r.name !== 'string' || r.name === '') throw new Error(`${where}: resource name must be a non-empty string, got ${JSON.stringify(r.name)}`);
    if (!Number.isInteger(r.weight) || r.weight < 1 || r.weight > 100) throw new Error(`${where}: resource weight of ${r.name} not in valid range [1, 100], got ${r.weight}`);
    if (seen.has(r.name)) throw new Error(`${where}: duplicate resource name ${r.name}`);
    seen.add(r.name);
  }
}

interface FitFilterState { res: Int32Array; amount: Float64Array; names: string[] }
interface FitScoreState { allocCols: Float64Array[]; reqCols: Float64Array[]; podReq: Float64Array; weights: Float64Array; k: number }

const TOO_MANY_PODS = status('Unschedulable', NAME, 'Too many pods');

/** Builds a NodeResourcesFit instance; throws on invalid args (message names the bad value). */
export function newNodeResourcesFit(args: NodeResourcesFitArgs = {}) {
  const type = args.scoringStrategy?.type ?? 'LeastAllocated';
  if (!['LeastAllocated', 'MostAllocated', 'RequestedToCapacityRatio'].includes(type)) {
    throw new Error(`NodeResourcesFitArgs.scoringStrategy.type: unknown ${JSON.stringify(type)} (LeastAllocated, MostAllocated, RequestedToCapacityRatio)`);
  }
  const resources = (args.scoringStrategy?.resources?.length ? args.scoringStrategy.resources : DEFAULT_RESOURCES)
    .map((r) => ({ name: r.name, weight: r.weight ?? 1 }));
  validateResources(resources, 'NodeResourcesFitArgs.scoringStrategy.resources');
  let shape: ((p: number) => number) | undefined;
  if (type === 'RequestedToCapacityRatio') {
    const pts = args.scoringStrategy?.requestedToCapacityRatio?.shape;
    if (!pts || pts.length === 0) throw new Error('NodeResourcesFitArgs.scoringStrategy.requestedToCapacityRatio.shape: at least one point required');
    validateShape(pts);
    shape = brokenLinear(scaleShape(pts));
  }
  const ignored = new Set(args.ignoredResources ?? []);
  const ignoredGroups = new Set(args.ignoredResourceGroups ?? []);
  const FILTER_KEY = `${NAME}/filter`;
  const SCORE_KEY = `${NAME}/score`;

  /** totals[i] += weight × the strategy's score of nodes[i]. */
  // Scores of nodes with nothing requested, per allocatable class, this cycle (NaN = not yet).
  let emptyByClass = new Float64Array(0);
  const addScores = (s: FitScoreState, nodes: Int32Array, count: number, weight: number, totals: Float64Array, cycleState: ClusterState): void => {
    const { allocCols, reqCols, podReq, weights, k } = s;
    if (type === 'LeastAllocated' && k === 2) {
      const pools = cycleState.allocPairClasses(allocCols[0]!, allocCols[1]!);
      if (emptyByClass.length < pools.classes) emptyByClass = new Float64Array(Math.max(pools.classes, 2 * emptyByClass.length));
      emptyByClass.fill(NaN, 0, pools.classes);
      addLeastAllocatedTwo(nodes, count, weight, totals, allocCols[0]!, allocCols[1]!, reqCols[0]!, reqCols[1]!, podReq[0]!, podReq[1]!, weights[0]!, weights[1]!, pools.cls, emptyByClass);
      return;
    }
    for (let i = 0; i < count; i++) {
      const n = nodes[i]!;
      let nodeScore = 0, weightSum = 0;
      for (let j = 0; j < k; j++) {
        const a = allocCols[j]![n]!;
        if (a === 0) continue;
        const req = reqCols[j]![n]! + podReq[j]!;
        const wj = weights[j]!;
        if (type === 'LeastAllocated') { nodeScore += leastRequestedScore(req, a) * wj; weightSum += wj; }
        else if (type === 'MostAllocated') { nodeScore += mostRequestedScore(req, a) * wj; weightSum += wj; }
        else {
          const rs = rtcrResourceScore(shape!, req, a);
          if (rs > 0) { nodeScore += rs * wj; weightSum += wj; }
        }
      }
      totals[i] += weight * (weightSum === 0 ? 0 : type === 'RequestedToCapacityRatio' ? Math.round(nodeScore / weightSum) : Math.trunc(nodeScore / weightSum));
    }
  };

  return {
    name: NAME,
    /** Reads only the node's static attributes and its pods. */
    nodeDependence: (): NodeDependence => STATIC_ONLY,
    preFilter(cycle: CycleState): Status | null {
      const res: number[] = [], amount: number[] = [], names: string[] = [];
      const fixed = ['cpu', 'memory', 'ephemeral-storage'];
      const scalar = [...cycle.pod.requests.keys()].filter((n) => !NATIVE_RESOURCES.has(n)).sort();
      for (const name of [...fixed, ...scalar]) {
        const q = cycle.pod.requests.get(name) ?? 0;
        if (q <= 0) continue; // cpu/memory/storage are checked only when > 0; scalar zero is skipped
        if (!NATIVE_RESOURCES.has(name) && name.includes('/') && (ignored.has(name) || ignoredGroups.has(name.split('/')[0]!))) continue;
        res.push(cycle.state.resource(name));
        amount.push(q);
        names.push(name);
      }
      cycle.data.set(FILTER_KEY, { res: Int32Array.from(res), amount: Float64Array.from(amount), names } satisfies FitFilterState);
      return null;
    },
    filter(cycle: CycleState, nodes: Int32Array, count: number, fail: FailSink): number {
      const s = cycle.data.get(FILTER_KEY) as FitFilterState;
      const st = cycle.state;
      const podCount = st.podCount, allowed = st.alloc[RES_PODS]!;
      const k = s.res.length;
      const cache = new Map<number, Status>(); // one Status per distinct set of reasons per cycle
      let w = 0;
      if (k <= 2) {
        // cpu + memory (or fewer), unrolled: free room = alloc - requested, columns resolved once.
        const a0 = k > 0 ? st.alloc[s.res[0]!]! : allowed, r0 = k > 0 ? st.requested[s.res[0]!]! : allowed, q0 = k > 0 ? s.amount[0]! : -Infinity;
        const a1 = k > 1 ? st.alloc[s.res[1]!]! : allowed, r1 = k > 1 ? st.requested[s.res[1]!]! : allowed, q1 = k > 1 ? s.amount[1]! : -Infinity;
        for (let i = 0; i < count; i++) {
          const n = nodes[i]!;
          if (podCount[n]! + 1 <= allowed[n]! && !(q0 > a0[n]! - r0[n]!) && !(q1 > a1[n]! - r1[n]!)) nodes[w++] = n;
          else fail(n, insufficient(cycle, s, n, k, cache));
        }
        return w;
      }
      const allocCols = Array.from(s.res, (r) => st.alloc[r]!), reqCols = Array.from(s.res, (r) => st.requested[r]!);
      for (let i = 0; i < count; i++) {
        const n = nodes[i]!;
        let ok = podCount[n]! + 1 <= allowed[n]!;
        for (let j = 0; ok && j < k; j++) if (s.amount[j]! > allocCols[j]![n]! - reqCols[j]![n]!) ok = false;
        if (ok) nodes[w++] = n;
        else fail(n, insufficient(cycle, s, n, k, cache));
      }
      return w;
    },
    preScore(cycle: CycleState): Status | null {
      const st = cycle.state, pod = cycle.pod;
      const allocCols: Float64Array[] = [], reqCols: Float64Array[] = [], podReq: number[] = [], weights: number[] = [];
      for (const r of resources) {
        let q: number, req: Float64Array;
        if (r.name === 'cpu') { q = pod.nonZeroCpuMilli; req = st.nonZeroCpu; }
        else if (r.name === 'memory') { q = pod.nonZeroMemoryBytes; req = st.nonZeroMem; }
        else {
          q = pod.requests.get(r.name) ?? 0;
          // An extended resource the pod does not request is left out of the score on every node.
          if (q === 0 && !NATIVE_RESOURCES.has(r.name)) continue;
          if (r.name === 'pods') continue;
          req = st.requested[st.resource(r.name)]!;
        }
        allocCols.push(st.alloc[st.resource(r.name)]!);
        reqCols.push(req);
        podReq.push(q);
        weights.push(r.weight);
      }
      cycle.data.set(SCORE_KEY, {
        allocCols, reqCols, podReq: Float64Array.from(podReq), weights: Float64Array.from(weights), k: podReq.length,
      } satisfies FitScoreState);
      return null;
    },
    score(cycle: CycleState, nodes: Int32Array, count: number, out: Float64Array): void {
      out.fill(0, 0, count);
      addScores(cycle.data.get(SCORE_KEY) as FitScoreState, nodes, count, 1, out, cycle.state);
    },
    addWeightedScores(cycle: CycleState, nodes: Int32Array, count: number, weight: number, totals: Float64Array): void {
      addScores(cycle.data.get(SCORE_KEY) as FitScoreState, nodes, count, weight, totals, cycle.state);
    },
  } satisfies PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin & FusedScorer & EquivalenceAware;
}

/**
 * LeastAllocated over two resources (the default profile's cpu + memory), unrolled into one
 * monomorphic loop: the same arithmetic as leastRequestedScore and the weighted integer mean.
 */
function addLeastAllocatedTwo(
  nodes: Int32Array, count: number, weight: number, totals: Float64Array,
  a0: Float64Array, a1: Float64Array, r0: Float64Array, r1: Float64Array, p0: number, p1: number, w0: number, w1: number,
  cls: Int32Array, emptyByClass: Float64Array,
): void {
  for (let i = 0; i < count; i++) {
    const n = nodes[i]!;
    // Nothing requested yet: the score depends only on the node's allocatable pair (its class).
    const empty = r0[n] === 0 && r1[n] === 0;
    if (empty) { const e = emptyByClass[cls[n]!]!; if (e === e) { totals[i] += weight * e; continue; } }
    let sum = 0, ws = 0;
    const c0 = a0[n]!, c1 = a1[n]!;
    if (c0 !== 0) { const q = r0[n]! + p0; sum += (q > c0 ? 0 : Math.trunc(((c0 - q) * 100) / c0)) * w0; ws += w0; }
    if (c1 !== 0) { const q = r1[n]! + p1; sum += (q > c1 ? 0 : Math.trunc(((c1 - q) * 100) / c1)) * w1; ws += w1; }
    // x * 0.5 is exactly x / 2 in binary floating point; it spares a division in the common case.
    const score = ws === 0 ? 0 : ws === 2 ? Math.trunc(sum * 0.5) : Math.trunc(sum / ws);
    if (empty) emptyByClass[cls[n]!] = score;
    totals[i] += weight * score;
  }
}

/** The failure status for node n, listing every insufficient resource in kube's order. */
function insufficient(cycle: CycleState, s: FitFilterState, n: number, k: number, cache: Map<number, Status>): Status {
  const st = cycle.state;
  let mask = st.podCount[n]! + 1 > st.alloc[RES_PODS]![n]! ? 1 : 0;
  for (let j = 0; j < k && j < 30; j++) {
    const r = s.res[j]!;
    if (s.amount[j]! > st.alloc[r]![n]! - st.requested[r]![n]!) mask |= 2 << j;
  }
  if (mask === 1) return TOO_MANY_PODS;
  let st0 = cache.get(mask);
  if (st0) return st0;
  const reasons: string[] = [];
  if (mask & 1) reasons.push('Too many pods');
  for (let j = 0; j < k && j < 30; j++) if (mask & (2 << j)) reasons.push(`Insufficient ${s.names[j]}`);
  st0 = status('Unschedulable', NAME, ...reasons);
  cache.set(mask, st0);
  return st0;
}

/** Validates a RequestedToCapacityRatio shape: utilization 0..100 strictly increasing, score 0..10. */
export function validateShape(shape: readonly ShapePoint[]): void {
  for (let i = 0; i < shape.length; i++) {
    const p = shape[i]!;
    if (!Number.isInteger(p.utilization) || p.utilization < 0 || p.utilization > 100) throw new Error(`shape[${i}].utilization: must be an integer in [0, 100], got ${p.utilization}`);
    if (!Number.isInteger(p.score) || p.score < 0 || p.score > 10) throw new Error(`shape[${i}].score: must be an integer in [0, 10], got ${p.score}`);
    if (i > 0 && p.utilization <= shape[i - 1]!.utilization) throw new Error(`shape[${i}].utilization: values must be sorted in increasing order, got ${p.utilization} after ${shape[i - 1]!.utilization}`);
  }
}
