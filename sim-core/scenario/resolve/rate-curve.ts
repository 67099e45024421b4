/**
 * Resolves `arrival.curve` into a RateCurve and a stream's `rateChanges` into RateChangeModels,
 * recording located issues (unsorted points, points outside the period, two kinds at once).
 */
import type { z } from 'zod';
import type { NodeModel, RateChangeModel } from '../model.ts';
import type { zCurve, zBaseCurve, zRateChanges } from '../schema/rate-curve.ts';
import { checkRateCurve, type RateCurve, type RatePoint } from '../../workload/rate-curve.ts';
import { formatDurationMs } from '../../text/units.ts';
import type { FieldPath } from '../../text/yaml-source.ts';
import type { ResolveContext } from './context.ts';

type CurveIn = z.output<typeof zCurve>;
type BaseCurveIn = z.output<typeof zBaseCurve>;
type RateChangesIn = z.output<typeof zRateChanges>;

const BASE_KINDS = ['piecewiseLinear', 'sinusoidal', 'step', 'trace'] as const;
const KINDS_TEXT = 'piecewiseLinear: {points, period}, sinusoidal: {mean, amplitude, period, peakAt}, step: {before, after, at}, trace: {file | samples}';

/** A resolved curve; with traceFile set, its trace points are empty until the file is read (twin/scenario-files.ts). */
export interface ResolvedCurve { curve: RateCurve; traceFile?: string }

/** Resolves `arrival.curve` at `path`; undefined (with issues recorded) when invalid. */
export function resolveCurve(ctx: ResolveContext, c: CurveIn, path: FieldPath): ResolvedCurve | undefined {
  const before = ctx.issues.length;
  const out = resolveAny(ctx, c, path, true);
  if (!out || ctx.issues.length > before) return undefined;
  if (!out.traceFile) {
    // The pure checks as a backstop; the located checks above should have caught everything.
    try { checkRateCurve(out.curve); } catch (err) { ctx.issue(path, (err as Error).message); return undefined; }
  }
  return out;
}

function resolveAny(ctx: ResolveContext, c: CurveIn, path: FieldPath, allowCrowd: boolean): ResolvedCurve | undefined {
  const kinds = [...BASE_KINDS, ...(allowCrowd ? ['flashCrowd'] as const : [])].filter((k) => (c as Record<string, unknown>)[k] !== undefined);
  if (kinds.length !== 1) {
    ctx.issue(path, kinds.length === 0
      ? `curve needs one of ${KINDS_TEXT}${allowCrowd ? ', flashCrowd: {base, at, rise, hold, decay, factor}' : ''}`
      : `curve takes exactly one kind, got ${kinds.join(' and ')}`);
    return undefined;
  }
  if (c.flashCrowd) {
    const f = c.flashCrowd;
    const base = resolveAny(ctx, f.base as BaseCurveIn, [...path, 'flashCrowd', 'base'], false);
    if (!base) return undefined;
    const curve: RateCurve = { kind: 'flash-crowd', base: base.curve, atMs: f.at, riseMs: f.rise ?? 0, holdMs: f.hold, decayMs: f.decay ?? 0, multiplier: f.factor };
    return base.traceFile !== undefined ? { curve, traceFile: base.traceFile } : { curve };
  }
  if (c.piecewiseLinear) {
    const p = c.piecewiseLinear;
    const at = [...path, 'piecewiseLinear'];
    const points = checkedPoints(ctx, p.points, [...at, 'points']);
    if (!points) return undefined;
    if (p.period === undefined) return { curve: { kind: 'piecewise-linear', points } };
    const period = p.period;
    const outside = points.findIndex((q) => q.atMs >= period);
    if (outside >= 0) {
      ctx.issue([...at, 'points', outside, 0], `with period ${formatDurationMs(period)} the points must lie in [0, ${formatDurationMs(period)}), got ${formatDurationMs(points[outside]!.atMs)} (the rate at ${formatDurationMs(period)} is the first point's)`);
      return undefined;
    }
    return { curve: { kind: 'piecewise-linear', points, periodMs: period } };
  }
  if (c.sinusoidal) {
    const s = c.sinusoidal;
    const curve: RateCurve = { kind: 'sinusoidal', meanPerS: s.mean, amplitudePerS: s.amplitude, peakAtMs: s.peakAt ?? 0 };
    if (s.period !== undefined) curve.periodMs = s.period;
    return { curve };
  }
  if (c.step) return { curve: { kind: 'step', beforePerS: c.step.before, afterPerS: c.step.after, atMs: c.step.at } };
  const t = c.trace!;
  const at = [...path, 'trace'];
  if ((t.file === undefined) === (t.samples === undefined)) {
    ctx.issue(at, 'trace needs exactly one of file: <csv path> or samples: [[time, rate], …]');
    return undefined;
  }
  if (t.file !== undefined) return { curve: { kind: 'trace', points: [] }, traceFile: t.file };
  const points = checkedPoints(ctx, t.samples!, [...at, 'samples']);
  return points ? { curve: { kind: 'trace', points } } : undefined;
}

/** [time, rate] pairs as RatePoints, or undefined with an issue at the first time not after its predecessor. */
function checkedPoints(ctx: ResolveContext, pairs: [number, number][], path: FieldPath): RatePoint[] | undefined {
  for (let i = 1; i < pairs.length; i++) {
    if (!(pairs[i]![0] > pairs[i - 1]![0])) {
      ctx.issue([...path, i, 0], `times must increase: ${formatDurationMs(pairs[i]![0])} is not after the previous point's ${formatDurationMs(pairs[i - 1]![0])}`);
      return undefined;
    }
  }
  return pairs.map(([atMs, ratePerS]) => ({ atMs, ratePerS }));
}

/** Resolves a stream's rateChanges against its sources; undefined (with issues recorded) when invalid. */
export function resolveRateChanges(
  ctx: ResolveContext, changes: RateChangesIn, path: FieldPath, streamId: string, streamSources: readonly string[], nodes: readonly NodeModel[],
): RateChangeModel[] | undefined {
  let ok = true;
  const out: RateChangeModel[] = [];
  const mine = new Set(streamSources);
  changes.forEach((c, i) => {
    const at: FieldPath = [...path, i];
    if (i > 0 && c.at < changes[i - 1]!.at) {
      ctx.issue([...at, 'at'], `rate changes must be in time order: ${formatDurationMs(c.at)} is before the previous change's ${formatDurationMs(changes[i - 1]!.at)}`);
      ok = false;
      return;
    }
    const change: RateChangeModel = { atMs: c.at, factor: c.factor };
    if (Array.isArray(c.sources)) {
      c.sources.forEach((id, k) => {
        if (!mine.has(id)) { ctx.issue([...at, 'sources', k], `node '${id}' is not a source of stream '${streamId}'`); ok = false; }
      });
      change.sources = [...c.sources];
    } else if (c.sources !== undefined) {
      const sel = c.sources.selector ?? {};
      const picked = nodes.filter((n) => mine.has(n.id) &&
        (sel.tier === undefined || n.tier === sel.tier) &&
        (sel.region === undefined || n.region === sel.region) &&
        Object.entries(sel.labels ?? {}).every(([k, v]) => n.labels[k] === v)).map((n) => n.id);
      if (picked.length === 0) { ctx.issue([...at, 'sources'], `selector ${JSON.stringify(sel)} matches none of stream '${streamId}''s ${streamSources.length} sources`); ok = false; }
      change.sources = picked;
    }
    out.push(change);
  });
  return ok ? out : undefined;
}
