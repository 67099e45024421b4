/** The autoscaler: the Kubernetes HPA algorithm (autoscaling/v2), its manifest reader, and forecasts to scale ahead. */
export { hpaSync, metricProposal, initialHpaState, pruneHpaState, defaultScaleUp, defaultScaleDown, HPA_TOLERANCE, DEFAULT_DOWNSCALE_STABILIZATION_S, DEFAULT_SYNC_PERIOD_MS, type HpaSyncInput } from './hpa.ts';
export { readHpaManifest, HpaManifestError } from './hpa-manifest.ts';
export type * from './hpa-types.ts';
export { ewma, ewmaUpdate, holtWintersFit, holtWintersUpdate, holtWintersForecast, forecastError, type EwmaState, type HoltWintersState } from './forecast.ts';
export { holt, holtUpdate, holtForecast, type HoltState } from './trend.ts';
