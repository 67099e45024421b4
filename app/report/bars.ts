/**
 * Bar chart of one metric across variants: the mean over seeds as a bar, its 95% confidence
 * interval as a whisker. Colours follow the variant's index so every chart agrees.
 */
import { scaleBand } from 'd3';
import { axes, chart, frame, inner, linearAxis, type Axis } from './frame.ts';
import { el, esc, fmtNum, fmtTick, leaf } from './markup.ts';
import { seriesColor } from './palette.ts';

/** One bar: a variant's mean and 95% CI (an infinite bound, as with one seed, draws no whisker). */
export interface Bar { variant: string; colorIndex: number; mean: number; ci95: readonly [number, number] }

/** Options of the bar chart. */
export interface BarOptions { id: string; title: string; scope?: string; valueLabel: string }

/** SVG figure: one bar with a CI whisker per variant. */
export function barChart(bars: readonly Bar[], o: BarOptions): string {
  const f = { ...frame(340, 280), bottom: 64 };
  const { w, h } = inner(f);
  const vals = bars.flatMap((b) => [b.mean, ...b.ci95.filter(Number.isFinite)]).filter(Number.isFinite);
  const y = linearAxis(vals.length ? Math.min(...vals) : 0, vals.length ? Math.max(...vals) : 1, h, 0, o.valueLabel, (v) => fmtTick(v), true);
  const band = scaleBand<string>().domain(bars.map((b) => b.variant)).range([0, w]).padding(0.3);
  const variants: Axis = { ...linearAxis(0, 1, 0, w, 'variant', String), noTicks: true };
  const grid = axes(f, variants, y);
  const y0 = y.scale(0);
  const marks = bars.map((b) => {
    const x0 = band(b.variant)!;
    const bw = band.bandwidth();
    const ym = y.scale(Number.isFinite(b.mean) ? b.mean : 0);
    const parts = [el('rect', {
      x: x0, y: Math.min(ym, y0), width: bw, height: Math.abs(y0 - ym), fill: seriesColor(b.colorIndex), class: 'bar', 'data-variant': b.variant,
    }, el('title', {}, esc(`${b.variant}: ${fmtNum(b.mean, 4)} (95% CI ${fmtNum(b.ci95[0], 4)} … ${fmtNum(b.ci95[1], 4)})`)))];
    if (Number.isFinite(b.ci95[0]) && Number.isFinite(b.ci95[1])) {
      const cx = x0 + bw / 2;
      const [ylo, yhi] = [y.scale(b.ci95[0]), y.scale(b.ci95[1])];
      parts.push(el('g', { class: 'whisker', stroke: '#1f2328', 'stroke-width': 1.5 },
        leaf('line', { x1: cx, x2: cx, y1: ylo, y2: yhi }),
        leaf('line', { x1: cx - bw / 5, x2: cx + bw / 5, y1: ylo, y2: ylo }),
        leaf('line', { x1: cx - bw / 5, x2: cx + bw / 5, y1: yhi, y2: yhi })));
    }
    parts.push(el('text', { x: x0 + bw / 2, y: h + 16, 'text-anchor': 'middle', class: 'tick' }, esc(shorten(b.variant))));
    return parts.join('');
  });
  return chart({
    id: o.id, scope: o.scope, kind: 'bars', frame: f, title: o.title,
    desc: `Mean ${o.valueLabel} per variant with 95% confidence intervals (${bars.length} variants).`,
    body: grid + marks.join(''),
  });
}

/** Variant names longer than 14 characters are cut with an ellipsis under the bars (full name in the tooltip). */
function shorten(name: string): string {
  return name.length > 14 ? `${name.slice(0, 13)}…` : name;
}
