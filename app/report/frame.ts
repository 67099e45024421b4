/**
 * The frame every chart shares: an accessible <svg> (role, <title>, <desc>), margins, grid,
 * axes with ticks built from scale.ticks() (d3-axis needs a DOM, so ticks are drawn here),
 * axis labels that carry units, and a legend.
 */
import { scaleLinear, scaleLog, type ScaleLinear, type ScaleLogarithmic } from 'd3';
import { el, esc, leaf, px } from './markup.ts';
import { INK } from './palette.ts';

/** A continuous scale the charts use. */
export type Scale = ScaleLinear<number, number> | ScaleLogarithmic<number, number>;

/** Size and margins of a chart, in CSS px. */
export interface Frame { width: number; height: number; top: number; right: number; bottom: number; left: number }

/** The default chart frame (fits two per row on a laptop, one on a phone). */
export function frame(width = 530, height = 320): Frame {
  return { width, height, top: 16, right: 20, bottom: 48, left: 72 };
}

/** Inner plotting width and height. */
export function inner(f: Frame): { w: number; h: number } {
  return { w: f.width - f.left - f.right, h: f.height - f.top - f.bottom };
}

/** One axis: the scale, its label (with unit), its tick formatter. */
export interface Axis {
  scale: Scale; label: string; format: (v: number) => string; log: boolean;
  /** Categorical axes draw their own labels. */ noTicks?: boolean;
  /** Explicit tick values (e.g. whole minutes, or the swept values) instead of scale.ticks(). */ values?: readonly number[];
  /** How many ticks to ask scale.ticks() for (default 6 on x, 5 on y); narrow plots ask for fewer so labels do not touch. */ tickCount?: number;
}

/** Domain [lo, hi] widened so a flat or single-valued series still gets a visible range. */
export function padDomain(lo: number, hi: number, includeZero: boolean): [number, number] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [0, 1];
  let a = includeZero ? Math.min(0, lo) : lo;
  let b = includeZero ? Math.max(0, hi) : hi;
  // A flat series: zero-based axes keep zero as their floor, others get a band around the value.
  if (a === b && includeZero && a === 0) return [0, 1];
  if (a === b) { const d = Math.abs(a) * 0.1 || 1; a -= d; b += d; }
  return [a, b];
}

/** A linear axis over [lo, hi] mapped onto [r0, r1], niced. */
export function linearAxis(lo: number, hi: number, r0: number, r1: number, label: string, format: (v: number) => string, includeZero = false): Axis {
  const scale = scaleLinear().domain(padDomain(lo, hi, includeZero)).range([r0, r1]).nice(6);
  return { scale, label, format, log: false };
}

/** A log10 axis over [lo, hi] (both > 0) mapped onto [r0, r1], extended to whole decades' 1-2-5 steps. */
export function logAxis(lo: number, hi: number, r0: number, r1: number, label: string, format: (v: number) => string): Axis {
  if (!(lo > 0 && hi > 0)) throw new Error(`logAxis: domain must be > 0, got [${lo}, ${hi}]`);
  const a = 10 ** Math.floor(Math.log10(lo));
  const b = 10 ** Math.ceil(Math.log10(hi === lo ? hi * 10 : hi));
  return { scale: scaleLog().domain([a, b]).range([r0, r1]), label, format, log: true };
}

/** Tick values: scale.ticks(), thinned to 1-2-5 mantissas on a log axis so labels do not collide. */
export function tickValues(axis: Axis, count: number): number[] {
  if (axis.values) return [...axis.values];
  const t = axis.scale.ticks(count);
  if (!axis.log) return t;
  const keep = t.filter((v) => { const m = Math.round(v / 10 ** Math.floor(Math.log10(v) + 1e-9)); return m === 1 || m === 2 || m === 5; });
  return keep.length > 8 ? keep.filter((v) => Math.round(v / 10 ** Math.floor(Math.log10(v) + 1e-9)) === 1) : keep;
}

/** Grid lines, tick marks, tick labels and the two axis labels. */
export function axes(f: Frame, x: Axis, y: Axis): string {
  const { w, h } = inner(f);
  const parts: string[] = [];
  for (const v of x.noTicks ? [] : tickValues(x, x.tickCount ?? 6)) {
    const xx = x.scale(v);
    parts.push(leaf('line', { x1: xx, x2: xx, y1: 0, y2: h, class: 'gridline' }));
    parts.push(el('text', { x: xx, y: h + 16, 'text-anchor': 'middle', class: 'tick' }, esc(x.format(v))));
  }
  for (const v of y.noTicks ? [] : tickValues(y, y.tickCount ?? 5)) {
    const yy = y.scale(v);
    parts.push(leaf('line', { x1: 0, x2: w, y1: yy, y2: yy, class: 'gridline' }));
    parts.push(el('text', { x: -8, y: yy + 4, 'text-anchor': 'end', class: 'tick' }, esc(y.format(v))));
  }
  parts.push(leaf('line', { x1: 0, x2: w, y1: h, y2: h, class: 'axis' }));
  parts.push(leaf('line', { x1: 0, x2: 0, y1: 0, y2: h, class: 'axis' }));
  parts.push(el('text', { x: w / 2, y: h + 38, 'text-anchor': 'middle', class: 'axis-label' }, esc(x.label)));
  // The y label sits 14 px inside the left edge, whatever the margin (bar charts widen it for names).
  parts.push(el('text', { x: -h / 2, y: -(f.left - 14), transform: 'rotate(-90)', 'text-anchor': 'middle', class: 'axis-label' }, esc(y.label)));
  return el('g', { class: 'axes' }, ...parts);
}

/** One legend entry: a label and how its mark looks. */
export interface LegendItem {
  label: string; color: string; mark: 'line' | 'dot' | 'bar' | 'band'; dash?: string;
  /** Drawn in the text colour (the app's theme recolours it through the 'ink' class). */ ink?: boolean;
}

/** An HTML legend under the chart (wraps, and screen readers read it as a list). */
export function legend(items: readonly LegendItem[]): string {
  if (items.length === 0) return '';
  const li = items.map((it) => {
    const sw = it.mark === 'line'
      ? `<svg width="22" height="10" aria-hidden="true">${leaf('line', { x1: 1, x2: 21, y1: 5, y2: 5, stroke: it.color, 'stroke-width': 2.5, 'stroke-dasharray': it.dash || undefined, class: it.ink ? 'ink' : undefined })}</svg>`
      : it.mark === 'dot'
        ? `<svg width="12" height="12" aria-hidden="true">${leaf('circle', { cx: 6, cy: 6, r: 5, fill: it.color })}</svg>`
        : `<svg width="14" height="12" aria-hidden="true">${leaf('rect', { x: 0, y: 1, width: 14, height: 10, fill: it.color, 'fill-opacity': it.mark === 'band' ? 0.25 : 1 })}</svg>`;
    return `<li>${sw}<span>${esc(it.label)}</span></li>`;
  });
  return `<ul class="legend">${li.join('')}</ul>`;
}

/** Options for a chart's outer SVG. */
export interface ChartShell { id: string; title: string; /** What the chart covers (fault set, sweep point), for its accessible title. */ scope?: string; desc: string; kind: string; frame: Frame; body: string; legend?: readonly LegendItem[] }

/** A <figure> holding the accessible SVG (title + desc), its caption and legend. */
export function chart(c: ChartShell): string {
  const f = c.frame;
  const svg = el('svg', {
    viewBox: `0 0 ${f.width} ${f.height}`, width: f.width, height: f.height,
    role: 'img', 'aria-labelledby': `${c.id}-t ${c.id}-d`, class: 'chart', 'data-chart': c.kind, id: c.id,
  },
  el('title', { id: `${c.id}-t` }, esc(c.scope ? `${c.title} (${c.scope})` : c.title)),
  el('desc', { id: `${c.id}-d` }, esc(c.desc)),
  el('g', { transform: `translate(${px(f.left)},${px(f.top)})` }, c.body));
  return `<figure class="fig" style="max-width:${f.width + 26}px"><figcaption>${esc(c.title)}</figcaption>${svg}${legend(c.legend ?? [])}</figure>`;
}

/** The text fill used by tick labels (re-exported so CSS and SVG agree). */
export const TEXT_INK = INK;
