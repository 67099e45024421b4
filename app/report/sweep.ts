/**
 * Sweep curves: a metric against the swept parameter's value, the mean over seeds as a line and
 * its 95% confidence interval as a shaded band (clamped to the metric's range: a rate's band
 * never dips below 0). The y axis uses human units; the x ticks sit on the swept values.
 */
import { area, line } from 'd3';
import { axisUnit, clampInterval, compactTicks, formatValue } from './format.ts';
import { axes, chart, frame, inner, linearAxis } from './frame.ts';
import { el, esc, fmtNum, leaf } from './markup.ts';
import { COINCIDENT_DASH, coincidentLabel, coincidentWith } from './overlap.ts';
import { seriesColor, seriesDash } from './palette.ts';

/** One point of a sweep: parameter value, mean and CI (an infinite or NaN bound draws no band there). */
export interface SweepPoint { x: number; mean: number; lo: number; hi: number }

/** One curve (e.g. one metric, or one app) over the sweep. */
export interface SweepSeries { name: string; /** Palette index (defaults to the series' position). */ colorIndex?: number; points: readonly SweepPoint[] }

/** Options of the sweep chart. */
export interface SweepOptions {
  id: string; title: string; scope?: string; xLabel: string; yLabel: string; xFormat?: (x: number) => string;
  /** Metric unit: picks the y axis unit (appended to yLabel) and the tooltip text. */
  unit?: string;
  /** The metric's range; bands are clamped to it. */
  bounds?: readonly [number, number];
  /** Tick positions on x (the swept values); default: the scale's ticks. */
  xTicks?: readonly number[];
}

/** SVG figure: mean lines with CI bands over the swept values. */
export function sweepChart(series: readonly SweepSeries[], o: SweepOptions): string {
  const f = frame();
  const { w, h } = inner(f);
  const bounds = o.bounds ?? [-Infinity, Infinity];
  const clamp = (p: SweepPoint): SweepPoint => {
    if (!Number.isFinite(p.lo) || !Number.isFinite(p.hi)) return p;
    const [lo, hi] = clampInterval([p.lo, p.hi], bounds);
    return { ...p, lo, hi };
  };
  const sorted = series.map((s) => ({ ...s, points: s.points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.mean)).map(clamp).sort((a, b) => a.x - b.x) }));
  const pts = sorted.flatMap((s) => s.points);
  const xs = pts.map((p) => p.x);
  const ys = pts.flatMap((p) => [p.mean, p.lo, p.hi]).filter(Number.isFinite);
  const u = o.unit !== undefined ? axisUnit(o.unit, Math.max(0, ...ys.map(Math.abs))) : { div: 1, label: '', tick: compactTicks(Math.max(0, ...ys.map(Math.abs))) };
  const yLabel = o.unit !== undefined && u.label ? `${o.yLabel} (${u.label})` : o.yLabel;
  const x = linearAxis(xs.length ? Math.min(...xs) : 0, xs.length ? Math.max(...xs) : 1, 0, w, o.xLabel, o.xFormat ?? compactTicks(Math.max(0, ...xs.map(Math.abs))));
  if (o.xTicks && o.xTicks.length > 0 && o.xTicks.length <= 12) x.values = o.xTicks;
  const y = linearAxis(ys.length ? Math.min(...ys) / u.div : 0, ys.length ? Math.max(...ys) / u.div : 1, h, 0, yLabel, u.tick);
  const sy = (v: number) => y.scale(v / u.div);
  const band = area<SweepPoint>().x((p) => x.scale(p.x)).y0((p) => sy(p.lo)).y1((p) => sy(p.hi))
    .defined((p) => Number.isFinite(p.lo) && Number.isFinite(p.hi)).digits(2);
  const mean = line<SweepPoint>().x((p) => x.scale(p.x)).y((p) => sy(p.mean)).digits(2);
  const same = coincidentWith(sorted);
  const names = sorted.map((s) => s.name);
  const dashOf = (s: (typeof sorted)[number], i: number) => (same[i]! >= 0 ? COINCIDENT_DASH : seriesDash(s.colorIndex ?? i));
  const text = (v: number) => (o.unit !== undefined ? formatValue(v, o.unit) : fmtNum(v, 4));
  const xText = (v: number) => (o.xFormat ? o.xFormat(v) : fmtNum(v));
  const body = sorted.map((s, i) => el('g', { class: 'series', 'data-series': s.name, 'data-points': s.points.length },
    leaf('path', { d: band(s.points) ?? '', fill: seriesColor(s.colorIndex ?? i), 'fill-opacity': 0.18, stroke: 'none', class: 'band' }),
    leaf('path', { d: mean(s.points) ?? '', fill: 'none', stroke: seriesColor(s.colorIndex ?? i), 'stroke-width': 2, 'stroke-dasharray': dashOf(s, i) || undefined, class: 'mean' }),
    ...s.points.map((p) => el('circle', { cx: x.scale(p.x), cy: sy(p.mean), r: 3, fill: seriesColor(s.colorIndex ?? i), class: 'pt' },
      el('title', {}, esc(`${s.name} at ${xText(p.x)}: ${text(p.mean)}${Number.isFinite(p.lo) && Number.isFinite(p.hi) ? ` (95% CI ${text(p.lo)} to ${text(p.hi)})` : ''}`))))));
  return chart({
    id: o.id, scope: o.scope, kind: 'sweep', frame: f, title: o.title,
    desc: `${yLabel} against ${o.xLabel}: mean over seeds (line) with 95% confidence band, ${series.length} series.`,
    body: axes(f, x, y) + body.join(''),
    legend: [
      ...sorted.map((s, i) => ({ label: coincidentLabel(names, same, i), color: seriesColor(s.colorIndex ?? i), mark: 'line' as const, dash: dashOf(s, i) })),
      { label: '95% CI', color: '#57606a', mark: 'band' as const },
    ],
  });
}
