/**
 * Sweep curves: a metric against the swept parameter's value, the mean over seeds as a line and
 * its 95% confidence interval as a shaded band.
 */
import { area, line } from 'd3';
import { axes, chart, frame, inner, linearAxis } from './frame.ts';
import { el, esc, fmtNum, fmtTick, leaf } from './markup.ts';
import { seriesColor, seriesDash } from './palette.ts';

/** One point of a sweep: parameter value, mean and CI (an infinite bound draws no band there). */
export interface SweepPoint { x: number; mean: number; lo: number; hi: number }

/** One curve (e.g. one metric, or one app) over the sweep. */
export interface SweepSeries { name: string; /** Palette index (defaults to the series' position). */ colorIndex?: number; points: readonly SweepPoint[] }

/** Options of the sweep chart. */
export interface SweepOptions { id: string; title: string; scope?: string; xLabel: string; yLabel: string; xFormat?: (x: number) => string }

/** SVG figure: mean lines with CI bands over the swept values. */
export function sweepChart(series: readonly SweepSeries[], o: SweepOptions): string {
  const f = frame();
  const { w, h } = inner(f);
  const pts = series.flatMap((s) => s.points);
  const xs = pts.map((p) => p.x).filter(Number.isFinite);
  const ys = pts.flatMap((p) => [p.mean, p.lo, p.hi]).filter(Number.isFinite);
  const x = linearAxis(xs.length ? Math.min(...xs) : 0, xs.length ? Math.max(...xs) : 1, 0, w, o.xLabel, o.xFormat ?? ((v) => fmtTick(v)));
  const y = linearAxis(ys.length ? Math.min(...ys) : 0, ys.length ? Math.max(...ys) : 1, h, 0, o.yLabel, (v) => fmtTick(v));
  const sorted = series.map((s) => ({ ...s, points: [...s.points].filter((p) => Number.isFinite(p.x) && Number.isFinite(p.mean)).sort((a, b) => a.x - b.x) }));
  const band = area<SweepPoint>().x((p) => x.scale(p.x)).y0((p) => y.scale(p.lo)).y1((p) => y.scale(p.hi))
    .defined((p) => Number.isFinite(p.lo) && Number.isFinite(p.hi)).digits(2);
  const mean = line<SweepPoint>().x((p) => x.scale(p.x)).y((p) => y.scale(p.mean)).digits(2);
  const body = sorted.map((s, i) => el('g', { class: 'series', 'data-series': s.name, 'data-points': s.points.length },
    leaf('path', { d: band(s.points) ?? '', fill: seriesColor(s.colorIndex ?? i), 'fill-opacity': 0.18, stroke: 'none', class: 'band' }),
    leaf('path', { d: mean(s.points) ?? '', fill: 'none', stroke: seriesColor(s.colorIndex ?? i), 'stroke-width': 2, 'stroke-dasharray': seriesDash(s.colorIndex ?? i) || undefined, class: 'mean' }),
    ...s.points.map((p) => el('circle', { cx: x.scale(p.x), cy: y.scale(p.mean), r: 3, fill: seriesColor(s.colorIndex ?? i), class: 'pt' },
      el('title', {}, esc(`${s.name} at ${fmtNum(p.x)}: ${fmtNum(p.mean, 4)} (95% CI ${fmtNum(p.lo, 4)} … ${fmtNum(p.hi, 4)})`))))));
  return chart({
    id: o.id, scope: o.scope, kind: 'sweep', frame: f, title: o.title,
    desc: `${o.yLabel} against ${o.xLabel}: mean over seeds (line) with 95% confidence band, ${series.length} series.`,
    body: axes(f, x, y) + body.join(''),
    legend: [
      ...sorted.map((s, i) => ({ label: s.name, color: seriesColor(s.colorIndex ?? i), mark: 'line' as const, dash: seriesDash(s.colorIndex ?? i) })),
      { label: '95% CI', color: '#57606a', mark: 'band' as const },
    ],
  });
}
