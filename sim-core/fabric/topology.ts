/**
 * The fabric's graph: nodes and full-duplex links with their current latency, capacity, loss and
 * up/down state. Per-link data lives in typed arrays that grow by doubling, because the router
 * reads them in its inner loop and mobility adds radio links at run time.
 * Directed link resources (for FlowNetwork): 2*l is a→b, 2*l+1 is b→a.
 */
import type { LinkModel, NodeModel } from '../scenario/model.ts';

/** Degradable link properties; omitted fields are left unchanged. */
export interface LinkProps { latencyMs?: number; bandwidthBps?: number; loss?: number }

/** What addLink() needs for a new (radio) link. */
export interface NewLinkProps { id: string; latencyMs: number; bandwidthBps: number; loss: number }

function checkProps(where: string, p: LinkProps): void {
  if (p.latencyMs !== undefined && !(p.latencyMs >= 0 && Number.isFinite(p.latencyMs))) throw new Error(`${where}: latencyMs must be finite and >= 0, got ${p.latencyMs}`);
  if (p.bandwidthBps !== undefined && !(p.bandwidthBps >= 0)) throw new Error(`${where}: bandwidthBps must be >= 0, got ${p.bandwidthBps}`);
  if (p.loss !== undefined && !(p.loss >= 0 && p.loss <= 1)) throw new Error(`${where}: loss must be in [0, 1], got ${p.loss}`);
}

/** Mutable graph of the edge fabric; node set fixed at construction, links may be added. */
export class Topology {
  /** Number of nodes (fixed). */
  readonly nodeCount: number;
  private readonly nodeIds: string[];
  private readonly nodeIdx = new Map<string, number>();
  private readonly nodeUp: Uint8Array;
  private readonly adj: number[][];

  private n = 0;
  private cap = 0;
  private linkIds: string[] = [];
  private readonly linkIdx = new Map<string, number>();
  private a = new Int32Array(0);
  private b = new Int32Array(0);
  private up = new Uint8Array(0);
  private lat = new Float64Array(0);
  private bw = new Float64Array(0);
  private ls = new Float64Array(0);
  // Views of length linkCount, rebuilt on addLink, so callers can iterate `.length` safely.
  private latView = new Float64Array(0);
  private bwView = new Float64Array(0);
  private lossView = new Float64Array(0);
  private aView = new Int32Array(0);
  private bView = new Int32Array(0);
  private upView = new Uint8Array(0);
  private ver = 0;
  // Leaf changes: a change that only alters how a degree-1 node attaches (its one link moved, cut
  // or restored, or the node itself down/up) cannot move any route between two other nodes.
  // Such changes bump `ver` but not `structVer`, and append the leaf to `leafLog`.
  private structVer = 0;
  private readonly leafLog: number[] = [];

  private constructor(nodeIds: string[]) {
    this.nodeCount = nodeIds.length;
    this.nodeIds = nodeIds;
    nodeIds.forEach((id, i) => {
      if (this.nodeIdx.has(id)) throw new Error(`Topology: duplicate node id "${id}"`);
      this.nodeIdx.set(id, i);
    });
    this.nodeUp = new Uint8Array(nodeIds.length).fill(1);
    this.adj = nodeIds.map(() => []);
  }

  /** Builds the graph; throws on a duplicate id or a link naming an unknown node (the parser already checked). */
  static fromModel(nodes: NodeModel[], links: LinkModel[]): Topology {
    const t = new Topology(nodes.map((n) => n.id));
    for (const l of links) {
      const a = t.nodeIndex(l.a), b = t.nodeIndex(l.b);
      if (a < 0) throw new Error(`Topology: link "${l.id}" names unknown node "${l.a}"`);
      if (b < 0) throw new Error(`Topology: link "${l.id}" names unknown node "${l.b}"`);
      t.appendLink(a, b, { id: l.id, latencyMs: l.latencyMs, bandwidthBps: l.bandwidthBps, loss: l.loss });
    }
    t.refreshViews();
    t.ver = 0;
    t.structVer = 0;
    return t;
  }

  /** Number of links, including down ones. */
  get linkCount(): number { return this.n; }

  /** Increments on every change that can alter routes: up/down, ends, latency, addLink. */
  get version(): number { return this.ver; }

  /**
   * Bumps with every change except leaf changes (see leafChangesSince): while it stays the same,
   * routes between nodes other than the logged leaves are unchanged.
   */
  get structureVersion(): number { return this.structVer; }

  /** Number of leaf changes logged since the structure version last changed (the log restarts then). */
  get leafChangeCount(): number { return this.leafLog.length; }

  /** The leaf node of logged leaf change i (0 <= i < leafChangeCount). */
  leafChange(i: number): number {
    if (!(Number.isInteger(i) && i >= 0 && i < this.leafLog.length)) throw new Error(`Topology.leafChange: index ${i} out of range [0, ${this.leafLog.length})`);
    return this.leafLog[i]!;
  }

  /** Records a change: a leaf change when `leaves` names its degree-1 nodes, else a structural one. */
  private changed(...leaves: number[]): void {
    this.ver++;
    // A long log costs its readers more than starting over.
    if (leaves.length === 0 || this.leafLog.length >= 4096) {
      this.structVer++;
      this.leafLog.length = 0;
      return;
    }
    for (const n of leaves) this.leafLog.push(n);
  }

  /** Ends of link l that have no other link (degree 1), or null when neither has. */
  private leafEnds(l: number): number[] | null {
    const a = this.a[l]!, b = this.b[l]!;
    const la = this.adj[a]!.length === 1, lb = this.adj[b]!.length === 1;
    return la && lb ? [a, b] : la ? [a] : lb ? [b] : null;
  }

  /** Current one-way latency per link (length linkCount; a new array after addLink). */
  get latencyMs(): Float64Array { return this.latView; }
  /** Current capacity of each direction per link (length linkCount; a new array after addLink). */
  get bandwidthBps(): Float64Array { return this.bwView; }
  /** Current per-message loss probability per link (length linkCount; a new array after addLink). */
  get loss(): Float64Array { return this.lossView; }

  /** Read-only view for hot loops (the router): end-a node per link. Writing to it corrupts the topology. */
  get linkEndsA(): Int32Array { return this.aView; }
  /** Read-only view for hot loops: end-b node per link. */
  get linkEndsB(): Int32Array { return this.bView; }
  /** Read-only view for hot loops: 1 when the link is up, else 0. */
  get linkUpFlags(): Uint8Array { return this.upView; }
  /** Read-only view for hot loops: 1 when the node is up, else 0 (length nodeCount). */
  get nodeUpFlags(): Uint8Array { return this.nodeUp; }

  /** Index of node id; -1 when unknown. */
  nodeIndex(id: string): number { return this.nodeIdx.get(id) ?? -1; }

  /** Id of node i; throws when out of range. */
  nodeId(i: number): string { this.checkNode(i); return this.nodeIds[i]!; }

  /** Id of link l; throws when out of range. */
  linkId(l: number): string { this.checkLink(l); return this.linkIds[l]!; }

  /** Node index at end a of link l. */
  linkA(l: number): number { this.checkLink(l); return this.a[l]!; }

  /** Node index at end b of link l. */
  linkB(l: number): number { this.checkLink(l); return this.b[l]!; }

  /** Link by id, or by "a~b" / "b~a" node-id pair (lowest index among parallel links); -1 when none. */
  linkIndex(idOrPair: string): number {
    const byId = this.linkIdx.get(idOrPair);
    if (byId !== undefined) return byId;
    // Node ids may themselves contain '~': try every split point.
    for (let k = idOrPair.indexOf('~'); k >= 0; k = idOrPair.indexOf('~', k + 1)) {
      const a = this.nodeIndex(idOrPair.slice(0, k)), b = this.nodeIndex(idOrPair.slice(k + 1));
      if (a < 0 || b < 0) continue;
      let best = -1;
      for (const l of this.adj[a]!) {
        if ((this.a[l] === b || this.b[l] === b) && (best < 0 || l < best)) best = l;
      }
      if (best >= 0) return best;
    }
    return -1;
  }

  /** Whether link l is up. */
  isLinkUp(l: number): boolean { this.checkLink(l); return this.up[l] === 1; }

  /** Cuts or restores link l (version bumps only on an actual change). */
  setLinkUp(l: number, up: boolean): void {
    this.checkLink(l);
    const v = up ? 1 : 0;
    if (this.up[l] === v) return;
    this.up[l] = v;
    const leaves = this.leafEnds(l);
    if (leaves) this.changed(...leaves); else this.changed();
  }

  /** Whether node n is up. */
  isNodeUp(n: number): boolean { this.checkNode(n); return this.nodeUp[n] === 1; }

  /** Crashes or recovers node n; a down node forwards nothing (version bumps only on a change). */
  setNodeUp(n: number, up: boolean): void {
    this.checkNode(n);
    const v = up ? 1 : 0;
    if (this.nodeUp[n] === v) return;
    this.nodeUp[n] = v;
    if (this.adj[n]!.length <= 1) this.changed(n); else this.changed();
  }

  /** Degrades or restores link l; bumps version only when latency changes (bandwidth/loss do not move routes). */
  setLinkProps(l: number, props: LinkProps): void {
    this.checkLink(l);
    checkProps(`setLinkProps(${this.linkIds[l]})`, props);
    if (props.latencyMs !== undefined && props.latencyMs !== this.lat[l]) { this.lat[l] = props.latencyMs; this.changed(); }
    if (props.bandwidthBps !== undefined) this.bw[l] = props.bandwidthBps;
    if (props.loss !== undefined) this.ls[l] = props.loss;
  }

  /** Adds an up link between nodes a and b and returns its index; throws on a bad node, a self-loop or a duplicate id. */
  addLink(a: number, b: number, props: NewLinkProps): number {
    const l = this.appendLink(a, b, props);
    this.refreshViews();
    this.changed();
    return l;
  }

  /** addLink() without refreshing the views: fromModel() adds 100k links and refreshes once. */
  private appendLink(a: number, b: number, props: NewLinkProps): number {
    this.checkNode(a); this.checkNode(b);
    if (a === b) throw new Error(`Topology.addLink: self-loop on node ${this.nodeIds[a]} (link "${props.id}")`);
    if (this.linkIdx.has(props.id)) throw new Error(`Topology.addLink: duplicate link id "${props.id}"`);
    checkProps(`addLink(${props.id})`, props);
    if (this.n === this.cap) this.grow(Math.max(8, this.cap * 2));
    const l = this.n++;
    this.linkIds.push(props.id);
    this.linkIdx.set(props.id, l);
    this.a[l] = a; this.b[l] = b; this.up[l] = 1;
    this.lat[l] = props.latencyMs; this.bw[l] = props.bandwidthBps; this.ls[l] = props.loss;
    this.adj[a]!.push(l); this.adj[b]!.push(l);
    return l;
  }

  /** Re-points link l to nodes a and b (handover); bumps version when the ends change. */
  setLinkEnds(l: number, a: number, b: number): void {
    this.checkLink(l); this.checkNode(a); this.checkNode(b);
    if (a === b) throw new Error(`Topology.setLinkEnds: self-loop on node ${this.nodeIds[a]} (link "${this.linkIds[l]}")`);
    if (this.a[l] === a && this.b[l] === b) return;
    // A handover: the mobile end keeps l as its only link; only that node's attachment changes.
    const oldA = this.a[l]!, oldB = this.b[l]!;
    const mobile = (oldA === a || oldA === b) && this.adj[oldA]!.length === 1 ? oldA
      : (oldB === a || oldB === b) && this.adj[oldB]!.length === 1 ? oldB : -1;
    this.detach(oldA, l); this.detach(oldB, l);
    this.a[l] = a; this.b[l] = b;
    this.adj[a]!.push(l); this.adj[b]!.push(l);
    if (mobile >= 0 && this.adj[a]!.length > 1 !== this.adj[b]!.length > 1) this.changed(mobile); else this.changed();
  }

  /** Links incident to node n, up or down (live array: do not mutate). */
  linksOf(n: number): readonly number[] { this.checkNode(n); return this.adj[n]!; }

  /** Capacity of directed resource r (2l: a→b, 2l+1: b→a): its link's bandwidth, or 0 when the link or an end node is down. */
  resourceCapacityBps(r: number): number {
    const l = r >> 1;
    this.checkLink(l);
    if (this.up[l] !== 1 || this.nodeUp[this.a[l]!] !== 1 || this.nodeUp[this.b[l]!] !== 1) return 0;
    return this.bw[l]!;
  }

  private detach(node: number, l: number): void {
    const list = this.adj[node]!;
    const i = list.indexOf(l);
    if (i >= 0) list.splice(i, 1);
  }

  private grow(c: number): void {
    const a = new Int32Array(c); a.set(this.a); this.a = a;
    const b = new Int32Array(c); b.set(this.b); this.b = b;
    const up = new Uint8Array(c); up.set(this.up); this.up = up;
    const lat = new Float64Array(c); lat.set(this.lat); this.lat = lat;
    const bw = new Float64Array(c); bw.set(this.bw); this.bw = bw;
    const ls = new Float64Array(c); ls.set(this.ls); this.ls = ls;
    this.cap = c;
  }

  private refreshViews(): void {
    this.latView = this.lat.subarray(0, this.n);
    this.bwView = this.bw.subarray(0, this.n);
    this.lossView = this.ls.subarray(0, this.n);
    this.aView = this.a.subarray(0, this.n);
    this.bView = this.b.subarray(0, this.n);
    this.upView = this.up.subarray(0, this.n);
  }

  private checkNode(i: number): void {
    if (!(Number.isInteger(i) && i >= 0 && i < this.nodeCount)) throw new Error(`Topology: node index ${i} out of range [0, ${this.nodeCount})`);
  }

  private checkLink(l: number): void {
    if (!(Number.isInteger(l) && l >= 0 && l < this.n)) throw new Error(`Topology: link index ${l} out of range [0, ${this.n})`);
  }
}
