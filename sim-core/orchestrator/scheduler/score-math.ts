/**
 * Integer helpers that reproduce Go's int64 arithmetic on JS numbers (exact below 2^53), and
 * kube's helper.DefaultNormalizeScore.
 */
import { MAX_NODE_SCORE, type CycleState } from './types.ts';

/** Go int64 division: truncates toward zero (Math.floor would be wrong for negative numerators). */
export function goDiv(a: number, b: number): number {
  if (b === 0) throw new Error(`goDiv: division by zero (${a} / 0)`);
  return Math.trunc(a / b);
}

/** Go math.Round: half away from zero. */
export function goRound(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

/**
 * helper.DefaultNormalizeScore(maxPriority, reverse): scales by the maximum to 0..maxPriority
 * (integer), reversed when asked; all zero → all 0 (or all maxPriority when reversed).
 */
export function defaultNormalizeScore(scores: Float64Array, count: number, reverse: boolean, maxPriority = MAX_NODE_SCORE): void {
  let max = 0;
  for (let i = 0; i < count; i++) if (scores[i]! > max) max = scores[i]!;
  if (max === 0) {
    if (reverse) for (let i = 0; i < count; i++) scores[i] = maxPriority;
    return;
  }
  for (let i = 0; i < count; i++) {
    const s = Math.trunc((maxPriority * scores[i]!) / max);
    scores[i] = reverse ? maxPriority - s : s;
  }
}

/**
 * The fused fast path a ScorePlugin may offer for cycles that do not explain themselves: add
 * weight × (its normalized score of nodes[i]) into totals[i] for every i < count, in one call
 * instead of score → normalize → range check → weighted add over separate arrays. A plugin may
 * instead add weight × score − c for one integer constant c shared by every node (e.g. add
 * nothing when every node would get the same score, or touch only the few nodes whose score
 * differs from the rest): shifting every total by the same amount cannot change which node
 * selectHost picks (totals are exact integers). Implement it only when the scores are integers
 * in [0, 100] by construction; `scratch` holds at least count entries.
 */
export interface FusedScorer {
  addWeightedScores(cycle: CycleState, nodes: Int32Array, count: number, weight: number, totals: Float64Array, scratch: Float64Array): void;
}

/** Whether a score plugin offers the fused fast path. */
export function isFusedScorer(p: object): p is FusedScorer {
  return typeof (p as Partial<FusedScorer>).addWeightedScores === 'function';
}

// A module-local copy: imported bindings used per node can cost a getter call under tsx/vitest.
const MAX_SCORE = MAX_NODE_SCORE;

/**
 * totals[i] += weight × DefaultNormalizeScore(raw)[i] without writing the normalized array;
 * adds nothing when every raw score is equal (the normalized scores would all be equal too).
 */
export function addDefaultNormalized(raw: Float64Array, count: number, reverse: boolean, weight: number, totals: Float64Array): void {
  let max = 0, min = Infinity;
  for (let i = 0; i < count; i++) { const s = raw[i]!; if (s > max) max = s; if (s < min) min = s; }
  if (max === 0 || min === max) return;
  for (let i = 0; i < count; i++) {
    const s = Math.trunc((MAX_SCORE * raw[i]!) / max);
    totals[i] += weight * (reverse ? MAX_SCORE - s : s);
  }
}
