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
export interface ExtenderBindingArgs { PodName: string; PodNamespace: string; PodUID: string; Node: string }

/** extenderv1.ExtenderBindingResult. */
export interface ExtenderBindingResult { Error: string }

/** A weighted total (Σ weight × 0..100) scaled to 0..MAX_EXTENDER_PRIORITY, truncated. */
export function toExtenderScore(total: number, sumWeights: number): number {
  if (sumWeights <= 0) return 0;
  return Math.trunc((total * MAX_EXTENDER_PRIORITY) / (100 * sumWeights));
}
