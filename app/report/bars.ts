/**
 * Bar chart of one metric across variants, drawn horizontally: one row per variant with its name
 * on the left (names never collide, however many variants), the mean over seeds as a bar, its 95%
 * confidence interval as a whisker, and the value written at the end of the row. The value axis
 * uses human units (MiB for bytes, % for rates) and intervals are clamped to the metric's range.
 */
import { scaleBand } from 'd3';
import { axisUnit, clampInterval, columnFormat } from './format.ts';
import { axes, chart, inner, linearAxis, type Axis, type Frame } from './frame.ts';
import { el, esc, leaf } from './markup.ts';
import { seriesColor } from './palette.ts';

/** One bar: a variant's mean and 95% CI (an infinite bound, as with one seed, draws no whisker). */
export interface Bar { variant: string; colorIndex: number; mean: number; ci95: readonly [number, number] }

/** Options of the bar chart. */
export interface BarOptions {
  id: string; title: string; scope?: string;
  /** Axis label; with `unit` the axis unit is appended ("WAN bytes (MiB)"). */
  valueLabel: string;
  /** Metric unit ('ms', 'B', 'ratio', 'USD', 'Wh', ''); picks the axis unit and the value text. */
  unit?: string;
  /** The metric's range (rates [0, 1], amounts [0, ∞)): whiskers are clamped to it. */
  bounds?: readonly [number, number];
}

/** Longest variant name drawn in full at the left (longer ones end in an ellipsis; the tooltip has it all). */
const NAME_CHARS = 16;
const ROW = 28;

/** SVG figure: one horizontal bar with a CI whisker and its value per variant. */
export function barChart(bars: readonly Bar[], o: BarOptions): string {
  const names = bars.map((b) => shorten(b.variant));
  const longest = Math.max(4, ...names.map((n) => n.length));
  const f: Frame = { width: 420, height: 0, top: 10, right: 78, bottom: 44, left: Math.min(136, Math.round(longest * 6.6) + 36) };
  f.height = f.top + f.bottom + Math.max(2, bars.length) * ROW;
  const { w, h } = inner(f);
  const bounds = o.bounds ?? [-Infinity, Infinity];
  const shown = bars.map((b) => ({ ...b, ci: clampInterval(b.ci95, bounds) }));
  const raw = shown.flatMap((b) => [b.mean, ...b.ci.filter(Number.isFinite)]).filter(Number.isFinite);
  const u = o.unit !== undefined ? axisUnit(o.unit, Math.max(0, ...raw.map(Math.abs))) : { div: 1, label: '', tick: (x: number) => String(x) };
  const label = o.unit !== undefined && u.label ? `${o.valueLabel} (${u.label})` : o.valueLabel;
  const x = linearAxis(raw.length ? Math.min(...raw) / u.div : 0, raw.length ? Math.max(...raw) / u.div : 1, 0, w, label, u.tick, true);
  // About one tick per 60 px, so tick labels like "$0.08" or "2,500" never touch.
  x.tickCount = Math.max(2, Math.floor(w / 60));
  const sx = (v: number) => x.scale(v / u.div);
  const band = scaleBand<string>().domain(bars.map((b) => b.variant)).range([0, h]).padding(0.28);
  const variants: Axis = { ...linearAxis(0, 1, h, 0, 'variant', String), noTicks: true };
  const x0 = sx(0);
  // The bars' values share one format (same unit and decimals), like a table column.
  const col = columnFormat(o.unit ?? '', bars.map((b) => b.mean));
  const text = (v: number) => col.value(v);
  const marks = shown.map((b, i) => {
    const y0 = band(b.variant)!;
    const bh = band.bandwidth();
    const xm = sx(Number.isFinite(b.mean) ? b.mean : 0);
    const whisker = Number.isFinite(b.ci[0]) && Number.isFinite(b.ci[1]);
    const tip = `${b.variant}: ${text(b.mean)}${whisker ? ` (95% CI ${text(b.ci[0])} to ${text(b.ci[1])})` : ' (one seed: no interval)'}`;
    const parts = [el('rect', {
      x: Math.min(xm, x0), y: y0, width: Math.max(Math.abs(xm - x0), 0.5), height: bh, fill: seriesColor(b.colorIndex), class: 'bar', 'data-variant': b.variant,
    }, el('title', {}, esc(tip)))];
    let end = Math.max(xm, x0);
    if (whisker) {
      const cy = y0 + bh / 2;
      const [xlo, xhi] = [sx(b.ci[0]), sx(b.ci[1])];
      end = Math.max(end, xhi);
      parts.push(el('g', { class: 'whisker', stroke: '#1f2328', 'stroke-width': 1.5 },
        leaf('line', { x1: xlo, x2: xhi, y1: cy, y2: cy }),
        leaf('line', { x1: xlo, x2: xlo, y1: cy - bh / 3, y2: cy + bh / 3 }),
        leaf('line', { x1: xhi, x2: xhi, y1: cy - bh / 3, y2: cy + bh / 3 })));
    }
    parts.push(el('text', { x: end + 5, y: y0 + bh / 2 + 4, class: 'value-label' }, esc(text(b.mean))));
    parts.push(el('text', { x: -8, y: y0 + bh / 2 + 4, 'text-anchor': 'end', class: 'tick' }, esc(names[i]!)));
    return parts.join('');
  });
  return chart({
    id: o.id, scope: o.scope, kind: 'bars', frame: f, title: o.title,
    desc: `Mean ${label} per variant with 95% confidence intervals (${bars.length} variants): ${shown.map((b) => `${b.variant} ${text(b.mean)}`).join('; ')}.`,
    body: axes(f, x, variants) + marks.join(''),
  });
}

/** Variant names longer than NAME_CHARS are cut with an ellipsis beside the bars (full name in the tooltip). */
function shorten(name: string): string {
  return name.length > NAME_CHARS ? `${name.slice(0, NAME_CHARS - 1)}…` : name;
}
