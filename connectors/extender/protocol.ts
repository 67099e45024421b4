/**
 * The Kubernetes scheduler extender wire format (k8s.io/kube-scheduler/extender/v1), PascalCase
 * keys exactly as upstream, and the mapping of EdgeTwin scores (weighted 0..100 per plugin) onto
 * MaxExtenderPriority 10.
 */

/** extenderv1.MaxExtenderPriority. */
export const MAX_EXTENDER_PRIORITY = 10;

/** extenderv1.ExtenderArgs: Nodes when nodeCacheCapable is false, NodeNames when true. */
export interface ExtenderArgs { Pod: unknown; Nodes?: { items: unknown[] } | null; NodeNames?: string[] | null }

/** extenderv1.ExtenderFilterResult. */
export interface ExtenderFilterResult {
  Nodes?: { items: unknown[] } | null;
  NodeNames?: string[] | null;
  FailedNodes: Record<string, string>;
  FailedAndUnresolvableNodes: Record<string, string>;
  Error: string;
}

/** extenderv1.HostPriority. */
export interface HostPriority { Host: string; Score: number }

/** extenderv1.ExtenderBindingArgs. */
export interface ExtenderBindingArgs { PodName: string; PodNamespace: string; PodUID?: string; Node: string }

/** extenderv1.Victims: pods kube-scheduler would preempt on a node (nodeCacheCapable: false). */
export interface Victims { Pods?: unknown[] | null; NumPDBViolations?: number }

/** extenderv1.MetaPod. */
export interface MetaPod { UID: string }

/** extenderv1.MetaVictims: victims by UID (nodeCacheCapable: true, and every answer). */
export interface MetaVictims { Pods?: MetaPod[] | null; NumPDBViolations?: number }

/** extenderv1.ExtenderPreemptionArgs: one of the two maps is set, by nodeCacheCapable. */
export interface ExtenderPreemptionArgs {
  Pod: unknown;
  NodeNameToVictims?: Record<string, Victims> | null;
  NodeNameToMetaVictims?: Record<string, MetaVictims> | null;
}

/** extenderv1.ExtenderPreemptionResult: the nodes (and victims) the extender agrees to. */
export interface ExtenderPreemptionResult { NodeNameToMetaVictims: Record<string, MetaVictims> }

/** extenderv1.ExtenderBindingResult. */
export interface ExtenderBindingResult { Error: string }

/** A weighted total (Σ weight × 0..100) scaled to 0..MAX_EXTENDER_PRIORITY, truncated. */
export function toExtenderScore(total: number, sumWeights: number): number {
  if (sumWeights <= 0) return 0;
  return Math.trunc((total * MAX_EXTENDER_PRIORITY) / (100 * sumWeights));
}
