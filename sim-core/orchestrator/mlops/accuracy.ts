/**
 * The accuracy proxy of a deployed model: how well the distribution it was trained on matches
 * the values it sees now. Both are summarised as a normal (mean, sd); their distance is the
 * 2-Wasserstein distance between the two normals, W₂² = (μ_live − μ_train)² + (σ_live − σ_train)²,
 * in units of the training sd: d² = W₂² / σ_train². The proxy is
 *
 *   accuracy = base / (1 + sensitivity · d²)
 *
 * so a model on its own training distribution scores `base`, and one whose inputs moved by one
 * training sd scores base / (1 + sensitivity). Pure, no clock; a rational function (no exp) so
 * it is bit-identical on every platform.
 */

/** A distribution summarised by its first two moments. */
export interface Moments { mean: number; sd: number }

/** The proxy's parameters (spec.models[].accuracy). */
export interface AccuracyModel {
  /** Accuracy on the training distribution (0..1). */
  base: number;
  /** How fast accuracy falls with the squared standardized distance (≥ 0). */
  sensitivity: number;
}

/** Squared 2-Wasserstein distance between two normals, in units of the training sd (σ_train > 0). */
export function standardizedW2Squared(live: Moments, trained: Moments): number {
  if (!(trained.sd > 0)) throw new Error(`standardizedW2Squared: training sd must be > 0, got ${trained.sd}`);
  const dm = live.mean - trained.mean;
  const ds = live.sd - trained.sd;
  return (dm * dm + ds * ds) / (trained.sd * trained.sd);
}

/** The accuracy proxy of a model trained on `trained` that sees `live` (0..base). */
export function accuracyProxy(live: Moments, trained: Moments, m: AccuracyModel): number {
  return m.base / (1 + m.sensitivity * standardizedW2Squared(live, trained));
}
