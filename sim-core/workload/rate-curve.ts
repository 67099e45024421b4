/**
 * Time-varying arrival-rate curves (daily cycles, steps, recorded traces, flash crowds) and a
 * their rates, bounds and integrals (thinning over them: curve-arrival.ts; CSV traces: rate-trace-csv.ts).
 * Times are in ms of simulated time, rates in arrivals per second.
 */
import { cos, sin } from '../des/det-math.ts';

/** One sample of a rate curve: the rate in arrivals/s at a simulated time in ms. */
export interface RatePoint {
  atMs: number;
  ratePerS: number;
}

/** A day in ms, the default period of a sinusoidal curve. */
export const DAY_MS = 86_400_000;

/** An arrival rate as a function of simulated time (discriminated on `kind`). */
export type RateCurve =
  /** Linear between points, constant before the first and after the last; with periodMs the points (in [0, periodMs)) repeat and the last joins the next period's first linearly. */
  | { kind: 'piecewise-linear'; points: RatePoint[]; periodMs?: number }
  /** mean + amplitude·cos(2π(t − peakAtMs)/periodMs), clamped at ≥ 0; periodMs defaults to a day. */
  | { kind: 'sinusoidal'; meanPerS: number; amplitudePerS: number; periodMs?: number; peakAtMs: number }
  /** beforePerS for t < atMs, afterPerS from atMs on. */
  | { kind: 'step'; beforePerS: number; afterPerS: number; atMs: number }
  /** A recorded rate trace: each sample's rate holds until the next sample (the first also before it). */
  | { kind: 'trace'; points: RatePoint[] }
  /** base × a factor ramping 1 → multiplier over riseMs from atMs, held holdMs, then back to 1 over decayMs. */
  | { kind: 'flash-crowd'; base: RateCurve; atMs: number; riseMs: number; holdMs: number; decayMs: number; multiplier: number }
  /** base × a step factor: 1 before the first step, steps[k].factor from steps[k].atMs on (atMs non-decreasing). */
  | { kind: 'scaled'; base: RateCurve; steps: RateStep[] };

/** A step of a scaled curve's factor. */
export interface RateStep { atMs: number; factor: number }

/** Throws an Error describing the first invalid field of a curve (rates ≥ 0, times increasing, periods > 0). */
export function checkRateCurve(curve: RateCurve): void {
  const bad = (msg: string): never => { throw new Error(`rate curve (${curve.kind}): ${msg}`); };
  const nonNeg = (x: number, name: string) => { if (!(Number.isFinite(x) && x >= 0)) bad(`${name} must be a finite number ≥ 0, got ${x}`); };
  const finite = (x: number, name: string) => { if (!Number.isFinite(x)) bad(`${name} must be finite, got ${x}`); };
  switch (curve.kind) {
    case 'piecewise-linear':
    case 'trace': {
      if (curve.points.length === 0) bad('needs at least one point');
      curve.points.forEach((p, i) => {
        finite(p.atMs, `points[${i}].atMs`);
        nonNeg(p.ratePerS, `points[${i}].ratePerS`);
        if (i > 0 && !(p.atMs > curve.points[i - 1]!.atMs)) bad(`points[${i}].atMs must be > points[${i - 1}].atMs`);
      });
      if (curve.kind === 'piecewise-linear' && curve.periodMs !== undefined) {
        const periodMs = curve.periodMs;
        if (!(Number.isFinite(periodMs) && periodMs > 0)) bad(`periodMs must be > 0, got ${periodMs}`);
        if (curve.points[0]!.atMs < 0 || curve.points[curve.points.length - 1]!.atMs >= periodMs) bad(`points must lie in [0, periodMs=${periodMs})`);
      }
      return;
    }
    case 'sinusoidal':
      finite(curve.meanPerS, 'meanPerS');
      nonNeg(curve.amplitudePerS, 'amplitudePerS');
      finite(curve.peakAtMs, 'peakAtMs');
      if (curve.periodMs !== undefined && !(Number.isFinite(curve.periodMs) && curve.periodMs > 0)) bad(`periodMs must be > 0, got ${curve.periodMs}`);
      return;
    case 'step':
      nonNeg(curve.beforePerS, 'beforePerS');
      nonNeg(curve.afterPerS, 'afterPerS');
      finite(curve.atMs, 'atMs');
      return;
    case 'flash-crowd':
      finite(curve.atMs, 'atMs');
      nonNeg(curve.riseMs, 'riseMs');
      nonNeg(curve.holdMs, 'holdMs');
      nonNeg(curve.decayMs, 'decayMs');
      nonNeg(curve.multiplier, 'multiplier');
      checkRateCurve(curve.base);
      return;
    case 'scaled':
      curve.steps.forEach((st, i) => {
        finite(st.atMs, `steps[${i}].atMs`);
        nonNeg(st.factor, `steps[${i}].factor`);
        if (i > 0 && st.atMs < curve.steps[i - 1]!.atMs) bad(`steps[${i}].atMs must be ≥ steps[${i - 1}].atMs`);
      });
      checkRateCurve(curve.base);
      return;
  }
}

/** The scaled curve's factor at tMs (the last step at or before tMs; 1 before the first). */
function stepFactor(steps: RateStep[], tMs: number): number {
  let f = 1;
  for (const st of steps) { if (st.atMs <= tMs) f = st.factor; else break; }
  return f;
}

function sinePeriodMs(curve: { periodMs?: number }): number {
  return curve.periodMs ?? DAY_MS;
}

/** Index of the last point with atMs ≤ tMs, or -1 if tMs is before the first. */
function lastAtOrBefore(points: RatePoint[], tMs: number): number {
  let lo = 0;
  let hi = points.length - 1;
  if (tMs < points[0]!.atMs) return -1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (points[mid]!.atMs <= tMs) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function linearBetween(a: RatePoint, b: RatePoint, tMs: number): number {
  const w = (tMs - a.atMs) / (b.atMs - a.atMs);
  return a.ratePerS + (b.ratePerS - a.ratePerS) * w;
}

function piecewiseLinearAt(points: RatePoint[], periodMs: number | undefined, tMs: number): number {
  const n = points.length;
  if (periodMs === undefined) {
    const i = lastAtOrBefore(points, tMs);
    if (i < 0) return points[0]!.ratePerS;
    if (i === n - 1) return points[n - 1]!.ratePerS;
    return linearBetween(points[i]!, points[i + 1]!, tMs);
  }
  const phaseMs = tMs - Math.floor(tMs / periodMs) * periodMs;
  const first = points[0]!;
  const last = points[n - 1]!;
  const i = lastAtOrBefore(points, phaseMs);
  if (i >= 0 && i < n - 1) return linearBetween(points[i]!, points[i + 1]!, phaseMs);
  // Wrap segment: last point → first point of the next period.
  const wrapFrom = { atMs: last.atMs - (i < 0 ? periodMs : 0), ratePerS: last.ratePerS };
  const wrapTo = { atMs: first.atMs + (i < 0 ? 0 : periodMs), ratePerS: first.ratePerS };
  if (wrapTo.atMs === wrapFrom.atMs) return first.ratePerS;
  return linearBetween(wrapFrom, wrapTo, phaseMs);
}

/** The flash-crowd factor (1 outside the crowd) at tMs. */
function crowdFactor(c: Extract<RateCurve, { kind: 'flash-crowd' }>, tMs: number): number {
  const m = c.multiplier;
  const d = tMs - c.atMs;
  if (d < 0) return 1;
  if (d < c.riseMs) return 1 + (m - 1) * (d / c.riseMs);
  if (d < c.riseMs + c.holdMs) return m;
  const intoDecay = d - c.riseMs - c.holdMs;
  if (intoDecay < c.decayMs) return m + (1 - m) * (intoDecay / c.decayMs);
  return 1;
}

/** The rate in arrivals/s at simulated time tMs. */
export function rateAt(curve: RateCurve, tMs: number): number {
  switch (curve.kind) {
    case 'piecewise-linear': return piecewiseLinearAt(curve.points, curve.periodMs, tMs);
    case 'sinusoidal': {
      const r = curve.meanPerS + curve.amplitudePerS * cos((2 * Math.PI * (tMs - curve.peakAtMs)) / sinePeriodMs(curve));
      return r > 0 ? r : 0;
    }
    case 'step': return tMs < curve.atMs ? curve.beforePerS : curve.afterPerS;
    case 'trace': {
      const i = lastAtOrBefore(curve.points, tMs);
      return curve.points[i < 0 ? 0 : i]!.ratePerS;
    }
    case 'flash-crowd': return rateAt(curve.base, tMs) * crowdFactor(curve, tMs);
    case 'scaled': return rateAt(curve.base, tMs) * stepFactor(curve.steps, tMs);
  }
}

/** Times strictly inside (fromMs, toMs) where the curve may change slope or jump, ascending. */
function breakpoints(curve: RateCurve, fromMs: number, toMs: number): number[] {
  const inside = (t: number) => t > fromMs && t < toMs;
  switch (curve.kind) {
    case 'piecewise-linear': {
      if (curve.periodMs === undefined) return curve.points.map((p) => p.atMs).filter(inside);
      const p = curve.periodMs;
      const out: number[] = [];
      for (let k = Math.floor(fromMs / p); k * p < toMs; k++) {
        for (const pt of curve.points) if (inside(k * p + pt.atMs)) out.push(k * p + pt.atMs);
      }
      return out;
    }
    case 'sinusoidal': return [];
    case 'step': return inside(curve.atMs) ? [curve.atMs] : [];
    case 'trace': return curve.points.map((p) => p.atMs).filter(inside);
    case 'flash-crowd': {
      const own = crowdTimes(curve).filter(inside);
      const all = [...own, ...breakpoints(curve.base, fromMs, toMs)].sort((a, b) => a - b);
      return all.filter((t, i) => i === 0 || t !== all[i - 1]);
    }
    case 'scaled': {
      const all = [...curve.steps.map((st) => st.atMs).filter(inside), ...breakpoints(curve.base, fromMs, toMs)].sort((a, b) => a - b);
      return all.filter((t, i) => i === 0 || t !== all[i - 1]);
    }
  }
}

function crowdTimes(c: Extract<RateCurve, { kind: 'flash-crowd' }>): number[] {
  const t1 = c.atMs + c.riseMs;
  const t2 = t1 + c.holdMs;
  return [c.atMs, t1, t2, t2 + c.decayMs];
}

/** An upper bound of the rate (arrivals/s) on [fromMs, toMs]; exact except for flash crowds over a varying base. */
export function maxRate(curve: RateCurve, fromMs: number, toMs: number): number {
  if (toMs < fromMs) throw new Error(`maxRate: toMs ${toMs} < fromMs ${fromMs}`);
  switch (curve.kind) {
    case 'piecewise-linear':
    case 'step':
    case 'trace': {
      // Linear or constant between breakpoints, so the maximum is at an end or a breakpoint.
      let m = Math.max(rateAt(curve, fromMs), rateAt(curve, toMs));
      for (const t of breakpoints(curve, fromMs, toMs)) m = Math.max(m, rateAt(curve, t));
      return m;
    }
    case 'sinusoidal': {
      const p = sinePeriodMs(curve);
      // First peak at or after fromMs; cos has no interior maximum on an interval without a peak.
      const nextPeakMs = curve.peakAtMs + Math.ceil((fromMs - curve.peakAtMs) / p) * p;
      if (nextPeakMs <= toMs) return Math.max(0, curve.meanPerS + curve.amplitudePerS);
      return Math.max(rateAt(curve, fromMs), rateAt(curve, toMs));
    }
    case 'flash-crowd': {
      // The factor is linear between crowd times; bound each piece by max(base) × max(factor).
      const cuts = [fromMs, ...crowdTimes(curve).filter((t) => t > fromMs && t < toMs), toMs];
      let m = 0;
      for (let i = 0; i + 1 < cuts.length; i++) {
        const a = cuts[i]!;
        const b = cuts[i + 1]!;
        const f = Math.max(crowdFactor(curve, a), crowdFactor(curve, b), crowdFactorLeft(curve, b));
        m = Math.max(m, maxRate(curve.base, a, b) * f);
      }
      return m;
    }
    case 'scaled': {
      // Constant factor on [cut_i, cut_{i+1}) at its left end's value.
      const cuts = stepCuts(curve, fromMs, toMs);
      let m = rateAt(curve, toMs);
      for (let i = 0; i + 1 < cuts.length; i++) m = Math.max(m, maxRate(curve.base, cuts[i]!, cuts[i + 1]!) * stepFactor(curve.steps, cuts[i]!));
      return m;
    }
  }
}

/** fromMs, the step times strictly inside (fromMs, toMs), toMs. */
function stepCuts(curve: Extract<RateCurve, { kind: 'scaled' }>, fromMs: number, toMs: number): number[] {
  const inner = curve.steps.map((st) => st.atMs).filter((t, i, all) => t > fromMs && t < toMs && (i === 0 || t !== all[i - 1]));
  return [fromMs, ...inner, toMs];
}

/** The factor's limit from the left at tMs (differs from crowdFactor only at the crowd end when decayMs = 0, etc.). */
function crowdFactorLeft(c: Extract<RateCurve, { kind: 'flash-crowd' }>, tMs: number): number {
  const d = tMs - c.atMs;
  if (d <= 0) return 1;
  if (d <= c.riseMs) return c.riseMs === 0 ? 1 : 1 + (c.multiplier - 1) * (d / c.riseMs);
  if (d <= c.riseMs + c.holdMs) return c.multiplier;
  const intoDecay = d - c.riseMs - c.holdMs;
  if (intoDecay <= c.decayMs) return c.decayMs === 0 ? c.multiplier : c.multiplier + (1 - c.multiplier) * (intoDecay / c.decayMs);
  return 1;
}

/** Composite Simpson integral of f over [a, b] with n (even) intervals. */
function simpson(f: (t: number) => number, a: number, b: number, n: number): number {
  const h = (b - a) / n;
  let s = f(a) + f(b);
  for (let i = 1; i < n; i++) s += f(a + i * h) * (i % 2 === 1 ? 4 : 2);
  return (s * h) / 3;
}

/** Expected number of arrivals in [fromMs, toMs] (the rate's integral); exact except Simpson for clamped sinusoids and flash crowds. */
export function expectedArrivals(curve: RateCurve, fromMs: number, toMs: number): number {
  if (toMs < fromMs) throw new Error(`expectedArrivals: toMs ${toMs} < fromMs ${fromMs}`);
  if (toMs === fromMs) return 0;
  switch (curve.kind) {
    case 'piecewise-linear': {
      // Trapezoids between breakpoints are exact for a linear rate.
      const cuts = [fromMs, ...breakpoints(curve, fromMs, toMs), toMs];
      let sumPerSMs = 0;
      for (let i = 0; i + 1 < cuts.length; i++) {
        const a = cuts[i]!;
        const b = cuts[i + 1]!;
        sumPerSMs += ((rateAt(curve, a) + rateAt(curve, b)) / 2) * (b - a);
      }
      return sumPerSMs / 1000;
    }
    case 'step':
    case 'trace': {
      // Constant on [cut_i, cut_{i+1}) at the value of its left end.
      const cuts = [fromMs, ...breakpoints(curve, fromMs, toMs), toMs];
      let sumPerSMs = 0;
      for (let i = 0; i + 1 < cuts.length; i++) sumPerSMs += rateAt(curve, cuts[i]!) * (cuts[i + 1]! - cuts[i]!);
      return sumPerSMs / 1000;
    }
    case 'sinusoidal': {
      const p = sinePeriodMs(curve);
      const { meanPerS: mean, amplitudePerS: amp } = curve;
      if (mean >= amp) {
        // Never clamped: mean·Δt + amp·P/(2π)·[sin(2π(t−peak)/P)] from..to.
        const w = (2 * Math.PI) / p;
        const osc = (amp / w) * (sin(w * (toMs - curve.peakAtMs)) - sin(w * (fromMs - curve.peakAtMs)));
        return (mean * (toMs - fromMs) + osc) / 1000;
      }
      const periods = (toMs - fromMs) / p;
      const n = 2 * Math.max(500, Math.ceil(500 * periods));
      return simpson((t) => rateAt(curve, t), fromMs, toMs, n) / 1000;
    }
    case 'flash-crowd': {
      const [startMs, , , endMs] = crowdTimes(curve);
      const a = Math.max(fromMs, startMs!);
      const b = Math.min(toMs, endMs!);
      // Outside the crowd the factor is 1: use the base's own integral.
      let total = expectedArrivals(curve.base, fromMs, Math.max(fromMs, Math.min(toMs, startMs!)));
      total += expectedArrivals(curve.base, Math.min(toMs, Math.max(fromMs, endMs!)), toMs);
      if (b > a) {
        const cuts = [a, ...breakpoints(curve, a, b), b];
        const pieces = cuts.length - 1;
        const n = 2 * Math.max(1, Math.ceil(500 / pieces));
        for (let i = 0; i < pieces; i++) {
          const lo = cuts[i]!;
          const hi = cuts[i + 1]!;
          // Evaluate the right end just inside the piece so a jump at hi does not leak in.
          const inner = hi - (hi - lo) * 1e-12;
          const f = (t: number) => { const u = t >= hi ? inner : t; return rateAt(curve.base, u) * crowdFactor(curve, u); };
          total += simpson(f, lo, hi, n) / 1000;
        }
      }
      return total;
    }
    case 'scaled': {
      const cuts = stepCuts(curve, fromMs, toMs);
      let total = 0;
      for (let i = 0; i + 1 < cuts.length; i++) total += expectedArrivals(curve.base, cuts[i]!, cuts[i + 1]!) * stepFactor(curve.steps, cuts[i]!);
      return total;
    }
  }
}

/** True if the rate is 0 at every time ≥ tMs. */
export function zeroForever(curve: RateCurve, tMs: number): boolean {
  switch (curve.kind) {
    case 'piecewise-linear':
      if (curve.periodMs !== undefined) return curve.points.every((p) => p.ratePerS === 0);
      return rateAt(curve, tMs) === 0 && curve.points.every((p) => p.atMs <= tMs || p.ratePerS === 0);
    case 'trace':
      return rateAt(curve, tMs) === 0 && curve.points.every((p) => p.atMs <= tMs || p.ratePerS === 0);
    case 'sinusoidal': return curve.meanPerS + curve.amplitudePerS <= 0;
    case 'step': return rateAt(curve, tMs) === 0 && curve.afterPerS === 0;
    case 'flash-crowd': return zeroForever(curve.base, tMs);
    case 'scaled': {
      if (zeroForever(curve.base, tMs)) return true;
      // Zero for ever when the factor is 0 from tMs on.
      return curve.steps.every((st) => st.atMs <= tMs || st.factor === 0) && stepFactor(curve.steps, tMs) === 0;
    }
  }
}
