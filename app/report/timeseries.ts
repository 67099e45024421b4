/**
 * Time-series chart: counters sampled during one run (the median seed's), one line per series,
 * time on the x axis in minutes.
 */
import { line } from 'd3';
import { axes, chart, frame, inner, linearAxis } from './frame.ts';
import { el, fmtTick } from './markup.ts';
import { seriesColor, seriesDash } from './palette.ts';

/** One line: (time ms, value) samples in time order. */
export interface TimeSeries { name: string; /** Palette index (defaults to the series' position). */ colorIndex?: number; points: readonly (readonly [number, number])[] }

/** Options of the time-series chart. */
export interface TimeSeriesOptions { id: string; title: string; scope?: string; yLabel: string; yFormat?: (v: number) => string }

/** SVG figure: one line per series over simulated time. */
export function timeSeriesChart(series: readonly TimeSeries[], o: TimeSeriesOptions): string {
  const f = frame();
  const { w, h } = inner(f);
  const ts = series.flatMap((s) => s.points.map((p) => p[0]));
  const vs = series.flatMap((s) => s.points.map((p) => p[1])).filter(Number.isFinite);
  const x = linearAxis(0, ts.length ? Math.max(...ts) / 60_000 : 1, 0, w, 'simulated time (min)', (v) => fmtTick(v), true);
  const y = linearAxis(0, vs.length ? Math.max(...vs) : 1, h, 0, o.yLabel, o.yFormat ?? ((v) => fmtTick(v)), true);
  const gen = line<readonly [number, number]>().x((p) => x.scale(p[0] / 60_000)).y((p) => y.scale(p[1])).defined((p) => Number.isFinite(p[1])).digits(2);
  const paths = series.map((s, i) => el('path', {
    d: gen(s.points) ?? '', fill: 'none', stroke: seriesColor(s.colorIndex ?? i), 'stroke-width': 2, 'stroke-dasharray': seriesDash(s.colorIndex ?? i) || undefined,
    class: 'series', 'data-series': s.name, 'data-points': s.points.length,
  }, el('title', {}, `${s.name}: ${s.points.length} samples`)));
  return chart({
    id: o.id, scope: o.scope, kind: 'timeseries', frame: f, title: o.title,
    desc: `${o.yLabel} over simulated time, ${series.length} series.`,
    body: axes(f, x, y) + paths.join(''),
    legend: series.map((s, i) => ({ label: s.name, color: seriesColor(s.colorIndex ?? i), mark: 'line' as const, dash: seriesDash(s.colorIndex ?? i) })),
  });
}
