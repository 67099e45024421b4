/**
 * Pareto scatter: each variant at (p95 latency, cost), bubble area proportional to energy, the
 * non-dominated variants ringed and joined by the front's staircase. Labels are placed so they
 * do not collide (labels.ts); variants at the same spot share one label.
 */
import { curveStepAfter, line, scaleSqrt } from 'd3';
import { compactTicks, fmtMs, fmtUsd, fmtWh } from './format.ts';
import { axes, chart, frame, inner, linearAxis, logAxis } from './frame.ts';
import { groupCoincident, placeLabels, type Box } from './labels.ts';
import { el, esc, leaf } from './markup.ts';
import { seriesColor } from './palette.ts';

/** One variant's point (means over seeds). */
export interface ParetoPoint { variant: string; colorIndex: number; latencyMs: number; costUsd: number; energyWh: number; onFront: boolean }

/** Options of the Pareto chart (labels carry the units). */
export interface ParetoOptions { id: string; title: string; scope?: string; xLabel?: string; yLabel?: string }

/** SVG figure: latency vs cost scatter with energy bubbles and the front highlighted. */
export function paretoChart(points: readonly ParetoPoint[], o: ParetoOptions): string {
  const f = frame(530, 340);
  const { w, h } = inner(f);
  const ok = points.filter((p) => Number.isFinite(p.latencyMs) && Number.isFinite(p.costUsd));
  const xs = ok.map((p) => p.latencyMs);
  const ys = ok.map((p) => p.costUsd);
  // Bubbles stay inside the plot: the scales map onto a range inset by the largest radius (labels find their own room).
  const R = 14;
  const xLo = xs.length ? Math.min(...xs) : 1;
  const xHi = xs.length ? Math.max(...xs) : 10;
  const xLabel = o.xLabel ?? 'p95 latency (ms)';
  const x = xLo > 0 && xHi / xLo > 30
    ? logAxis(xLo, xHi, R, w - R - 24, `${xLabel.replace(/\)$/, ', log scale)')}`, compactTicks(xHi))
    : linearAxis(xLo, xHi, R + 24, w - R - 24, xLabel, compactTicks(xHi));
  const y = linearAxis(ys.length ? Math.min(...ys) : 0, ys.length ? Math.max(...ys) : 1, h - R - 6, R + 6, o.yLabel ?? 'cost (USD per run)', (v) => fmtUsd(v));
  // Area ∝ energy (a square-root radius from 0), so a 1% energy difference looks like one.
  const eMax = Math.max(0, ...ok.map((p) => (Number.isFinite(p.energyWh) ? p.energyWh : 0)));
  const r = scaleSqrt().domain([0, eMax || 1]).range([0, R]);
  const radius = (p: ParetoPoint) => Math.max(3, Number.isFinite(p.energyWh) && p.energyWh > 0 ? r(p.energyWh) : 3);
  const front = ok.filter((p) => p.onFront).sort((a, b) => a.latencyMs - b.latencyMs || a.costUsd - b.costUsd);
  const gen = line<ParetoPoint>().x((p) => x.scale(p.latencyMs)).y((p) => y.scale(p.costUsd)).curve(curveStepAfter).digits(2);
  const frontPath = front.length > 1
    ? leaf('path', { d: gen(front) ?? '', fill: 'none', stroke: '#1f2328', 'stroke-width': 1.5, 'stroke-dasharray': '5 3', class: 'front-line ink' })
    : '';
  // Big bubbles first so small ones stay visible on top.
  const order = [...ok].sort((a, b) => radius(b) - radius(a) || (a.variant < b.variant ? -1 : 1));
  const centres = order.map((p) => ({ x: x.scale(p.latencyMs), y: y.scale(p.costUsd) }));
  const groups = groupCoincident(centres);
  // The front's staircase (horizontal then vertical steps) is an obstacle for labels, 4 px thick.
  const steps: Box[] = [];
  for (let i = 0; i + 1 < front.length; i++) {
    const [a, b] = [front[i]!, front[i + 1]!];
    const [ax, ay, bx, by] = [x.scale(a.latencyMs), y.scale(a.costUsd), x.scale(b.latencyMs), y.scale(b.costUsd)];
    steps.push({ x: Math.min(ax, bx), y: ay - 2, w: Math.abs(bx - ax), h: 4 }, { x: bx - 2, y: Math.min(ay, by), w: 4, h: Math.abs(by - ay) });
  }
  const placed = placeLabels(groups.map((g) => ({
    cx: centres[g[0]!]!.x, cy: centres[g[0]!]!.y, r: Math.max(...g.map((k) => radius(order[k]!))), text: g.map((k) => order[k]!.variant).join(', '),
  })), { w, h }, steps);
  const labelOf = new Map<number, string>();
  groups.forEach((g, gi) => {
    const pl = placed[gi]!;
    labelOf.set(g[0]!, el('text', { x: pl.x, y: pl.y, 'text-anchor': pl.anchor === 'start' ? undefined : pl.anchor, class: 'point-label' }, esc(g.map((k) => order[k]!.variant).join(', '))));
  });
  const dots = order.map((p, k) => {
    const { x: cx, y: cy } = centres[k]!;
    const rr = radius(p);
    return el('g', { class: p.onFront ? 'point front' : 'point', 'data-variant': p.variant },
      el('circle', { cx, cy, r: rr, fill: seriesColor(p.colorIndex), 'fill-opacity': 0.55, stroke: p.onFront ? '#1f2328' : seriesColor(p.colorIndex), 'stroke-width': p.onFront ? 2 : 1 },
        el('title', {}, esc(`${p.variant}: p95 ${fmtMs(p.latencyMs)}, ${fmtUsd(p.costUsd)}, ${fmtWh(p.energyWh)}${p.onFront ? ' (Pareto front)' : ''}`))));
  });
  // Labels after every bubble, so no bubble covers a label.
  const labels = [...labelOf.values()].join('');
  return chart({
    id: o.id, scope: o.scope, kind: 'pareto', frame: f, title: o.title,
    desc: `${ok.length} variants by p95 latency and cost; bubble area is energy (Wh); ${front.length} on the Pareto front (ringed, joined by a dashed line): ${front.map((p) => p.variant).join(', ') || 'none'}.`,
    body: axes(f, x, y) + frontPath + dots.join('') + labels,
    legend: [
      ...ok.map((p) => ({ label: p.variant, color: seriesColor(p.colorIndex), mark: 'dot' as const })),
      { label: 'Pareto front', color: '#1f2328', mark: 'line' as const, dash: '5 3', ink: true },
    ],
  });
}
