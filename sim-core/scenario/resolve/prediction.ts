/**
 * Resolves fault precursors (spec.faults[i].precursor) and spec.prediction, with defaults.
 * A precursor belongs to a node or power fault; its rise must start at or after t = 0. A
 * `fails: false` precursor keeps the rise and drops the fault (resolveFaults skips it).
 */
import type { z } from 'zod';
import { PRECURSOR_SIGNALS, type PrecursorModel, type PredictionModel, type PrecursorSignal, type StochasticPrecursorModel } from '../model.ts';
import type { zFault } from '../schema/dynamics.ts';
import type { zPrediction, zStochasticPrecursor } from '../schema/prediction.ts';
import type { FieldPath } from '../../text/yaml-source.ts';
import { formatDurationMs } from '../../text/units.ts';
import type { ResolveContext } from './context.ts';

/** Defaults of spec.prediction. */
export const PREDICTION_DEFAULTS = { everyMs: 10_000, windowMs: 120_000, horizonMs: 600_000, minSamples: 8, noise: 0.02 } as const;

/** Service-time multiplier a queueGrowth precursor reaches at the fault time when peak is not given. */
export const QUEUE_GROWTH_DEFAULT_SLOWDOWN = 4;

/** Whether a spec.faults entry is a false-alarm precursor only (no fault is applied). */
export function isPrecursorOnly(item: z.output<typeof zFault>): boolean {
  return typeof item !== 'string' && item.precursor?.fails === false;
}

/** The precursors of spec.faults, in entry order. */
export function resolvePrecursors(ctx: ResolveContext, items: z.output<typeof zFault>[], nodeIds: readonly string[], nodeDiscipline?: (id: string) => string | undefined): PrecursorModel[] {
  const out: PrecursorModel[] = [];
  items.forEach((item, entry) => {
    if (typeof item === 'string' || item.precursor === undefined) return;
    const pre = item.precursor;
    const p: FieldPath = ['spec', 'faults', entry, 'precursor'];
    const node = item.node ?? item.power;
    if (node === undefined) { ctx.issue(p, 'a precursor applies to node and power faults only (it rises on the node\'s telemetry); this fault has no node or power target'); return; }
    if (!nodeIds.includes(node)) return; // resolveFaults reports the dangling node
    if (pre.lead > item.at) {
      ctx.issue([...p, 'lead'], `the rise would start before the run: lead ${formatDurationMs(pre.lead)} is longer than the fault's at ${formatDurationMs(item.at)}; use a lead of at most ${formatDurationMs(item.at)}`);
      return;
    }
    const signal = (pre.signal ?? 'temperature') as PrecursorSignal;
    const sig = PRECURSOR_SIGNALS[signal];
    if (signal === 'queueGrowth') {
      // The node slows down: peak is the service-time multiplier at the fault time (default 4).
      const peak = pre.peak ?? QUEUE_GROWTH_DEFAULT_SLOWDOWN;
      if (!(peak > 1)) { ctx.issue([...p, 'peak'], `a queueGrowth precursor slows the node down: peak is the service-time multiplier at the fault time and must be above 1, got ${peak}`); return; }
      if (nodeDiscipline?.(node) === 'ps') { ctx.issue([...p, 'signal'], `queueGrowth watches the node's waiting queue, but ${node} shares its cores (discipline ps) and never queues; use it on a fifo node, or signal temperature or errorRate`); return; }
      out.push({ node, signal, startMs: item.at - pre.lead, faultAtMs: item.at, peak, noise: 0, fails: pre.fails ?? true, entry });
      return;
    }
    const peak = pre.peak ?? sig.critical;
    if (peak <= sig.normal) { ctx.issue([...p, 'peak'], `a precursor rises: peak must be above the normal ${signal} ${sig.normal} ${sig.unit}, got ${peak}`); return; }
    out.push({ node, signal, startMs: item.at - pre.lead, faultAtMs: item.at, peak, noise: pre.noise ?? 0, fails: pre.fails ?? true, entry });
  });
  return out;
}

/** A stochastic fault's precursor with defaults (undefined after an issue). */
export function resolveStochasticPrecursor(ctx: ResolveContext, p: FieldPath, pre: z.output<typeof zStochasticPrecursor>): StochasticPrecursorModel | undefined {
  const signal = (pre.signal ?? 'temperature') as PrecursorSignal;
  const sig = PRECURSOR_SIGNALS[signal];
  if (signal === 'queueGrowth') { ctx.issue([...p, 'signal'], 'queueGrowth (a real slowdown before the failure) is for scripted spec.faults entries only; a stochastic fault\'s precursor is temperature or errorRate'); return undefined; }
  const peak = pre.peak ?? sig.critical;
  if (peak <= sig.normal) { ctx.issue([...p, 'peak'], `a precursor rises: peak must be above the normal ${signal} ${sig.normal} ${sig.unit}, got ${peak}`); return undefined; }
  return { leadMs: pre.lead, signal, peak, noise: pre.noise ?? 0 };
}

/** spec.prediction with defaults; a window shorter than minSamples sample periods is refused. */
export function resolvePrediction(ctx: ResolveContext, spec: z.output<typeof zPrediction>): PredictionModel {
  const d = PREDICTION_DEFAULTS;
  const m: PredictionModel = {
    enabled: spec.enabled ?? true, everyMs: spec.every ?? d.everyMs, windowMs: spec.window ?? d.windowMs, horizonMs: spec.horizon ?? d.horizonMs,
    minSamples: spec.minSamples ?? d.minSamples, noise: spec.noise ?? d.noise, action: spec.action ?? 'migrate',
  };
  if (m.windowMs < (m.minSamples - 1) * m.everyMs) {
    ctx.issue(['spec', 'prediction', 'window'], `the window ${formatDurationMs(m.windowMs)} holds fewer than minSamples ${m.minSamples} samples taken every ${formatDurationMs(m.everyMs)}; use a window of at least ${formatDurationMs((m.minSamples - 1) * m.everyMs)}`);
  }
  return m;
}
