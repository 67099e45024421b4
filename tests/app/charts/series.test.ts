/**
 * Chart points → live chart series (app/charts/series.ts): rates between cumulative points, the
 * moving average, stacking, the SLO reference line, nearest-point lookup, sampling for the text
 * alternative — on tables of hand-computed numbers, and on real points from a Session of the
 * shipped metro-operations scenario (its station-04-edge crash at 20 s drops and loses messages).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AppDescription, FabricDescription } from '../../../sim-core/twin/describe.ts';
import { Session } from '../../../workers/session.ts';
import type { ChartPoint } from '../../../workers/session-types.ts';
import { reasonLabel } from '../../../app/charts/labels.ts';
import {
  cumulativeModel, dropsModel, latencyModel, latest, liveModels, movingAverage, nearestIndex, ratePerS, sampleIndices, sloStatus,
  stackLayers, violationModel, wanModel, yExtent,
} from '../../../app/charts/series.ts';

const ROOT = join(import.meta.dirname, '../../..');

function point(tMs: number, over: Partial<ChartPoint> = {}): ChartPoint {
  return {
    tMs, p50: [10], p95: [20], p99: [30], sloObserved: [20], violationRate: [0], throughputPerS: [5], delivered: 0, dropped: 0, lost: 0,
    droppedBy: [0, 0], lostBy: [0], inFlight: 0, wanBytes: 0, energyWh: 0, costUsd: 0, nodesDown: 0, linksDown: 0, ...over,
  };
}
const app = (percentile: number, latencyMs = 80): AppDescription => ({ id: 'crowd', slo: { latencyMs, percentile }, services: [], streams: [] });

describe('ratePerS: per-second rate of a cumulative counter', () => {
  it.each([
    // t (ms), cumulative → per second: the first point counts from (0, 0); Δv / Δt after.
    [[1000, 2000, 3000], [10, 30, 30], [10, 20, 0]],
    [[2000, 4000], [100, 300], [50, 100]],
    // A counter that went down (restart) counts from 0 again: 5 / 1 s.
    [[1000, 2000], [10, 5], [10, 5]],
    // Two points at one time: no rate (0), never Infinity.
    [[1000, 1000], [10, 20], [10, 0]],
    [[0, 1000], [0, 4], [0, 4]],
  ])('t=%j, v=%j → %j', (t, v, want) => expect(ratePerS(t, v)).toEqual(want));
});

describe('movingAverage over simulated time', () => {
  it.each([
    // window 2 s: each value averages the values in (t − 2000, t].
    [[1000, 2000, 3000, 4000], [0, 4, 0, 0], 2000, [0, 2, 2, 0]],
    [[1000, 2000, 3000], [3, 3, 3], 5000, [3, 3, 3]],
    // NaN points are left out of the mean; a window of only NaN stays NaN.
    [[1000, 2000, 3000], [NaN, 4, NaN], 1000, [NaN, 4, NaN]],
  ])('t=%j v=%j w=%i → %j', (t, v, w, want) => expect(movingAverage(t, v, w)).toEqual(want));
});

describe('models', () => {
  it('latency: p50/p95/p99 with the SLO line, the SLO percentile drawn thicker', () => {
    const m = latencyModel([point(1000), point(2000, { p95: [NaN] })], app(95), 0);
    expect(m.lines.map((l) => [l.key, l.width])).toEqual([['p50', 1.5], ['p95', 2.5], ['p99', 1.5]]);
    expect(m.lines[1]!.values).toEqual([20, NaN]);
    expect(m.refs).toEqual([{ value: 80, label: 'SLO p95 ≤ 80 ms' }]);
    expect(latest(m.lines[1]!.values)).toEqual({ index: 0, value: 20 });
  });

  it('latency: an SLO at p90 gets a line of its own from sloObserved', () => {
    const m = latencyModel([point(1000, { sloObserved: [17] })], app(90, 2000), 0);
    expect(m.lines.map((l) => l.label)).toEqual(['p50', 'p95', 'p99', 'p90 (SLO percentile)']);
    expect(m.lines[3]!.values).toEqual([17]);
    expect(m.refs![0]!.label).toBe('SLO p90 ≤ 2 s');
  });

  it('violation rates are clamped to [0, 1]; the axis ends at 100%', () => {
    const m = violationModel([point(1000, { violationRate: [1.0000001] }), point(2000, { violationRate: [-1e-9] })], [app(95)]);
    expect(m.lines[0]!.values).toEqual([1, 0]);
    expect(yExtent(m)).toBe(1);
  });

  it('drops: one stacked layer per reason that happened, per second, with human labels', () => {
    const pts = [point(1000), point(2000, { droppedBy: [0, 10], lostBy: [5] }), point(3000, { droppedBy: [0, 10], lostBy: [5] })];
    const m = dropsModel(pts, ['queue-full', 'no-replica'], ['node-crash']);
    expect(m.stacked).toBe(true);
    expect(m.lines.map((l) => l.label)).toEqual(['no replica up', 'lost: node crashed']);
    // 10 drops in the second second, averaged over the 5 s window: (0 + 10) / 2, then (0 + 10 + 0) / 3.
    expect(m.lines[0]!.values).toEqual([0, 5, 10 / 3]);
    expect(stackLayers(m.lines).map((layer) => layer[1])).toEqual([[0, 5], [5, 7.5]]);
    expect(yExtent(m)).toBe(7.5);
  });

  it('WAN: bytes per second; energy and cost: so far', () => {
    const pts = [point(1000, { wanBytes: 1024, energyWh: 1, costUsd: 0.01 }), point(2000, { wanBytes: 3072, energyWh: 2, costUsd: 0.02 })];
    expect(wanModel(pts).lines[0]!.values).toEqual([1024, (1024 + 2048) / 2]);
    expect(cumulativeModel(pts, 'energyWh').lines[0]!.values).toEqual([1, 2]);
    expect(cumulativeModel(pts, 'costUsd').unit).toBe('USD');
  });

  it('sloStatus compares the SLO percentile with its target', () => {
    expect(sloStatus([point(1000, { sloObserved: [85] })], app(95), 0)).toEqual({ observedMs: 85, targetMs: 80, percentile: 95, ok: false });
    expect(sloStatus([point(1000, { sloObserved: [NaN] })], app(95), 0).ok).toBeNull();
    expect(sloStatus([], app(95), 0).observedMs).toBeNull();
  });

  it.each([['queue-full', 'drop', 'queue full'], ['link-loss', 'loss', 'lost on a lossy link'], ['made-up', 'drop', 'made up'], ['made-up', 'loss', 'lost: made up']] as const)(
    'reasonLabel(%s, %s) = %s', (r, k, s) => expect(reasonLabel(r, k)).toBe(s));
});

describe('lookups', () => {
  it.each([[[1000, 2000, 3000], 1400, 0], [[1000, 2000, 3000], 1600, 1], [[1000, 2000, 3000], 1500, 0], [[1000, 2000, 3000], 99_999, 2], [[1000], -5, 0], [[], 5, -1]])(
    'nearestIndex(%j, %i) = %i', (t, x, i) => expect(nearestIndex(t, x)).toBe(i));
  it.each([[0, 8, []], [3, 8, [0, 1, 2]], [600, 4, [0, 200, 399, 599]], [10, 2, [0, 9]]])('sampleIndices(%i, %i) = %j', (n, max, want) => {
    expect(sampleIndices(n, max)).toEqual(want);
  });
});

describe('on a real run: metro-operations, first 90 simulated seconds', () => {
  let points: readonly ChartPoint[];
  let d: FabricDescription;
  beforeAll(() => {
    const s = new Session();
    const file = 'scenarios/metro-operations.yaml';
    const r = s.load({ text: readFileSync(join(ROOT, file), 'utf8'), file });
    if (!r.ok) throw new Error(r.message);
    d = r.description;
    s.advanceTo(90_000);
    points = s.chartPoints;
  });

  it('builds every model with one value per point and nothing non-finite where a number is drawn', () => {
    expect(points.length).toBeGreaterThanOrEqual(60);
    const m = liveModels(points, d);
    expect(m.latency).toHaveLength(d.apps.length);
    for (const model of [...m.latency, m.violations, m.throughput, m.drops, m.wan, m.energy, m.cost]) {
      expect(model.t).toHaveLength(points.length);
      for (const l of model.lines) expect(l.values).toHaveLength(points.length);
      expect(Number.isFinite(yExtent(model)) && yExtent(model) > 0, model.key).toBe(true);
    }
    for (const model of [m.violations, m.throughput, m.drops, m.wan, m.energy, m.cost]) {
      for (const l of model.lines) for (const v of l.values) expect(Number.isFinite(v), `${model.key}/${l.key}`).toBe(true);
    }
    // Energy and cost only grow.
    for (const l of [m.energy.lines[0]!, m.cost.lines[0]!]) for (let k = 1; k < l.values.length; k++) expect(l.values[k]!).toBeGreaterThanOrEqual(l.values[k - 1]!);
  });

  it('the drops chart accounts for every drop and loss (rates × step, before averaging, sum to the totals)', () => {
    const t = points.map((p) => p.tMs);
    const last = points[points.length - 1]!;
    const sumOf = (cum: number[]) => ratePerS(t, cum).reduce((s, r, k) => s + r * ((t[k]! - (k ? t[k - 1]! : 0)) / 1000), 0);
    const dropped = d.dropReasons.reduce((s, _r, k) => s + sumOf(points.map((p) => p.droppedBy[k]!)), 0);
    const lost = d.lossReasons.reduce((s, _r, k) => s + sumOf(points.map((p) => p.lostBy[k]!)), 0);
    expect(dropped).toBeCloseTo(last.dropped, 6);
    expect(lost).toBeCloseTo(last.lost, 6);
    expect(last.dropped + last.lost).toBeGreaterThan(0);
    expect(dropsModel(points, d.dropReasons, d.lossReasons).lines.length).toBeGreaterThan(0);
  });
});
