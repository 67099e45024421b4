/**
 * Surface schema of time-varying arrival rates: `arrival: {curve: {...}}` (a non-homogeneous
 * Poisson process per source following the curve, sim-core/workload/rate-curve.ts) and a
 * stream's `rateChanges` (a step multiplier over any arrival kind, e.g. a production batch).
 */
import { z } from 'zod';
import { BOUNDS } from './bounds.ts';
import { zDurationMs, zId, zLabels, zEnum, zList, zNonNegative, zObj, zText } from './quantities.ts';

const zRate = () => zNonNegative(BOUNDS.ratePerS).describe('Messages per second.');

/** One [time, rate] sample: `[8h, 4]` — at 8 h into the run (or period), 4 messages/s. */
export const zRatePoint = z.tuple([zDurationMs(), zRate()], {
  error: (iss) => `expected [time, rate], e.g. [8h, 4], got ${JSON.stringify(iss.input)}`,
}).describe('[time, messages per second], e.g. [8h, 4].');

const piecewiseLinear = zObj({
  points: zList(zRatePoint).min(1, { error: 'needs at least one point' })
    .describe('[time, rate] points in increasing time; linear in between, constant before the first and after the last.'),
  period: zDurationMs({ positive: true }).optional()
    .describe('Repeat the points every period (e.g. 24h); points must lie in [0, period) and the last joins the next period\'s first linearly.'),
}).describe('Rate linear between [time, rate] points.');

const sinusoidal = zObj({
  mean: zNonNegative(BOUNDS.ratePerS).describe('Mean messages per second.'),
  amplitude: zNonNegative(BOUNDS.ratePerS).describe('Swing around the mean (rate = mean + amplitude·cos(2π(t − peakAt)/period), never below 0).'),
  period: zDurationMs({ positive: true }).optional().describe('Period (default 24h).'),
  peakAt: zDurationMs().optional().describe('Time of the peak (default 0).'),
}).describe('A daily (or other period) cosine wave.');

const step = zObj({
  before: zRate().describe('Messages per second before `at`.'),
  after: zRate().describe('Messages per second from `at` on.'),
  at: zDurationMs().describe('When the rate changes.'),
}).describe('A rate that jumps once.');

const trace = zObj({
  file: zText().optional().describe('CSV file (relative to the scenario): header time_s,rate_per_s or at_ms,rate_per_s, then one sample a line.'),
  samples: zList(zRatePoint).min(1, { error: 'needs at least one sample' }).optional()
    .describe('Inline samples [time, rate]; each rate holds until the next sample.'),
}).describe('A recorded rate trace: exactly one of file or samples; each rate holds until the next sample.');

const baseShape = {
  piecewiseLinear: piecewiseLinear.optional(),
  sinusoidal: sinusoidal.optional(),
  step: step.optional(),
  trace: trace.optional(),
};

/** A curve without a flash crowd (the base a flash crowd multiplies). */
export const zBaseCurve = zObj(baseShape)
  .describe('Exactly one of piecewiseLinear, sinusoidal, step, trace.');

const flashCrowd = zObj({
  base: zBaseCurve.describe('The curve the crowd multiplies: {piecewiseLinear|sinusoidal|step|trace: …}.'),
  at: zDurationMs().describe('When the crowd starts.'),
  rise: zDurationMs().optional().describe('Ramp from ×1 to ×factor (default 0: a jump).'),
  hold: zDurationMs().describe('How long the rate stays at ×factor.'),
  decay: zDurationMs().optional().describe('Ramp back to ×1 (default 0).'),
  factor: zNonNegative({ min: 0, max: 1e6 }).describe('Multiplier at the crowd\'s height, e.g. 8.'),
}).describe('A flash crowd: base × a factor ramping 1 → factor → 1.');

/** `arrival.curve`: exactly one of the curve kinds. */
export const zCurve = zObj({ ...baseShape, flashCrowd: flashCrowd.optional() })
  .describe('Arrival rate over time (per source, Poisson around the curve): exactly one of piecewiseLinear, sinusoidal, step, trace, flashCrowd.');

/** `rateChanges`: from `at` on, the selected sources emit at factor × their arrival's rate. */
export const zRateChanges = zList(zObj({
  at: zDurationMs().describe('When the change takes effect.'),
  factor: zNonNegative({ min: 0, max: 1e6 }).describe('Rate multiplier from `at` on (1 = back to the arrival\'s own rate, 0 = silent).'),
  sources: z.union([
    zList(zId()).min(1, { error: 'needs at least one source node' }),
    zObj({
      selector: zObj({
        tier: zEnum(['sensor', 'gateway', 'edge', 'regional', 'cloud']).optional(),
        labels: zLabels().optional(),
        region: zId().optional(),
      }).optional().describe('Every source of the stream matching all given criteria.'),
    }),
  ], { error: (iss) => `expected a list of node ids or {selector: {tier, labels, region}}, got ${JSON.stringify(iss.input)}` })
    .optional().describe('Which of the stream\'s sources change (default all).'),
}));
