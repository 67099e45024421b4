/**
 * PodTopologySpread's constraint model (kube podtopologyspread/common.go): compiled constraints
 * with their defaults (minDomains 1, nodeAffinityPolicy Honor, nodeTaintsPolicy Ignore,
 * matchLabelKeys merged into the selector), the plugin args, and pod counting per node.
 */
import type { Pod, TopologySpreadConstraint } from '../api-types.ts';
import { compileLabelSelector, labelOf, requirement, selectorIsEmpty, selectorMatches, withRequirements, type Selector } from '../labels.ts';
import type { ClusterState } from '../state.ts';
import { candidatePods } from '../pod-query.ts';
import type { NodeMatcher } from '../node-selector.ts';
import type { UntoleratedCache } from './taints.ts';

/** A compiled constraint. */
export interface SpreadConstraint {
  readonly maxSkew: number;
  readonly topologyKey: string;
  readonly selector: Selector;
  readonly minDomains: number;
  readonly nodeAffinityPolicy: 'Honor' | 'Ignore';
  readonly nodeTaintsPolicy: 'Honor' | 'Ignore';
}

/** PodTopologySpreadArgs. */
export interface PodTopologySpreadArgs {
  defaultConstraints?: TopologySpreadConstraint[];
  defaultingType?: 'System' | 'List';
}

/** kube's system default constraints (hostname maxSkew 3, zone maxSkew 5, both ScheduleAnyway). */
export const SYSTEM_DEFAULT_CONSTRAINTS: readonly TopologySpreadConstraint[] = Object.freeze([
  { topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 3 },
  { topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 5 },
]);

/** Validates args as ValidatePodTopologySpreadArgs does; throws with the offending value. */
export function validateSpreadArgs(args: PodTopologySpreadArgs): void {
  const type = args.defaultingType ?? 'System';
  if (type !== 'System' && type !== 'List') throw new Error(`PodTopologySpreadArgs.defaultingType: unknown ${JSON.stringify(type)} (System, List)`);
  const list = args.defaultConstraints ?? [];
  if (type === 'System' && list.length > 0) throw new Error('PodTopologySpreadArgs.defaultConstraints: must be empty when defaultingType is System');
  const seen = new Set<string>();
  list.forEach((c, i) => {
    if (!Number.isInteger(c.maxSkew) || c.maxSkew <= 0) throw new Error(`defaultConstraints[${i}].maxSkew: must be a positive integer, got ${c.maxSkew}`);
    if (!c.topologyKey) throw new Error(`defaultConstraints[${i}].topologyKey: must not be empty`);
    if (c.whenUnsatisfiable !== 'DoNotSchedule' && c.whenUnsatisfiable !== 'ScheduleAnyway') throw new Error(`defaultConstraints[${i}].whenUnsatisfiable: unknown ${JSON.stringify(c.whenUnsatisfiable)} (DoNotSchedule, ScheduleAnyway)`);
    if (c.labelSelector !== undefined) throw new Error(`defaultConstraints[${i}].labelSelector: not allowed in default constraints`);
    const k = `${c.topologyKey}\u0000${c.whenUnsatisfiable}`;
    if (seen.has(k)) throw new Error(`defaultConstraints[${i}]: duplicate {${c.topologyKey}, ${c.whenUnsatisfiable}}`);
    seen.add(k);
  });
}

/** filterTopologySpreadConstraints: the pod's constraints with action `when`, compiled with defaults. */
export function compileConstraints(list: readonly TopologySpreadConstraint[], pod: Pod, when: 'DoNotSchedule' | 'ScheduleAnyway'): SpreadConstraint[] {
  const out: SpreadConstraint[] = [];
  for (const c of list) {
    if (c.whenUnsatisfiable !== when) continue;
    let selector = compileLabelSelector(c.labelSelector);
    const extra = [];
    for (const k of c.matchLabelKeys ?? []) {
      const v = labelOf(pod.labels, k);
      if (v !== undefined) extra.push(requirement(k, 'In', [v]));
    }
    selector = withRequirements(selector, extra);
    out.push({
      maxSkew: c.maxSkew, topologyKey: c.topologyKey, selector,
      minDomains: c.minDomains ?? 1,
      nodeAffinityPolicy: c.nodeAffinityPolicy ?? 'Honor',
      nodeTaintsPolicy: c.nodeTaintsPolicy ?? 'Ignore',
    });
  }
  return out;
}

/**
 * The constraints a pod spreads by for action `when`: its own, or (when it has none) the
 * profile defaults with the state's default selector; empty when nothing selects the pod.
 */
export function podConstraints(state: ClusterState, pod: Pod, when: 'DoNotSchedule' | 'ScheduleAnyway', defaults: readonly TopologySpreadConstraint[]): SpreadConstraint[] {
  if ((pod.topologySpreadConstraints ?? []).length > 0) return compileConstraints(pod.topologySpreadConstraints!, pod, when);
  const cs = compileConstraints(defaults, pod, when);
  if (cs.length === 0 || !state.defaultSpreadSelector) return [];
  const sel = state.defaultSpreadSelector(pod);
  if (sel.nothing || selectorIsEmpty(sel)) return [];
  return cs.map((c) => ({ ...c, selector: sel }));
}

/** countPodsMatchSelector per node: non-terminating pods in `ns` matching `sel`, added into out[node]. */
export function countMatchingPerNode(state: ClusterState, sel: Selector, ns: string, out: Float64Array): void {
  out.fill(0);
  if (selectorIsEmpty(sel)) return; // kube counts nothing for an empty selector
  for (const p of candidatePods(state, sel)) {
    if (p.pod.terminating || p.namespace !== ns) continue;
    if (selectorMatches(sel, p.labels)) out[p.nodeIndex]! += 1;
  }
}

/**
 * countMatchingPerNode, sparse: adds each matching pod into out[node] (which must be 0 at nodes
 * not yet in `touched`) and appends a node to `touched` when it first gets a count.
 */
export function addMatchingPerNode(state: ClusterState, sel: Selector, ns: string, out: Float64Array, touched: number[]): void {
  if (selectorIsEmpty(sel)) return; // kube counts nothing for an empty selector
  for (const p of candidatePods(state, sel)) {
    if (p.pod.terminating || p.namespace !== ns || !selectorMatches(sel, p.labels)) continue;
    if (out[p.nodeIndex] === 0) touched.push(p.nodeIndex);
    out[p.nodeIndex]! += 1;
  }
}

/** nodeLabelsMatchSpreadConstraints: the node has every constraint's topology key. */
export function hasAllKeys(state: ClusterState, cs: readonly SpreadConstraint[], n: number): boolean {
  for (const c of cs) if (state.labelColumn(c.topologyKey).ids[n]! < 0) return false;
  return true;
}

/** matchNodeInclusionPolicies: node affinity (Honor) and hard taints (Honor) decide if a node counts. */
export function includesNode(c: SpreadConstraint, n: number, affinity: NodeMatcher, taints: UntoleratedCache, taintSetId: Int32Array): boolean {
  if (c.nodeAffinityPolicy === 'Honor' && !affinity.matches(n)) return false;
  if (c.nodeTaintsPolicy === 'Honor' && taintSetId[n] !== 0 && taints.get(taintSetId[n]!) !== undefined) return false;
  return true;
}
