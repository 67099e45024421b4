/**
 * The framework's vocabulary, mirroring kube-scheduler's framework/interface.go: Status, the
 * extension points (PreFilter, Filter, PostFilter, PreScore, Score + NormalizeScore, Reserve,
 * Bind) and the per-cycle state. Filter and Score work on a batch of node indices so each
 * plugin runs its own tight, monomorphic loop over typed-array columns (one virtual call per
 * plugin per cycle, not per node).
 */
import type { Labels } from './labels.ts';
import type { PodInfo } from './pod-info.ts';
import type { ClusterState } from './state.ts';

/** kube framework.MaxNodeScore. */
export const MAX_NODE_SCORE = 100;
/** kube framework.MinNodeScore. */
export const MIN_NODE_SCORE = 0;

/** Status codes as in kube; Skip is returned by PreFilter/PreScore to skip a plugin for this pod. */
export type StatusCode = 'Success' | 'Unschedulable' | 'UnschedulableAndUnresolvable' | 'Error' | 'Skip';

/** The outcome of a plugin call, with the plugin that produced it. */
export interface Status {
  readonly code: StatusCode;
  readonly reasons: readonly string[];
  readonly plugin: string;
}

/** A frozen Status (plugins reuse constant statuses for fixed reasons so Filter does not allocate). */
export function status(code: StatusCode, plugin: string, ...reasons: string[]): Status {
  return Object.freeze({ code, reasons: Object.freeze(reasons), plugin });
}

/**
 * What a host (the twin, the extender, a live controller) lends the plugins. Edge plugins read
 * network facts through these functions; none is required by the kube plugins. The seam:
 * `latencyMs(source, nodeIndex, nodeName)` is the one-way latency from data-source node
 * `source` (a name from pod.edge.dataSourceNodes) to candidate node; bandwidthBps likewise.
 * Further host functions may be added under other keys.
 */
export interface SchedulingHost {
  latencyMs?(sourceNodeName: string, nodeIndex: number, nodeName: string): number;
  bandwidthBps?(sourceNodeName: string, nodeIndex: number, nodeName: string): number;
  [key: string]: unknown;
}

/** Per-cycle state (kube CycleState): the pod, the snapshot, the host, and plugin-private data. */
export interface CycleState {
  readonly state: ClusterState;
  readonly pod: PodInfo;
  readonly host: SchedulingHost;
  /** Labels of the incoming pod's namespace. */
  readonly nsLabels: Labels;
  /** Plugin-private values written in PreFilter/PreScore, keyed by plugin name. */
  readonly data: Map<string, unknown>;
  /**
   * The candidate node indices handed to Filter/Score are in increasing order (the framework's
   * live list, compacted in order), so a plugin may binary-search a node's position; unset = unknown.
   */
  readonly candidatesSorted?: boolean;
  /**
   * Set when the candidates are node-class representatives (./node-classes.ts): multiplicity[n]
   * is how many nodes candidate n stands for. A plugin that counts nodes — or distinct values of a
   * key it declared as a domain key, since a representative may stand for many one-node domains
   * — must weigh each candidate by it; minima and maxima need nothing. Unset = one node each.
   */
  readonly multiplicity?: Int32Array;
}

/**
 * What a plugin's Filter verdict and Score for a node WITH NO PODS depend on, for this pod,
 * besides the node's static attributes (allocatable, taints, unschedulable, images, edge record;
 * see ClusterState.staticClass): `valueKeys`, labels whose value matters (node affinity, or
 * topology keys whose number of distinct values among the candidates the plugin uses);
 * `domainKeys`, topology keys whose domains the plugin only counts pods in (on a key whose every
 * value sits on one node, an empty node's domain holds no pod, so only the label's presence
 * matters).
 * null: the node's identity matters (its name, its place in the network): no grouping.
 */
export interface NodeDependence { readonly valueKeys: readonly string[]; readonly domainKeys: readonly string[] }

/** A plugin that declares its NodeDependence; the framework groups equal empty nodes only when every active plugin does. */
export interface EquivalenceAware { nodeDependence(cycle: CycleState): NodeDependence | null }

/** No dependence beyond the node's static attributes and pods. */
export const STATIC_ONLY: NodeDependence = Object.freeze({ valueKeys: Object.freeze([]), domainKeys: Object.freeze([]) });

/** Receives each node a Filter rejects, with why. */
export type FailSink = (node: number, status: Status) => void;

/** Every plugin has a kube-style name. */
export interface Plugin { readonly name: string }

/** PreFilter: computes per-pod data; null = Success, Skip = skip this plugin's Filter, a failure rejects the pod. */
export interface PreFilterPlugin extends Plugin { preFilter(cycle: CycleState): Status | null }

/** Filter: keeps the passing nodes in nodes[0..k) in order, reports each rejected node to fail(), returns k. */
export interface FilterPlugin extends Plugin { filter(cycle: CycleState, nodes: Int32Array, count: number, fail: FailSink): number }

/** PostFilter seam (kube DefaultPreemption's point): called when no node is feasible; may nominate a node. */
export interface PostFilterPlugin extends Plugin {
  postFilter(cycle: CycleState, failed: ReadonlyMap<number, readonly Status[]>): { nominatedNode?: string; status: Status };
}

/** PreScore: computes per-pod data over the feasible nodes; Skip = skip this plugin's Score. */
export interface PreScorePlugin extends Plugin { preScore(cycle: CycleState, nodes: Int32Array, count: number): Status | null }

/** Score: writes a raw score for nodes[i] into out[i]; NormalizeScore maps them into 0..100 in place. */
export interface ScorePlugin extends Plugin {
  score(cycle: CycleState, nodes: Int32Array, count: number, out: Float64Array): void;
  normalizeScore?(cycle: CycleState, nodes: Int32Array, count: number, scores: Float64Array): void;
}

/** Reserve seam: claim per-node resources the plugin tracks; unreserve undoes it if a later step fails. */
export interface ReservePlugin extends Plugin {
  reserve(cycle: CycleState, node: number): Status | null;
  unreserve(cycle: CycleState, node: number): void;
}

/** Bind seam: make the placement real (API call, MQTT push); null = bound. */
export interface BindPlugin extends Plugin { bind(cycle: CycleState, node: number): Status | null }

/** A plugin instance: any subset of the extension points. */
export type AnyPlugin = Plugin & Partial<PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin & ReservePlugin & BindPlugin & PostFilterPlugin & EquivalenceAware>;
