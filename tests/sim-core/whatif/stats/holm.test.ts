import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { holmAdjust } from '../../../../sim-core/whatif/stats/holm.ts';

describe('holmAdjust against hand-computed adjusted p-values (R: p.adjust(p, "holm"))', () => {
  it.each([
    // m = 4; sorted 0.005, 0.01, 0.03, 0.04 → 4·0.005 = 0.02, 3·0.01 = 0.03, 2·0.03 = 0.06,
    // 1·0.04 = 0.04 raised to the running max 0.06. In input order: 0.03, 0.06, 0.06, 0.02.
    ['four tests, one step held up by monotonicity', [0.01, 0.04, 0.03, 0.005], [0.03, 0.06, 0.06, 0.02]],
    // 2·0.5 = 1 (capped), then max(1, 0.6) = 1.
    ['capped at 1', [0.5, 0.6], [1, 1]],
    // Ties: 3·0.02 = 0.06, 2·0.02 = 0.04 → 0.06, 1·0.5 = 0.5.
    ['ties', [0.02, 0.02, 0.5], [0.06, 0.06, 0.5]],
    // p = 0 (zero spread) stays 0; 1·0.2 = 0.2.
    ['a zero p-value', [0, 0.2], [0, 0.2]],
    ['one test: unchanged', [0.03], [0.03]],
    ['no tests', [], []],
  ])('%s', (_name, p, expected) => {
    const adjusted = holmAdjust(p);
    expect(adjusted).toHaveLength(expected.length);
    adjusted.forEach((x, i) => expect(x).toBeCloseTo(expected[i]!, 15));
  });

  it('at α = 0.05 the four-test family keeps two of its four raw rejections', () => {
    const p = [0.01, 0.04, 0.03, 0.005];
    expect(p.filter((x) => x < 0.05)).toHaveLength(4);
    expect(holmAdjust(p).filter((x) => x < 0.05)).toHaveLength(2);
  });

  it('throws on a value that is not a probability', () => {
    expect(() => holmAdjust([0.1, NaN])).toThrow(/pValues\[1\].*got NaN/);
    expect(() => holmAdjust([-0.1])).toThrow(/probability/);
    expect(() => holmAdjust([1.5])).toThrow(/probability/);
  });

  it('properties: raw ≤ adjusted ≤ min(1, m·raw) (Bonferroni), and the order of the raw p-values is kept', () => {
    fc.assert(fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 40 }), (p) => {
      const a = holmAdjust(p);
      const m = p.length;
      p.forEach((x, i) => {
        expect(a[i]!).toBeGreaterThanOrEqual(x);
        expect(a[i]!).toBeLessThanOrEqual(Math.min(1, m * x) + 1e-15);
        p.forEach((y, j) => { if (x < y) expect(a[i]!).toBeLessThanOrEqual(a[j]!); });
      });
    }));
  });
});
