/** Edge MLOps decisions: accuracy proxy, value windows, Page-Hinkley and the retrain trigger, on hand-computed values. */
import { describe, expect, it } from 'vitest';
import {
  accuracyProxy, addValue, emptyWindow, initPageHinkley, pageHinkleyStep, shouldRetrain, standardizedW2Squared, windowMoments, type TriggerInput,
} from '../../../../sim-core/orchestrator/mlops/index.ts';

describe('accuracy proxy', () => {
  const trained = { mean: 20, sd: 2 };
  const m = { base: 0.9, sensitivity: 0.5 };
  it.each([
    // live              d² = ((Δμ)² + (Δσ)²) / σ_train²     accuracy = 0.9 / (1 + 0.5 d²)
    [{ mean: 20, sd: 2 }, 0, 0.9],
    [{ mean: 22, sd: 2 }, 1, 0.6], //   4 / 4 = 1 → 0.9 / 1.5
    [{ mean: 16, sd: 2 }, 4, 0.3], //  16 / 4 = 4 → 0.9 / 3
    [{ mean: 20, sd: 4 }, 1, 0.6], //   sd 2 → 4: 4 / 4 = 1
    [{ mean: 22, sd: 4 }, 2, 0.45], //  (4 + 4) / 4 = 2 → 0.9 / 2
  ])('live %o: d² = %d, accuracy %d', (live, d2, acc) => {
    expect(standardizedW2Squared(live, trained)).toBeCloseTo(d2, 12);
    expect(accuracyProxy(live, trained, m)).toBeCloseTo(acc, 12);
  });
  it('is symmetric in the direction of the shift and falls monotonically with the distance', () => {
    expect(accuracyProxy({ mean: 23, sd: 2 }, trained, m)).toBe(accuracyProxy({ mean: 17, sd: 2 }, trained, m));
    let last = Infinity;
    for (let mu = 20; mu <= 30; mu += 0.5) {
      const a = accuracyProxy({ mean: mu, sd: 2 }, trained, m);
      expect(a).toBeLessThan(last);
      last = a;
    }
  });
  it('sensitivity 0 never loses accuracy; a zero training sd is a programmer error', () => {
    expect(accuracyProxy({ mean: 100, sd: 9 }, trained, { base: 0.8, sensitivity: 0 })).toBe(0.8);
    expect(() => accuracyProxy({ mean: 1, sd: 1 }, { mean: 1, sd: 0 }, m)).toThrow(/training sd must be > 0, got 0/);
  });
});

describe('value window', () => {
  it('mean and population sd of 2, 4, 4, 4, 5, 5, 7, 9 are 5 and 2', () => {
    const w = emptyWindow();
    expect(windowMoments(w)).toBeNull();
    for (const x of [2, 4, 4, 4, 5, 5, 7, 9]) addValue(w, x);
    const m = windowMoments(w)!;
    expect(m.mean).toBe(5);
    expect(m.sd).toBeCloseTo(2, 12);
  });
  it('a constant window has sd 0 (never NaN from rounding)', () => {
    const w = emptyWindow();
    for (let i = 0; i < 1000; i++) addValue(w, 0.1);
    expect(windowMoments(w)!.sd).toBeGreaterThanOrEqual(0);
    expect(windowMoments(w)!.sd).toBeLessThan(1e-6);
  });
});

describe('Page-Hinkley', () => {
  const p = { delta: 0.5, lambda: 2 };
  it('an upward shift: the up sum climbs by z − δ per sample and alarms once it exceeds λ', () => {
    // z:        0     0     1.5   1.5   1.5
    // m⁺:     −0.5  −1.0  0.0   1.0   2.0     (m⁺ += z − 0.5)
    // M⁺:     −0.5  −1.0  −1.0  −1.0  −1.0
    // m⁺−M⁺:   0     0     1.0   2.0   3.0    > 2 only at the last
    // m⁻:     −0.5  −1.0  −3.0  −5.0  −7.0    (m⁻ += −z − 0.5: its statistic stays 0)
    let s = initPageHinkley();
    const stats: number[] = [];
    const alarms: boolean[] = [];
    for (const z of [0, 0, 1.5, 1.5, 1.5]) {
      const r = pageHinkleyStep(s, z, p);
      s = r.state;
      stats.push(r.statistic);
      alarms.push(r.drift);
    }
    expect(stats).toEqual([0, 0, 1, 2, 3]);
    expect(alarms).toEqual([false, false, false, false, true]);
    expect(s).toEqual({ upSum: 2, upMin: -1, downSum: -7, downMin: -7, samples: 5 });
  });
  it('a downward shift alarms on the down side the same way', () => {
    let s = initPageHinkley();
    const stats: number[] = [];
    for (const z of [0, 0, -1.5, -1.5, -1.5]) { const r = pageHinkleyStep(s, z, p); s = r.state; stats.push(r.statistic); }
    expect(stats).toEqual([0, 0, 1, 2, 3]);
  });
  it('noise within ±δ never alarms', () => {
    let s = initPageHinkley();
    for (let i = 0; i < 1000; i++) {
      const r = pageHinkleyStep(s, i % 2 === 0 ? 0.4 : -0.4, p);
      expect(r.drift).toBe(false);
      s = r.state;
    }
  });
  it('refuses λ ≤ 0 and δ < 0', () => {
    expect(() => pageHinkleyStep(initPageHinkley(), 0, { delta: 0, lambda: 0 })).toThrow(/lambda > 0/);
    expect(() => pageHinkleyStep(initPageHinkley(), 0, { delta: -1, lambda: 1 })).toThrow(/delta >= 0/);
  });
});

describe('retrain trigger', () => {
  const base: TriggerInput = { policy: 'periodic', nowMs: 0, lastStartMs: 0, busy: false, drift: false, everyMs: 3_600_000, minGapMs: 600_000 };
  it.each([
    // policy      now        last   busy   drift  → retrain
    ['periodic', 3_599_999, 0, false, false, false],
    ['periodic', 3_600_000, 0, false, false, true],
    ['periodic', 7_200_000, 0, true, false, false], // a round is under way
    ['drift', 9e9, 0, false, false, false], //        no alarm, however long
    ['drift', 599_999, 0, false, true, false], //     alarm inside the minimum gap
    ['drift', 600_000, 0, false, true, true],
    ['drift', 900_000, 0, true, true, false],
  ] as const)('%s at %d (last %d, busy %s, drift %s) → %s', (policy, nowMs, lastStartMs, busy, drift, want) => {
    expect(shouldRetrain({ ...base, policy, nowMs, lastStartMs, busy, drift }).retrain).toBe(want);
  });
});
