/**
 * The scheduling cycle (kube schedule_one.go + framework/runtime): PreFilter → Filter (every live
 * node; no percentageOfNodesToScore sampling) → PostFilter seam when nothing fits → PreScore →
 * Score → NormalizeScore → weight and sum → selectHost (seeded ties) → Reserve → assume into the
 * ClusterState → Bind seam. Filter stops at a node's first failing plugin, as kube does; with
 * `explain` every filter runs on every node so each node lists all its reasons.
 */
import type { Pod } from './api-types.ts';
import type { AnyPlugin, CycleState, FilterPlugin, NodeDependence, SchedulingHost, Status } from './types.ts';
import { MAX_NODE_SCORE, MIN_NODE_SCORE, status } from './types.ts';
import { newPodInfo, type PodInfo } from './pod-info.ts';
import type { ClusterState } from './state.ts';
import type { Profile } from './profile.ts';
import { seededIntn, selectHost, type IntnFn } from './select-host.ts';
import { isFusedScorer } from './score-math.ts';
import { NodeClasses } from './node-classes.ts';

/** One node's verdict in an explained cycle. */
export interface NodeVerdict {
  name: string;
  feasible: boolean;
  /** Every failure reason (all filters ran). */
  reasons: string[];
  /** Plugins that rejected the node. */
  rejectedBy: string[];
  /** Some rejection was UnschedulableAndUnresolvable (preemption cannot help). */
  unresolvable: boolean;
  /** Normalized score per score plugin that ran (0..100). */
  scores: Record<string, number>;
  /** Σ weight × score. */
  total: number;
}

/** The outcome of one cycle; an unschedulable pod is a value, not an exception. */
export interface ScheduleResult {
  pod: string;
  /** Selected node name, or null when unschedulable. */
  selected: string | null;
  nodeIndex: number;
  /** Success, or Unschedulable/UnschedulableAndUnresolvable/Error with kube's FitError message as the one reason. */
  status: Status;
  feasibleCount: number;
  evaluatedCount: number;
  /** Reason → number of nodes, for unschedulable pods (kube's FitError histogram). */
  reasonCounts: Map<string, number>;
  /** Score plugins skipped by their PreScore for this pod. */
  skippedScore: string[];
  /** Present with `explain`: every live node in index order. */
  nodes?: NodeVerdict[];
}

/** Options of a Scheduler. */
export interface SchedulerOptions {
  /** Seed of the tie-breaking PRNG (default 0). */
  seed?: number;
  /** Or an injected Intn (wins over seed). */
  intn?: IntnFn;
  host?: SchedulingHost;
  /**
   * Group equal empty nodes (./node-classes.ts): 'auto' (default) when enough nodes are empty,
   * 'always' whenever the pod's plugins allow, 'never'. Every mode gives the same result (a
   * property test compares them).
   */
  nodeClasses?: 'auto' | 'always' | 'never';
}

const FRAMEWORK = 'framework';
// Module-local copies: an imported binding read in a per-node loop can cost a getter call under
// CJS-style transpilers (tsx, vitest) when the loop is too large to inline it.
const MIN_SCORE = MIN_NODE_SCORE, MAX_SCORE = MAX_NODE_SCORE;
// Grouping adds a short prefix scan per cycle and a memmove per bind; it pays once a few percent of the nodes are empty.
const MIN_EMPTY_NODES = 16;
const MIN_EMPTY_SHARE_DENOM = 16;

/** A CycleState the framework fills in as the cycle goes. */
type MutableCycle = { -readonly [K in keyof CycleState]: CycleState[K] };

/** Runs cycles of one profile; not re-entrant (plugins reuse per-instance scratch buffers). */
export class Scheduler {
  private readonly intn: IntnFn;
  private readonly host: SchedulingHost;
  private cand = new Int32Array(0);
  private total = new Float64Array(0);
  private buf = new Float64Array(0);
  private failNodes = new Int32Array(0);
  private failStatus: Status[] = [];
  private failCount = 0;
  private readonly classes = new NodeClasses();
  private expNodes = new Int32Array(0);
  private expTotal = new Float64Array(0);
  /** Every Filter and Score plugin once; grouping needs each to declare its NodeDependence. */
  private readonly nodeReaders: AnyPlugin[];
  private readonly groupable: boolean;
  private readonly grouping: 'auto' | 'always' | 'never';
  private readonly sink = (node: number, s: Status) => {
    if (this.failCount === this.failNodes.length) {
      const grown = new Int32Array(this.failNodes.length * 2 + 16);
      grown.set(this.failNodes);
      this.failNodes = grown;
    }
    this.failNodes[this.failCount] = node;
    this.failStatus[this.failCount++] = s;
  };

  constructor(readonly profile: Profile, opts: SchedulerOptions = {}) {
    this.intn = opts.intn ?? seededIntn(opts.seed ?? 0);
    this.host = opts.host ?? {};
    this.nodeReaders = [...new Set<AnyPlugin>([...profile.filter, ...profile.score.map((s) => s.plugin)])];
    this.grouping = opts.nodeClasses ?? 'auto';
    this.groupable = this.grouping !== 'never' && this.nodeReaders.every((p) => typeof p.nodeDependence === 'function');
  }

  /** Picks a node for `pod` without changing the state. */
  schedule(state: ClusterState, pod: Pod | PodInfo, opts: { explain?: boolean; onlyNodes?: ArrayLike<number> } = {}): ScheduleResult {
    const info = 'key' in pod && 'requests' in pod ? (pod as PodInfo) : newPodInfo(pod as Pod);
    this.ensure(state.nodeCount);
    const cand = this.cand;
    let live = 0, sorted = true;
    if (opts.onlyNodes) {
      for (let i = 0; i < opts.onlyNodes.length; i++) {
        const n = opts.onlyNodes[i]!;
        if (!state.live[n]) continue;
        if (live > 0 && n <= cand[live - 1]!) sorted = false;
        cand[live++] = n;
      }
    } else { const all = state.liveNodes(); cand.set(all); live = all.length; }
    // Filters compact the candidates in place, in order, so sorted stays true through the cycle.
    const cycle: MutableCycle = { state, pod: info, host: this.host, nsLabels: state.namespaceLabels(info.namespace), data: new Map(), candidatesSorted: sorted, multiplicity: undefined };
    const explain = opts.explain === true;
    const verdicts = explain ? this.emptyVerdicts(state) : undefined;
    const base = { pod: info.key, evaluatedCount: live, skippedScore: [] as string[], ...(verdicts ? { nodes: this.cycleVerdicts(verdicts, live) } : {}) };
    this.failCount = 0;

    const skipFilter = new Set<string>();
    for (const p of this.profile.preFilter) {
      const s = p.preFilter(cycle);
      if (s === null || s.code === 'Success') continue;
      if (s.code === 'Skip') { skipFilter.add(p.name); continue; }
      for (let i = 0; i < live; i++) this.sink(cand[i]!, s);
      if (verdicts) this.markFailures(verdicts);
      return this.unschedulable(state, base, live, undefined);
    }
    if (!opts.onlyNodes && !explain && this.worthGrouping(state)) {
      const dep = this.dependence(cycle);
      const g = dep ? this.classes.candidates(state, dep) : -1;
      if (g >= 0) { cand.set(this.classes.candidateList()); live = g; cycle.multiplicity = this.classes.multiplicity; }
    }
    const mult = cycle.multiplicity;
    let k = live;
    if (explain) k = this.filterAll(cycle, live, skipFilter);
    else {
      for (const p of this.profile.filter) {
        if (skipFilter.has(p.name)) continue;
        k = p.filter(cycle, cand, k, this.sink);
        if (k === 0) break;
      }
    }
    if (verdicts) this.markFailures(verdicts);
    if (k === 0) return this.unschedulable(state, base, base.evaluatedCount, mult);

    const total = this.total.fill(0, 0, k);
    const skippedScore: string[] = [];
    if (k > 1 || explain || (mult && mult[cand[0]!]! > 1)) this.scoreAll(cycle, k, skippedScore, verdicts);
    let n: number, feasible = k;
    const picked = mult ? this.classes.select(state, cand, total, k, this.intn) : undefined;
    if (picked) ({ node: n, feasible } = picked);
    else if (mult) {
      // An injected Intn must see every draw: expand to the per-node list.
      feasible = this.classes.expand(state, cand, total, k, this.expNodes, this.expTotal);
      n = this.expNodes[selectHost(this.expTotal, feasible, this.intn)]!;
    } else n = cand[selectHost(total, k, this.intn)]!;
    return {
      ...base, skippedScore, selected: state.names[n]!, nodeIndex: n, status: status('Success', FRAMEWORK),
      feasibleCount: feasible, reasonCounts: new Map(),
    };
  }

  /** schedule(), then Reserve, assume into the state, and Bind; the state changes only on success. */
  scheduleAndAssume(state: ClusterState, pod: Pod | PodInfo): ScheduleResult {
    const info = 'key' in pod && 'requests' in pod ? (pod as PodInfo) : newPodInfo(pod as Pod);
    const r = this.schedule(state, info);
    if (r.selected === null) return r;
    const cycle: CycleState = { state, pod: info, host: this.host, nsLabels: state.namespaceLabels(info.namespace), data: new Map() };
    const done: typeof this.profile.reserve[number][] = [];
    for (const p of this.profile.reserve) {
      const s = p.reserve(cycle, r.nodeIndex);
      if (s && s.code !== 'Success') { for (const q of done.reverse()) q.unreserve(cycle, r.nodeIndex); return { ...r, selected: null, nodeIndex: -1, status: s }; }
      done.push(p);
    }
    state.addPod(info, r.selected);
    for (const p of this.profile.bind) {
      const s = p.bind(cycle, r.nodeIndex);
      if (s && s.code === 'Skip') continue;
      if (s && s.code !== 'Success') {
        state.removePod(info.key);
        for (const q of done.reverse()) q.unreserve(cycle, r.nodeIndex);
        return { ...r, selected: null, nodeIndex: -1, status: s };
      }
      break;
    }
    return r;
  }

  private scoreAll(cycle: CycleState, k: number, skipped: string[], verdicts: NodeVerdict[] | undefined): void {
    const skip = new Set<string>();
    for (const p of this.profile.preScore) {
      const s = p.preScore(cycle, this.cand, k);
      if (s && s.code === 'Skip') skip.add(p.name);
      else if (s && s.code !== 'Success') throw new Error(`${p.name} PreScore failed: ${s.reasons.join('; ')}`);
    }
    const cand = this.cand, total = this.total, buf = this.buf;
    for (const { plugin, weight } of this.profile.score) {
      if (skip.has(plugin.name)) { skipped.push(plugin.name); continue; }
      // Explain needs each plugin's own scores; otherwise the fused path skips the per-plugin arrays.
      if (!verdicts && isFusedScorer(plugin)) { plugin.addWeightedScores(cycle, cand, k, weight, total, buf); continue; }
      plugin.score(cycle, cand, k, buf);
      plugin.normalizeScore?.(cycle, cand, k, buf);
      for (let i = 0; i < k; i++) {
        const s = buf[i]!;
        if (!(s >= MIN_SCORE && s <= MAX_SCORE)) {
          throw new Error(`plugin ${plugin.name} returned score ${s} for node ${cycle.state.names[cand[i]!]}, outside [${MIN_NODE_SCORE}, ${MAX_NODE_SCORE}]`);
        }
        total[i] += s * weight;
        if (verdicts) verdicts[cand[i]!]!.scores[plugin.name] = s;
      }
    }
    if (verdicts) for (let i = 0; i < k; i++) verdicts[cand[i]!]!.total = total[i]!;
  }

  /** Explain mode: every filter sees every node; a node is feasible when no filter rejected it. */
  private filterAll(cycle: CycleState, live: number, skip: ReadonlySet<string>): number {
    const all = this.cand.slice(0, live);
    const rejected = new Uint8Array(cycle.state.nodeCount);
    const scratch = new Int32Array(live);
    for (const p of this.profile.filter as FilterPlugin[]) {
      if (skip.has(p.name)) continue;
      scratch.set(all);
      const before = this.failCount;
      p.filter(cycle, scratch, live, this.sink);
      for (let f = before; f < this.failCount; f++) rejected[this.failNodes[f]!] = 1;
    }
    let k = 0;
    for (let i = 0; i < live; i++) if (!rejected[all[i]!]) this.cand[k++] = all[i]!;
    return k;
  }

  private markFailures(verdicts: NodeVerdict[]): void {
    for (let f = 0; f < this.failCount; f++) {
      const v = verdicts[this.failNodes[f]!]!, s = this.failStatus[f]!;
      v.feasible = false;
      for (const r of s.reasons) if (!v.reasons.includes(r)) v.reasons.push(r);
      if (!v.rejectedBy.includes(s.plugin)) v.rejectedBy.push(s.plugin);
      if (s.code === 'UnschedulableAndUnresolvable') v.unresolvable = true;
    }
  }

  /** Whether grouping empty nodes can pay: every plugin declares its dependence, and enough nodes are empty. */
  private worthGrouping(state: ClusterState): boolean {
    if (!this.groupable) return false;
    if (this.grouping === 'always') return true;
    return state.emptyLiveCount >= MIN_EMPTY_NODES && state.emptyLiveCount * MIN_EMPTY_SHARE_DENOM >= state.liveNodes().length;
  }

  /** The union of every node-reading plugin's NodeDependence for this pod; null if one needs node identity. */
  private dependence(cycle: CycleState): NodeDependence | null {
    const valueKeys: string[] = [], domainKeys: string[] = [];
    for (const p of this.nodeReaders) {
      const d = p.nodeDependence!(cycle);
      if (d === null) return null;
      for (const k of d.valueKeys) valueKeys.push(k);
      for (const k of d.domainKeys) domainKeys.push(k);
    }
    return { valueKeys, domainKeys };
  }

  /** The FitError result; with node classes, a representative's failure counts once per node it stands for. */
  private unschedulable(_state: ClusterState, base: Omit<ScheduleResult, 'selected' | 'nodeIndex' | 'status' | 'feasibleCount' | 'reasonCounts'>, live: number, mult: Int32Array | undefined): ScheduleResult {
    const counts = new Map<string, number>();
    let unresolvable = true;
    // Only the first plugin that rejected a node counts, as when filtering stops there (kube's
    // FitError); explain mode ran the rest too, but the message stays kube's.
    const firstPlugin = new Map<number, string>();
    for (let f = 0; f < this.failCount; f++) {
      const n = this.failNodes[f]!, s = this.failStatus[f]!;
      const first = firstPlugin.get(n);
      if (first === undefined) firstPlugin.set(n, s.plugin);
      else if (first !== s.plugin) continue;
      const times = mult ? mult[n]! : 1;
      for (const r of s.reasons) counts.set(r, (counts.get(r) ?? 0) + times);
      if (s.code !== 'UnschedulableAndUnresolvable') unresolvable = false;
    }
    const hist = [...counts].map(([r, c]) => `${c} ${r}`).sort();
    const msg = `0/${live} nodes are available${hist.length ? `: ${hist.join(', ')}.` : '.'}`;
    return {
      ...base, selected: null, nodeIndex: -1, feasibleCount: 0, reasonCounts: counts,
      status: status(unresolvable && this.failCount > 0 ? 'UnschedulableAndUnresolvable' : 'Unschedulable', FRAMEWORK, msg),
    };
  }

  private cycleVerdicts(verdicts: NodeVerdict[], live: number): NodeVerdict[] {
    const out: NodeVerdict[] = [];
    const sorted = Array.from(this.cand.subarray(0, live)).sort((a, b) => a - b);
    for (const n of sorted) out.push(verdicts[n]!);
    return out;
  }

  private emptyVerdicts(state: ClusterState): NodeVerdict[] {
    const out: NodeVerdict[] = [];
    for (let n = 0; n < state.nodeCount; n++) out.push({ name: state.names[n]!, feasible: true, reasons: [], rejectedBy: [], unresolvable: false, scores: {}, total: 0 });
    return out;
  }

  private ensure(nodes: number): void {
    if (this.cand.length >= nodes) return;
    this.cand = new Int32Array(nodes);
    this.total = new Float64Array(nodes);
    this.buf = new Float64Array(nodes);
    this.failNodes = new Int32Array(nodes);
    this.expNodes = new Int32Array(nodes);
    this.expTotal = new Float64Array(nodes);
  }
}
