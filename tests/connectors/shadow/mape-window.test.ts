/**
 * Rolling-window MAPE against values computed by hand: the arithmetic, the observed ≈ 0 rule
 * (skipped, not scored), the time window's open/closed ends, per-key separation, the bound on
 * samples per key and refusal of non-finite values.
 */
import { describe, expect, it } from 'vitest';
import { absolutePercentageError, MapeWindows, mapeOf, mapeOfPairs } from '../../../connectors/shadow/mape-window.ts';

describe('absolute percentage error', () => {
  it.each([
    // predicted, observed, epsilon, expected: 100·|p − o| / |o|
    [110, 100, 0.01, 10],
    [90, 100, 0.01, 10],
    [0.3, 0.2, 0.01, 50],
    [0, 0.5, 0.01, 100],
    [-2, -4, 0.01, 50], // |−2 − (−4)| / |−4| = 0.5
    [0.2, 0.005, 0.01, null], // observed below epsilon: not scored
    [0.2, 0.01, 0.01, 1900], // exactly epsilon is scored: 100·0.19/0.01
  ] as const)('p=%d o=%d eps=%d → %s', (p, o, eps, want) => {
    const got = absolutePercentageError(p, o, eps);
    if (want === null) expect(got).toBeNull();
    else expect(got).toBeCloseTo(want, 10);
  });
});

describe('mapeOfPairs and mapeOf', () => {
  it('averages the scored errors and counts the skipped ones: (10 + 10 + 50) / 3', () => {
    const r = mapeOfPairs([{ predicted: 110, observed: 100 }, { predicted: 45, observed: 50 }, { predicted: 0.3, observed: 0.2 }, { predicted: 0.4, observed: 0.001 }], 0.01);
    expect(r.samples).toBe(3);
    expect(r.skipped).toBe(1);
    expect(r.mape).toBeCloseTo(70 / 3, 12);
  });

  it('is null (not 0, not NaN) when nothing is scored', () => {
    expect(mapeOfPairs([], 0.01)).toEqual({ mape: null, samples: 0, skipped: 0 });
    expect(mapeOfPairs([{ predicted: 1, observed: 0 }], 0.01)).toEqual({ mape: null, samples: 0, skipped: 1 });
  });

  it('keeps (now − window, now]: the sample exactly one window old is out, the one at now is in, future ones are out', () => {
    const s = [
      { atMs: 0, predicted: 200, observed: 100 }, // 100 %
      { atMs: 500, predicted: 150, observed: 100 }, // 50 %  ← exactly now − window: out
      { atMs: 1000, predicted: 120, observed: 100 }, // 20 %
      { atMs: 1500, predicted: 110, observed: 100 }, // 10 %  ← at now: in
      { atMs: 1600, predicted: 999, observed: 100 }, // future: out
    ];
    const r = mapeOf(s, 1500, 1000, 0.01);
    expect(r.samples).toBe(2);
    expect(r.mape).toBeCloseTo(15, 12);
  });
});

describe('MapeWindows', () => {
  it('keeps keys apart and slides the window as time passes', () => {
    const w = new MapeWindows({ windowMs: 10_000 });
    w.add('edge-1|cpu', { atMs: 1000, predicted: 0.5, observed: 0.4 }, 0.01); // 25 %
    w.add('edge-1|cpu', { atMs: 6000, predicted: 0.3, observed: 0.4 }, 0.01); // 25 %
    w.add('edge-1|cpu', { atMs: 9000, predicted: 0.4, observed: 0.4 }, 0.01); // 0 %
    w.add('edge-2|cpu', { atMs: 9000, predicted: 0.9, observed: 0.6 }, 0.01); // 50 %
    expect(w.result('edge-1|cpu', 9000).mape).toBeCloseTo(50 / 3, 12);
    expect(w.result('edge-2|cpu', 9000).mape).toBeCloseTo(50, 12);
    // At 12 000 the window is (2000, 12000]: the sample at 1000 has left.
    const later = w.result('edge-1|cpu', 12_000);
    expect(later.samples).toBe(2);
    expect(later.mape).toBeCloseTo(12.5, 12);
    // At 20 000 everything has left.
    expect(w.result('edge-1|cpu', 20_000)).toEqual({ mape: null, samples: 0, skipped: 0 });
    expect(w.keys()).toEqual(['edge-1|cpu', 'edge-2|cpu']);
    expect(w.result('nobody|cpu', 9000)).toEqual({ mape: null, samples: 0, skipped: 0 });
  });

  it('applies the epsilon rule of the key', () => {
    const w = new MapeWindows({ windowMs: 1000 });
    w.add('a|latency_p50', { atMs: 1, predicted: 3, observed: 2 }, 0.01); // 50 %
    w.add('a|latency_p50', { atMs: 2, predicted: 3, observed: 0.001 }, 0.01); // skipped
    expect(w.result('a|latency_p50', 2)).toEqual({ mape: 50, samples: 1, skipped: 1 });
  });

  it('drops the oldest samples beyond maxSamplesPerKey', () => {
    const w = new MapeWindows({ windowMs: 1e9, maxSamplesPerKey: 2 });
    w.add('k', { atMs: 1, predicted: 200, observed: 100 }, 0.01); // 100 %: dropped
    w.add('k', { atMs: 2, predicted: 110, observed: 100 }, 0.01); // 10 %
    w.add('k', { atMs: 3, predicted: 130, observed: 100 }, 0.01); // 30 %
    expect(w.result('k', 3)).toEqual({ mape: expect.closeTo(20, 12), samples: 2, skipped: 0 });
  });

  it('refuses non-finite values and counts them', () => {
    const w = new MapeWindows({ windowMs: 1000 });
    expect(w.add('k', { atMs: 1, predicted: NaN, observed: 1 }, 0.01)).toBe(false);
    expect(w.add('k', { atMs: 1, predicted: 1, observed: Infinity }, 0.01)).toBe(false);
    expect(w.add('k', { atMs: 1, predicted: 1, observed: 2 }, 0.01)).toBe(true);
    expect(w.refused).toBe(2);
    expect(w.result('k', 1)).toEqual({ mape: 50, samples: 1, skipped: 0 });
  });

  it('throws on a nonsensical window', () => {
    expect(() => new MapeWindows({ windowMs: 0 })).toThrow(/windowMs/);
    expect(() => new MapeWindows({ windowMs: 10, maxSamplesPerKey: 0 })).toThrow(/maxSamplesPerKey/);
  });
});
