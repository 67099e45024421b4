import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { tCdf, tPdf, tQuantile, normalCdf } from '../../../../sim-core/whatif/stats/student-t.ts';
import { normalQuantile } from '../../../../sim-core/whatif/stats/normal.ts';
import { incompleteBeta, lnGamma } from '../../../../sim-core/whatif/stats/special.ts';

describe('tQuantile: two-sided 95% critical values from the printed t table', () => {
  // t_{0.975, df}, as in every statistics textbook table (and R's qt(0.975, df)).
  const table: [number, number][] = [
    [1, 12.706205], [2, 4.302653], [5, 2.570582], [10, 2.228139],
    [30, 2.042272], [120, 1.97993], [Infinity, 1.959964],
  ];
  for (const [df, t] of table) {
    it(`t(0.975, ${df}) = ${t}`, () => {
      expect(Math.abs(tQuantile(0.975, df) - t)).toBeLessThan(1e-5);
      expect(Math.abs(tQuantile(0.025, df) + t)).toBeLessThan(1e-5);
    });
  }
});

describe('tQuantile and tCdf against scipy.stats.t (1.17) to 1e-9 relative', () => {
  // [p, df, scipy.stats.t.ppf(p, df)]; non-integer df covers Welch's test.
  const ppf: [number, number, number][] = [
    [0.975, 3, 3.1824463052837078],
    [0.995, 4.5, 4.272823993011293],
    [1e-8, 3, -479.5250695797382],
    [0.9, 0.5, 10.27032441023451],
    [0.975, 1e4, 1.960201239890626],
    [0.975, 1e6, 1.959966356814107],
    [0.6, 7.3, 0.2627568052507191],
    [1e-12, 50, -9.260139683684146],
    [0.975, 17.776473516178488, 2.1028172415698023],
  ];
  for (const [p, df, want] of ppf) {
    it(`t.ppf(${p}, ${df})`, () => {
      expect(Math.abs(tQuantile(p, df) - want) / Math.abs(want)).toBeLessThan(1e-9);
    });
  }
  // [t, df, scipy.stats.t.cdf(t, df)]
  const cdf: [number, number, number][] = [
    [2, 3, 0.9303370157205785], [-2, 3, 0.06966298427942152], [0.1, 1000, 0.539817815488198],
    [-30, 2.5, 0.00014553235457869768], [1.5, 1e5, 0.9331912202385847],
  ];
  for (const [t, df, want] of cdf) {
    it(`t.cdf(${t}, ${df})`, () => {
      expect(Math.abs(tCdf(t, df) - want) / want).toBeLessThan(1e-9);
    });
  }
});

describe('tQuantile properties', () => {
  it('inverts tCdf for any p and df (fast-check)', () => {
    fc.assert(fc.property(
      fc.double({ min: 1e-6, max: 1 - 1e-6, noNaN: true }),
      fc.double({ min: 0.3, max: 5000, noNaN: true }),
      (p, df) => {
        const t = tQuantile(p, df);
        expect(Math.abs(tCdf(t, df) - p)).toBeLessThan(1e-11);
      },
    ));
  });

  it('is antisymmetric, t(p) = −t(1 − p), and increases in p', () => {
    fc.assert(fc.property(
      fc.double({ min: 0.001, max: 0.499, noNaN: true }),
      fc.integer({ min: 1, max: 400 }),
      (p, df) => {
        expect(tQuantile(p, df)).toBeCloseTo(-tQuantile(1 - p, df), 9);
        expect(tQuantile(p, df)).toBeLessThan(tQuantile(p + 0.0005, df));
      },
    ));
  });

  it('the density is the derivative of the CDF', () => {
    for (const [t, df] of [[0.3, 2], [1.7, 9.5], [-4, 40]] as const) {
      const h = 1e-5;
      const numeric = (tCdf(t + h, df) - tCdf(t - h, df)) / (2 * h);
      expect(Math.abs(numeric - tPdf(t, df)) / tPdf(t, df)).toBeLessThan(1e-7);
    }
  });

  it('has the exact ends and rejects impossible arguments with the value', () => {
    expect(tQuantile(0, 5)).toBe(-Infinity);
    expect(tQuantile(1, 5)).toBe(Infinity);
    expect(tQuantile(0.5, 5)).toBe(0);
    expect(() => tQuantile(1.5, 5)).toThrow(/1\.5/);
    expect(() => tQuantile(0.5, 0)).toThrow(/df must be > 0.*0/);
    expect(() => tCdf(1, -2)).toThrow(/-2/);
  });
});

describe('normal distribution (AS 241 quantile, erfc CDF) against scipy.stats.norm', () => {
  const ppf: [number, number][] = [
    [0.975, 1.959963984540054], [1e-10, -6.361340902404056], [0.3, -0.5244005127080409],
    [0.9999, 3.719016485455709], [1e-300, -37.0470962993612],
  ];
  for (const [p, z] of ppf) {
    it(`norm.ppf(${p}) = ${z}`, () => expect(Math.abs(normalQuantile(p) - z) / Math.abs(z)).toBeLessThan(1e-14));
  }
  it('Φ at known points', () => {
    expect(normalCdf(-3)).toBeCloseTo(0.0013498980316300933, 17);
    expect(Math.abs(normalCdf(-8) - 6.22096057427174e-16) / 6.22096057427174e-16).toBeLessThan(1e-12);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 15);
  });
});

describe('special functions', () => {
  it('lnGamma matches factorials and Γ(1/2) = √π', () => {
    let fact = 1;
    for (let n = 1; n <= 20; n++) {
      expect(Math.abs(lnGamma(n) - Math.log(fact))).toBeLessThan(1e-13 * Math.max(1, Math.log(fact)));
      fact *= n;
    }
    expect(lnGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 14);
    expect(lnGamma(0.1)).toBeCloseTo(2.252712651734206, 13); // scipy.special.gammaln(0.1)
  });

  it('incompleteBeta has the closed forms I_x(a,1) = x^a and I_x(1,b) = 1 − (1−x)^b', () => {
    fc.assert(fc.property(
      fc.double({ min: 0.001, max: 0.999, noNaN: true }),
      fc.double({ min: 0.2, max: 50, noNaN: true }),
      (x, a) => {
        expect(incompleteBeta(x, a, 1)).toBeCloseTo(x ** a, 12);
        expect(incompleteBeta(x, 1, a)).toBeCloseTo(1 - (1 - x) ** a, 12);
      },
    ));
  });
});
