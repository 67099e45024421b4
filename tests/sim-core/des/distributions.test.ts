import { describe, expect, it } from 'vitest';
import { checkDistSpec, meanOf, sampler } from '../../../sim-core/des/distributions.ts';
import type { DistSpec } from '../../../sim-core/des/dist-spec.ts';
import { createRng } from '../../../sim-core/des/rng.ts';
import { gamma } from '../../../sim-core/des/special-functions.ts';

const N = 200_000;

function draws(spec: DistSpec, n: number, seed = 2026, stream = 'dist'): Float64Array {
  const rng = createRng(seed, stream);
  const s = sampler(spec);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = s(rng);
  return out;
}

function moments(x: Float64Array): { mean: number; variance: number; m4: number } {
  const n = x.length;
  let mean = 0;
  for (const v of x) mean += v;
  mean /= n;
  let m2 = 0, m4 = 0;
  for (const v of x) { const d = (v - mean) ** 2; m2 += d; m4 += d * d; }
  return { mean, variance: m2 / (n - 1), m4: m4 / n };
}

// Clamped normal N(1, 2²) at min 0: alpha = (0 - 1)/2 = -0.5, Φ(-0.5) = 0.3085375387259869, φ(-0.5) = 0.3520653267642995.
// E[Y]  = m Φ(α) + μ(1-Φ(α)) + σ φ(α)
// E[Y²] = m² Φ(α) + μ²(1-Φ(α)) + 2μσ φ(α) + σ²((1-Φ(α)) + α φ(α))
const PHI = 0.3085375387259869, DENS = 0.3520653267642995;
const CLAMPED_MEAN = 0 * PHI + 1 * (1 - PHI) + 2 * DENS;
const CLAMPED_VAR = 0 * PHI + 1 * (1 - PHI) + 2 * 1 * 2 * DENS + 4 * ((1 - PHI) + -0.5 * DENS) - CLAMPED_MEAN ** 2;

const weibullVar = (k: number, l: number) => l * l * (gamma(1 + 2 / k) - gamma(1 + 1 / k) ** 2);

/** Each row: the spec, its analytic mean and variance (from textbook formulas, not from meanOf). */
const TABLE: { name: string; spec: DistSpec; mean: number; variance: number }[] = [
  { name: 'exponential mean 2 (var = mean²)', spec: { dist: 'exponential', mean: 2 }, mean: 2, variance: 4 },
  { name: 'uniform [-1, 3] (var = (b-a)²/12)', spec: { dist: 'uniform', min: -1, max: 3 }, mean: 1, variance: 16 / 12 },
  { name: 'normal N(10, 2²)', spec: { dist: 'normal', mean: 10, sd: 2 }, mean: 10, variance: 4 },
  { name: 'normal N(1, 2²) clamped at 0', spec: { dist: 'normal', mean: 1, sd: 2, min: 0 }, mean: CLAMPED_MEAN, variance: CLAMPED_VAR },
  { name: 'lognormal mean 5 sd 3 (moments of X itself)', spec: { dist: 'lognormal', mean: 5, sd: 3 }, mean: 5, variance: 9 },
  { name: 'weibull k=1.5 λ=2 (λΓ(1+1/k))', spec: { dist: 'weibull', shape: 1.5, scale: 2 }, mean: 2 * gamma(1 + 1 / 1.5), variance: weibullVar(1.5, 2) },
  { name: 'weibull k=0.7 λ=3', spec: { dist: 'weibull', shape: 0.7, scale: 3 }, mean: 3 * gamma(1 + 1 / 0.7), variance: weibullVar(0.7, 3) },
  // Pareto I: mean α x_m/(α-1), var x_m² α /((α-1)²(α-2)); α = 6 keeps the 4th moment finite.
  { name: 'pareto α=6 x_m=1', spec: { dist: 'pareto', shape: 6, scale: 1 }, mean: 6 / 5, variance: 6 / (25 * 4) },
  // Σw = 10: mean (1·1 + 2·5 + 7·10)/10 = 8.1; E[X²] = (1 + 50 + 700)/10 = 75.1.
  { name: 'empirical weighted', spec: { dist: 'empirical', values: [1, 2, 5, 10], weights: [1, 0, 2, 7] }, mean: 8.1, variance: 75.1 - 8.1 ** 2 },
  // Uniform over {0, 1, 4}: mean 5/3, E[X²] = 17/3.
  { name: 'empirical unweighted', spec: { dist: 'empirical', values: [0, 1, 4] }, mean: 5 / 3, variance: 17 / 3 - 25 / 9 },
];

describe('sampler: sample mean and variance within 4 standard errors of theory (seed 2026, n = 200k)', () => {
  it.each(TABLE)('$name', ({ spec, mean, variance }) => {
    const m = moments(draws(spec, N));
    // SE(mean) = σ/√n; SE(s²) ≈ √((μ4 - σ⁴)/n), μ4 estimated from the sample.
    expect(Math.abs(m.mean - mean)).toBeLessThan(4 * Math.sqrt(variance / N));
    expect(Math.abs(m.variance - variance)).toBeLessThan(4 * Math.sqrt((m.m4 - m.variance ** 2) / N));
    expect(Math.abs(meanOf(spec) - mean) / Math.abs(mean)).toBeLessThan(1e-6);
  });

  it('pareto α=2.5 (infinite 4th moment): mean α x_m/(α-1) within 4 SE', () => {
    const spec: DistSpec = { dist: 'pareto', shape: 2.5, scale: 3 };
    const want = (2.5 * 3) / 1.5;
    const variance = (9 * 2.5) / (1.5 ** 2 * 0.5);
    expect(Math.abs(moments(draws(spec, N)).mean - want)).toBeLessThan(4 * Math.sqrt(variance / N));
    expect(meanOf(spec)).toBeCloseTo(want, 12);
  });
});

describe('sampler: whole distribution against the CDF (Kolmogorov–Smirnov, n = 20k, 0.1% critical value 1.95/√n)', () => {
  const Phi = (z: number) => 0.5 * (1 + erf(z / Math.SQRT2));
  const { mu, sigma } = { mu: Math.log(5) - Math.log1p(9 / 25) / 2, sigma: Math.sqrt(Math.log1p(9 / 25)) };
  it.each([
    { name: 'exponential', spec: { dist: 'exponential', mean: 2 } as DistSpec, cdf: (x: number) => 1 - Math.exp(-x / 2) },
    { name: 'uniform', spec: { dist: 'uniform', min: -1, max: 3 } as DistSpec, cdf: (x: number) => (x + 1) / 4 },
    { name: 'normal', spec: { dist: 'normal', mean: 10, sd: 2 } as DistSpec, cdf: (x: number) => Phi((x - 10) / 2) },
    { name: 'lognormal', spec: { dist: 'lognormal', mean: 5, sd: 3 } as DistSpec, cdf: (x: number) => Phi((Math.log(x) - mu) / sigma) },
    { name: 'weibull', spec: { dist: 'weibull', shape: 1.5, scale: 2 } as DistSpec, cdf: (x: number) => 1 - Math.exp(-((x / 2) ** 1.5)) },
    { name: 'pareto', spec: { dist: 'pareto', shape: 2.5, scale: 3 } as DistSpec, cdf: (x: number) => 1 - (3 / x) ** 2.5 },
  ])('$name', ({ spec, cdf }) => {
    const n = 20_000;
    const x = draws(spec, n, 11, 'ks').sort();
    let d = 0;
    for (let i = 0; i < n; i++) {
      const f = cdf(x[i]!);
      d = Math.max(d, (i + 1) / n - f, f - i / n);
    }
    expect(d).toBeLessThan(1.95 / Math.sqrt(n));
  });
});

describe('sampler: discrete and degenerate cases', () => {
  it('empirical never picks a zero-weight value, and hits the others in proportion (chi-square, 2 dof, 0.1% critical 13.8)', () => {
    const x = draws({ dist: 'empirical', values: [1, 2, 5, 10], weights: [1, 0, 2, 7] }, 50_000);
    const count = (v: number) => x.filter((y) => y === v).length;
    expect(count(2)).toBe(0);
    const chi2 = [[1, 0.1], [5, 0.2], [10, 0.7]].reduce((s, [v, p]) => s + (count(v!) - 50_000 * p!) ** 2 / (50_000 * p!), 0);
    expect(chi2).toBeLessThan(13.8);
  });

  it('trace replays its values in order and wraps, one cursor per sampler, without touching the rng', () => {
    const spec: DistSpec = { dist: 'trace', values: [3, 1, 4] };
    const rng = createRng(5, 'trace');
    const s1 = sampler(spec);
    const s2 = sampler(spec);
    expect([s1(rng), s1(rng), s1(rng), s1(rng), s2(rng), s1(rng)]).toEqual([3, 1, 4, 3, 3, 1]);
    expect(rng.next()).toBe(createRng(5, 'trace').next());
    expect(meanOf(spec)).toBeCloseTo(8 / 3, 14);
  });

  it('constant, zero-sd normal and lognormal return exactly their mean; clamping holds', () => {
    const rng = createRng(1, 'deg');
    expect(sampler({ dist: 'constant', value: 7.5 })(rng)).toBe(7.5);
    expect(sampler({ dist: 'normal', mean: 3, sd: 0 })(rng)).toBe(3);
    expect(sampler({ dist: 'lognormal', mean: 4, sd: 0 })(rng)).toBeCloseTo(4, 12);
    expect(meanOf({ dist: 'normal', mean: -1, sd: 0, min: 0 })).toBe(0);
    expect(Math.min(...draws({ dist: 'normal', mean: 0, sd: 1, min: -0.25 }, 10_000))).toBe(-0.25);
  });

  it('same seed and stream reproduce every sampler exactly; another stream does not', () => {
    for (const { spec } of TABLE) {
      expect(draws(spec, 100, 9, 's')).toEqual(draws(spec, 100, 9, 's'));
      expect(draws(spec, 100, 9, 's')).not.toEqual(draws(spec, 100, 9, 't'));
    }
  });

  it('a normal sampler shared by two streams gives each stream the numbers it would get alone', () => {
    const spec: DistSpec = { dist: 'normal', mean: 0, sd: 1 };
    const alone = draws(spec, 101, 4, 'a');
    const shared = sampler(spec);
    const a = createRng(4, 'a'), b = createRng(4, 'b');
    const got: number[] = [];
    for (let i = 0; i < 101; i++) { got.push(shared(a)); shared(b); }
    expect(Float64Array.from(got)).toEqual(alone);
  });
});

describe('meanOf', () => {
  it.each([
    [{ dist: 'constant', value: -2 }, -2],
    [{ dist: 'uniform', min: 2, max: 4 }, 3],
    [{ dist: 'pareto', shape: 1, scale: 5 }, Infinity],
    [{ dist: 'pareto', shape: 0.5, scale: 5 }, Infinity],
    [{ dist: 'weibull', shape: 1, scale: 7 }, 7], // shape 1 is the exponential
    [{ dist: 'normal', mean: 4, sd: 1, min: -Infinity }, 4],
  ] as [DistSpec, number][])('%j → %d', (spec, want) => {
    expect(meanOf(spec)).toBeCloseTo(want, 12);
  });
});

describe('checkDistSpec', () => {
  it.each([
    [{ dist: 'exponential', mean: 0 }, /exponential: mean must be a finite number > 0, got 0/],
    [{ dist: 'exponential', mean: Number.NaN }, /got NaN/],
    [{ dist: 'uniform', min: 3, max: 1 }, /min \(3\) must be <= max \(1\)/],
    [{ dist: 'normal', mean: 0, sd: -1 }, /normal: sd must be a finite number >= 0, got -1/],
    [{ dist: 'normal', mean: 0, sd: 1, min: Number.NaN }, /normal: min/],
    [{ dist: 'lognormal', mean: -1, sd: 1 }, /lognormal: mean/],
    [{ dist: 'weibull', shape: 0, scale: 1 }, /weibull: shape must be a finite number > 0, got 0/],
    [{ dist: 'pareto', shape: 2, scale: -3 }, /pareto: scale .* got -3/],
    [{ dist: 'empirical', values: [] }, /empirical: values must be a non-empty list/],
    [{ dist: 'empirical', values: [1, Infinity] }, /values\[1\] .* got Infinity/],
    [{ dist: 'empirical', values: [1, 2], weights: [1] }, /weights has 1 entries but values has 2/],
    [{ dist: 'empirical', values: [1, 2], weights: [1, -1] }, /weights\[1\] .* got -1/],
    [{ dist: 'empirical', values: [1, 2], weights: [0, 0] }, /at least one weight must be > 0/],
    [{ dist: 'trace', values: [] }, /trace: values must be a non-empty list/],
    [{ dist: 'gamma', shape: 2 }, /unknown distribution "gamma"; expected one of constant, exponential/],
  ] as [DistSpec, RegExp][])('%j is rejected', (spec, message) => {
    expect(checkDistSpec(spec)).toMatch(message);
    expect(() => sampler(spec)).toThrow(message);
    expect(() => meanOf(spec)).toThrow(message);
  });

  it('accepts every valid spec in the moment table', () => {
    for (const { spec } of TABLE) expect(checkDistSpec(spec)).toBeUndefined();
  });
});

/** erf by its Maclaurin series, independent of the module under test; beyond |x| = 4 it is ±1 to 2e-8, ample for KS. */
function erf(x: number): number {
  if (Math.abs(x) > 4) return Math.sign(x);
  let term = x, sum = x;
  for (let n = 1; n < 200; n++) {
    term *= (-x * x) / n;
    const add = term / (2 * n + 1);
    sum += add;
    if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}
