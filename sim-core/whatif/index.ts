/** What-if experiments: one import for the CLI, the worker job, the report and the UI. */
export type * from './result.ts';
export { EXPERIMENT_RESULT_VERSION } from './result.ts';
export { parseExperimentSpec, EXPERIMENT_API_VERSION, type ExperimentSpec } from './experiment-spec.ts';
export { prepareExperiment, resolveSeeds, sweepSet, NORMAL_FAULT_SET, type PreparedExperiment, type PrepareOptions } from './prepare.ts';
export { simulateRun, type RunInput } from './simulate-run.ts';
export { analyzeExperiment, shardResult, RESULT_KIND } from './analyze.ts';
export { mergeShards, parseShardArg, selectShard } from './shard.ts';
export { mergePatch } from './merge-patch.ts';
export { metricCatalog, metricsOf, DEFAULT_METRICS, PARETO_METRICS } from './metrics.ts';
