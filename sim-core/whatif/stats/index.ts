/** What-if statistics: one import for the experiment runner and the report. */
export { summary, percentileSorted, meanAndSd, tInterval, type Summary } from './summary.ts';
export { tCdf, tPdf, tQuantile, normalCdf } from './student-t.ts';
export { normalQuantile } from './normal.ts';
export { pairedDifference, type PairedDifference } from './paired.ts';
export { welchTTest, type WelchTest } from './welch.ts';
export { LatencyHistogram, type HistogramJSON, type HistogramOptions } from './latency-histogram.ts';
export { paretoFront, dominates, type Objective } from './pareto.ts';
export { exactSum } from './exact-sum.ts';
export type { Direction, Verdict } from './direction.ts';
export { holmAdjust, CORRECTIONS, type Correction } from './holm.ts';
