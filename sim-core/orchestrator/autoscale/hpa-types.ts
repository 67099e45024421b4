/**
 * The HorizontalPodAutoscaler's spec and state as autoscaling/v2 defines them (field names kept),
 * in seconds like the API; the controller's own memory (recommendations, scale events) is plain
 * data so the twin can checkpoint it and the gateway can persist it.
 */

/** One scaling policy: change by `value` pods or percent within `periodSeconds`. */
export interface HpaScalingPolicy { type: 'Pods' | 'Percent'; value: number; periodSeconds: number }

/** behavior.scaleUp / behavior.scaleDown. */
export interface HpaScalingRules {
  stabilizationWindowSeconds: number;
  selectPolicy: 'Max' | 'Min' | 'Disabled';
  policies: HpaScalingPolicy[];
}

/** A metric target: Utilization (percent of requests), AverageValue (per pod) or Value (total). */
export type HpaTarget =
  | { type: 'Utilization'; averageUtilization: number }
  | { type: 'AverageValue'; averageValue: number }
  | { type: 'Value'; value: number };

/** One entry of spec.metrics: which signal, and its target. */
export interface HpaMetricSpec {
  type: 'Resource' | 'Pods' | 'Object' | 'External';
  /** Resource name (cpu, memory) or the custom metric's name (queue_length, latency_p95_ms, …). */
  name: string;
  target: HpaTarget;
}

/** spec of an autoscaling/v2 HorizontalPodAutoscaler, with every default filled in. */
export interface HpaSpec {
  /** metadata.name */
  name: string;
  scaleTargetRef: { kind: string; name: string };
  minReplicas: number;
  maxReplicas: number;
  metrics: HpaMetricSpec[];
  behavior: { scaleUp: HpaScalingRules; scaleDown: HpaScalingRules };
}

/**
 * What was measured for one metric this sync. Resource Utilization: `usage` and `requests`
 * summed over the ready pods (same unit, e.g. millicores); AverageValue: `usage` summed over
 * the ready pods; Value/Object/External: `usage` is the single value.
 */
export interface HpaMetricSample { usage: number; requests?: number }

/** A scale change the controller made (upstream timestampedScaleEvent). */
export interface HpaScaleEvent { atMs: number; replicaChange: number }

/** The controller's memory between syncs. */
export interface HpaState {
  recommendations: { atMs: number; replicas: number }[];
  scaleUpEvents: HpaScaleEvent[];
  scaleDownEvents: HpaScaleEvent[];
}

/** Why the count came out as it did (upstream condition reasons). */
export type HpaReason =
  | 'DesiredWithinRange' | 'ScaleUpLimit' | 'TooManyReplicas' | 'ScaleDownLimit' | 'TooFewReplicas'
  | 'ScalingDisabled' | 'AboveMaxReplicas' | 'BelowMinReplicas' | 'NoMetrics';

/** One sync's outcome: the new replica count, the raw proposal, per-metric proposals and the reason. */
export interface HpaDecision {
  replicas: number;
  /** max over metrics of ceil(ready × usageRatio), or current inside the tolerance. */
  proposedReplicas: number;
  perMetric: { name: string; usageRatio: number; proposal: number; currentValue: number }[];
  reason: HpaReason;
  state: HpaState;
}
