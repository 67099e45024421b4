/**
 * Binds an ExperimentResult to the chart functions: picks the cells, series and points each
 * chart draws. Variant colours follow meta.variants order everywhere.
 */
import type { CellResult, ExperimentResult, MetricDef, ParetoGroup, RunRecord, SweepValue } from '../../sim-core/whatif/result.ts';
import { guessUnit } from './format.ts';
import type { Bar } from './bars.ts';
import { histogramCdf, type CdfSeries } from './cdf.ts';
import type { ParetoPoint } from './pareto.ts';
import type { SweepSeries } from './sweep.ts';
import type { TimeSeries } from './timeseries.ts';

/** Index of each variant in meta.variants (its colour). */
export function variantColors(r: ExperimentResult): Map<string, number> {
  return new Map(r.meta.variants.map((v, i) => [v.name, i]));
}

/** The MetricDef of `key` (from meta.metrics; objective and constraint metrics not listed there get a unit from their key). */
export function metricDef(r: ExperimentResult, key: string): MetricDef {
  const def = r.meta.metrics.find((m) => m.key === key);
  if (def) return def;
  const direction = r.meta.objective?.metric === key ? r.meta.objective.direction : 'lower';
  return { key, label: key, unit: guessUnit(key), direction };
}

/** Cells of one sweep point × fault set, in variant order. */
export function cellsOf(r: ExperimentResult, sweepIndex: number, faultSet: string): CellResult[] {
  const order = variantColors(r);
  return r.cells.filter((c) => c.sweepIndex === sweepIndex && c.faultSet === faultSet)
    .sort((a, b) => (order.get(a.variant) ?? 0) - (order.get(b.variant) ?? 0));
}

/** Apps that have latency histograms in these cells, in first-seen order. */
export function appsOf(cells: readonly CellResult[]): string[] {
  const apps: string[] = [];
  for (const c of cells) for (const l of c.latency) if (!apps.includes(l.app)) apps.push(l.app);
  return apps;
}

/** CDF series of one app: one per variant with a non-empty histogram. */
export function cdfSeries(r: ExperimentResult, cells: readonly CellResult[], app: string): CdfSeries[] {
  const colors = variantColors(r);
  return cells.flatMap((c) => {
    const h = c.latency.find((l) => l.app === app)?.histogram;
    const points = h ? histogramCdf(h) : [];
    return points.length ? [{ name: c.variant, colorIndex: colors.get(c.variant) ?? 0, points }] : [];
  });
}

/** Bars of one metric: each variant's mean and CI (variants without a mean are left out). */
export function metricBars(r: ExperimentResult, cells: readonly CellResult[], metric: string): Bar[] {
  const colors = variantColors(r);
  return cells.flatMap((c) => {
    const s = c.metrics[metric];
    if (!s || s.mean === null) return [];
    return [{ variant: c.variant, colorIndex: colors.get(c.variant) ?? 0, mean: s.mean, ci95: s.ci95 ?? [-Infinity, Infinity] }];
  });
}

/** The latency objective of a Pareto group (the one that is not cost or energy). */
export function paretoLatencyKey(g: ParetoGroup): string {
  return g.objectives.find((o) => o.metric !== 'costUsd' && o.metric !== 'energyWh')?.metric ?? g.objectives[0]?.metric ?? 'latencyP95Ms';
}

/** Scatter points of a Pareto group (points missing a coordinate are left out). */
export function paretoPoints(r: ExperimentResult, g: ParetoGroup): ParetoPoint[] {
  const colors = variantColors(r);
  const lat = paretoLatencyKey(g);
  return g.points.flatMap((p) => {
    const latencyMs = p.values[lat];
    const costUsd = p.values.costUsd;
    if (latencyMs === undefined || costUsd === undefined) return [];
    return [{ variant: p.variant, colorIndex: colors.get(p.variant) ?? 0, latencyMs, costUsd, energyWh: p.values.energyWh ?? NaN, onFront: g.front.includes(p.variant) }];
  });
}

/** Maps sweep values to x positions: the numbers themselves, or their index when any is not a number. */
export function sweepAxis(values: readonly SweepValue[]): { x: (v: SweepValue) => number; format: (x: number) => string; numeric: boolean } {
  const numeric = values.every((v) => typeof v === 'number');
  if (numeric) return { x: (v) => v as number, format: (x) => String(Number(x.toPrecision(6))), numeric };
  return {
    x: (v) => values.indexOf(v),
    format: (x) => (Number.isInteger(x) && x >= 0 && x < values.length ? String(values[x]) : ''),
    numeric,
  };
}

/** Sweep curves of one metric under one fault set: a series per variant. */
export function sweepSeries(r: ExperimentResult, metric: string, faultSet: string): SweepSeries[] {
  const values = r.meta.sweep?.values ?? [];
  const ax = sweepAxis(values);
  const colors = variantColors(r);
  return r.curves.filter((c) => c.metric === metric && c.faultSet === faultSet)
    .sort((a, b) => (colors.get(a.variant) ?? 0) - (colors.get(b.variant) ?? 0))
    .map((c) => ({
      name: c.variant,
      colorIndex: colors.get(c.variant) ?? 0,
      points: c.points.flatMap((p) => (p.mean === null ? [] : [{
        x: ax.x(p.sweepValue), mean: p.mean, lo: p.ci95 ? p.ci95[0] : NaN, hi: p.ci95 ? p.ci95[1] : NaN,
      }])),
    }));
}

/**
 * The seed whose baseline run has the median value of `metric` in this sweep point and fault set
 * (lower median for an even count; ties by seed index), so the time series show a typical run;
 * the same seed is used for every variant (common random numbers make them comparable).
 */
export function medianSeedIndex(r: ExperimentResult, sweepIndex: number, faultSet: string, metric: string): number {
  const base = r.runs.filter((x) => x.variant === r.meta.baseline && x.sweepIndex === sweepIndex && x.faultSet === faultSet && x.ok);
  const valued = base.flatMap((x) => { const v = x.metrics[metric]; return typeof v === 'number' ? [{ i: x.seedIndex, v }] : []; })
    .sort((a, b) => a.v - b.v || a.i - b.i);
  if (valued.length > 0) return valued[(valued.length - 1) >> 1]!.i;
  return (r.meta.seeds.length - 1) >> 1;
}

/** Which counter a time-series chart shows. */
export type TimeCounter = 'delivered' | 'droppedOrLost' | 'wanBytes' | 'wanMiB';

/** One series per variant of a counter, from the runs of one seed, sweep point and fault set. */
export function timeSeriesOf(r: ExperimentResult, sweepIndex: number, faultSet: string, seedIndex: number, counter: TimeCounter): TimeSeries[] {
  const colors = variantColors(r);
  const runs: RunRecord[] = r.runs.filter((x) => x.sweepIndex === sweepIndex && x.faultSet === faultSet && x.seedIndex === seedIndex && x.ok)
    .sort((a, b) => (colors.get(a.variant) ?? 0) - (colors.get(b.variant) ?? 0));
  const pick = (p: RunRecord['timeSeries'][number]) =>
    counter === 'delivered' ? p.delivered : counter === 'droppedOrLost' ? p.dropped + p.lost : counter === 'wanBytes' ? p.wanBytes : p.wanBytes / 1_048_576;
  return runs.map((x) => ({ name: x.variant, colorIndex: colors.get(x.variant) ?? 0, points: x.timeSeries.map((p) => [p.tMs, pick(p)] as const) }));
}
