/**
 * Integer helpers that reproduce Go's int64 arithmetic on JS numbers (exact below 2^53), and
 * kube's helper.DefaultNormalizeScore.
 */
import { MAX_NODE_SCORE } from './types.ts';

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
