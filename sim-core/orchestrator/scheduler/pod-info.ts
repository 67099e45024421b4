/**
 * PodInfo: a Pod compiled once for scheduling (kube framework.PodInfo): effective requests,
 * non-zero requests for scoring, and inter-pod affinity terms with their selectors compiled.
 * Existing pods in a ClusterState and the incoming pod of a cycle both use this type.
 */
import type { Pod, PodAffinityTerm, WeightedPodAffinityTerm } from './api-types.ts';
import {
  compileLabelSelector, requirement, selectorMatches, withRequirements, labelOf, EVERYTHING,
  type Labels, type Requirement, type Selector,
} from './labels.ts';
import { podNonZeroRequests, podRequests } from './pod-requests.ts';

/** A compiled PodAffinityTerm (kube fwk.AffinityTerm). */
export interface AffinityTerm {
  readonly namespaces: ReadonlySet<string>;
  readonly nsSelector: Selector;
  readonly selector: Selector;
  readonly topologyKey: string;
}

/** A compiled WeightedPodAffinityTerm. */
export interface WeightedAffinityTerm extends AffinityTerm { readonly weight: number }

/** A pod ready for scheduling decisions; `nodeIndex` is set while it is assigned in a ClusterState. */
export interface PodInfo {
  readonly pod: Pod;
  /** `namespace/name`, unique within a ClusterState. */
  readonly key: string;
  readonly namespace: string;
  readonly labels: Labels;
  /** Effective requests (PodRequests with overhead), missing requests are absent. */
  readonly requests: ReadonlyMap<string, number>;
  /** Effective requests with 100m cpu / 200MB memory for containers that request none (scoring only). */
  readonly nonZeroCpuMilli: number;
  readonly nonZeroMemoryBytes: number;
  readonly requiredAffinityTerms: readonly AffinityTerm[];
  readonly requiredAntiAffinityTerms: readonly AffinityTerm[];
  readonly preferredAffinityTerms: readonly WeightedAffinityTerm[];
  readonly preferredAntiAffinityTerms: readonly WeightedAffinityTerm[];
  /** affinity.podAffinity or affinity.podAntiAffinity is set (kube PodsWithAffinity). */
  readonly hasPodAffinity: boolean;
  nodeIndex: number;
}

/** Compiles a PodAffinityTerm of `pod` (matchLabelKeys/mismatchLabelKeys merged as the API server does). */
export function compileAffinityTerm(pod: Pod, term: PodAffinityTerm): AffinityTerm {
  const extra: Requirement[] = [];
  for (const k of term.matchLabelKeys ?? []) {
    const v = labelOf(pod.labels, k);
    if (v !== undefined) extra.push(requirement(k, 'In', [v]));
  }
  for (const k of term.mismatchLabelKeys ?? []) {
    const v = labelOf(pod.labels, k);
    if (v !== undefined) extra.push(requirement(k, 'NotIn', [v]));
  }
  let selector = compileLabelSelector(term.labelSelector);
  if (extra.length > 0) selector = withRequirements(term.labelSelector ? selector : EVERYTHING, extra);
  const namespaces = new Set<string>(
    (term.namespaces ?? []).length === 0 && term.namespaceSelector === undefined ? [pod.namespace] : (term.namespaces ?? []),
  );
  return Object.freeze({ namespaces, nsSelector: compileLabelSelector(term.namespaceSelector), selector, topologyKey: term.topologyKey });
}

/** AffinityTerm.Matches: the pod's namespace is listed or selected, and its labels match. */
export function affinityTermMatches(term: AffinityTerm, pod: PodInfo, nsLabels: Labels | undefined): boolean {
  if (term.namespaces.has(pod.namespace) || selectorMatches(term.nsSelector, nsLabels)) {
    return selectorMatches(term.selector, pod.labels);
  }
  return false;
}

function weighted(pod: Pod, terms: readonly WeightedPodAffinityTerm[] | undefined): WeightedAffinityTerm[] {
  return (terms ?? []).map((t) => Object.freeze({ ...compileAffinityTerm(pod, t.podAffinityTerm), weight: t.weight }));
}

/** Compiles `pod`; throws on a malformed selector (callers validate user input before this). */
export function newPodInfo(pod: Pod): PodInfo {
  if (!pod || typeof pod.name !== 'string' || typeof pod.namespace !== 'string' || !Array.isArray(pod.containers)) {
    throw new Error(`newPodInfo: pod needs name, namespace and containers, got ${JSON.stringify(pod)?.slice(0, 200)}`);
  }
  const nz = podNonZeroRequests(pod);
  const aff = pod.affinity;
  return {
    pod,
    key: `${pod.namespace}/${pod.name}`,
    namespace: pod.namespace,
    labels: pod.labels ?? {},
    requests: podRequests(pod),
    nonZeroCpuMilli: nz.get('cpu') ?? 0,
    nonZeroMemoryBytes: nz.get('memory') ?? 0,
    requiredAffinityTerms: (aff?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((t) => compileAffinityTerm(pod, t)),
    requiredAntiAffinityTerms: (aff?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((t) => compileAffinityTerm(pod, t)),
    preferredAffinityTerms: weighted(pod, aff?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution),
    preferredAntiAffinityTerms: weighted(pod, aff?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution),
    hasPodAffinity: aff !== undefined && (aff.podAffinity !== undefined || aff.podAntiAffinity !== undefined),
    nodeIndex: -1,
  };
}
