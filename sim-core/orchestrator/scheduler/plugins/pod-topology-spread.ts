/**
 * PodTopologySpread (kube podtopologyspread/filtering.go, scoring.go). Filter (DoNotSchedule):
 * skew = matching pods in the node's domain + self - global minimum (0 when fewer than minDomains
 * domains) must not exceed maxSkew; a node without the topology label is unresolvable. Score
 * (ScheduleAnyway): per constraint cnt*log(domains+2) + maxSkew-1, rounded; NormalizeScore maps
 * the fewest matching pods to 100. Counts cover every node that passes the inclusion policies.
 */
import { log } from '../../../des/det-math.ts';
import type { TopologySpreadConstraint } from '../api-types.ts';
import type { CycleState, FailSink, FilterPlugin, PreFilterPlugin, PreScorePlugin, ScorePlugin, Status, NodeDependence, EquivalenceAware } from '../types.ts';
import { MAX_NODE_SCORE, status } from '../types.ts';
import { selectorIsEmpty, selectorMatches } from '../labels.ts';
import { goRound, type FusedScorer } from '../score-math.ts';
import { NodeMatcher, requiredNodeAffinity } from '../node-selector.ts';
import type { ClusterState } from '../state.ts';
import { UntoleratedCache } from './taints.ts';
import {
  addMatchingPerNode, countMatchingPerNode, includesNode, podConstraints, SYSTEM_DEFAULT_CONSTRAINTS, validateSpreadArgs,
  type PodTopologySpreadArgs, type SpreadConstraint,
} from './spread-constraints.ts';

/** Plugin name. */
export const NAME = 'PodTopologySpread';
/** kube ErrReasonConstraintsNotMatch. */
export const ERR_CONSTRAINTS = "node(s) didn't match pod topology spread constraints";
/** kube ErrReasonNodeLabelNotMatch. */
export const ERR_LABEL = `${ERR_CONSTRAINTS} (missing required label)`;
/** kube v1.LabelHostname: counted per node in Score. */
export const HOSTNAME_KEY = 'kubernetes.io/hostname';

const SKIP = status('Skip', NAME);
const FAIL_SKEW = status('Unschedulable', NAME, ERR_CONSTRAINTS);
const FAIL_LABEL = status('UnschedulableAndUnresolvable', NAME, ERR_LABEL);
const MAX_INT32 = 2147483647;
// Module-local copies: imported bindings used per node can cost a getter call under tsx/vitest.
const MAX_SCORE = MAX_NODE_SCORE;
const round = goRound;

interface FilterState { cs: SpreadConstraint[]; ids: Int32Array[]; counts: Float64Array[]; minMatch: number[]; self: number[] }
interface ScoreState {
  cs: SpreadConstraint[]; ids: Int32Array[]; pairCounts: (Float64Array | null)[]; hostCounts: (Float64Array | null)[];
  weights: number[]; ignored: Uint8Array | null;
}

/** Per-node count buffers handed out per cycle; zero except at the listed touched nodes until release(). */
class SparseBuffers {
  private bufs: Float64Array[] = [];
  private used = 0;
  readonly touched: number[] = [];
  /** A buffer of at least n zeros (outside this cycle's touched nodes). */
  take(n: number): Float64Array {
    let b = this.bufs[this.used];
    if (!b || b.length < n) this.bufs[this.used] = b = new Float64Array(n);
    this.used++;
    return b;
  }
  /** Zeroes what the last cycle wrote; the buffers it handed out are invalid afterwards. */
  release(): void {
    for (let i = 0; i < this.used; i++) { const b = this.bufs[i]!; for (const n of this.touched) b[n] = 0; }
    this.touched.length = 0;
    this.used = 0;
  }
}

function missingSlot(state: ClusterState, key: string): number {
  const col = state.labelColumn(key);
  return col.idOf.get('') ?? col.values.length; // kube pairs a missing label with value ""
}

/** Builds the plugin; throws on invalid args. */
export function newPodTopologySpread(args: PodTopologySpreadArgs = {}) {
  validateSpreadArgs(args);
  const systemDefaulted = (args.defaultingType ?? 'System') === 'System';
  const defaults: readonly TopologySpreadConstraint[] = systemDefaulted ? SYSTEM_DEFAULT_CONSTRAINTS : (args.defaultConstraints ?? []);
  const FILTER_KEY = `${NAME}/filter`;
  let perNode = new Float64Array(0);
  const scratch = (n: number) => (perNode.length >= n ? perNode : (perNode = new Float64Array(n)));
  let sparse = new Float64Array(0); // zero outside the current PreScore's touched nodes
  const sparseScratch = (n: number) => (sparse.length >= n ? sparse : (sparse = new Float64Array(n)));
  const scratchTouched: number[] = [];
  const hostBufs = new SparseBuffers();
  // Domains (value ids of key i) holding a live node that has every key of the constraint set,
  // per key set, valid while the state's nodesVersion stays.
  let domainsOf: { state: ClusterState; version: number; byKeys: Map<string, Uint8Array> } | undefined;
  const eligibleDomains = (st: ClusterState, cs: readonly SpreadConstraint[], i: number): Uint8Array => {
    if (!domainsOf || domainsOf.state !== st || domainsOf.version !== st.nodesVersion) domainsOf = { state: st, version: st.nodesVersion, byKeys: new Map() };
    const key = `${i}\u0000${cs.map((c) => c.topologyKey).join('\u0000')}`;
    let e = domainsOf.byKeys.get(key);
    if (!e) {
      const ids = cs.map((c) => st.labelColumn(c.topologyKey).ids), col = st.labelColumn(cs[i]!.topologyKey);
      e = new Uint8Array(col.values.length);
      for (let n = 0; n < st.nodeCount; n++) if (st.live[n] !== 0 && allKeys(ids, n)) e[ids[i]![n]!] = 1;
      domainsOf.byKeys.set(key, e);
    }
    return e;
  };

  return {
    name: NAME,
    /**
     * Topology keys of the pod's constraints (or of the default ones, when it has none and
     * defaulting can apply). PreScore weighs a key by its number of distinct values among the
     * candidates, so a key's values matter — except hostname, weighed by node count (multiplicity).
     */
    nodeDependence: (cycle: CycleState): NodeDependence => {
      const own = cycle.pod.pod.topologySpreadConstraints ?? [];
      const keys = (own.length > 0 ? own : cycle.state.defaultSpreadSelector ? defaults : []).map((c) => c.topologyKey);
      return { valueKeys: keys.filter((k) => k !== HOSTNAME_KEY), domainKeys: keys.filter((k) => k === HOSTNAME_KEY) };
    },
    preFilter(cycle: CycleState): Status | null {
      const st = cycle.state, pod = cycle.pod;
      const cs = podConstraints(st, pod.pod, 'DoNotSchedule', defaults);
      if (cs.length === 0) return SKIP;
      const affinity = new NodeMatcher(st, requiredNodeAffinity(pod.pod));
      const taints = new UntoleratedCache(st.taintSets, pod.pod.tolerations ?? []);
      const ids = cs.map((c) => st.labelColumn(c.topologyKey).ids);
      const counts: Float64Array[] = [], minMatch: number[] = [], self: number[] = [];
      const buf = scratch(st.nodeCount);
      for (let i = 0; i < cs.length; i++) {
        const c = cs[i]!;
        const col = st.labelColumn(c.topologyKey);
        let cnt: Float64Array, eligible: Uint8Array;
        if ((c.nodeAffinityPolicy === 'Ignore' || affinity.matchesAll()) && c.nodeTaintsPolicy === 'Ignore') {
          // Every live node with all the keys counts: its domains come from a cache kept until a
          // node changes, and the counts visit only the nodes holding matching pods.
          eligible = eligibleDomains(st, cs, i);
          cnt = new Float64Array(col.values.length);
          const touched = scratchTouched, sb = sparseScratch(st.nodeCount);
          if (!selectorIsEmpty(c.selector)) addMatchingPerNode(st, c.selector, pod.namespace, sb, touched);
          for (let t = 0; t < touched.length; t++) {
            const n = touched[t]!;
            if (st.live[n] !== 0 && allKeys(ids, n)) cnt[ids[i]![n]!] += sb[n]!;
            sb[n] = 0;
          }
          touched.length = 0;
        } else {
          cnt = new Float64Array(col.values.length);
          eligible = new Uint8Array(col.values.length);
          countMatchingPerNode(st, c.selector, pod.namespace, buf);
          for (let n = 0; n < st.nodeCount; n++) {
            if (st.live[n] === 0 || !allKeys(ids, n) || !includesNode(c, n, affinity, taints, st.taintSetId)) continue;
            const id = ids[i]![n]!;
            eligible[id] = 1;
            cnt[id] += buf[n]!;
          }
        }
        let domains = 0, min = MAX_INT32;
        for (let id = 0; id < eligible.length; id++) if (eligible[id]) { domains++; if (cnt[id]! < min) min = cnt[id]!; }
        counts.push(cnt);
        minMatch.push(domains < c.minDomains ? 0 : min);
        self.push(selectorMatches(c.selector, pod.labels) ? 1 : 0);
      }
      cycle.data.set(FILTER_KEY, { cs, ids, counts, minMatch, self } satisfies FilterState);
      return null;
    },
    filter(cycle: CycleState, nodes: Int32Array, count: number, fail: FailSink): number {
      const s = cycle.data.get(FILTER_KEY) as FilterState;
      const k = s.cs.length;
      let w = 0;
      outer: for (let i = 0; i < count; i++) {
        const n = nodes[i]!;
        for (let j = 0; j < k; j++) {
          const id = s.ids[j]![n]!;
          if (id < 0) { fail(n, FAIL_LABEL); continue outer; }
          if (s.counts[j]![id]! + s.self[j]! - s.minMatch[j]! > s.cs[j]!.maxSkew) { fail(n, FAIL_SKEW); continue outer; }
        }
        nodes[w++] = n;
      }
      return w;
    },
    preScore(cycle: CycleState, nodes: Int32Array, count: number): Status | null {
      const st = cycle.state, pod = cycle.pod;
      const cs = podConstraints(st, pod.pod, 'ScheduleAnyway', defaults);
      if (cs.length === 0) return SKIP;
      // Only explicit (or List-defaulted) constraints require every topology label on a node.
      const requireAll = (pod.pod.topologySpreadConstraints ?? []).length > 0 || !systemDefaulted;
      const cols = cs.map((c) => st.labelColumn(c.topologyKey));
      const ids = cols.map((c) => c.ids);
      const registered = cs.map((c) => (c.topologyKey === HOSTNAME_KEY ? null : new Uint8Array(missingSlot(st, c.topologyKey) + 1)));
      const topoSize = cs.map(() => 0);
      let ignored: Uint8Array | null = null, ignoredCount = 0;
      const mult = cycle.multiplicity;
      // Ignored nodes exist only if some node lacks a key; without them the scan may stop as soon
      // as every registered key has seen every slot it can hold (a zone key: after a few nodes).
      const mayIgnore = requireAll && cols.some((c) => c.missing > 0);
      let open = 0; // registered keys that may still see a new slot
      const slots = cols.map((c, j) => {
        if (!registered[j]) return 0;
        open++;
        return c.values.length + (c.missing > 0 && !c.idOf.has('') ? 1 : 0);
      });
      if (mayIgnore || open > 0) {
        for (let i = 0; i < count; i++) {
          const n = nodes[i]!;
          if (mayIgnore && !allKeys(ids, n)) { (ignored ??= new Uint8Array(st.nodeCount))[n] = 1; ignoredCount += mult ? mult[n]! : 1; continue; }
          for (let j = 0; j < cs.length; j++) {
            const reg = registered[j];
            if (!reg) continue;
            const id = ids[j]![n]!;
            const slot = id >= 0 ? id : reg.length - 1;
            if (reg[slot] === 0) { reg[slot] = 1; if (++topoSize[j]! === slots[j]!) open--; }
          }
          if (open === 0 && !mayIgnore) break;
        }
      }
      // The hostname weight counts nodes: a class representative counts for every node it stands for.
      let nodeCount = count;
      if (mult) { nodeCount = 0; for (let i = 0; i < count; i++) nodeCount += mult[nodes[i]!]!; }
      const weights = cs.map((c, j) => log((c.topologyKey === HOSTNAME_KEY ? nodeCount - ignoredCount : topoSize[j]!) + 2));
      const affinity = new NodeMatcher(st, requiredNodeAffinity(pod.pod));
      const taints = new UntoleratedCache(st.taintSets, pod.pod.tolerations ?? []);
      const pairCounts: (Float64Array | null)[] = [], hostCounts: (Float64Array | null)[] = [];
      // Counts are sparse: only nodes holding matching pods are visited, in per-plugin buffers
      // that are zero outside the nodes listed in `touched` (cleared at the next PreScore).
      hostBufs.release();
      for (let j = 0; j < cs.length; j++) {
        const c = cs[j]!, reg = registered[j];
        if (!reg) {
          const hc = hostBufs.take(st.nodeCount);
          addMatchingPerNode(st, c.selector, pod.namespace, hc, hostBufs.touched);
          hostCounts.push(hc); pairCounts.push(null);
          continue;
        }
        const pc = new Float64Array(reg.length);
        const buf = sparseScratch(st.nodeCount), touched = scratchTouched;
        addMatchingPerNode(st, c.selector, pod.namespace, buf, touched);
        for (let t = 0; t < touched.length; t++) {
          const n = touched[t]!, cnt = buf[n]!;
          buf[n] = 0;
          if (st.live[n] === 0 || cnt === 0) continue;
          if (requireAll && !allKeys(ids, n)) continue;
          if (!includesNode(c, n, affinity, taints, st.taintSetId)) continue;
          const id = ids[j]![n]!;
          const slot = id >= 0 ? id : reg.length - 1;
          if (reg[slot]) pc[slot] += cnt;
        }
        touched.length = 0;
        pairCounts.push(pc); hostCounts.push(null);
      }
      cycle.data.set(NAME, { cs, ids, pairCounts, hostCounts, weights, ignored } satisfies ScoreState);
      return null;
    },
    score(cycle: CycleState, nodes: Int32Array, count: number, out: Float64Array): void {
      const s = cycle.data.get(NAME) as ScoreState;
      for (let i = 0; i < count; i++) {
        const n = nodes[i]!;
        if (s.ignored !== null && s.ignored[n]) { out[i] = 0; continue; }
        let score = 0;
        for (let j = 0; j < s.cs.length; j++) {
          const id = s.ids[j]![n]!;
          if (id < 0) continue;
          const cnt = s.hostCounts[j] ? s.hostCounts[j]![n]! : s.pairCounts[j]![id]!;
          score += cnt * s.weights[j]! + (s.cs[j]!.maxSkew - 1);
        }
        out[i] = round(score);
      }
    },
    normalizeScore(cycle: CycleState, nodes: Int32Array, count: number, scores: Float64Array): void {
      const s = cycle.data.get(NAME) as ScoreState | undefined;
      if (s) normalize(s, nodes, count, scores);
    },
    addWeightedScores(cycle: CycleState, nodes: Int32Array, count: number, weight: number, totals: Float64Array, scratch: Float64Array): void {
      addNormalized(cycle.data.get(NAME) as ScoreState, nodes, count, weight, totals, scratch);
    },
  } satisfies PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin & FusedScorer & EquivalenceAware;
}

/**
 * Score + NormalizeScore + weighted add in two passes: raw scores and their min/max over the
 * non-ignored nodes, then the same normalization added into totals (nothing when all are equal).
 */
function addNormalized(s: ScoreState, nodes: Int32Array, count: number, weight: number, totals: Float64Array, raw: Float64Array): void {
  const ignored = s.ignored, k = s.cs.length, ids = s.ids, weights = s.weights;
  let min = Infinity, max = 0;
  for (let i = 0; i < count; i++) {
    const n = nodes[i]!;
    if (ignored !== null && ignored[n]) continue;
    let score = 0;
    for (let j = 0; j < k; j++) {
      const id = ids[j]![n]!;
      if (id < 0) continue;
      const hc = s.hostCounts[j];
      const cnt = hc ? hc[n]! : s.pairCounts[j]![id]!;
      score += cnt * weights[j]! + (s.cs[j]!.maxSkew - 1);
    }
    const r = round(score);
    raw[i] = r;
    if (r < min) min = r;
    if (r > max) max = r;
  }
  if (ignored === null && min === max) return; // every node gets the same score
  for (let i = 0; i < count; i++) {
    if (ignored !== null && ignored[nodes[i]!]) continue; // scores 0
    totals[i] += weight * (max === 0 ? MAX_SCORE : Math.trunc((MAX_SCORE * (max + min - raw[i]!)) / max));
  }
}

/** NormalizeScore: the fewest matching pods → 100, ignored nodes → 0. */
function normalize(s: ScoreState, nodes: Int32Array, count: number, scores: Float64Array): void {
  let min = Infinity, max = 0;
  const ignored = s.ignored;
  for (let i = 0; i < count; i++) {
    if (ignored !== null && ignored[nodes[i]!]) continue;
    if (scores[i]! < min) min = scores[i]!;
    if (scores[i]! > max) max = scores[i]!;
  }
  for (let i = 0; i < count; i++) {
    if (ignored !== null && ignored[nodes[i]!]) scores[i] = 0;
    else if (max === 0) scores[i] = MAX_SCORE;
    else scores[i] = Math.trunc((MAX_SCORE * (max + min - scores[i]!)) / max);
  }
}

function allKeys(ids: readonly Int32Array[], n: number): boolean {
  for (let j = 0; j < ids.length; j++) if (ids[j]![n]! < 0) return false;
  return true;
}
