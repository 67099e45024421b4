/**
 * The HorizontalPodAutoscaler's decision, as kube-controller-manager's podautoscaler computes it
 * (pkg/controller/podautoscaler/horizontal.go and replica_calculator.go), one sync at a time:
 * per metric `ceil(ready × current / target)` unless within the tolerance (0.1), the largest
 * proposal wins; then behavior: stabilization windows (the lowest recommendation of the up
 * window, the highest of the down window, 300 s by default), then the scaling policies' rate
 * limits over their periods, then min/max. Pure: spec, state and samples in; decision and the
 * next state out. Simplification, stated: every pod reports metrics and is ready (the twin
 * knows), so upstream's missing/unready pod adjustments do not arise.
 */
import type { HpaDecision, HpaMetricSample, HpaMetricSpec, HpaReason, HpaScalingRules, HpaSpec, HpaState } from './hpa-types.ts';

/** kube-controller-manager's --horizontal-pod-autoscaler-tolerance default. */
export const HPA_TOLERANCE = 0.1;
/** --horizontal-pod-autoscaler-downscale-stabilization default, in seconds. */
export const DEFAULT_DOWNSCALE_STABILIZATION_S = 300;
/** --horizontal-pod-autoscaler-sync-period default, in ms. */
export const DEFAULT_SYNC_PERIOD_MS = 15_000;

/** autoscaling/v2 default scaleUp rules: no window, max of +4 pods or +100 % per 15 s. */
export function defaultScaleUp(): HpaScalingRules {
  return { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }] };
}

/** autoscaling/v2 default scaleDown rules: 300 s window, −100 % per 15 s. */
export function defaultScaleDown(): HpaScalingRules {
  return { stabilizationWindowSeconds: DEFAULT_DOWNSCALE_STABILIZATION_S, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] };
}

/** An empty controller memory. */
export function initialHpaState(): HpaState {
  return { recommendations: [], scaleUpEvents: [], scaleDownEvents: [] };
}

/** Inputs of one sync besides spec and state. */
export interface HpaSyncInput {
  nowMs: number;
  /** The scale target's current spec.replicas. */
  currentReplicas: number;
  /** Pods that are ready and report metrics (default: all of currentReplicas). */
  readyPods?: number;
  /** One sample per spec.metrics entry, same order; undefined: that metric is unavailable. */
  samples: (HpaMetricSample | undefined)[];
  tolerance?: number;
}

/** One metric's proposal: the ratio of current to target, and ceil(ready × ratio) outside the tolerance. */
export function metricProposal(metric: HpaMetricSpec, sample: HpaMetricSample, currentReplicas: number, readyPods: number, tolerance = HPA_TOLERANCE): { usageRatio: number; proposal: number; currentValue: number } {
  const t = metric.target;
  let currentValue: number;
  let usageRatio: number;
  switch (t.type) {
    case 'Utilization': {
      if (!(sample.requests! > 0)) throw new Error(`HPA metric ${metric.name}: Utilization needs requests > 0, got ${sample.requests}`);
      // Upstream truncates the utilization to an integer percentage before the ratio.
      currentValue = Math.trunc((sample.usage * 100) / sample.requests!);
      usageRatio = currentValue / t.averageUtilization;
      break;
    }
    case 'AverageValue':
      currentValue = readyPods > 0 ? sample.usage / readyPods : 0;
      usageRatio = currentValue / t.averageValue;
      break;
    case 'Value':
      currentValue = sample.usage;
      usageRatio = currentValue / t.value;
      break;
  }
  if (Math.abs(1 - usageRatio) <= tolerance) return { usageRatio, proposal: currentReplicas, currentValue };
  // Value targets scale the current count (object metrics); per-pod ones the ready pods.
  const base = t.type === 'Value' ? currentReplicas : readyPods;
  return { usageRatio, proposal: Math.ceil(usageRatio * base), currentValue };
}

/** One sync of the controller: the replica count to set, why, and the controller's next memory. */
export function hpaSync(spec: HpaSpec, state: HpaState, input: HpaSyncInput): HpaDecision {
  const { nowMs, currentReplicas } = input;
  state = pruneHpaState(spec, state, nowMs);
  const ready = input.readyPods ?? currentReplicas;
  const perMetric: HpaDecision['perMetric'] = [];
  const done = (replicas: number, proposedReplicas: number, reason: HpaReason, next: HpaState): HpaDecision =>
    ({ replicas, proposedReplicas, perMetric, reason, state: replicas === currentReplicas ? next : recordScale(next, nowMs, currentReplicas, replicas) });
  if (currentReplicas === 0 && spec.minReplicas !== 0) return done(0, 0, 'ScalingDisabled', state);
  if (currentReplicas > spec.maxReplicas) return done(spec.maxReplicas, spec.maxReplicas, 'AboveMaxReplicas', state);
  if (currentReplicas < spec.minReplicas) return done(spec.minReplicas, spec.minReplicas, 'BelowMinReplicas', state);
  let proposed = -1;
  spec.metrics.forEach((m, i) => {
    const sample = input.samples[i];
    if (!sample) return;
    const p = metricProposal(m, sample, currentReplicas, ready, input.tolerance);
    perMetric.push({ name: m.name, ...p });
    proposed = Math.max(proposed, p.proposal);
  });
  if (proposed < 0) return done(currentReplicas, currentReplicas, 'NoMetrics', state);
  const { replicas: stabilized, state: next } = stabilize(spec, state, nowMs, currentReplicas, proposed);
  const { replicas, reason } = limitRate(spec, next, nowMs, currentReplicas, stabilized);
  return done(replicas, proposed, reason, next);
}

/**
 * Stabilization (stabilizeRecommendationWithBehaviors): the count may rise only to the lowest
 * recommendation of the scale-up window and fall only to the highest of the scale-down window.
 * The proposal is remembered; recommendations older than both windows are forgotten.
 */
function stabilize(spec: HpaSpec, state: HpaState, nowMs: number, current: number, proposed: number): { replicas: number; state: HpaState } {
  const upCutoff = nowMs - spec.behavior.scaleUp.stabilizationWindowSeconds * 1000;
  const downCutoff = nowMs - spec.behavior.scaleDown.stabilizationWindowSeconds * 1000;
  let up = proposed;
  let down = proposed;
  for (const r of state.recommendations) {
    if (r.atMs > upCutoff) up = Math.min(up, r.replicas);
    if (r.atMs > downCutoff) down = Math.max(down, r.replicas);
  }
  let replicas = current;
  if (replicas < up) replicas = up;
  if (replicas > down) replicas = down;
  const keepAfter = Math.min(upCutoff, downCutoff);
  const recommendations = state.recommendations.filter((r) => r.atMs > keepAfter);
  recommendations.push({ atMs: nowMs, replicas: proposed });
  return { replicas, state: { ...state, recommendations } };
}

/** Rate limits (convertDesiredReplicasWithBehaviorRate) and min/max. */
function limitRate(spec: HpaSpec, state: HpaState, nowMs: number, current: number, desired: number): { replicas: number; reason: HpaReason } {
  if (desired > current) {
    const limit = Math.max(current, scaleUpLimit(spec.behavior.scaleUp, state, nowMs, current));
    const [max, reason]: [number, HpaReason] = spec.maxReplicas > limit ? [limit, 'ScaleUpLimit'] : [spec.maxReplicas, 'TooManyReplicas'];
    if (desired > max) return { replicas: max, reason };
  } else if (desired < current) {
    const limit = Math.min(current, scaleDownLimit(spec.behavior.scaleDown, state, nowMs, current));
    const [min, reason]: [number, HpaReason] = spec.minReplicas < limit ? [limit, 'ScaleDownLimit'] : [spec.minReplicas, 'TooFewReplicas'];
    if (desired < min) return { replicas: min, reason };
  }
  return { replicas: desired, reason: 'DesiredWithinRange' };
}

/** Replicas changed within the last `periodSeconds` (getReplicasChangePerPeriod). */
function changeInPeriod(events: HpaState['scaleUpEvents'], nowMs: number, periodSeconds: number): number {
  const cutoff = nowMs - periodSeconds * 1000;
  let sum = 0;
  for (const e of events) if (e.atMs > cutoff) sum += e.replicaChange;
  return sum;
}

/** calculateScaleUpLimitWithScalingRules: the most (Max) or least (Min) any policy allows. */
function scaleUpLimit(rules: HpaScalingRules, state: HpaState, nowMs: number, current: number): number {
  if (rules.selectPolicy === 'Disabled') return current;
  const pick = rules.selectPolicy === 'Min' ? Math.min : Math.max;
  let result = rules.selectPolicy === 'Min' ? Infinity : -Infinity;
  for (const p of rules.policies) {
    const start = current - changeInPeriod(state.scaleUpEvents, nowMs, p.periodSeconds) + changeInPeriod(state.scaleDownEvents, nowMs, p.periodSeconds);
    // Percent rounds up so that a small deployment can still grow.
    const proposed = p.type === 'Pods' ? start + p.value : Math.ceil(start * (1 + p.value / 100));
    result = pick(result, proposed);
  }
  return result;
}

/** calculateScaleDownLimitWithBehaviors: the lowest (Max) or highest (Min) any policy allows. */
function scaleDownLimit(rules: HpaScalingRules, state: HpaState, nowMs: number, current: number): number {
  if (rules.selectPolicy === 'Disabled') return current;
  const pick = rules.selectPolicy === 'Min' ? Math.max : Math.min;
  let result = rules.selectPolicy === 'Min' ? -Infinity : Infinity;
  for (const p of rules.policies) {
    const start = current - changeInPeriod(state.scaleUpEvents, nowMs, p.periodSeconds) + changeInPeriod(state.scaleDownEvents, nowMs, p.periodSeconds);
    // Upstream converts with int32(), which truncates.
    const proposed = p.type === 'Pods' ? start - p.value : Math.trunc(start * (1 - p.value / 100));
    result = pick(result, proposed);
  }
  return result;
}

/** Remembers a scale change (storeScaleEvent), forgetting events older than the longest policy period. */
function recordScale(state: HpaState, nowMs: number, from: number, to: number): HpaState {
  const event = { atMs: nowMs, replicaChange: Math.abs(to - from) };
  return to > from
    ? { ...state, scaleUpEvents: [...state.scaleUpEvents, event] }
    : { ...state, scaleDownEvents: [...state.scaleDownEvents, event] };
}

/** Drops scale events older than every policy's period (they can no longer limit anything). */
export function pruneHpaState(spec: HpaSpec, state: HpaState, nowMs: number): HpaState {
  const longest = (r: HpaScalingRules) => Math.max(0, ...r.policies.map((p) => p.periodSeconds)) * 1000;
  const upAfter = nowMs - longest(spec.behavior.scaleUp);
  const downAfter = nowMs - longest(spec.behavior.scaleDown);
  return { ...state, scaleUpEvents: state.scaleUpEvents.filter((e) => e.atMs > upAfter), scaleDownEvents: state.scaleDownEvents.filter((e) => e.atMs > downAfter) };
}
