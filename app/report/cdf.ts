/**
 * Latency CDF chart: one step curve per variant, built from merged latency histograms
 * (stats/latency-histogram.ts), optionally with the SLO target as a vertical rule.
 */
import { curveStepAfter, line } from 'd3';
import type { HistogramJSON } from '../../sim-core/whatif/stats/latency-histogram.ts';
import { axes, chart, frame, inner, linearAxis, logAxis } from './frame.ts';
import { compactTicks, fmtMs } from './format.ts';
import { el, esc, leaf } from './markup.ts';
import { COINCIDENT_DASH, coincidentLabel, coincidentWith } from './overlap.ts';
import { seriesColor, seriesDash } from './palette.ts';

/** One CDF curve: (latency ms, cumulative fraction 0..1) points, ascending in both. */
export interface CdfSeries { name: string; /** Palette index (defaults to the series' position). */ colorIndex?: number; points: readonly (readonly [number, number])[] }

/**
 * CDF points of a histogram: for each non-empty bucket, its representative value (the same one
 * percentile() reports, clamped to [min, max]) and the fraction of values at or below it.
 * Starts at (min, 0) so the curve rises from zero; empty histograms give no points.
 */
export function histogramCdf(h: HistogramJSON): [number, number][] {
  if (h.count === 0 || h.minMs === null || h.maxMs === null) return [];
  const alpha = h.relativeAccuracy;
  const gamma = (1 + alpha) / (1 - alpha);
  const out: [number, number][] = [[h.minMs, 0]];
  let seen = h.zeroCount;
  if (seen > 0) out.push([h.minMs, seen / h.count]);
  h.counts.forEach((c, k) => {
    if (c === 0) return;
    seen += c;
    const rep = (2 * gamma ** (h.firstIndex + k)) / (gamma + 1);
    out.push([Math.min(Math.max(rep, h.minMs!), h.maxMs!), seen / h.count]);
  });
  return out;
}

/** Options of the CDF chart. */
export interface CdfOptions { id: string; title: string; scope?: string; sloMs?: number }

/** SVG figure: latency (log axis when the range spans > 1.5 decades) vs cumulative fraction. */
export function cdfChart(series: readonly CdfSeries[], o: CdfOptions): string {
  const f = frame();
  const { w, h } = inner(f);
  const xs = series.flatMap((s) => s.points.map((p) => p[0]));
  if (o.sloMs !== undefined) xs.push(o.sloMs);
  const pos = xs.filter((x) => x > 0);
  const lo = pos.length ? Math.min(...pos) : 1;
  const hi = pos.length ? Math.max(...pos) : 10;
  const useLog = hi / lo > 30;
  const x = useLog
    ? logAxis(lo, hi, 0, w, 'end-to-end latency (ms, log scale)', compactTicks(hi))
    : linearAxis(Math.min(0, ...xs), hi, 0, w, 'end-to-end latency (ms)', compactTicks(hi));
  const y = linearAxis(0, 1, h, 0, 'fraction of messages ≤ latency', (v) => `${Math.round(v * 100)}%`, true);
  const clampX = (v: number) => x.scale(useLog ? Math.max(v, (x.scale.domain()[0] as number)) : v);
  const gen = line<readonly [number, number]>().x((p) => clampX(p[0])).y((p) => y.scale(p[1])).curve(curveStepAfter).digits(2);
  const same = coincidentWith(series);
  const names = series.map((s) => s.name);
  const dashOf = (s: CdfSeries, i: number) => (same[i]! >= 0 ? COINCIDENT_DASH : seriesDash(s.colorIndex ?? i));
  const paths = series.map((s, i) => el('path', {
    d: gen(s.points) ?? '', fill: 'none', stroke: seriesColor(s.colorIndex ?? i), 'stroke-width': 2, 'stroke-dasharray': dashOf(s, i) || undefined,
    class: 'series', 'data-series': s.name, 'data-points': s.points.length,
  }, el('title', {}, esc(`${s.name}: ${s.points.length} points`))));
  let slo = '';
  if (o.sloMs !== undefined && o.sloMs > 0) {
    const sx = clampX(o.sloMs);
    slo = el('g', { class: 'slo' }, leaf('line', { x1: sx, x2: sx, y1: 0, y2: h, stroke: '#57606a', 'stroke-dasharray': '4 3' }),
      el('text', { x: sx + 4, y: 12, class: 'note' }, esc(`SLO ${fmtMs(o.sloMs)}`)));
  }
  return chart({
    id: o.id, scope: o.scope, kind: 'cdf', frame: f, title: o.title,
    desc: `Cumulative distribution of end-to-end latency for ${series.length} variant(s)${o.sloMs !== undefined ? `; dashed line: SLO ${fmtMs(o.sloMs)}` : ''}.`,
    body: axes(f, x, y) + slo + paths.join(''),
    legend: series.map((s, i) => ({ label: coincidentLabel(names, same, i), color: seriesColor(s.colorIndex ?? i), mark: 'line' as const, dash: dashOf(s, i) })),
  });
}
