/**
 * Node classes (kube's old equivalence-class idea, made exact): empty nodes (no pod assigned)
 * that share a static class (ClusterState.staticClass: everything but name and labels) and the
 * values of the labels this pod's plugins read (NodeDependence) get the same Filter verdict and
 * the same score from every plugin. So a cycle filters and scores one representative per class —
 * its lowest-indexed member — and every node holding a pod on its own, and `select` then picks
 * exactly the node the per-node cycle would pick: same node, same tie-break draws, same feasible
 * count. Plugins that count nodes read CycleState.multiplicity.
 *
 * Why only empty nodes: a node holding pods differs from its peers through its pods (requests,
 * labels, affinity terms), and comparing pods would cost more than scoring the node.
 *
 * Layout, per set of label keys (a "signature"; most pods share a few): classOf[n] (-1 = node
 * holds a pod), each class's members in increasing order (members[c][0] is its representative),
 * `cand`, the sorted list of representatives and non-empty nodes, and multiplicity[rep] = class
 * size. An entry is built once (one pass over the nodes) and then kept current by replaying
 * ClusterState.emptinessLog: a bind touches one class list and inserts or removes one entry of
 * `cand` (a memmove), so a cycle starts with one copy of `cand` instead of a pass over the nodes.
 * It is rebuilt when nodes change (nodesVersion) or the log was cleared past it.
 *
 * Class key: staticClass × Π radix_j + digit_j(node): per label key the value id + 1 (0 =
 * missing); for a domain key whose every value sits on one node (hostname), presence only, as an
 * empty node's own domain holds no pod (a plugin that counts such domains weighs candidates by
 * multiplicity, as PodTopologySpread does for hostname). Keys that cannot split (presence of a label every node
 * has) are dropped, so most pods share the signature of static classes alone.
 */
import type { ClusterState } from './state.ts';
import type { NodeDependence } from './types.ts';
import { isSeededIntn, seededTieDraws, type IntnFn } from './select-host.ts';

/** Above this key space the cycle runs per node (keys stay exact integers well below 2^53). */
const MAX_KEY_SPACE = 2 ** 40;
/** Up to this many tied lists, rank selection binary-searches them; beyond, it scans in node order. */
const FEW_LISTS = 4;
/** Signatures kept; beyond it the least recently used is dropped. */
const MAX_ENTRIES = 16;

interface Entry {
  readonly state: ClusterState;
  readonly signature: string;
  readonly version: number;
  /** emptinessLog sequence number replayed up to. */
  logSeq: number;
  readonly cols: readonly Int32Array[];
  readonly radix: readonly number[];
  /** digit = min(id + 1, cap): capped at 1 for presence-only keys. */
  readonly cap: readonly number[];
  readonly classOf: Int32Array;
  readonly members: number[][];
  readonly keyToClass: Map<number, number>;
  readonly cand: Int32Array;
  candCount: number;
  readonly multiplicity: Int32Array;
  lastUse: number;
}

/** Per-scheduler class caches and selection buffers; not re-entrant. */
export class NodeClasses {
  private entries: Entry[] = [];
  private current: Entry | null = null;
  private uses = 0;
  private survived = new Int32Array(0);
  private totalOf = new Float64Array(0);
  private stamp = 0;
  private classTied = new Int32Array(0);

  /** multiplicity of the current cycle's candidates (valid after candidates() returned >= 0). */
  get multiplicity(): Int32Array { return this.current!.multiplicity; }

  /**
   * Brings the class cache for this pod's label keys up to date and makes it current: its
   * candidates (candidateList(), increasing node order) are every live node holding a pod and each
   * class's representative. Returns their count, or -1 when the keys cannot be grouped (the
   * caller then runs per node).
   */
  candidates(state: ClusterState, dep: NodeDependence): number {
    const keys = canonicalKeys(state, dep);
    if (keys === null) return -1;
    const e = this.entryFor(state, keys);
    e.lastUse = ++this.uses;
    this.current = e;
    return e.candCount;
  }

  /** The current entry's candidate list (read-only view). */
  candidateList(): Int32Array { return this.current!.cand.subarray(0, this.current!.candCount); }

  /**
   * After Filter and Score ran on cand[0..k) (representatives and non-empty nodes, in order) with
   * totals total[0..k): the node a per-node cycle over every live node would select, and how many
   * nodes are feasible. Undefined when `intn` is not a seededIntn (use expand + selectHost then).
   */
  select(state: ClusterState, cand: Int32Array, total: Float64Array, k: number, intn: IntnFn): { node: number; feasible: number } | undefined {
    if (!isSeededIntn(intn)) return undefined; // before any scan: the caller expands instead
    const e = this.current!, mult = e.multiplicity;
    let best = -Infinity, first = -1, ties = 0, feasible = 0;
    for (let i = 0; i < k; i++) {
      const t = total[i]!, m = mult[cand[i]!]!;
      feasible += m;
      if (t > best) { best = t; first = i; ties = m; } else if (t === best) ties += m;
    }
    // Draws of the nodes before the first best one (in node order) come from a short prefix scan;
    // after it the running maximum is `best`, so each further tied node makes exactly one draw.
    const draws = this.prefixDraws(state, e, cand, total, k, cand[first]!) + ties - 1;
    const hit = seededTieDraws(intn, draws, ties)!;
    return { node: this.pickTied(state, e, cand, total, k, first, best, ties, hit), feasible };
  }

  /**
   * The per-node list (fallback for other Intn functions): every live node whose representative
   * (or itself) survived, in node order, with that total; returns how many.
   */
  expand(state: ClusterState, cand: Int32Array, total: Float64Array, k: number, outNodes: Int32Array, outTotals: Float64Array): number {
    const e = this.current!;
    this.scatter(state, cand, total, k);
    const live = state.liveNodes();
    let w = 0;
    for (let i = 0; i < live.length; i++) {
      const n = live[i]!, c = e.classOf[n]!;
      const src = c < 0 ? n : e.members[c]![0]!;
      if (this.survived[src] !== this.stamp) continue;
      outNodes[w] = n;
      outTotals[w++] = this.totalOf[src]!;
    }
    return w;
  }

  /** Draws a sequential selectHost makes before reaching node `firstBest` (every total there is lower). */
  private prefixDraws(state: ClusterState, e: Entry, cand: Int32Array, total: Float64Array, k: number, firstBest: number): number {
    this.scatter(state, cand, total, k);
    const live = state.liveNodes(), survived = this.survived, totalOf = this.totalOf, stamp = this.stamp;
    const classOf = e.classOf, members = e.members;
    let best = -Infinity, draws = 0, seen = false;
    for (let i = 0; i < live.length; i++) {
      const n = live[i]!;
      if (n >= firstBest) break;
      const c = classOf[n]!;
      const src = c < 0 ? n : members[c]![0]!;
      if (survived[src] !== stamp) continue;
      const t = totalOf[src]!;
      if (!seen) { seen = true; best = t; } else if (t > best) best = t; else if (t === best) draws++;
    }
    return draws;
  }

  /** The picked node among the `ties` nodes of the candidates totalling `best`: the last tied node q (in node order) whose draw hits, else the first. */
  private pickTied(state: ClusterState, e: Entry, cand: Int32Array, total: Float64Array, k: number, first: number, best: number, ties: number, hit: (q: number) => boolean): number {
    const lists: ArrayLike<number>[] = [];
    for (let i = first; i < k && lists.length <= FEW_LISTS; i++) {
      if (total[i] !== best) continue;
      const n = cand[i]!, c = e.classOf[n]!;
      lists.push(c < 0 ? [n] : e.members[c]!);
    }
    if (lists.length <= FEW_LISTS) {
      let rank = ties;
      while (rank > 1 && !hit(rank)) rank--;
      if (lists.length === 1) return lists[0]![rank - 1]!;
      // The smallest node index x with at least `rank` tied nodes <= x.
      let lo = cand[first]!, hi = e.classOf.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        let count = 0;
        for (const l of lists) count += upperBound(l, mid);
        if (count >= rank) hi = mid; else lo = mid + 1;
      }
      return lo;
    }
    // Many lists: the rank from the draws, then flag the tied classes and count tied nodes in node
    // order from whichever end of the group is nearer.
    let rank = ties;
    while (rank > 1 && !hit(rank)) rank--;
    if (this.classTied.length < e.members.length) this.classTied = new Int32Array(Math.max(e.members.length, 2 * this.classTied.length));
    const stamp = this.stamp, classTied = this.classTied;
    for (let i = first; i < k; i++) {
      const c = e.classOf[cand[i]!]!;
      if (c >= 0) classTied[c] = total[i] === best ? stamp : 0;
    }
    const live = state.liveNodes(), classOf = e.classOf, survived = this.survived, totalOf = this.totalOf;
    const forward = 2 * rank <= ties;
    let left = forward ? rank : ties - rank + 1;
    for (let step = forward ? 1 : -1, i = forward ? lowerBound(live, cand[first]!) : live.length - 1; i >= 0 && i < live.length; i += step) {
      const n = live[i]!, c = classOf[n]!;
      const tied = c >= 0 ? classTied[c] === stamp : survived[n] === stamp && totalOf[n] === best;
      if (tied && --left === 0) return n;
    }
    throw new Error(`NodeClasses: tie rank ${rank} of ${ties} not found among the tied nodes`);
  }

  /** totalOf[node] = its total for each surviving candidate, marked with a fresh stamp. */
  private scatter(state: ClusterState, cand: Int32Array, total: Float64Array, k: number): void {
    if (this.survived.length < state.nodeCount) {
      this.survived = new Int32Array(Math.max(state.nodeCount, 2 * this.survived.length));
      this.totalOf = new Float64Array(this.survived.length);
      this.restartStamps();
    }
    if (++this.stamp === 0x7fffffff) { this.restartStamps(); this.stamp = 1; }
    for (let i = 0; i < k; i++) { const n = cand[i]!; this.survived[n] = this.stamp; this.totalOf[n] = total[i]!; }
  }

  /** Stamps start over: no old mark (survived, classTied) may equal a new stamp. */
  private restartStamps(): void {
    this.stamp = 0;
    this.survived.fill(0);
    this.classTied.fill(0);
  }

  private entryFor(state: ClusterState, keys: CanonicalKeys): Entry {
    let e = this.entries.find((x) => x.state === state && x.signature === keys.signature);
    if (e && (e.version !== state.nodesVersion || e.logSeq < state.emptinessLogBase)) {
      this.entries.splice(this.entries.indexOf(e), 1);
      e = undefined;
    }
    if (!e) {
      e = build(state, keys);
      if (this.entries.length >= MAX_ENTRIES) {
        const lru = this.entries.reduce((a, b) => (a.lastUse <= b.lastUse ? a : b));
        this.entries.splice(this.entries.indexOf(lru), 1);
      }
      this.entries.push(e);
      return e;
    }
    const log = state.emptinessLog, end = state.emptinessLogBase + log.length;
    for (let s = e.logSeq; s < end; s++) refresh(state, e, log[s - state.emptinessLogBase]!);
    e.logSeq = end;
    return e;
  }
}

interface CanonicalKeys { signature: string; cols: Int32Array[]; radix: number[]; cap: number[] }

/** The keys that can split nodes, each with its digit rule; null when the key space is too large. */
function canonicalKeys(state: ClusterState, dep: NodeDependence): CanonicalKeys | null {
  const picked = new Map<string, boolean>(); // key → presence only
  for (const k of dep.valueKeys) picked.set(k, false);
  for (const k of dep.domainKeys) if (!picked.has(k)) picked.set(k, state.labelColumn(k).unique);
  const parts: string[] = [], cols: Int32Array[] = [], radix: number[] = [], cap: number[] = [];
  let space = state.staticClasses;
  for (const key of [...picked.keys()].sort()) {
    const presence = picked.get(key)!, col = state.labelColumn(key);
    if (col.missing === 0 && (presence || col.values.length <= 1)) continue; // every node alike
    parts.push(`${presence ? 'p' : 'v'}:${key}`);
    cols.push(col.ids);
    radix.push(presence ? 2 : col.values.length + 1);
    cap.push(presence ? 1 : col.values.length);
    space *= presence ? 2 : col.values.length + 1;
  }
  if (space > MAX_KEY_SPACE) return null;
  return { signature: parts.join('\u0000'), cols, radix, cap };
}

function classKey(state: ClusterState, e: Pick<Entry, 'cols' | 'radix' | 'cap'>, n: number): number {
  let key = state.staticClass[n]!;
  for (let j = 0; j < e.cols.length; j++) key = key * e.radix[j]! + Math.min(e.cols[j]![n]! + 1, e.cap[j]!);
  return key;
}

function build(state: ClusterState, keys: CanonicalKeys): Entry {
  const e: Entry = {
    state, signature: keys.signature, version: state.nodesVersion, logSeq: state.emptinessLogBase + state.emptinessLog.length,
    cols: keys.cols, radix: keys.radix, cap: keys.cap,
    classOf: new Int32Array(state.nodeCount).fill(-1), members: [], keyToClass: new Map(),
    cand: new Int32Array(state.nodeCount), candCount: 0, multiplicity: new Int32Array(state.nodeCount), lastUse: 0,
  };
  const live = state.liveNodes(), podCount = state.podCount;
  for (let i = 0; i < live.length; i++) {
    const n = live[i]!;
    if (podCount[n] !== 0) { e.multiplicity[n] = 1; e.cand[e.candCount++] = n; continue; }
    const c = classFor(state, e, n), list = e.members[c]!;
    if (list.length === 0) e.cand[e.candCount++] = n;
    list.push(n);
    e.classOf[n] = c;
  }
  for (const list of e.members) if (list.length > 0) e.multiplicity[list[0]!] = list.length;
  return e;
}

function classFor(state: ClusterState, e: Entry, n: number): number {
  const key = classKey(state, e, n);
  let c = e.keyToClass.get(key);
  if (c === undefined) { e.keyToClass.set(key, (c = e.members.length)); e.members.push([]); }
  return c;
}

/** Brings node n's place in the entry in line with the state (it gained its first pod or lost its last). */
function refresh(state: ClusterState, e: Entry, n: number): void {
  const empty = state.live[n] === 1 && state.podCount[n] === 0;
  const c = e.classOf[n]!;
  if (empty === c >= 0) return; // replayed twice, or flipped back already
  if (!empty) {
    const list = e.members[c]!, at = lowerBound(list, n);
    list.splice(at, 1);
    e.classOf[n] = -1;
    e.multiplicity[n] = 1;
    if (list.length === 0) return;
    if (at === 0) candInsert(e, list[0]!); // n stays a candidate (now on its own); the next member represents c
    else candInsert(e, n);
    e.multiplicity[list[0]!] = list.length;
    return;
  }
  const d = classFor(state, e, n), list = e.members[d]!, at = lowerBound(list, n);
  list.splice(at, 0, n);
  e.classOf[n] = d;
  if (at === 0) { if (list.length > 1) candRemove(e, list[1]!); } // n (already a candidate) now represents d
  else candRemove(e, n);
  e.multiplicity[list[0]!] = list.length;
}

function candInsert(e: Entry, n: number): void {
  const at = lowerBound(e.cand.subarray(0, e.candCount), n);
  e.cand.copyWithin(at + 1, at, e.candCount);
  e.cand[at] = n;
  e.candCount++;
}

function candRemove(e: Entry, n: number): void {
  const at = lowerBound(e.cand.subarray(0, e.candCount), n);
  if (e.cand[at] !== n) throw new Error(`NodeClasses: node ${n} missing from the candidate list`);
  e.cand.copyWithin(at, at + 1, e.candCount);
  e.candCount--;
}

/** First position in sorted `a` whose value is >= x. */
function lowerBound(a: ArrayLike<number>, x: number): number {
  let lo = 0, hi = a.length;
  while (lo < hi) { const mid = (lo + hi) >>> 1; if (a[mid]! < x) lo = mid + 1; else hi = mid; }
  return lo;
}

/** Number of values in sorted `a` that are <= x. */
function upperBound(a: ArrayLike<number>, x: number): number {
  let lo = 0, hi = a.length;
  while (lo < hi) { const mid = (lo + hi) >>> 1; if (a[mid]! <= x) lo = mid + 1; else hi = mid; }
  return lo;
}
