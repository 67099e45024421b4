/**
 * What node colour shows (the store's `colorBy`): each metric read from a frame and mapped to
 * 0..1 for the colour ramp, with the name and units the legend prints. Queue lengths are
 * unbounded, so they map on a log scale that saturates at QUEUE_FULL_JOBS.
 */
import type { TwinFrame } from '../../sim-core/twin/frame.ts';

/** Metric names (the store's `colorBy`). */
export type MetricName = 'cpu' | 'memory' | 'queue' | 'storage';

/** Queue length (jobs) drawn at the top of the ramp. */
export const QUEUE_FULL_JOBS = 100;
const LOG_QUEUE_FULL = Math.log1p(QUEUE_FULL_JOBS);

/** How the legend names a metric and the values at the two ends of the ramp. */
export interface MetricInfo { label: string; unit: string; low: string; high: string; scale: 'linear' | 'log' }

/** Legend text per metric. */
export const METRIC_INFO: Record<MetricName, MetricInfo> = {
  cpu: { label: 'CPU busy', unit: '%', low: '0 %', high: '100 %', scale: 'linear' },
  memory: { label: 'Memory requested', unit: '% of node memory', low: '0 %', high: '≥ 100 %', scale: 'linear' },
  queue: { label: 'Queue', unit: 'jobs, log scale', low: '0', high: `≥ ${QUEUE_FULL_JOBS}`, scale: 'log' },
  storage: { label: 'Storage used', unit: '% of capacity', low: '0 %', high: '100 %', scale: 'linear' },
};

/** The metric's raw per-node array in a frame. */
export function metricArray(frame: TwinFrame, metric: MetricName): Float32Array | Int32Array {
  switch (metric) {
    case 'cpu': return frame.nodeCpu;
    case 'memory': return frame.nodeMemory;
    case 'queue': return frame.nodeQueue;
    case 'storage': return frame.nodeStorage;
  }
}

/** A raw metric value mapped to 0..1 for the ramp (NaN and negatives read as 0; above the top clamps to 1). */
export function normalizeMetric(metric: MetricName, value: number): number {
  if (!(value > 0)) return 0;
  const t = metric === 'queue' ? Math.log1p(value) / LOG_QUEUE_FULL : value;
  return t < 1 ? t : 1;
}
