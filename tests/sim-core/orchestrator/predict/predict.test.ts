import { describe, expect, it } from 'vitest';
import { leastSquares, timeToCriticalMs } from '../../../../sim-core/orchestrator/predict/trend.ts';
import { newDetector, observe, resetTarget } from '../../../../sim-core/orchestrator/predict/detector.ts';
import { median, scorePredictions } from '../../../../sim-core/orchestrator/predict/score.ts';

const s = (tMs: number, value: number) => ({ tMs, value });

describe('leastSquares', () => {
  it('fits an exact line: slope and level at the last sample', () => {
    // v = 45 + 0.01 t  → slope 0.01 /ms, level at t=3000 is 75
    const line = leastSquares([s(0, 45), s(1000, 55), s(2000, 65), s(3000, 75)])!;
    expect(line.slopePerMs).toBeCloseTo(0.01, 12);
    expect(line.level).toBeCloseTo(75, 12);
    expect(line.atMs).toBe(3000);
  });
  it('fits noisy points by hand', () => {
    // t = 0,1,2 (×1000 ms), v = 1, 3, 2: mean t 1000, mean v 2; Σdt·dv = (-1000)(-1)+0+(1000)(0) = 1000; Σdt² = 2e6
    // slope = 1000 / 2e6 = 0.0005 /ms; level at t=2000 = 2 + 0.0005·1000 = 2.5
    const line = leastSquares([s(0, 1), s(1000, 3), s(2000, 2)])!;
    expect(line.slopePerMs).toBeCloseTo(0.0005, 12);
    expect(line.level).toBeCloseTo(2.5, 12);
  });
  it('returns null for fewer than two samples or a single time', () => {
    expect(leastSquares([s(0, 1)])).toBeNull();
    expect(leastSquares([s(5, 1), s(5, 2)])).toBeNull();
  });
});

describe('timeToCriticalMs', () => {
  it('projects the line to the critical value', () => {
    // level 75 at slope 0.01/ms reaches 85 after 10 / 0.01 = 1000 ms
    expect(timeToCriticalMs({ slopePerMs: 0.01, atMs: 3000, level: 75 }, 85)).toBeCloseTo(1000, 9);
  });
  it('is 0 at or above critical and Infinity when flat or falling', () => {
    expect(timeToCriticalMs({ slopePerMs: -1, atMs: 0, level: 90 }, 85)).toBe(0);
    expect(timeToCriticalMs({ slopePerMs: 0, atMs: 0, level: 50 }, 85)).toBe(Infinity);
    expect(timeToCriticalMs({ slopePerMs: -0.1, atMs: 0, level: 50 }, 85)).toBe(Infinity);
    expect(timeToCriticalMs({ slopePerMs: 0.001, atMs: 0, level: 50 }, 85, 0.001)).toBe(Infinity);
  });
});

describe('trend detector', () => {
  const p = { windowMs: 3000, horizonMs: 5000, critical: 85 };
  it('stays quiet on a flat signal and alarms on a ramp once the projection is within the horizon', () => {
    const st = newDetector(p);
    for (let t = 0; t <= 10_000; t += 1000) expect(observe(st, p, 7, s(t, 45))).toBeNull();
    // From t = 11 s the signal rises 4 per second: 49, 53, 57, …
    // t=11s window {8,9,10,11}s = 45,45,45,49: Σdt·dv = (-1500)(-1)+(-500)(-1)+(500)(-1)+(1500)(3) = 6000, Σdt² = 5e6
    //   slope 0.0012/ms, level 46 + 0.0012·1500 = 47.8 → ttc (85-47.8)/0.0012 = 31 000 ms > 5000: quiet
    expect(observe(st, p, 7, s(11_000, 49))).toBeNull();
    // t=12s window {9..12}s = 45,45,49,53: mean 48, Σdt·dv = (-1500)(-3)+(-500)(-3)+(500)(1)+(1500)(5) = 14000
    //   slope 0.0028, level 48 + 0.0028·1500 = 52.2 → ttc 32.8 / 0.0028 ≈ 11 714 ms: quiet
    expect(observe(st, p, 7, s(12_000, 53))).toBeNull();
    // t=13s window {10..13}s = 45,49,53,57: exact slope 0.004, level 57 → ttc 28/0.004 = 7000: quiet
    expect(observe(st, p, 7, s(13_000, 57))).toBeNull();
    // t=14s window 49..61: level 61, ttc 24/0.004 = 6000: quiet; t=15s: 65, ttc 5000 ≤ horizon → alarm predicting 20 s
    expect(observe(st, p, 7, s(14_000, 61))).toBeNull();
    const a = observe(st, p, 7, s(15_000, 65))!;
    expect(a).not.toBeNull();
    expect(a.target).toBe(7);
    expect(a.atMs).toBe(15_000);
    expect(a.predictedFailureAtMs).toBeCloseTo(20_000, 6);
    expect(a.level).toBeCloseTo(65, 9);
    // cooldown = horizon: no second alarm at 16 s..19 s, again at 20 s
    for (let t = 16_000; t < 20_000; t += 1000) expect(observe(st, p, 7, s(t, 65 + 4 * (t - 15_000) / 1000))).toBeNull();
    expect(observe(st, p, 7, s(20_000, 85))).not.toBeNull();
  });
  it('keeps targets apart and restarts a reset window', () => {
    const st = newDetector(p);
    observe(st, p, 1, s(0, 45)); observe(st, p, 1, s(1000, 60));
    observe(st, p, 2, s(0, 45));
    expect(st.windows.get(1)!.length).toBe(2);
    expect(st.windows.get(2)!.length).toBe(1);
    resetTarget(st, 1);
    // only one sample after the reset: fewer than minSamples, no alarm even at 84
    expect(observe(st, p, 1, s(2000, 84))).toBeNull();
  });
  it('refuses bad parameters with the value', () => {
    expect(() => newDetector({ ...p, windowMs: 0 })).toThrow(/windowMs must be > 0, got 0/);
    expect(() => newDetector({ ...p, horizonMs: -1 })).toThrow(/horizonMs/);
  });
});

describe('scorePredictions', () => {
  it('counts hits, misses, false alarms and lead times', () => {
    const alarms = [
      { target: 1, atMs: 100 },  // hits the failure of 1 at 400 (lead 300)
      { target: 1, atMs: 200 },  // a second alarm for the same failure: false alarm
      { target: 2, atMs: 100 },  // 2 fails at 900, beyond the horizon 500: false alarm
      { target: 3, atMs: 500 },  // 3 failed at 450, before the alarm: false alarm (too late)
    ];
    const failures = [{ target: 1, atMs: 400 }, { target: 2, atMs: 900 }, { target: 3, atMs: 450 }, { target: 4, atMs: 50 }];
    const r = scorePredictions(alarms, failures, 500);
    expect(r.hits).toBe(1);
    expect(r.misses).toBe(3);
    expect(r.falseAlarms).toBe(3);
    expect(r.leadTimesMs).toEqual([300]);
    expect(r.matchedAlarm).toEqual([0, -1, -1, -1]);
  });
  it('median', () => {
    expect(median([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});
