/**
 * InterPodAffinity (kube interpodaffinity/filtering.go, scoring.go). Filter: the incoming pod's
 * required affinity (every term's domain must hold a pod matching all terms; the first pod of a
 * self-affine group may go anywhere with the labels), its required anti-affinity, and existing
 * pods' required anti-affinity against it. Score: preferred terms both ways plus existing pods'
 * required affinity × hardPodAffinityWeight, summed per topology domain; NormalizeScore is
 * min-max scaling to 0..100.
 */
import type { CycleState, FailSink, FilterPlugin, PreFilterPlugin, PreScorePlugin, ScorePlugin, Status, NodeDependence, EquivalenceAware } from '../types.ts';
import { MAX_NODE_SCORE, status } from '../types.ts';
import { affinityTermMatches, type AffinityTerm, type PodInfo } from '../pod-info.ts';
import { candidatePods } from '../pod-query.ts';
import type { ClusterState } from '../state.ts';
import { CountsPool, PairCounts, type PairTable } from './topology-pair-counts.ts';
import type { FusedScorer } from '../score-math.ts';

/** Plugin name. */
export const NAME = 'InterPodAffinity';
/** kube ErrReasonAffinityRulesNotMatch. */
export const ERR_AFFINITY = "node(s) didn't match pod affinity rules";
/** kube ErrReasonAntiAffinityRulesNotMatch. */
export const ERR_ANTI = "node(s) didn't match pod anti-affinity rules";
/** kube ErrReasonExistingAntiAffinityRulesNotMatch. */
export const ERR_EXISTING = "node(s) didn't satisfy existing pods anti-affinity rules";

/** InterPodAffinityArgs. */
export interface InterPodAffinityArgs { hardPodAffinityWeight?: number; ignorePreferredTermsOfExistingPods?: boolean }

const SKIP = status('Skip', NAME);
// A module-local copy: imported bindings used per node can cost a getter call under tsx/vitest.
const MAX_SCORE = MAX_NODE_SCORE;
const FAIL_AFFINITY = status('UnschedulableAndUnresolvable', NAME, ERR_AFFINITY);
const FAIL_ANTI = status('Unschedulable', NAME, ERR_ANTI);
const FAIL_EXISTING = status('Unschedulable', NAME, ERR_EXISTING);

interface FilterState { existing: PairCounts; affinity: PairCounts; anti: PairCounts; selfMatch: boolean; affIds: Int32Array[]; antiIds: Int32Array[] }

function nsOf(state: ClusterState, p: PodInfo) { return state.namespaceLabels(p.namespace); }

/** podMatchesAllAffinityTerms: false for no terms. */
export function matchesAllTerms(state: ClusterState, terms: readonly AffinityTerm[], p: PodInfo): boolean {
  if (terms.length === 0) return false;
  for (const t of terms) if (!affinityTermMatches(t, p, nsOf(state, p))) return false;
  return true;
}

/** Builds the plugin; throws on invalid args. */
export function newInterPodAffinity(args: InterPodAffinityArgs = {}) {
  const hard = args.hardPodAffinityWeight ?? 1;
  if (!Number.isInteger(hard) || hard < 0 || hard > 100) throw new Error(`InterPodAffinityArgs.hardPodAffinityWeight: not in valid range [0, 100], got ${hard}`);
  const ignoreExisting = args.ignorePreferredTermsOfExistingPods ?? false;
  const FILTER_KEY = `${NAME}/filter`;
  // Count arrays reused cycle to cycle: PreFilter's live until Filter, PreScore's until Score.
  const filterPool = new CountsPool(), scorePool = new CountsPool();
  // Sparse scoring scratch: a per-node visit mark and the touched candidates' positions and raw scores.
  let mark = new Int32Array(0), markNo = 0;
  const pos: number[] = [], raw: number[] = [];

  /**
   * Score + normalize + add when every table's key is hostname-like: only the nodes the counts
   * came from can score non-zero, every other candidate scores raw 0. Their positions are found
   * by binary search in the sorted candidates; instead of adding the untouched candidates' common
   * score b to every node, each touched node gets its score − b (a uniform shift of all totals,
   * which changes no pick; see FusedScorer).
   */
  const addSparse = (tables: PairTable[], nodes: Int32Array, count: number, weight: number, totals: Float64Array): void => {
    let need = 0;
    for (const t of tables) for (const n of t.nodes) if (n >= need) need = n + 1;
    if (mark.length < need) { mark = new Int32Array(Math.max(need, mark.length * 2)); markNo = 0; }
    if (++markNo === 0x7fffffff) { mark.fill(0); markNo = 1; }
    pos.length = 0; raw.length = 0;
    let min = Infinity, max = -Infinity;
    for (let t = 0; t < tables.length; t++) {
      const list = tables[t]!.nodes;
      for (let x = 0; x < list.length; x++) {
        const n = list[x]!;
        if (mark[n] === markNo) continue;
        mark[n] = markNo;
        const p = positionOf(nodes, count, n);
        if (p < 0) continue;
        let score = 0;
        for (let j = 0; j < tables.length; j++) { const id = tables[j]!.ids[n]!; if (id >= 0) score += tables[j]!.counts[id]!; }
        pos.push(p); raw.push(score);
        if (score > max) max = score;
        if (score < min) min = score;
      }
    }
    if (pos.length < count) { if (0 > max) max = 0; if (0 < min) min = 0; } // untouched candidates score raw 0
    const diff = max - min;
    if (!(diff > 0)) return; // every node scores 0
    const b = Math.trunc(MAX_SCORE * ((0 - min) / diff));
    for (let x = 0; x < pos.length; x++) totals[pos[x]!] += weight * (Math.trunc(MAX_SCORE * ((raw[x]! - min) / diff)) - b);
  };

  return {
    name: NAME,
    /** Topology keys of the pod's terms and of every assigned pod's terms. */
    nodeDependence: (cycle: CycleState): NodeDependence => {
      const p = cycle.pod, keys = [...cycle.state.affinityTopologyKeys()];
      for (const terms of [p.requiredAffinityTerms, p.requiredAntiAffinityTerms, p.preferredAffinityTerms, p.preferredAntiAffinityTerms]) {
        for (const t of terms) keys.push(t.topologyKey);
      }
      return { valueKeys: [], domainKeys: keys };
    },
    preFilter(cycle: CycleState): Status | null {
      const st = cycle.state, pod = cycle.pod;
      filterPool.release();
      const existing = new PairCounts(st, filterPool);
      for (const p of st.podsWithRequiredAntiAffinity) {
        for (const t of p.requiredAntiAffinityTerms) if (affinityTermMatches(t, pod, cycle.nsLabels)) existing.add(t.topologyKey, p.nodeIndex, 1);
      }
      const req = pod.requiredAffinityTerms, anti = pod.requiredAntiAffinityTerms;
      if (!existing.touched && req.length === 0 && anti.length === 0) return SKIP;
      const affinity = new PairCounts(st, filterPool);
      if (req.length > 0) {
        for (const p of candidatePods(st, req[0]!.selector)) {
          if (matchesAllTerms(st, req, p)) for (const t of req) affinity.add(t.topologyKey, p.nodeIndex, 1);
        }
      }
      const antiCounts = new PairCounts(st, filterPool);
      for (const t of anti) {
        for (const p of candidatePods(st, t.selector)) if (affinityTermMatches(t, p, nsOf(st, p))) antiCounts.add(t.topologyKey, p.nodeIndex, 1);
      }
      cycle.data.set(FILTER_KEY, {
        existing, affinity, anti: antiCounts,
        selfMatch: matchesAllTerms(st, req, pod),
        affIds: req.map((t) => st.labelColumn(t.topologyKey).ids),
        antiIds: anti.map((t) => st.labelColumn(t.topologyKey).ids),
      } satisfies FilterState);
      return null;
    },
    filter(cycle: CycleState, nodes: Int32Array, count: number, fail: FailSink): number {
      const s = cycle.data.get(FILTER_KEY) as FilterState;
      const req = cycle.pod.requiredAffinityTerms, anti = cycle.pod.requiredAntiAffinityTerms;
      const existing = [...s.existing.byKey.values()];
      let w = 0;
      for (let i = 0; i < count; i++) {
        const n = nodes[i]!;
        if (!satisfiesAffinity(s, req, n)) { fail(n, FAIL_AFFINITY); continue; }
        let ok = true;
        if (s.anti.positive) {
          for (let j = 0; ok && j < anti.length; j++) {
            const id = s.antiIds[j]![n]!;
            if (id >= 0 && s.anti.of(anti[j]!.topologyKey)!.counts[id]! > 0) ok = false;
          }
        }
        if (!ok) { fail(n, FAIL_ANTI); continue; }
        for (let j = 0; ok && j < existing.length; j++) {
          const id = existing[j]!.ids[n]!;
          if (id >= 0 && existing[j]!.counts[id]! > 0) ok = false;
        }
        if (!ok) { fail(n, FAIL_EXISTING); continue; }
        nodes[w++] = n;
      }
      return w;
    },
    preScore(cycle: CycleState): Status | null {
      const st = cycle.state, pod = cycle.pod;
      const hasConstraints = pod.preferredAffinityTerms.length > 0 || pod.preferredAntiAffinityTerms.length > 0;
      if (ignoreExisting && !hasConstraints) return SKIP;
      scorePool.release();
      const topo = new PairCounts(st, scorePool);
      for (const [terms, sign] of [[pod.preferredAffinityTerms, 1], [pod.preferredAntiAffinityTerms, -1]] as const) {
        for (const t of terms) {
          for (const p of candidatePods(st, t.selector)) if (affinityTermMatches(t, p, nsOf(st, p))) topo.add(t.topologyKey, p.nodeIndex, sign * t.weight);
        }
      }
      if (!ignoreExisting || hasConstraints) {
        for (const p of st.podsWithAffinity) {
          if (hard > 0) for (const t of p.requiredAffinityTerms) if (affinityTermMatches(t, pod, cycle.nsLabels)) topo.add(t.topologyKey, p.nodeIndex, hard);
          for (const t of p.preferredAffinityTerms) if (affinityTermMatches(t, pod, cycle.nsLabels)) topo.add(t.topologyKey, p.nodeIndex, t.weight);
          for (const t of p.preferredAntiAffinityTerms) if (affinityTermMatches(t, pod, cycle.nsLabels)) topo.add(t.topologyKey, p.nodeIndex, -t.weight);
        }
      }
      if (!topo.touched) return SKIP;
      cycle.data.set(NAME, [...topo.byKey.values()]);
      return null;
    },
    score(cycle: CycleState, nodes: Int32Array, count: number, out: Float64Array): void {
      const tables = cycle.data.get(NAME) as { ids: Int32Array; counts: Float64Array }[];
      for (let i = 0; i < count; i++) {
        const n = nodes[i]!;
        let score = 0;
        for (let j = 0; j < tables.length; j++) {
          const id = tables[j]!.ids[n]!;
          if (id >= 0) score += tables[j]!.counts[id]!;
        }
        out[i] = score;
      }
    },
    normalizeScore(_cycle: CycleState, _nodes: Int32Array, count: number, scores: Float64Array): void {
      let min = Infinity, max = -Infinity;
      for (let i = 0; i < count; i++) { if (scores[i]! > max) max = scores[i]!; if (scores[i]! < min) min = scores[i]!; }
      const diff = max - min;
      for (let i = 0; i < count; i++) scores[i] = diff > 0 ? Math.trunc(MAX_SCORE * ((scores[i]! - min) / diff)) : 0;
    },
    addWeightedScores(cycle: CycleState, nodes: Int32Array, count: number, weight: number, totals: Float64Array, scratch: Float64Array): void {
      const tables = cycle.data.get(NAME) as PairTable[];
      if (cycle.candidatesSorted === true && tables.every((t) => t.unique)) { addSparse(tables, nodes, count, weight, totals); return; }
      this.score(cycle, nodes, count, scratch);
      let min = Infinity, max = -Infinity;
      for (let i = 0; i < count; i++) { const s = scratch[i]!; if (s > max) max = s; if (s < min) min = s; }
      const diff = max - min;
      if (!(diff > 0)) return; // every node scores 0
      for (let i = 0; i < count; i++) totals[i] += weight * Math.trunc(MAX_SCORE * ((scratch[i]! - min) / diff));
    },
  } satisfies PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin & FusedScorer & EquivalenceAware;
}

/** Position of node n in the sorted nodes[0..count), or -1. */
function positionOf(nodes: Int32Array, count: number, n: number): number {
  let lo = 0, hi = count - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1, v = nodes[mid]!;
    if (v < n) lo = mid + 1; else if (v > n) hi = mid - 1; else return mid;
  }
  return -1;
}

function satisfiesAffinity(s: FilterState, req: readonly AffinityTerm[], n: number): boolean {
  let podsExist = true;
  for (let j = 0; j < req.length; j++) {
    const id = s.affIds[j]![n]!;
    if (id < 0) return false; // every topology label must exist on the node
    const table = s.affinity.of(req[j]!.topologyKey);
    if (!table || table.counts[id]! <= 0) podsExist = false;
  }
  // The first pod of a group affine to itself may land anywhere that has the labels.
  if (!podsExist) return !s.affinity.positive && s.selfMatch;
  return true;
}
