/**
 * Time-series chart: counters sampled during one run (the median seed's), one line per series,
 * simulated time on the x axis as m:ss at whole 5 s / 10 s / 30 s / 1 min … steps, values in
 * human units (bytes in the binary unit of the largest value).
 */
import { line } from 'd3';
import { axisUnit, compactTicks, fmtClock, timeTicks } from './format.ts';
import { axes, chart, frame, inner, linearAxis } from './frame.ts';
import { el, esc } from './markup.ts';
import { COINCIDENT_DASH, coincidentLabel, coincidentWith } from './overlap.ts';
import { seriesColor, seriesDash } from './palette.ts';

/** One line: (time ms, value) samples in time order. */
export interface TimeSeries { name: string; /** Palette index (defaults to the series' position). */ colorIndex?: number; points: readonly (readonly [number, number])[] }

/** Options of the time-series chart. */
export interface TimeSeriesOptions {
  id: string; title: string; scope?: string; yLabel: string; yFormat?: (v: number) => string;
  /** Unit of the values ('B', 'ms', ''...): picks the axis unit, appended to yLabel. */
  unit?: string;
}

/** SVG figure: one line per series over simulated time. */
export function timeSeriesChart(series: readonly TimeSeries[], o: TimeSeriesOptions): string {
  const f = frame();
  const { w, h } = inner(f);
  const ts = series.flatMap((s) => s.points.map((p) => p[0]));
  const vs = series.flatMap((s) => s.points.map((p) => p[1])).filter(Number.isFinite);
  const tMax = ts.length ? Math.max(...ts) : 60_000;
  const x = linearAxis(0, tMax, 0, w, 'simulated time (m:ss)', (v) => fmtClock(v), true);
  x.scale.domain([0, tMax > 0 ? tMax : 60_000]);
  x.values = timeTicks(tMax > 0 ? tMax : 60_000, 6);
  const vMax = Math.max(0, ...vs.map(Math.abs));
  const u = o.unit !== undefined ? axisUnit(o.unit, vMax) : { div: 1, label: '', tick: o.yFormat ?? compactTicks(vMax) };
  const yLabel = o.unit !== undefined && u.label ? o.yLabel.replace(/\)$/, `, ${u.label})`).replace(/^([^(]*)$/, `$1 (${u.label})`) : o.yLabel;
  const y = linearAxis(0, vs.length ? Math.max(...vs) / u.div : 1, h, 0, yLabel, u.tick, true);
  const gen = line<readonly [number, number]>().x((p) => x.scale(p[0])).y((p) => y.scale(p[1] / u.div)).defined((p) => Number.isFinite(p[1])).digits(2);
  const same = coincidentWith(series);
  const names = series.map((s) => s.name);
  const dashOf = (s: TimeSeries, i: number) => (same[i]! >= 0 ? COINCIDENT_DASH : seriesDash(s.colorIndex ?? i));
  const paths = series.map((s, i) => el('path', {
    d: gen(s.points) ?? '', fill: 'none', stroke: seriesColor(s.colorIndex ?? i), 'stroke-width': 2, 'stroke-dasharray': dashOf(s, i) || undefined,
    class: 'series', 'data-series': s.name, 'data-points': s.points.length,
  }, el('title', {}, esc(`${s.name}: ${s.points.length} samples`))));
  return chart({
    id: o.id, scope: o.scope, kind: 'timeseries', frame: f, title: o.title,
    desc: `${yLabel} over simulated time, ${series.length} series.`,
    body: axes(f, x, y) + paths.join(''),
    legend: series.map((s, i) => ({ label: coincidentLabel(names, same, i), color: seriesColor(s.colorIndex ?? i), mark: 'line' as const, dash: dashOf(s, i) })),
  });
}
