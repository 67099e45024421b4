import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { pairedDifference } from '../../../../sim-core/whatif/stats/paired.ts';
import { welchTTest } from '../../../../sim-core/whatif/stats/welch.ts';

// Student's (1908) sleep data, Cushny & Peebles: extra hours of sleep for 10 patients under two
// drugs. R: t.test(extra ~ group, data = sleep, paired = TRUE) and the Welch test without pairing.
const drug1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
const drug2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];

describe('pairedDifference on the sleep data (R / scipy.stats.ttest_rel)', () => {
  // variant = drug1, base = drug2 → d = drug1 − drug2, as R reports group 1 − group 2.
  const r = pairedDifference(drug2, drug1, 'higher');
  it('mean difference, sd, t, df, p', () => {
    expect(r.n).toBe(10);
    expect(r.meanDiff).toBeCloseTo(-1.58, 12);
    expect(r.sd).toBeCloseTo(1.2299954832798732, 12);
    expect(r.t).toBeCloseTo(-4.062127683382037, 10);
    expect(r.df).toBe(9);
    expect(r.pValue).toBeCloseTo(0.002832890197384273, 12);
  });
  it('95% CI [-2.4598858, -0.7001142]', () => {
    expect(r.ci95[0]).toBeCloseTo(-2.459885763276983, 10);
    expect(r.ci95[1]).toBeCloseTo(-0.7001142367230175, 10);
  });
  it('verdict follows the direction: more sleep is better, so drug1 is worse', () => {
    expect(r.verdict).toBe('worse');
    expect(pairedDifference(drug2, drug1, 'lower').verdict).toBe('better');
    expect(pairedDifference(drug1, drug2, 'higher').verdict).toBe('better');
  });
});

describe('welchTTest on the sleep data (R t.test(extra ~ group) / scipy equal_var=False)', () => {
  const w = welchTTest(drug2, drug1, 'higher');
  it('t, Welch–Satterthwaite df, p and CI', () => {
    expect(w.meanDiff).toBeCloseTo(-1.58, 12);
    expect(w.t).toBeCloseTo(-1.8608134674868526, 10);
    expect(w.df).toBeCloseTo(17.776473516178488, 10);
    expect(w.pValue).toBeCloseTo(0.0793941401873583, 10);
    expect(w.ci95[0]).toBeCloseTo(-3.3654832307117104, 9);
    expect(w.ci95[1]).toBeCloseTo(0.20548323071171137, 9);
  });
  it('without pairing the same data is indistinguishable (the CI straddles 0)', () => {
    expect(w.verdict).toBe('indistinguishable');
  });
  it('needs two values per sample', () => {
    expect(() => welchTTest([1], [1, 2], 'lower')).toThrow(/at least 2.*got 1/);
  });
});

describe('pairedDifference properties (fast-check)', () => {
  const sample = fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 50 });

  it('identical arrays: zero difference, indistinguishable, p = 1', () => {
    fc.assert(fc.property(sample, fc.constantFrom('lower' as const, 'higher' as const), (xs, dir) => {
      const r = pairedDifference(xs, [...xs], dir);
      expect(r.meanDiff).toBe(0);
      expect(r.verdict).toBe('indistinguishable');
      expect(r.pValue).toBe(1);
      if (xs.length > 1) expect(r.ci95).toEqual([0, 0]);
    }));
  });

  it('the CI contains the mean difference', () => {
    fc.assert(fc.property(sample, sample, (a, b) => {
      const n = Math.min(a.length, b.length);
      const r = pairedDifference(a.slice(0, n), b.slice(0, n), 'lower');
      expect(r.ci95[0]).toBeLessThanOrEqual(r.meanDiff);
      expect(r.meanDiff).toBeLessThanOrEqual(r.ci95[1]);
    }));
  });

  it('a constant positive shift is a certain increase (worse when lower is better)', () => {
    fc.assert(fc.property(
      fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 2, maxLength: 30 }),
      fc.integer({ min: 1, max: 100 }),
      (xs, shift) => {
        const r = pairedDifference(xs, xs.map((x) => x + shift), 'lower');
        expect(r.meanDiff).toBe(shift);
        expect(r.verdict).toBe('worse');
        expect(pairedDifference(xs, xs.map((x) => x + shift), 'higher').verdict).toBe('better');
      },
    ));
  });

  it('swapping base and variant negates the difference and flips the verdict', () => {
    fc.assert(fc.property(sample, sample, (a, b) => {
      const n = Math.min(a.length, b.length);
      const ab = pairedDifference(a.slice(0, n), b.slice(0, n), 'lower');
      const ba = pairedDifference(b.slice(0, n), a.slice(0, n), 'lower');
      // b − a is exactly −(a − b) in floating point and the exact sum rounds symmetrically.
      // (=== so that 0 and −0 count as equal)
      expect(ba.meanDiff === -ab.meanDiff).toBe(true);
      expect(ba.ci95[0] === -ab.ci95[1]).toBe(true);
      const flip = { better: 'worse', worse: 'better', indistinguishable: 'indistinguishable' } as const;
      expect(ba.verdict).toBe(flip[ab.verdict]);
    }));
  });
});

describe('pairedDifference input errors', () => {
  it('rejects misaligned pairs, bad directions and empty input with the values', () => {
    expect(() => pairedDifference([1, 2], [1], 'lower')).toThrow(/2 values but variant has 1/);
    expect(() => pairedDifference([1], [1], 'down' as never)).toThrow(/'lower' or 'higher', got down/);
    expect(() => pairedDifference([], [], 'lower')).toThrow(/at least 1/);
  });
  it('one pair: unbounded interval, indistinguishable', () => {
    const r = pairedDifference([5], [3], 'lower');
    expect(r.meanDiff).toBe(-2);
    expect(r.ci95).toEqual([-Infinity, Infinity]);
    expect(r.verdict).toBe('indistinguishable');
  });
});
