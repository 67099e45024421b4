/**
 * Shortest-latency routing over the fabric's up links and up nodes. Each Route object handed out
 * is cached, and so is each nearest() answer, because the twin asks on every message. A source's
 * first few misses run a Dijkstra that stops once its targets are settled (a gateway's route to
 * its edge server touches a few nodes, not the whole fabric); a source that keeps missing gets a
 * full single-source tree, cached. All caches drop when the topology's version changes.
 */
import { IndexedHeap } from './indexed-heap.ts';
import type { Topology } from './topology.ts';

/** A path through the fabric; cached and shared between callers, so treat it as immutable. */
export interface Route {
  /** Link indices in path order. */
  links: Int32Array;
  /** Directed link resources for FlowNetwork: 2*l when link l is traversed a→b, 2*l+1 when b→a. */
  resources: Int32Array;
  /** Sum of the links' current one-way latencies. */
  latencyMs: number;
}

/** Router tuning: bounds on the caches (memory grows with nodeCount × cached sources). */
export interface RouterOptions {
  /** Dijkstra trees kept at once (oldest evicted first); default 64. */
  maxTrees?: number;
  /** Route objects kept at once (all dropped when exceeded); default 1,048,576. */
  maxRoutes?: number;
}

interface Tree {
  distMs: Float64Array;
  hops: Int32Array;
  /** Link by which each node is reached; -1 for the source and unreachable nodes. */
  pred: Int32Array;
}

const EMPTY = new Int32Array(0);
/** Targeted searches from one source (per topology version) before it gets a full cached tree. */
const SEARCHES_BEFORE_TREE = 4;
/** nearest() answers remembered per source (distinct candidate lists). */
const NEAREST_MEMO_PER_SOURCE = 4;

interface NearestMemo { candidates: number[]; best: number }
/** A cached route, valid while neither end has had a leaf change since (see Topology.structureVersion). */
interface RouteEntry { route: Route | null; srcStamp: number; dstStamp: number }

/** Shortest-latency routes; ties go to fewer hops, then to the lower predecessor link index (per node, from the destination back). */
export class Router {
  private readonly topo: Topology;
  private readonly heap: IndexedHeap;
  private readonly trees = new Map<number, Tree>();
  private readonly routes = new Map<number, RouteEntry>();
  private readonly maxTrees: number;
  private readonly maxRoutes: number;
  private seenVersion: number;
  private seenStructure: number;
  private seenLeafChanges: number;
  /** Per node: bumps on each of its leaf changes, invalidating cached routes that end at it. */
  private readonly leafStamp: Int32Array;
  private readonly misses = new Map<number, number>();
  private readonly nearestMemo = new Map<number, NearestMemo[]>();
  // Targeted-search scratch, valid where stamp === searchEpoch (no per-search allocation).
  private readonly sDist: Float64Array;
  private readonly sHops: Int32Array;
  private readonly sPred: Int32Array;
  private readonly sStamp: Uint32Array;
  private readonly sSettled: Uint32Array;
  private readonly sTarget: Uint32Array;
  private searchEpoch = 0;

  /** A router reading `topology` live; it never mutates it. */
  constructor(topology: Topology, options: RouterOptions = {}) {
    this.topo = topology;
    this.heap = new IndexedHeap(topology.nodeCount);
    this.maxTrees = options.maxTrees ?? 64;
    this.maxRoutes = options.maxRoutes ?? 1 << 20;
    if (!(this.maxTrees >= 1)) throw new Error(`Router: maxTrees must be >= 1, got ${this.maxTrees}`);
    if (!(this.maxRoutes >= 1)) throw new Error(`Router: maxRoutes must be >= 1, got ${this.maxRoutes}`);
    this.seenVersion = topology.version;
    this.seenStructure = topology.structureVersion;
    this.seenLeafChanges = topology.leafChangeCount;
    const n = topology.nodeCount;
    this.leafStamp = new Int32Array(n);
    this.sDist = new Float64Array(n); this.sHops = new Int32Array(n); this.sPred = new Int32Array(n);
    this.sStamp = new Uint32Array(n); this.sSettled = new Uint32Array(n); this.sTarget = new Uint32Array(n);
  }

  /** Shortest route src→dst over up links and up nodes (src, dst included); null when unreachable; src===dst gives an empty route. */
  route(src: number, dst: number): Route | null {
    this.checkNode(src); this.checkNode(dst);
    this.sync();
    const key = src * this.topo.nodeCount + dst;
    const stamp = this.leafStamp;
    const hit = this.routes.get(key);
    if (hit !== undefined && hit.srcStamp === stamp[src] && hit.dstStamp === stamp[dst]) return hit.route;
    const r = this.build(src, dst);
    if (this.routes.size >= this.maxRoutes) this.routes.clear();
    this.routes.set(key, { route: r, srcStamp: stamp[src]!, dstStamp: stamp[dst]! });
    return r;
  }

  /** Latency of the shortest route src→dst; Infinity when unreachable. */
  latencyMs(src: number, dst: number): number {
    this.checkNode(src); this.checkNode(dst);
    this.sync();
    const t = this.treeIfWorth(src);
    if (t) return t.distMs[dst]!;
    return this.search(src, [dst]) > 0 ? this.sDist[dst]! : Infinity;
  }

  /** The candidate with least route latency from src (ties: first in the list); -1 if none is reachable. */
  nearest(src: number, candidates: readonly number[]): number {
    this.checkNode(src);
    this.sync();
    let memo = this.nearestMemo.get(src);
    if (memo) {
      for (const e of memo) if (sameList(e.candidates, candidates)) return e.best;
    } else {
      this.nearestMemo.set(src, (memo = []));
    }
    // Checked here only: a remembered list was checked when it was stored.
    for (const c of candidates) this.checkNode(c);
    const best = this.computeNearest(src, candidates);
    if (memo.length >= NEAREST_MEMO_PER_SOURCE) memo.shift();
    memo.push({ candidates: [...candidates], best });
    return best;
  }

  private computeNearest(src: number, candidates: readonly number[]): number {
    let best = -1, bestMs = Infinity;
    const t = this.treeIfWorth(src);
    if (t) {
      const d = t.distMs;
      for (const c of candidates) if (d[c]! < bestMs) { bestMs = d[c]!; best = c; }
      return best;
    }
    if (this.search(src, candidates, true) === 0) return -1;
    const d = this.sDist, stamp = this.sSettled, epoch = this.searchEpoch;
    for (const c of candidates) if (stamp[c] === epoch && d[c]! < bestMs) { bestMs = d[c]!; best = c; }
    return best;
  }

  private sync(): void {
    const topo = this.topo;
    if (topo.version === this.seenVersion) return;
    if (topo.structureVersion === this.seenStructure) {
      // Only leaves changed: patch their entries in the cached trees; other answers stand.
      for (let i = this.seenLeafChanges; i < topo.leafChangeCount; i++) this.leafChanged(topo.leafChange(i));
      this.seenLeafChanges = topo.leafChangeCount;
      this.nearestMemo.clear();
      this.seenVersion = topo.version;
      return;
    }
    this.seenStructure = topo.structureVersion;
    this.seenLeafChanges = topo.leafChangeCount;
    this.trees.clear();
    this.routes.clear();
    this.misses.clear();
    this.nearestMemo.clear();
    this.seenVersion = this.topo.version;
  }

  /**
   * Leaf n (degree <= 1) changed. It is on no path between other nodes, so in a tree from any
   * other source only n's own entry moves: recomputed from its neighbour exactly as dijkstra()
   * relaxes it. Its own tree and the routes ending at it (by stamp) are dropped.
   */
  private leafChanged(n: number): void {
    this.trees.delete(n);
    this.misses.delete(n);
    this.leafStamp[n]!++;
    const topo = this.topo, inc = topo.linksOf(n);
    for (const t of this.trees.values()) {
      t.distMs[n] = Infinity; t.hops[n] = 0; t.pred[n] = -1;
      if (inc.length !== 1 || topo.nodeUpFlags[n] !== 1) continue;
      const l = inc[0]!;
      if (topo.linkUpFlags[l] !== 1) continue;
      const u = topo.linkEndsA[l] === n ? topo.linkEndsB[l]! : topo.linkEndsA[l]!;
      if (t.distMs[u] === Infinity) continue;
      t.distMs[n] = t.distMs[u]! + topo.latencyMs[l]!;
      t.hops[n] = t.hops[u]! + 1;
      t.pred[n] = l;
    }
  }

  private build(src: number, dst: number): Route | null {
    if (src === dst) return this.topo.isNodeUp(src) ? { links: EMPTY, resources: EMPTY, latencyMs: 0 } : null;
    let t: Tree | null = this.treeIfWorth(src);
    if (!t) {
      if (this.search(src, [dst]) === 0) return null;
      t = { distMs: this.sDist, hops: this.sHops, pred: this.sPred };
    }
    if (t.distMs[dst] === Infinity) return null;
    const hops = t.hops[dst]!;
    const links = new Int32Array(hops);
    const resources = new Int32Array(hops);
    let v = dst;
    for (let i = hops - 1; i >= 0; i--) {
      const l = t.pred[v]!;
      const a = this.topo.linkA(l);
      // Entering v over l: a→b when v is the b end.
      const u = a === v ? this.topo.linkB(l) : a;
      links[i] = l;
      resources[i] = a === u ? 2 * l : 2 * l + 1;
      v = u;
    }
    return { links, resources, latencyMs: t.distMs[dst]! };
  }

  /** The cached tree of src, or a new one once src has missed often enough; null: use a targeted search. */
  private treeIfWorth(src: number): Tree | null {
    const cached = this.trees.get(src);
    if (cached) return cached;
    const n = this.misses.get(src) ?? 0;
    if (n >= SEARCHES_BEFORE_TREE) return this.tree(src);
    this.misses.set(src, n + 1);
    return null;
  }

  /**
   * Dijkstra from src into the scratch arrays, stopping once every target is settled, or with
   * `nearestOnly` once nodes farther than the first settled target come up (every target at that
   * same least latency is settled by then, so list-order ties stay exact); returns how many
   * targets were settled. A settled node's (distance, hops, pred) are final — every better
   * predecessor is popped before it — so they equal the full tree's, path included.
   * Degree-1 nodes other than targets are never entered: they cannot carry a path onward.
   */
  private search(src: number, targets: readonly number[], nearestOnly = false): number {
    const topo = this.topo;
    const epoch = this.nextSearchEpoch();
    const dist = this.sDist, hops = this.sHops, pred = this.sPred, stamp = this.sStamp, settled = this.sSettled, isTarget = this.sTarget;
    let left = 0;
    for (const x of targets) if (isTarget[x] !== epoch) { isTarget[x] = epoch; left++; }
    if (!topo.isNodeUp(src)) return 0;
    const want = left;
    const lat = topo.latencyMs, endA = topo.linkEndsA, endB = topo.linkEndsB;
    const linkUp = topo.linkUpFlags, nodeUp = topo.nodeUpFlags;
    const heap = this.heap;
    heap.clear();
    stamp[src] = epoch; dist[src] = 0; hops[src] = 0; pred[src] = -1;
    heap.set(src, 0, 0);
    let boundMs = Infinity;
    while (heap.size > 0) {
      if (heap.peekKey() > boundMs) break;
      const u = heap.pop();
      settled[u] = epoch;
      if (isTarget[u] === epoch) {
        if (--left === 0) break;
        if (nearestOnly) boundMs = dist[u]!;
      }
      const du = dist[u]!, hu = hops[u]! + 1;
      const inc = topo.linksOf(u);
      for (let i = 0; i < inc.length; i++) {
        const l = inc[i]!;
        if (linkUp[l] !== 1) continue;
        const a = endA[l]!;
        const v = a === u ? endB[l]! : a;
        if (settled[v] === epoch || nodeUp[v] !== 1) continue;
        if (isTarget[v] !== epoch && topo.linksOf(v).length < 2) continue;
        const dv = du + lat[l]!;
        if (stamp[v] !== epoch) {
          stamp[v] = epoch; dist[v] = dv; hops[v] = hu; pred[v] = l;
          heap.set(v, dv, hu);
          continue;
        }
        const old = dist[v]!;
        // Same lexicographic (latency, hops, link index) rule as dijkstra().
        if (dv < old || (dv === old && (hu < hops[v]! || (hu === hops[v]! && l < pred[v]!)))) {
          dist[v] = dv; hops[v] = hu; pred[v] = l;
          heap.set(v, dv, hu);
        }
      }
    }
    heap.clear();
    return want - left;
  }

  private nextSearchEpoch(): number {
    if (this.searchEpoch >= 0xffffffff) {
      this.sStamp.fill(0); this.sSettled.fill(0); this.sTarget.fill(0);
      this.searchEpoch = 0;
    }
    return ++this.searchEpoch;
  }

  private tree(src: number): Tree {
    const cached = this.trees.get(src);
    if (cached) return cached;
    const t = this.dijkstra(src);
    if (this.trees.size >= this.maxTrees) this.trees.delete(this.trees.keys().next().value!);
    this.trees.set(src, t);
    return t;
  }

  private dijkstra(src: number): Tree {
    const topo = this.topo, n = topo.nodeCount;
    const distMs = new Float64Array(n).fill(Infinity);
    const hops = new Int32Array(n);
    const pred = new Int32Array(n).fill(-1);
    if (!topo.isNodeUp(src)) return { distMs, hops, pred };
    const lat = topo.latencyMs, endA = topo.linkEndsA, endB = topo.linkEndsB;
    const linkUp = topo.linkUpFlags, nodeUp = topo.nodeUpFlags;
    const heap = this.heap;
    heap.clear();
    distMs[src] = 0;
    heap.set(src, 0, 0);
    const settled = new Uint8Array(n);
    while (heap.size > 0) {
      const u = heap.pop();
      settled[u] = 1;
      const du = distMs[u]!, hu = hops[u]! + 1;
      const inc = topo.linksOf(u);
      for (let i = 0; i < inc.length; i++) {
        const l = inc[i]!;
        if (linkUp[l] !== 1) continue;
        const a = endA[l]!;
        const v = a === u ? endB[l]! : a;
        if (settled[v] === 1 || nodeUp[v] !== 1) continue;
        const dv = du + lat[l]!;
        const old = distMs[v]!;
        // Lexicographic (latency, hops, link index): all predecessors of v are settled before v
        // (latencies >= 0 and hops break equal distances), so the result is order-independent.
        if (dv < old || (dv === old && (hu < hops[v]! || (hu === hops[v]! && l < pred[v]!)))) {
          distMs[v] = dv; hops[v] = hu; pred[v] = l;
          heap.set(v, dv, hu);
        }
      }
    }
    return { distMs, hops, pred };
  }

  private checkNode(i: number): void {
    if (!(Number.isInteger(i) && i >= 0 && i < this.topo.nodeCount)) throw new Error(`Router: node index ${i} out of range [0, ${this.topo.nodeCount})`);
  }
}

function sameList(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
