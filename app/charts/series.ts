/**
 * Chart points (workers/session-types.ts ChartPoint, one per chart step of simulated time) → the
 * series the live charts draw: per-app latency percentiles against the SLO, violation rates,
 * throughput, drops and losses per second by reason (stacked), WAN traffic per second, energy and
 * cost so far. Pure: tests run it in Node; the React components only draw what comes out.
 */
import type { AppDescription } from '../../sim-core/twin/describe.ts';
import type { ChartPoint } from '../../workers/session-types.ts';
import { fmtMs } from '../report/format.ts';
import { reasonLabel } from './labels.ts';

/** One line (or stacked layer) of a chart: values indexed like ChartModel.t; NaN leaves a gap. */
export interface Line {
  key: string;
  label: string;
  values: number[];
  /** Palette slot (CSS classes lc-s0 … lc-s7 carry the theme's colours). */
  tone: number;
  dash?: string;
  /** Stroke width in px (default 1.5). */
  width?: number;
}

/** A horizontal reference line (an SLO target). */
export interface RefLine { value: number; label: string }

/** Everything one small chart needs. */
export interface ChartModel {
  key: string;
  /** What it shows, e.g. "Latency of crowd". */
  title: string;
  /** Unit of the values for formatting ('ms', 'ratio', '/s', 'B/s', 'Wh', 'USD'). */
  unit: string;
  /** Simulated time of each point (ms). */
  t: number[];
  lines: Line[];
  /** Layers stacked in order (areas) instead of independent lines. */
  stacked?: boolean;
  refs?: RefLine[];
  /** Fixed y range ends (rates end at 1); otherwise from the data, from 0. */
  yMax?: number;
  /** What the latest value means, for the accessible label ("so far", "per second"). */
  note?: string;
}

/** Simulated times of the points. */
export function times(points: readonly ChartPoint[]): number[] {
  return points.map((p) => p.tMs);
}

const finiteOrNaN = (v: number | undefined) => (typeof v === 'number' && Number.isFinite(v) ? v : NaN);

/** Latency percentiles of app `i` (ms, NaN when nothing completed in the window) with its SLO as a reference line. */
export function latencyModel(points: readonly ChartPoint[], app: AppDescription, i: number): ChartModel {
  const p = app.slo.percentile;
  const lines: Line[] = [
    { key: 'p50', label: 'p50', values: points.map((x) => finiteOrNaN(x.p50[i])), tone: 0, width: p === 50 ? 2.5 : 1.5 },
    { key: 'p95', label: 'p95', values: points.map((x) => finiteOrNaN(x.p95[i])), tone: 1, width: p === 95 ? 2.5 : 1.5 },
    { key: 'p99', label: 'p99', values: points.map((x) => finiteOrNaN(x.p99[i])), tone: 2, dash: '4 2', width: p === 99 ? 2.5 : 1.5 },
  ];
  // The SLO's own percentile gets a line of its own when it is none of the three.
  if (p !== 50 && p !== 95 && p !== 99) {
    lines.push({ key: 'slo-p', label: `p${fmtPercentile(p)} (SLO percentile)`, values: points.map((x) => finiteOrNaN(x.sloObserved[i])), tone: 3, width: 2.5 });
  }
  return {
    key: `latency-${app.id}`, title: `Latency of ${app.id}`, unit: 'ms', t: times(points), lines,
    refs: [{ value: app.slo.latencyMs, label: `SLO p${fmtPercentile(p)} ≤ ${fmtMs(app.slo.latencyMs)}` }],
  };
}

function fmtPercentile(p: number): string {
  return String(Number(p.toPrecision(4)));
}

/** Fraction of each app's messages over its SLO latency, per window (clamped to [0, 1]). */
export function violationModel(points: readonly ChartPoint[], apps: readonly AppDescription[]): ChartModel {
  return {
    key: 'violations', title: 'SLO violation rate', unit: 'ratio', t: times(points), yMax: 1,
    lines: apps.map((a, i) => ({ key: a.id, label: a.id, tone: i, values: points.map((x) => clamp01(finiteOrNaN(x.violationRate[i]))) })),
  };
}

/** Completions per second of each app. */
export function throughputModel(points: readonly ChartPoint[], apps: readonly AppDescription[]): ChartModel {
  return {
    key: 'throughput', title: 'Throughput', unit: '/s', t: times(points), note: 'completions per second',
    lines: apps.map((a, i) => ({ key: a.id, label: a.id, tone: i, values: points.map((x) => Math.max(0, finiteOrNaN(x.throughputPerS[i]))) })),
  };
}

/**
 * Per-second rate of a cumulative counter between consecutive points: (v[k] − v[k−1]) / Δt.
 * The first point counts from (0 ms, 0); a counter that went down (a restart) restarts from 0.
 */
export function ratePerS(t: readonly number[], cumulative: readonly number[]): number[] {
  return cumulative.map((v, k) => {
    const t0 = k === 0 ? 0 : t[k - 1]!;
    const v0 = k === 0 ? 0 : cumulative[k - 1]!;
    const dt = (t[k]! - t0) / 1000;
    if (!(dt > 0) || !Number.isFinite(v) || !Number.isFinite(v0)) return 0;
    const dv = v >= v0 ? v - v0 : v;
    return dv / dt;
  });
}

/** Window of the moving average applied to per-second rates of rare events (drops, WAN bursts). */
export const RATE_WINDOW_MS = 5000;

/**
 * Trailing moving average over `windowMs` of simulated time: each value becomes the mean of the
 * values whose time lies in (t − windowMs, t]. A rate per 1 s step of rare events is a comb of
 * spikes; averaged over a few seconds it reads as a level.
 */
export function movingAverage(t: readonly number[], values: readonly number[], windowMs: number): number[] {
  const out = new Array<number>(values.length);
  let lo = 0;
  let sum = 0;
  let n = 0;
  for (let k = 0; k < values.length; k++) {
    const v = values[k]!;
    if (Number.isFinite(v)) { sum += v; n++; }
    while (t[lo]! <= t[k]! - windowMs) {
      const u = values[lo]!;
      if (Number.isFinite(u)) { sum -= u; n--; }
      lo++;
    }
    out[k] = n > 0 ? sum / n : NaN;
  }
  return out;
}

/** Drops and losses per second by reason (5 s average), stacked; reasons that never happened are left out. */
export function dropsModel(points: readonly ChartPoint[], dropReasons: readonly string[], lossReasons: readonly string[]): ChartModel {
  const t = times(points);
  const layers: Line[] = [];
  const add = (key: string, label: string, cum: number[]) => {
    const values = movingAverage(t, ratePerS(t, cum), RATE_WINDOW_MS);
    if (values.some((v) => v > 0)) layers.push({ key, label, values, tone: layers.length });
  };
  dropReasons.forEach((r, k) => add(`drop-${r}`, reasonLabel(r, 'drop'), points.map((p) => p.droppedBy[k] ?? 0)));
  lossReasons.forEach((r, k) => add(`loss-${r}`, reasonLabel(r, 'loss'), points.map((p) => p.lostBy[k] ?? 0)));
  return { key: 'drops', title: 'Dropped and lost messages', unit: '/s', t, lines: layers, stacked: true, note: 'messages per second, 5 s average' };
}

/** WAN traffic per second (bytes/s, 5 s average). */
export function wanModel(points: readonly ChartPoint[]): ChartModel {
  const t = times(points);
  const values = movingAverage(t, ratePerS(t, points.map((p) => p.wanBytes)), RATE_WINDOW_MS);
  return { key: 'wan', title: 'WAN traffic', unit: 'B/s', t, lines: [{ key: 'wan', label: 'WAN', tone: 0, values }], note: 'per second, 5 s average' };
}

/** A cumulative figure so far: energy (Wh) or cost (USD). */
export function cumulativeModel(points: readonly ChartPoint[], field: 'energyWh' | 'costUsd'): ChartModel {
  const energy = field === 'energyWh';
  return {
    key: field, title: energy ? 'Energy' : 'Cost', unit: energy ? 'Wh' : 'USD', t: times(points), note: 'so far',
    lines: [{ key: field, label: energy ? 'energy' : 'cost', tone: energy ? 2 : 1, values: points.map((p) => Math.max(0, finiteOrNaN(p[field]))) }],
  };
}

/** Total of the last point of a cumulative counter (0 without points). */
export function lastOf(points: readonly ChartPoint[], field: 'wanBytes' | 'energyWh' | 'costUsd' | 'dropped' | 'lost' | 'delivered'): number {
  const p = points[points.length - 1];
  return p && Number.isFinite(p[field]) ? p[field] : 0;
}

function clamp01(v: number): number {
  return Number.isNaN(v) ? v : Math.min(1, Math.max(0, v));
}

/** The last finite value of a line and its index, or null. */
export function latest(values: readonly number[]): { index: number; value: number } | null {
  for (let i = values.length - 1; i >= 0; i--) if (Number.isFinite(values[i]!)) return { index: i, value: values[i]! };
  return null;
}

/** Stacked layer bounds: for each layer and point, [lower, upper] (NaN counts as 0). */
export function stackLayers(lines: readonly Line[]): [number, number][][] {
  const n = lines[0]?.values.length ?? 0;
  const base = new Array<number>(n).fill(0);
  return lines.map((l) => l.values.map((v, k) => {
    const lo = base[k]!;
    const hi = lo + (Number.isFinite(v) ? v : 0);
    base[k] = hi;
    return [lo, hi] as [number, number];
  }));
}

/** Largest value the y axis must show: the stack tops, the lines, the reference lines; at least a small positive number. */
export function yExtent(m: ChartModel): number {
  let hi = 0;
  if (m.stacked) {
    const st = stackLayers(m.lines);
    for (const layer of st) for (const [, top] of layer) if (top > hi) hi = top;
  } else {
    for (const l of m.lines) for (const v of l.values) if (Number.isFinite(v) && v > hi) hi = v;
  }
  for (const r of m.refs ?? []) if (Number.isFinite(r.value) && r.value * 1.1 > hi) hi = r.value * 1.1;
  if (m.yMax !== undefined) hi = Math.min(hi, m.yMax);
  return hi > 0 ? hi : m.yMax ?? 1;
}

/** Index of the point nearest to time `tMs` in ascending `t` (−1 for no points). */
export function nearestIndex(t: readonly number[], tMs: number): number {
  if (t.length === 0) return -1;
  let lo = 0;
  let hi = t.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (t[mid]! < tMs) lo = mid + 1; else hi = mid;
  }
  if (lo > 0 && Math.abs(t[lo - 1]! - tMs) <= Math.abs(t[lo]! - tMs)) return lo - 1;
  return lo;
}

/** At most `max` indices spread evenly over 0..n−1, always keeping the last (for the text alternative). */
export function sampleIndices(n: number, max: number): number[] {
  if (n <= 0) return [];
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const out: number[] = [];
  for (let k = 0; k < max; k++) out.push(Math.round((k * (n - 1)) / (max - 1)));
  return [...new Set(out)];
}

/** Every live chart of the side panel, from the chart points and the fabric. */
export interface LiveModels {
  latency: ChartModel[];
  violations: ChartModel;
  throughput: ChartModel;
  drops: ChartModel;
  wan: ChartModel;
  energy: ChartModel;
  cost: ChartModel;
}

/** Builds every live chart model (call when `points` changes: at most a few times a second). */
export function liveModels(points: readonly ChartPoint[], d: { apps: readonly AppDescription[]; dropReasons: readonly string[]; lossReasons: readonly string[] }): LiveModels {
  return {
    latency: d.apps.map((a, i) => latencyModel(points, a, i)),
    violations: violationModel(points, d.apps),
    throughput: throughputModel(points, d.apps),
    drops: dropsModel(points, d.dropReasons, d.lossReasons),
    wan: wanModel(points),
    energy: cumulativeModel(points, 'energyWh'),
    cost: cumulativeModel(points, 'costUsd'),
  };
}

/** The latency at the app's SLO percentile at the last point, against its target. */
export function sloStatus(points: readonly ChartPoint[], app: AppDescription, i: number): { observedMs: number | null; targetMs: number; percentile: number; ok: boolean | null } {
  const last = points[points.length - 1];
  const v = last ? last.sloObserved[i] : undefined;
  const observedMs = typeof v === 'number' && Number.isFinite(v) ? v : null;
  return { observedMs, targetMs: app.slo.latencyMs, percentile: app.slo.percentile, ok: observedMs === null ? null : observedMs <= app.slo.latencyMs };
}
