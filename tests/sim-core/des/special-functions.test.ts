import { describe, expect, it } from 'vitest';
import { erfc, gamma, lnGamma, normalCdf, normalPdf } from '../../../sim-core/des/special-functions.ts';

const rel = (got: number, want: number) => Math.abs(got - want) / Math.abs(want);

describe('special functions against reference values (Abramowitz & Stegun / exact identities)', () => {
  it.each([
    [1, 1], [2, 1], [5, 24], [10, 362880], [0.5, Math.sqrt(Math.PI)], [1.5, Math.sqrt(Math.PI) / 2],
    [0.1, 9.513507698668732], [1 + 1 / 1.5, 0.9027452929509336], [2.5, 1.329340388179137],
  ])('Γ(%d) = %d to 1e-13', (x, want) => {
    expect(rel(gamma(x), want)).toBeLessThan(1e-13);
  });

  it('lnGamma(100) = ln(99!) and rejects x <= 0', () => {
    expect(rel(lnGamma(100), 359.1342053695754)).toBeLessThan(1e-14);
    expect(() => lnGamma(0)).toThrow(/got 0/);
    expect(() => lnGamma(-2)).toThrow(/-2/);
  });

  it.each([
    [0, 0.5], [1, 0.8413447460685429], [-1, 0.15865525393145707], [1.96, 0.9750021048517795],
    [-0.5, 0.3085375387259869], [-3, 0.0013498980316300946], [4, 0.9999683287581669],
  ])('Φ(%d) = %d to 2e-7 relative', (x, want) => {
    expect(rel(normalCdf(x), want)).toBeLessThan(2e-7);
  });

  it('erfc and φ match reference values', () => {
    expect(rel(erfc(0.5), 0.4795001221869535)).toBeLessThan(2e-7);
    expect(rel(erfc(-1), 1.8427007929497148)).toBeLessThan(2e-7);
    expect(rel(normalPdf(-0.5), 0.3520653267642995)).toBeLessThan(1e-15);
  });
});
