/**
 * Surface schema of autoscaling: `spec.autoscalers` (Kubernetes autoscaling/v2
 * HorizontalPodAutoscaler manifests as-is, plus EdgeTwin's own `x-edgetwin` key per manifest)
 * and `spec.nodePools` (nodes that appear when the scheduler finds no room, after a delay, and
 * cost money only while provisioned). The manifest body is checked by the HPA's own reader
 * (orchestrator/autoscale/hpa-manifest.ts) in resolve/autoscaling.ts, with located errors.
 */
import { z } from 'zod';
import { zDurationMs, zEnum, zFraction, zId, zInt, zList, zNumber, zObj } from './quantities.ts';
import { linkTemplateFields } from './fabric.ts';

/** x-edgetwin.predictive: forecast the HPA's metrics from the twin's own telemetry and scale ahead. */
export const zPredictive = zObj({
  method: zEnum(['ewma', 'holt-winters']).describe('ewma: exponential smoothing with a trend (Holt\'s linear method; trend 0 = plain EWMA); holt-winters: additive, with a seasonal period (needs two seasons of history).'),
  leadTime: zDurationMs().optional().describe('How far ahead to forecast (default 2m): about the start-up (plus provisioning) delay.'),
  alpha: zFraction('a smoothing factor in [0, 1]').optional().describe('Level smoothing (default 0.3).'),
  beta: zFraction('a smoothing factor in [0, 1]').optional().describe('Trend smoothing (default 0.1).'),
  gamma: zFraction('a smoothing factor in [0, 1]').optional().describe('Holt-Winters: seasonal smoothing (default 0.1).'),
  season: zDurationMs({ positive: true }).optional().describe('Holt-Winters: the seasonal period (default 24h).'),
  every: zDurationMs({ positive: true }).optional().describe('Holt-Winters: one forecaster sample per this period, the mean of the syncs in it (default 15m).'),
  history: zList(zNumber({ min: 0, max: 1e15 })).optional().describe('Holt-Winters: earlier samples of the first metric\'s usage (one per `every`, oldest first), at least two seasons; what a day-long run cannot learn itself.'),
});

/** x-edgetwin: what the twin needs besides the manifest. */
export const zHpaExtension = zObj({
  syncPeriod: zDurationMs({ positive: true }).optional().describe('--horizontal-pod-autoscaler-sync-period (default 15s).'),
  startupDelay: zDurationMs().optional().describe('From a new pod to a ready replica (default 30s).'),
  tolerance: zFraction('a tolerance in [0, 1]').optional().describe('--horizontal-pod-autoscaler-tolerance (default 0.1).'),
  routing: zEnum(['round-robin', 'nearest']).optional().describe('How messages pick one of the service\'s replicas: round-robin, as a Kubernetes Service spreads them (default), or the twin\'s nearest reachable replica.'),
  predictive: zPredictive.optional().describe('Scale for max(current, forecast leadTime ahead) (absent: reactive, as upstream).'),
});

/** One spec.autoscalers entry: an autoscaling/v2 HorizontalPodAutoscaler manifest. */
export const zAutoscaler = z.looseObject({
  'x-edgetwin': zHpaExtension.optional().describe('EdgeTwin extension: sync period, start-up delay, predictive scaling.'),
}).describe('An autoscaling/v2 HorizontalPodAutoscaler manifest as-is; spec.scaleTargetRef.name is "<app>/<service>". Metrics: Resource cpu (Utilization, busy cores / cores of the replicas\' nodes), Pods queue_length (messages waiting per pod), Object or External latency_p95_ms (the app\'s p95 over the last sync period).');

/** One spec.nodePools entry. */
export const zNodePool = zObj({
  name: zId().describe('Pool name; its nodes are <name>-1 … <name>-<max>.'),
  class: zId().describe('Node class of the pool\'s nodes (cores, memory, power, costPerHour).'),
  attachTo: zId().describe('Node every pool node is linked to (its zone and region are inherited).'),
  min: zInt({ min: 0, max: 10_000 }).optional().describe('Nodes provisioned from the start and never released (default 0).'),
  max: zInt({ min: 0, max: 10_000 }).describe('Most nodes the pool can have; an edge site with max = min cannot grow.'),
  provisioningDelay: zDurationMs().optional().describe('From the request to a schedulable node (default 3m).'),
  releaseAfter: zDurationMs().optional().describe('An empty node above min is released after this idle period (default 5m).'),
  link: zObj({ ...linkTemplateFields }).optional().describe('The link from attachTo to each pool node (default ethernet, 0.2ms, 1Gbps).'),
});

export const zAutoscalers = zList(zAutoscaler);
export const zNodePools = zList(zNodePool);
