/**
 * Failure detectors: the timeout boundary, phi against the exact normal tail for a known mean
 * and standard deviation, and suspicionTimeMs agreeing with isSuspected.
 */
import { describe, expect, it } from 'vitest';
import { isSuspected, newHistory, phi, recordHeartbeat, suspicionTimeMs, type DetectorSpec } from '../../../../sim-core/orchestrator/detector/failure-detector.ts';

/** Upper normal tail P(Z > y) via erfc (Numerical Recipes erfcc, |error| < 1.2e-7). */
function normalTail(y: number): number {
  const x = y / Math.SQRT2;
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807
    + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return (x >= 0 ? r : 2 - r) / 2;
}

const phiSpec: Extract<DetectorSpec, { kind: 'phi' }> = { kind: 'phi', threshold: 8, windowSize: 100, minSdMs: 1, firstIntervalMs: 1000 };

/** History with intervals alternating 900 and 1100 ms: mean 1000, population sd exactly 100. */
function knownHistory(): ReturnType<typeof newHistory> {
  const h = newHistory(phiSpec, 0);
  let t = 0;
  for (let i = 0; i < 100; i++) { t += i % 2 ? 1100 : 900; recordHeartbeat(h, t); }
  return h;
}

describe('timeout detector', () => {
  const spec: DetectorSpec = { kind: 'timeout', timeoutMs: 5000 };
  it('suspects exactly at lastMs + timeout, not a moment before', () => {
    const h = newHistory(spec, 0);
    recordHeartbeat(h, 1000);
    expect(isSuspected(spec, h, 5999.999)).toBe(false);
    expect(isSuspected(spec, h, 6000)).toBe(true);
    expect(suspicionTimeMs(spec, h)).toBe(6000);
  });
  it('ignores late or duplicate heartbeats older than the last', () => {
    const h = newHistory(spec, 0);
    recordHeartbeat(h, 1000);
    recordHeartbeat(h, 800);
    recordHeartbeat(h, 1000);
    expect(h.lastMs).toBe(1000);
    expect(h.count).toBe(1);
  });
});

describe('phi accrual detector', () => {
  it('phi = -log10 P(Z > (elapsed - mean) / sd) for mean 1000 ms, sd 100 ms (tail probability within 1.5e-4)', () => {
    const h = knownHistory();
    for (const y of [-2, -1, 0, 0.5, 1, 2, 3, 4, 5]) {
      const got = phi(phiSpec, h, h.lastMs + 1000 + 100 * y);
      expect(Math.abs(10 ** -got - normalTail(y))).toBeLessThan(1.5e-4);
    }
    // Near the mean the approximation is tight in phi as well.
    for (const y of [-1, 0, 1, 2]) expect(phi(phiSpec, h, h.lastMs + 1000 + 100 * y)).toBeCloseTo(-Math.log10(normalTail(y)), 2);
    // At the mean, half the heartbeats are later: phi = log10(2).
    expect(phi(phiSpec, h, h.lastMs + 1000)).toBeCloseTo(Math.log10(2), 6);
  });
  it('deep in the tail the logistic approximation overestimates phi (suspects no later than the exact normal model)', () => {
    const h = knownHistory();
    // Measured: y = 4 → 4.74 vs exact 4.50; y = 5 → 7.30 vs exact 6.54. Threshold 8 is reached near 5.3 sd, not 5.6.
    for (const y of [3, 4, 5]) expect(phi(phiSpec, h, h.lastMs + 1000 + 100 * y)).toBeGreaterThan(-Math.log10(normalTail(y)));
  });
  it('phi grows with elapsed time and a jittery history takes longer to suspect', () => {
    const calm = knownHistory();
    const jittery = newHistory(phiSpec, 0);
    let t = 0;
    for (let i = 0; i < 100; i++) { t += i % 2 ? 1500 : 500; recordHeartbeat(jittery, t); }
    let prev = -Infinity;
    for (let e = 0; e <= 3000; e += 100) { const p = phi(phiSpec, calm, calm.lastMs + e); expect(p).toBeGreaterThanOrEqual(prev); prev = p; }
    expect(suspicionTimeMs(phiSpec, jittery) - jittery.lastMs).toBeGreaterThan(suspicionTimeMs(phiSpec, calm) - calm.lastMs);
  });
  it('suspicionTimeMs is the first time isSuspected turns true', () => {
    for (const threshold of [1, 3, 8, 12]) {
      const spec = { ...phiSpec, threshold };
      const h = knownHistory();
      const at = suspicionTimeMs(spec, h);
      expect(isSuspected(spec, h, at)).toBe(true);
      expect(isSuspected(spec, h, at - 0.01)).toBe(false);
    }
  });
  it('with no history uses firstIntervalMs as the mean and a quarter of it as sd', () => {
    const h = newHistory(phiSpec, 0);
    expect(phi(phiSpec, h, 1000)).toBeCloseTo(Math.log10(2), 6);
    expect(Math.abs(phi(phiSpec, h, 1500) - -Math.log10(normalTail(2)))).toBeLessThan(0.05);
  });
});
