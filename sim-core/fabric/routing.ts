/**
 * Shortest-latency routing over the fabric's up links and up nodes. One single-source Dijkstra
 * tree per source is cached, and so is each Route object handed out, because the twin asks for a
 * route on every message; all caches drop when the topology's version changes.
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

/** Shortest-latency routes; ties go to fewer hops, then to the lower predecessor link index (per node, from the destination back). */
export class Router {
  private readonly topo: Topology;
  private readonly heap: IndexedHeap;
  private readonly trees = new Map<number, Tree>();
  private readonly routes = new Map<number, Route | null>();
  private readonly maxTrees: number;
  private readonly maxRoutes: number;
  private seenVersion: number;

  /** A router reading `topology` live; it never mutates it. */
  constructor(topology: Topology, options: RouterOptions = {}) {
    this.topo = topology;
    this.heap = new IndexedHeap(topology.nodeCount);
    this.maxTrees = options.maxTrees ?? 64;
    this.maxRoutes = options.maxRoutes ?? 1 << 20;
    if (!(this.maxTrees >= 1)) throw new Error(`Router: maxTrees must be >= 1, got ${this.maxTrees}`);
    if (!(this.maxRoutes >= 1)) throw new Error(`Router: maxRoutes must be >= 1, got ${this.maxRoutes}`);
    this.seenVersion = topology.version;
  }

  /** Shortest route src→dst over up links and up nodes (src, dst included); null when unreachable; src===dst gives an empty route. */
  route(src: number, dst: number): Route | null {
    this.checkNode(src); this.checkNode(dst);
    this.sync();
    const key = src * this.topo.nodeCount + dst;
    const hit = this.routes.get(key);
    if (hit !== undefined) return hit;
    const r = this.build(src, dst);
    if (this.routes.size >= this.maxRoutes) this.routes.clear();
    this.routes.set(key, r);
    return r;
  }

  /** Latency of the shortest route src→dst; Infinity when unreachable. */
  latencyMs(src: number, dst: number): number {
    this.checkNode(src); this.checkNode(dst);
    this.sync();
    return this.tree(src).distMs[dst]!;
  }

  /** The candidate with least route latency from src (ties: first in the list); -1 if none is reachable. */
  nearest(src: number, candidates: readonly number[]): number {
    this.checkNode(src);
    this.sync();
    const d = this.tree(src).distMs;
    let best = -1, bestMs = Infinity;
    for (const c of candidates) {
      this.checkNode(c);
      if (d[c]! < bestMs) { bestMs = d[c]!; best = c; }
    }
    return best;
  }

  private sync(): void {
    if (this.topo.version === this.seenVersion) return;
    this.trees.clear();
    this.routes.clear();
    this.seenVersion = this.topo.version;
  }

  private build(src: number, dst: number): Route | null {
    if (src === dst) return this.topo.isNodeUp(src) ? { links: EMPTY, resources: EMPTY, latencyMs: 0 } : null;
    const t = this.tree(src);
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
