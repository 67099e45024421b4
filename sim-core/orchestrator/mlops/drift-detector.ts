/**
 * Page-Hinkley drift detection (Page 1954; Hinkley 1971; as in Gama et al., "A survey on concept
 * drift adaptation", 2014), two-sided, on a series of standardized window means
 * z_t = (μ_window,t − μ_train) / σ_train — one sample per check, so the detector does not depend
 * on the message rate.
 *
 *   up:   m⁺_t = m⁺_{t−1} + z_t − δ,  M⁺_t = min(M⁺_{t−1}, m⁺_t),  alarm when m⁺_t − M⁺_t > λ
 *   down: m⁻_t = m⁻_{t−1} − z_t − δ,  M⁻_t = min(M⁻_{t−1}, m⁻_t),  alarm when m⁻_t − M⁻_t > λ
 *
 * with m and M starting at 0. δ tolerates small shifts; λ (spec driftThreshold) is the alarm
 * level. Pure: the state is a value, the step returns a new one.
 */

/** Detector parameters. */
export interface PageHinkleyParams {
  /** Tolerated drift per sample (standardized units, ≥ 0). */
  delta: number;
  /** Alarm threshold λ (> 0). */
  lambda: number;
}

/** Detector state. */
export interface PageHinkleyState { upSum: number; upMin: number; downSum: number; downMin: number; samples: number }

/** A fresh detector (after a deployment: the new model's training distribution is the reference). */
export function initPageHinkley(): PageHinkleyState { return { upSum: 0, upMin: 0, downSum: 0, downMin: 0, samples: 0 }; }

/** One sample's result: the new state, the larger of the two statistics, and whether it alarms. */
export interface PageHinkleyStep { state: PageHinkleyState; statistic: number; drift: boolean }

/** Feeds one standardized sample z. */
export function pageHinkleyStep(s: PageHinkleyState, z: number, p: PageHinkleyParams): PageHinkleyStep {
  if (!(p.lambda > 0) || !(p.delta >= 0)) throw new Error(`pageHinkleyStep: need lambda > 0 and delta >= 0, got ${p.lambda}, ${p.delta}`);
  const upSum = s.upSum + z - p.delta;
  const downSum = s.downSum - z - p.delta;
  const upMin = Math.min(s.upMin, upSum);
  const downMin = Math.min(s.downMin, downSum);
  const statistic = Math.max(upSum - upMin, downSum - downMin);
  return { state: { upSum, upMin, downSum, downMin, samples: s.samples + 1 }, statistic, drift: statistic > p.lambda };
}
