/**
 * Surface schema of predictive operations: a fault's `precursor` (a telemetry signal that rises
 * before the failure, or before nothing at all when `fails: false`) and `spec.prediction` (the
 * trend detector that watches those signals and drains a node before it fails). Defaults are
 * applied by resolve/prediction.ts and documented here.
 */
import { PRECURSOR_SIGNALS } from '../model.ts';
import { zBool, zDurationMs, zEnum, zInt, zNumber, zObj } from './quantities.ts';

const signals = Object.keys(PRECURSOR_SIGNALS) as [string, ...string[]];

/** A fault's precursor: the signal of its node rises from normal to `peak` over `lead` before the fault. */
export const zPrecursor = zObj({
  lead: zDurationMs({ positive: true }).describe('How long before the fault the signal starts rising, e.g. 8m.'),
  signal: zEnum(signals).optional().describe('temperature (°C, normal 45, critical 85; default) or errorRate (ratio, normal 0.001, critical 0.05): a per-node telemetry value the predictor samples; queueGrowth (node and power faults, FIFO nodes): the node really slows down over the lead (service time × 1 → peak) and the predictor watches its measured queue fill (waiting / queueCapacity, critical 1).'),
  peak: zNumber(({ min: -1e9, max: 1e9 })).optional().describe('Value the signal reaches at the fault time (default: the signal\'s critical value). queueGrowth: the service-time multiplier reached at the fault time (> 1, default 4).'),
  noise: zNumber({ min: 0, max: 1e9 }).optional().describe('Standard deviation of the noise on the signal during the rise, in the signal\'s unit (default 0).'),
  fails: zBool().optional().describe('false: the signal rises but the node does not fail (a false-alarm precursor; the fault itself is not applied). Default true.'),
});

/** A stochastic fault's precursor: before each random failure of a node, its signal rises over `lead` (shorter when the failure comes sooner). */
export const zStochasticPrecursor = zObj({
  lead: zPrecursor.shape.lead,
  signal: zPrecursor.shape.signal,
  peak: zPrecursor.shape.peak,
  noise: zPrecursor.shape.noise,
});

/** spec.prediction: the trend detector and what an alarm does. */
export const zPrediction = zObj({
  enabled: zBool().optional().describe('Run the predictor (default true when the section is present; false: precursors are scored, nothing acts).'),
  every: zDurationMs({ positive: true }).optional().describe('Telemetry sample period of the predictor (default 10s).'),
  window: zDurationMs({ positive: true }).optional().describe('Least-squares window over the samples (default 2m).'),
  horizon: zDurationMs({ positive: true }).optional().describe('Alarm when the trend reaches the critical value within this time (default 10m); an alarm is a hit when the node fails within it.'),
  minSamples: zInt({ min: 2, max: 100_000 }).optional().describe('Samples in the window before the first forecast (default 8).'),
  noise: zNumber({ min: 0, max: 1 }).optional().describe('Baseline noise on every node\'s signals, as a fraction of the normal-to-critical span (default 0.02).'),
  action: zEnum(['migrate', 'alarm']).optional().describe('migrate (default): an alarm drains the node — its replicas are relocated before the failure; alarm: alarms are only counted.'),
});
