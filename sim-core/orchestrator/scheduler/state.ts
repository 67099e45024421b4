/**
 * ClusterState: the scheduler's snapshot of the cluster (kube's NodeInfo snapshot), laid out
 * for a hot loop over thousands of nodes.
 *
 * Layout. Nodes are numbered 0..nodeCount-1 in insertion order; that index is the node's id in
 * every plugin loop. Per-node numbers live in typed-array columns indexed by node:
 *   alloc[r][n], requested[r][n]   Float64Array per resource r (resourceIndex: cpu 0, memory 1,
 *                                  ephemeral-storage 2, pods 3, then extended resources such as
 *                                  nvidia.com/gpu in order of first sight); alloc of `pods` is the
 *                                  pod-count limit, requested[pods] is unused (see podCount).
 *   nonZeroCpu[n], nonZeroMem[n]   NonZeroRequested (missing requests counted as 100m / 200MB)
 *   podCount[n]                    Int32Array, pods assigned (running + assumed)
 *   unschedulable[n], live[n]      Uint8Array flags; removed nodes stay as tombstones (live 0)
 *   taintSetId[n]                  Int32Array into taintSets: nodes with identical taint lists
 *                                  share one id, so a toleration check runs once per distinct set
 *   nodeStamp[n]                   Float64Array, a state-wide counter value written whenever node
 *                                  n or its pods change: plugins cache per-node values (e.g.
 *                                  BalancedAllocation's balance without the incoming pod) and
 *                                  recompute only nodes whose stamp moved
 *   liveNodes()                    the live indices as one Int32Array (cached per nodesVersion),
 *                                  copied into the cycle's candidate list with one memcpy
 *   unschedulableCount             live cordoned nodes; 0 lets NodeUnschedulable return at once
 *   staticClass[n]                 Int32Array: nodes equal in all but name and labels share an id
 *   emptyLiveCount, emptinessLog   live nodes without pods, and the nodes whose emptiness flipped,
 *                                  in order (./node-classes.ts replays it to stay current)
 * Labels stay in the Node objects; labelColumn(key) builds (lazily, cached until a node changes)
 * an Int32Array of interned value ids per node (-1 = label missing), so selectors, topology
 * domains and affinity terms become array lookups. Each column also says how many nodes lack the
 * label (`missing`: 0 lets PodTopologySpread skip its ignored-node checks) and whether every
 * value sits on one node (`unique`, hostname-like: a count keyed by value id can then be non-zero
 * only at the nodes it came from). Pods are indexed by `key=value` label pairs
 * (podsWithLabel) so a selector visits only candidate pods, and pods with inter-pod affinity
 * are tracked in sets, as kube's PodsWithAffinity / PodsWithRequiredAntiAffinity.
 * Binding a pod (addPod) updates the columns incrementally; nothing is rebuilt per cycle.
 *
 * What makes a cycle fast (5,000 nodes, every node filtered and scored): empty nodes that no
 * plugin can tell apart for this pod (same static class, same values of the label keys the
 * plugins declare via NodeDependence) are one class; the cycle filters and scores one
 * representative per class plus each node holding pods, and selection expands the result exactly
 * (./node-classes.ts; kube's scheduler_perf starts from empty nodes too, and edge fleets are
 * mostly identical boxes). Then each Filter is one loop
 * over the candidate indices that compacts them in place, in order, reading typed-array columns
 * directly (TaintToleration decides once per taint set, EdgeArchitecture once per arch, then one
 * lookup per node). The candidates start as liveNodes() and stay sorted (CycleState.
 * candidatesSorted), so a plugin can find a node's position by binary search. Outside explain
 * mode, score plugins that implement FusedScorer (./score-math.ts) add weight × normalized score
 * straight into the totals array, one or two passes per plugin, with no per-plugin score array,
 * normalize pass or range-check pass; a plugin may add every node's score minus one common
 * constant (nothing when all are equal; only the few differing nodes otherwise), because a
 * uniform shift of the totals cannot change the pick. Every kube and edge score plugin is fused.
 * Pod-dependent counts are sparse: PodTopologySpread's counts (PreFilter and PreScore) and the
 * incoming pod's InterPodAffinity terms visit only the pods a selector can match (podsWithLabel)
 * and the nodes holding them, in buffers reused cycle to cycle; InterPodAffinity over hostname
 * keys then scores only those nodes; PodTopologySpread's domain scan stops once every domain is
 * seen (existing pods' affinity terms are still checked one by one, as kube does). Per-node values
 * that depend only on the node's pods are cached under nodeStamp (BalancedAllocation's balance
 * without the pod, EdgeAccelerator's used count); per-node-pool values (EdgeCost: price and
 * allocatable) are computed once per pool, and nodes with nothing requested yet score once per
 * allocatable class per cycle (allocPairClasses: NodeResourcesFit, BalancedAllocation; EdgeEnergy
 * likewise per static power class). selectHost counts the tie draws in one pass and
 * evaluates only the final tie group's draws (mulberry32 is random-access; ./select-host.ts).
 * Hot loops read module-local copies of imported constants: under tsx/vitest an imported binding
 * is a getter call when the loop is too big to inline it.
 *
 * Edge seam: each Node keeps its `edge` record (arch, attested, watts, costPerHour, …) and
 * numericColumn(key) gives edge plugins a cached Float64Array of one numeric attribute.
 */
import type { Node, Taint } from './api-types.ts';
import { labelOf, type Labels, type Selector } from './labels.ts';
import { newPodInfo, type PodInfo } from './pod-info.ts';
import type { Pod } from './api-types.ts';

/** Interned values of one label key across nodes. */
export interface LabelColumn {
  readonly key: string;
  /** Value id per node index; -1 when the node lacks the label. */
  readonly ids: Int32Array;
  /** id → value. */
  readonly values: readonly string[];
  /** value → id. */
  readonly idOf: ReadonlyMap<string, number>;
  /** Nodes (live or not) without the label: 0 lets a loop skip its "missing label" checks. */
  readonly missing: number;
  /** Every value is on at most one node (e.g. kubernetes.io/hostname): a value id names one node. */
  readonly unique: boolean;
}

/** Fixed resource indices. */
export const RES_CPU = 0;
export const RES_MEMORY = 1;
export const RES_EPHEMERAL = 2;
export const RES_PODS = 3;

/** The mutable scheduling snapshot; see the layout notes at the top of this file. */
export class ClusterState {
  nodeCount = 0;
  private cap = 0;
  readonly nodes: Node[] = [];
  readonly names: string[] = [];
  readonly resourceNames: string[] = ['cpu', 'memory', 'ephemeral-storage', 'pods'];
  readonly resourceIndex = new Map<string, number>(this.resourceNames.map((n, i) => [n, i]));
  alloc: Float64Array[] = this.resourceNames.map(() => new Float64Array(0));
  requested: Float64Array[] = this.resourceNames.map(() => new Float64Array(0));
  nonZeroCpu = new Float64Array(0);
  nonZeroMem = new Float64Array(0);
  podCount = new Int32Array(0);
  unschedulable = new Uint8Array(0);
  live = new Uint8Array(0);
  taintSetId = new Int32Array(0);
  /**
   * Static class per node: nodes equal in everything but name and labels (allocatable, taints,
   * unschedulable, images, edge record) share an id. With the label values a pod's plugins read
   * (NodeDependence), it groups empty nodes into classes the scheduler evaluates once.
   */
  staticClass = new Int32Array(0);
  /** Number of distinct static classes so far (ids are 0..staticClasses-1). */
  staticClasses = 0;
  /** Live nodes with no pod. */
  emptyLiveCount = 0;
  /**
   * Nodes whose emptiness flipped (got their first pod or lost their last), in order; entry i has
   * sequence number emptinessLogBase + i. Caches of node classes replay it to stay current. Cleared
   * (base moves on) when it outgrows the nodes; a reader behind the base rebuilds.
   */
  emptinessLog: number[] = [];
  emptinessLogBase = 0;
  /**
   * Per-node change stamp: set from a state-wide counter whenever the node or its pods change, so
   * a plugin can cache a per-node value and recompute it only where the stamp moved.
   */
  nodeStamp = new Float64Array(0);
  /** Live nodes with spec.unschedulable set (NodeUnschedulable has nothing to do when 0). */
  unschedulableCount = 0;
  readonly taintSets: (readonly Taint[])[] = [[]];
  /** Pods per node index. */
  readonly podsOn: PodInfo[][] = [];
  readonly pods = new Map<string, PodInfo>();
  readonly podsWithAffinity = new Set<PodInfo>();
  readonly podsWithRequiredAntiAffinity = new Set<PodInfo>();
  /** Labels of namespaces (Namespace objects); unknown namespaces get kubernetes.io/metadata.name only. */
  readonly namespaceLabelMap = new Map<string, Labels>();
  /**
   * kube helper.DefaultSelector for PodTopologySpread's default constraints (services, RCs, RSs,
   * StatefulSets selecting the pod); unset → no default spreading, as for a pod nothing selects.
   */
  defaultSpreadSelector: ((pod: Pod) => Selector) | undefined = undefined;
  /** Bumped whenever a node is added, changed or removed (invalidates label columns). */
  nodesVersion = 0;
  private readonly byName = new Map<string, number>();
  private readonly taintSetKey = new Map<string, number>([['[]', 0]]);
  private readonly staticKey = new Map<string, number>();
  private readonly affinityKeyRefs = new Map<string, number>();
  private readonly labelIdx = new Map<string, Set<PodInfo>>();
  private columns = new Map<string, LabelColumn>();
  private numeric = new Map<string, Float64Array>();
  private stampCounter = 0;
  private liveList: Int32Array | null = null;
  private pairClasses: { a: Float64Array; b: Float64Array; version: number; cls: Int32Array; classes: number } | null = null;

  /** A state holding `nodes` and the assigned `pods` (each with nodeName set). */
  static from(nodes: readonly Node[], pods: readonly Pod[] = []): ClusterState {
    const s = new ClusterState();
    for (const n of nodes) s.addNode(n);
    for (const p of pods) {
      if (!p.nodeName) throw new Error(`ClusterState.from: pod ${p.namespace}/${p.name} has no nodeName`);
      s.addPod(p, p.nodeName);
    }
    return s;
  }

  /** Index of a live node by name, or -1. */
  indexOf(name: string): number {
    const i = this.byName.get(name);
    return i === undefined || this.live[i] === 0 ? -1 : i;
  }

  /** Index of resource `name`, registering a new column (zeros) when first seen. */
  resource(name: string): number {
    let r = this.resourceIndex.get(name);
    if (r === undefined) {
      r = this.resourceNames.length;
      this.resourceNames.push(name);
      this.resourceIndex.set(name, r);
      this.alloc.push(new Float64Array(this.cap));
      this.requested.push(new Float64Array(this.cap));
    }
    return r;
  }

  /** Adds a node (or replaces one with the same name, keeping its pods); returns its index. */
  addNode(node: Node): number {
    if (!node || typeof node.name !== 'string' || node.name === '') throw new Error(`addNode: node needs a name, got ${JSON.stringify(node)?.slice(0, 200)}`);
    let i = this.byName.get(node.name);
    if (i === undefined) {
      i = this.nodeCount++;
      this.grow(this.nodeCount);
      this.byName.set(node.name, i);
      this.names.push(node.name);
      this.nodes.push(node);
      this.podsOn.push([]);
    }
    this.nodes[i] = node;
    if (this.live[i] === 1) this.unschedulableCount -= this.unschedulable[i]!;
    else if (this.podCount[i] === 0) this.emptyLiveCount++;
    this.live[i] = 1;
    this.unschedulable[i] = node.unschedulable ? 1 : 0;
    this.unschedulableCount += this.unschedulable[i]!;
    this.nodeStamp[i] = ++this.stampCounter;
    for (let r = 0; r < this.alloc.length; r++) this.alloc[r]![i] = 0;
    for (const [name, q] of Object.entries(node.allocatable ?? {})) {
      if (!Number.isFinite(q) || q < 0) throw new Error(`addNode ${node.name}: allocatable ${name} must be a finite number >= 0, got ${q}`);
      this.alloc[this.resource(name)]![i] = q;
    }
    this.taintSetId[i] = this.internTaints(node.taints ?? []);
    this.staticClass[i] = this.internStatic(node);
    this.nodeChanged();
    return i;
  }

  /** Marks a node removed (its pods are dropped); indices of other nodes do not change. */
  removeNode(name: string): void {
    const i = this.indexOf(name);
    if (i < 0) throw new Error(`removeNode: no live node ${JSON.stringify(name)}`);
    for (const p of [...this.podsOn[i]!]) this.removePod(p.key);
    this.live[i] = 0;
    this.emptyLiveCount--;
    this.unschedulableCount -= this.unschedulable[i]!;
    this.nodeStamp[i] = ++this.stampCounter;
    this.nodeChanged();
  }

  /** Assigns (binds or assumes) a pod to a node and updates every column; returns its PodInfo. */
  addPod(pod: Pod | PodInfo, nodeName: string): PodInfo {
    const info = 'requests' in pod && 'key' in pod ? (pod as PodInfo) : newPodInfo(pod as Pod);
    const n = this.indexOf(nodeName);
    if (n < 0) throw new Error(`addPod ${info.key}: no live node ${JSON.stringify(nodeName)}`);
    if (this.pods.has(info.key)) throw new Error(`addPod: pod ${info.key} is already assigned`);
    info.nodeIndex = n;
    this.pods.set(info.key, info);
    this.podsOn[n]!.push(info);
    this.apply(info, n, 1);
    return info;
  }

  /** Removes an assigned pod by `namespace/name`; returns it, or undefined when unknown. */
  removePod(key: string): PodInfo | undefined {
    const info = this.pods.get(key);
    if (!info) return undefined;
    const n = info.nodeIndex;
    const list = this.podsOn[n]!;
    list.splice(list.indexOf(info), 1);
    this.pods.delete(key);
    this.apply(info, n, -1);
    info.nodeIndex = -1;
    return info;
  }

  /** Indices of the live nodes in increasing order (cached until a node is added or removed; do not mutate). */
  liveNodes(): Int32Array {
    if (this.liveList) return this.liveList;
    let k = 0;
    for (let n = 0; n < this.nodeCount; n++) k += this.live[n]!;
    const list = new Int32Array(k);
    k = 0;
    for (let n = 0; n < this.nodeCount; n++) if (this.live[n]) list[k++] = n;
    return (this.liveList = list);
  }

  /** Pods carrying label `key=value` (do not mutate). */
  podsWithLabel(key: string, value: string): ReadonlySet<PodInfo> | undefined {
    return this.labelIdx.get(`${key}\u0000${value}`);
  }

  /** Labels of a namespace (defaults to its kubernetes.io/metadata.name label). */
  namespaceLabels(ns: string): Labels {
    return this.namespaceLabelMap.get(ns) ?? { 'kubernetes.io/metadata.name': ns };
  }

  /** The interned column of label `key` (cached until a node changes). */
  labelColumn(key: string): LabelColumn {
    let c = this.columns.get(key);
    if (c) return c;
    const ids = new Int32Array(this.nodeCount).fill(-1);
    const values: string[] = [];
    const idOf = new Map<string, number>();
    let missing = 0;
    for (let i = 0; i < this.nodeCount; i++) {
      const v = labelOf(this.nodes[i]!.labels, key);
      if (v === undefined) { missing++; continue; }
      let id = idOf.get(v);
      if (id === undefined) { id = values.length; values.push(v); idOf.set(v, id); }
      ids[i] = id;
    }
    c = { key, ids, values, idOf, missing, unique: values.length === this.nodeCount - missing };
    this.columns.set(key, c);
    return c;
  }

  /**
   * Node classes by the pair (a[n], b[n]) of two allocatable columns (a node pool is one class):
   * cls[n] is the class id, classes the count. Cached until a node changes; plugins use it to
   * score nodes without requests once per class.
   */
  allocPairClasses(a: Float64Array, b: Float64Array): { cls: Int32Array; classes: number } {
    const hit = this.pairClasses;
    if (hit && hit.a === a && hit.b === b && hit.version === this.nodesVersion) return hit;
    const ids = new Map<string, number>(), cls = new Int32Array(this.nodeCount);
    for (let n = 0; n < this.nodeCount; n++) {
      const key = `${a[n]}|${b[n]}`;
      let id = ids.get(key);
      if (id === undefined) ids.set(key, (id = ids.size));
      cls[n] = id;
    }
    const out = { a, b, version: this.nodesVersion, cls, classes: ids.size };
    this.pairClasses = out;
    return out;
  }

  /** A numeric edge attribute per node (NaN when absent or not a number), cached until a node changes. */
  numericColumn(key: string): Float64Array {
    let c = this.numeric.get(key);
    if (c) return c;
    c = new Float64Array(this.nodeCount);
    for (let i = 0; i < this.nodeCount; i++) {
      const v = this.nodes[i]!.edge?.[key];
      c[i] = typeof v === 'number' ? v : NaN;
    }
    this.numeric.set(key, c);
    return c;
  }

  private apply(info: PodInfo, n: number, sign: 1 | -1): void {
    for (const [name, q] of info.requests) {
      if (name === 'pods') continue;
      this.requested[this.resource(name)]![n] += sign * q;
    }
    this.nonZeroCpu[n] += sign * info.nonZeroCpuMilli;
    this.nonZeroMem[n] += sign * info.nonZeroMemoryBytes;
    this.podCount[n] += sign;
    if (this.podCount[n] === (sign > 0 ? 1 : 0)) {
      this.emptyLiveCount -= sign;
      if (this.emptinessLog.length > 4 * this.nodeCount + 4096) { this.emptinessLogBase += this.emptinessLog.length; this.emptinessLog = []; }
      this.emptinessLog.push(n);
    }
    this.nodeStamp[n] = ++this.stampCounter;
    for (const terms of [info.requiredAffinityTerms, info.requiredAntiAffinityTerms, info.preferredAffinityTerms, info.preferredAntiAffinityTerms]) {
      for (const t of terms) {
        const refs = (this.affinityKeyRefs.get(t.topologyKey) ?? 0) + sign;
        if (refs === 0) this.affinityKeyRefs.delete(t.topologyKey); else this.affinityKeyRefs.set(t.topologyKey, refs);
      }
    }
    for (const k in info.labels) {
      const ik = `${k}\u0000${info.labels[k]}`;
      let set = this.labelIdx.get(ik);
      if (sign > 0) {
        if (!set) this.labelIdx.set(ik, (set = new Set()));
        set.add(info);
      } else if (set) {
        set.delete(info);
        if (set.size === 0) this.labelIdx.delete(ik);
      }
    }
    const sets: [boolean, Set<PodInfo>][] = [
      [info.hasPodAffinity, this.podsWithAffinity],
      [info.requiredAntiAffinityTerms.length > 0, this.podsWithRequiredAntiAffinity],
    ];
    for (const [has, set] of sets) if (has) { if (sign > 0) set.add(info); else set.delete(info); }
  }

  /** Topology keys of the assigned pods' inter-pod (anti-)affinity terms (do not mutate). */
  affinityTopologyKeys(): Iterable<string> {
    return this.affinityKeyRefs.keys();
  }

  private internStatic(node: Node): number {
    const { name: _name, labels: _labels, ...rest } = node;
    // NaN and ±Infinity would all stringify as null: keep them apart.
    const key = JSON.stringify(rest, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? `#${v}` : v));
    let id = this.staticKey.get(key);
    if (id === undefined) this.staticKey.set(key, (id = this.staticClasses++));
    return id;
  }

  private internTaints(taints: readonly Taint[]): number {
    const key = JSON.stringify(taints.map((t) => [t.key, t.value ?? '', t.effect]));
    let id = this.taintSetKey.get(key);
    if (id === undefined) {
      id = this.taintSets.length;
      this.taintSets.push(taints.map((t) => ({ key: t.key, value: t.value ?? '', effect: t.effect })));
      this.taintSetKey.set(key, id);
    }
    return id;
  }

  private nodeChanged(): void {
    this.nodesVersion++;
    this.liveList = null;
    this.columns = new Map();
    this.numeric = new Map();
  }

  private grow(need: number): void {
    if (need <= this.cap) return;
    const cap = Math.max(16, this.cap * 2, need);
    const f64 = (a: Float64Array) => { const b = new Float64Array(cap); b.set(a); return b; };
    this.alloc = this.alloc.map(f64);
    this.requested = this.requested.map(f64);
    this.nonZeroCpu = f64(this.nonZeroCpu);
    this.nonZeroMem = f64(this.nonZeroMem);
    this.nodeStamp = f64(this.nodeStamp);
    const i32 = (a: Int32Array) => { const b = new Int32Array(cap); b.set(a); return b; };
    const u8 = (a: Uint8Array) => { const b = new Uint8Array(cap); b.set(a); return b; };
    this.podCount = i32(this.podCount);
    this.taintSetId = i32(this.taintSetId);
    this.staticClass = i32(this.staticClass);
    this.unschedulable = u8(this.unschedulable);
    this.live = u8(this.live);
    this.cap = cap;
  }
}
