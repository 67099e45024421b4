/**
 * Who can reach whom right now: connected components over up nodes and up links, recomputed
 * only when the topology's version moves. Quorum and controller choice ask this many times per
 * event, so a union-find pass per change beats a Dijkstra tree per question.
 */
import type { Topology } from '../../fabric/topology.ts';

/** Component labels of a topology, cached per topology version. */
export class Reachability {
  private version = -1;
  private comp: Int32Array;

  /** Reads `topology` live; never mutates it. */
  constructor(private readonly topology: Topology) {
    this.comp = new Int32Array(topology.nodeCount);
  }

  /** Component label of node n; -1 when n is down. */
  componentOf(n: number): number {
    this.sync();
    return this.comp[n]!;
  }

  /** Whether a route exists from a to b now (both up and connected); a node reaches itself when up. */
  reaches(a: number, b: number): boolean {
    this.sync();
    const ca = this.comp[a]!;
    return ca >= 0 && ca === this.comp[b]!;
  }

  private sync(): void {
    const topo = this.topology;
    if (topo.version === this.version && this.comp.length === topo.nodeCount) return;
    const n = topo.nodeCount;
    if (this.comp.length !== n) this.comp = new Int32Array(n);
    const parent = new Int32Array(n);
    for (let i = 0; i < n; i++) parent[i] = i;
    const find = (x: number): number => {
      while (parent[x] !== x) { parent[x] = parent[parent[x]!]!; x = parent[x]!; }
      return x;
    };
    for (let l = 0; l < topo.linkCount; l++) {
      if (!topo.isLinkUp(l)) continue;
      const a = topo.linkA(l), b = topo.linkB(l);
      if (!topo.isNodeUp(a) || !topo.isNodeUp(b)) continue;
      const ra = find(a), rb = find(b);
      if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
    }
    for (let i = 0; i < n; i++) this.comp[i] = topo.isNodeUp(i) ? find(i) : -1;
    this.version = topo.version;
  }
}
