/**
 * The report's figures for one fault set (latency CDFs, metric bars with CIs, the Pareto scatter,
 * time series of the median seed) and for a sweep, as SVG figure strings. The HTML report and the
 * web app's Compare panel both draw these, so they show the same charts from the same numbers.
 */
import type { ExperimentResult } from '../../sim-core/whatif/result.ts';
import { barChart } from './bars.ts';
import { appsOf, cdfSeries, cellsOf, medianSeedIndex, metricBars, metricDef, paretoPoints, sweepAxis, sweepSeries, timeSeriesOf, type TimeCounter } from './bind.ts';
import { cdfChart } from './cdf.ts';
import { metricBounds } from './format.ts';
import { paretoChart } from './pareto.ts';
import { sweepChart } from './sweep.ts';
import { timeSeriesChart } from './timeseries.ts';

/** Makes element ids unique within one page ("cdf-1", "cdf-2"…, with an optional prefix). */
export type IdMaker = (kind: string) => string;

/** A sequential id maker: `${prefix}${kind}-${n}`. */
export function idMaker(prefix = ''): IdMaker {
  let seq = 0;
  return (kind) => `${prefix}${kind}-${++seq}`;
}

/** The figures of one fault set at one sweep point. */
export interface FaultSetFigures {
  cdf: string[];
  bars: string[];
  /** Null when no variant has both a latency and a cost. */
  pareto: string | null;
  timeseries: string[];
  /** The seed the time series show (the baseline's median run by `metric`). */
  seed: { seed: number; seedIndex: number; metric: string };
}

/** Every figure of fault set `faultSet` at sweep point `sweepIndex`; `scope` goes into each chart's accessible title. */
export function faultSetFigures(result: ExperimentResult, faultSet: string, sweepIndex: number, id: IdMaker, scope: string): FaultSetFigures {
  const m = result.meta;
  const cells = cellsOf(result, sweepIndex, faultSet);
  const cdf = appsOf(cells).map((app) => cdfChart(cdfSeries(result, cells, app), { id: id('cdf'), title: `Latency CDF: app ${app}`, scope }));
  const bars = m.metrics.map((metric) => barChart(metricBars(result, cells, metric.key), {
    id: id('bars'), title: metric.label, scope, valueLabel: metric.label, unit: metric.unit, bounds: metricBounds(metric.unit),
  }));
  const group = result.pareto.find((g) => g.sweepIndex === sweepIndex && g.faultSet === faultSet);
  const pareto = group && group.points.length > 0
    ? paretoChart(paretoPoints(result, group), { id: id('pareto'), title: 'Latency vs cost (bubble area = energy)', scope })
    : null;
  const key = m.objective?.metric ?? m.metrics[0]?.key ?? '';
  const seedIndex = medianSeedIndex(result, sweepIndex, faultSet, key);
  const counters: [TimeCounter, string, string, string | undefined][] = [
    ['delivered', 'Messages delivered', 'messages delivered (cumulative)', undefined],
    ['droppedOrLost', 'Messages dropped or lost', 'messages dropped + lost (cumulative)', undefined],
    ['wanBytes', 'WAN traffic', 'WAN data (cumulative)', 'B'],
  ];
  const timeseries = counters.map(([counter, title, yLabel, unit]) =>
    timeSeriesChart(timeSeriesOf(result, sweepIndex, faultSet, seedIndex, counter), { id: id('ts'), title, scope, yLabel, unit }));
  return { cdf, bars, pareto, timeseries, seed: { seed: m.seeds[seedIndex] ?? seedIndex, seedIndex, metric: key } };
}

/** Sweep curves of every metric under `faultSet` (empty without a sweep). */
export function sweepFigures(result: ExperimentResult, faultSet: string, id: IdMaker): string[] {
  const m = result.meta;
  if (!m.sweep || result.curves.length === 0) return [];
  const ax = sweepAxis(m.sweep.values);
  const xTicks = m.sweep.values.map((v) => ax.x(v));
  return m.metrics.flatMap((metric) => {
    const series = sweepSeries(result, metric.key, faultSet);
    if (series.every((s) => s.points.length === 0)) return [];
    const def = metricDef(result, metric.key);
    return [sweepChart(series, {
      id: id('sweep'), title: `${metric.label} vs ${m.sweep!.path}`, scope: `fault set ${faultSet}`, xLabel: m.sweep!.path,
      yLabel: def.label, unit: def.unit, bounds: metricBounds(def.unit), xFormat: ax.format, xTicks,
    })];
  });
}
