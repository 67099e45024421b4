/**
 * The per-resource arithmetic of NodeResourcesFit's scoring strategies and of
 * NodeResourcesBalancedAllocation, as pure functions on integers (kube noderesources/
 * least_allocated.go, most_allocated.go, requested_to_capacity_ratio.go, balanced_allocation.go,
 * helper/shape_score.go). Go int64 division truncates; see ../score-math.ts.
 */
import { MAX_NODE_SCORE } from '../types.ts';

/** kube config.MaxCustomPriorityScore: shape scores are given on 0..10. */
export const MAX_CUSTOM_PRIORITY_SCORE = 10;
/** Utilization is a percentage 0..100. */
export const MAX_UTILIZATION = 100;

/** ((capacity - requested) * 100) / capacity; 0 when capacity is 0 or requested exceeds it. */
export function leastRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return Math.trunc(((capacity - requested) * MAX_NODE_SCORE) / capacity);
}

/** (min(requested, capacity) * 100) / capacity; 0 when capacity is 0. */
export function mostRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0) return 0;
  return Math.trunc((Math.min(requested, capacity) * MAX_NODE_SCORE) / capacity);
}

/** A point of a broken-linear shape; both already scaled (score 0..100). */
export interface ShapePoint { utilization: number; score: number }

/** helper.BuildBrokenLinearFunction: piecewise-linear with Go integer division, flat outside the points. */
export function brokenLinear(shape: readonly ShapePoint[]): (p: number) => number {
  if (shape.length === 0) throw new Error('brokenLinear: shape needs at least one point');
  return (p) => {
    for (let i = 0; i < shape.length; i++) {
      if (p <= shape[i]!.utilization) {
        if (i === 0) return shape[0]!.score;
        const a = shape[i - 1]!, b = shape[i]!;
        return a.score + Math.trunc(((b.score - a.score) * (p - a.utilization)) / (b.utilization - a.utilization));
      }
    }
    return shape[shape.length - 1]!.score;
  };
}

/** RequestedToCapacityRatio per resource: shape(requested*100/capacity), shape(100) when over capacity. */
export function rtcrResourceScore(fn: (p: number) => number, requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return fn(MAX_UTILIZATION);
  return fn(Math.trunc((requested * MAX_UTILIZATION) / capacity));
}

/** Scales a user shape (score 0..10) to node scores (0..100), as requestedToCapacityRatioScorer does. */
export function scaleShape(shape: readonly ShapePoint[]): ShapePoint[] {
  return shape.map((p) => ({ utilization: p.utilization, score: p.score * (MAX_NODE_SCORE / MAX_CUSTOM_PRIORITY_SCORE) }));
}

/** Which NodeResourcesFit scoring strategy. */
export type ScoringStrategyType = 'LeastAllocated' | 'MostAllocated' | 'RequestedToCapacityRatio';

/**
 * The strategy's node score from per-resource requested (incl. the pod) and allocatable; a
 * resource with allocatable 0 is skipped; weighted mean with integer division (RTCR: only
 * resources scoring > 0 count, and the mean is rounded).
 */
export function strategyScore(
  type: ScoringStrategyType, requested: readonly number[], allocatable: readonly number[], weights: readonly number[],
  shape?: (p: number) => number,
): number {
  let nodeScore = 0, weightSum = 0;
  for (let i = 0; i < requested.length; i++) {
    const a = allocatable[i]!;
    if (a === 0) continue;
    const w = weights[i]!;
    if (type === 'RequestedToCapacityRatio') {
      if (!shape) throw new Error('strategyScore: RequestedToCapacityRatio needs a shape');
      const s = rtcrResourceScore(shape, requested[i]!, a);
      if (s > 0) { nodeScore += s * w; weightSum += w; }
    } else {
      nodeScore += (type === 'LeastAllocated' ? leastRequestedScore(requested[i]!, a) : mostRequestedScore(requested[i]!, a)) * w;
      weightSum += w;
    }
  }
  if (weightSum === 0) return 0;
  return type === 'RequestedToCapacityRatio' ? Math.round(nodeScore / weightSum) : Math.trunc(nodeScore / weightSum);
}

/**
 * BalancedAllocation, std era (<= v1.35): fractions min(req/alloc, 1) of resources with alloc > 0;
 * two → |f0-f1|/2, more → population std-dev; score int64((1-std)*100).
 */
export function balancedStdScore(requested: ArrayLike<number>, allocatable: ArrayLike<number>, n = requested.length): number {
  let k = 0, total = 0, f0 = 0, f1 = 0;
  for (let i = 0; i < n; i++) {
    const a = allocatable[i]!;
    if (a === 0) continue;
    const f = Math.min(requested[i]! / a, 1);
    if (k === 0) f0 = f; else if (k === 1) f1 = f;
    total += f;
    k++;
  }
  let std = 0;
  if (k === 2) std = Math.abs((f0 - f1) / 2);
  else if (k > 2) {
    const mean = total / k;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const a = allocatable[i]!;
      if (a === 0) continue;
      const d = Math.min(requested[i]! / a, 1) - mean;
      sum += d * d;
    }
    std = Math.sqrt(sum / k);
  }
  return Math.trunc((1 - std) * MAX_NODE_SCORE);
}

/**
 * BalancedAllocation, delta era (kubernetes PR #135573): 50 + (50 + S(with pod) - S(without)) / 2
 * with integer division; 75 = balance unchanged, range 50..100.
 */
export function balancedDeltaScore(withPod: number, withoutPod: number): number {
  return 50 + Math.trunc((50 + withPod - withoutPod) / 2);
}
