/**
 * Family-wise error control across many comparisons (Holm 1979, "A simple sequentially rejective
 * multiple test procedure"). An experiment's verdicts are one test per metric × variant × sweep
 * point × fault set; at 95 % each, a large comparison shows some spurious better/worse verdicts.
 * Holm's step-down adjustment keeps the chance of any false verdict at 5 % and is uniformly more
 * powerful than Bonferroni.
 */

/** How an experiment's verdicts are corrected for multiple comparisons. */
export type Correction = 'none' | 'holm';

/** Every correction an experiment may name (`spec.correction`, `compare --correction`). */
export const CORRECTIONS: readonly Correction[] = ['none', 'holm'];

/**
 * Holm-adjusted p-values, in the order given. With p sorted ascending p(1) ≤ … ≤ p(m), the
 * adjusted p(i) = max over j ≤ i of min(1, (m − j + 1)·p(j)); rejecting where the adjusted p is
 * below α is Holm's procedure at level α. Ties keep their input order (the result is the same).
 * Throws on a value that is not a probability.
 */
export function holmAdjust(pValues: readonly number[]): number[] {
  const m = pValues.length;
  pValues.forEach((p, i) => {
    if (!(p >= 0 && p <= 1)) throw new Error(`holmAdjust: pValues[${i}] must be a probability in [0, 1], got ${p}`);
  });
  const order = pValues.map((_, i) => i).sort((a, b) => pValues[a]! - pValues[b]! || a - b);
  const out = new Array<number>(m);
  let running = 0;
  order.forEach((idx, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * pValues[idx]!));
    out[idx] = running;
  });
  return out;
}
