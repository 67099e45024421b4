/**
 * Samplers for the DistSpec distributions, their analytic means, and parameter checks.
 * Every sampler draws only from the Rng it is given (no hidden state shared between streams),
 * so a stream's numbers never depend on what other streams drew. Trace replay is the exception
 * by design: it ignores the Rng and keeps a cursor per sampler instance.
 */
import { DIST_NAMES, type DistSpec } from './dist-spec.ts';
import { cos, exp, log, log1p, pow } from './det-math.ts';
import type { Rng } from './rng.ts';
import { gamma, normalCdf, normalPdf } from './special-functions.ts';

/** A function drawing one value per call from the given stream. */
export type Sampler = (rng: Rng) => number;

const TWO_PI = 2 * Math.PI;

/** A human message for the first invalid parameter of `spec`, or undefined when it is valid. */
export function checkDistSpec(spec: DistSpec): string | undefined {
  if (spec === null || typeof spec !== 'object') return `distribution must be an object, got ${String(spec)}`;
  const s = spec as DistSpec;
  switch (s.dist) {
    case 'constant':
      return finite('constant', 'value', s.value);
    case 'exponential':
      return positive('exponential', 'mean', s.mean);
    case 'uniform':
      return finite('uniform', 'min', s.min) ?? finite('uniform', 'max', s.max)
        ?? (s.min <= s.max ? undefined : `uniform: min (${s.min}) must be <= max (${s.max})`);
    case 'normal':
      return finite('normal', 'mean', s.mean) ?? nonNegative('normal', 'sd', s.sd)
        ?? (s.min === undefined || s.min === -Infinity || Number.isFinite(s.min)
          ? undefined : `normal: min must be a finite number or -Infinity, got ${s.min}`);
    case 'lognormal':
      return positive('lognormal', 'mean', s.mean) ?? nonNegative('lognormal', 'sd', s.sd);
    case 'weibull':
      return positive('weibull', 'shape', s.shape) ?? positive('weibull', 'scale', s.scale);
    case 'pareto':
      return positive('pareto', 'shape', s.shape) ?? positive('pareto', 'scale', s.scale);
    case 'empirical':
      return checkValues('empirical', s.values) ?? checkWeights(s.values, s.weights);
    case 'trace':
      return checkValues('trace', s.values);
    default:
      return `unknown distribution ${JSON.stringify((s as { dist?: unknown }).dist)}; expected one of ${DIST_NAMES.join(', ')}`;
  }
}

/** A sampler for `spec`; throws (with checkDistSpec's message) if the parameters are invalid. */
export function sampler(spec: DistSpec): Sampler {
  assertValid('sampler', spec);
  switch (spec.dist) {
    case 'constant': {
      const v = spec.value;
      return () => v;
    }
    case 'exponential': {
      const mean = spec.mean;
      // 1 - u is in (0, 1], so the log is finite.
      return (rng) => -mean * log(1 - rng.next());
    }
    case 'uniform': {
      const min = spec.min, span = spec.max - spec.min;
      return (rng) => min + span * rng.next();
    }
    case 'normal': {
      const mean = spec.mean, sd = spec.sd, min = spec.min ?? -Infinity;
      return (rng) => {
        const x = mean + sd * standardNormal(rng);
        return x < min ? min : x;
      };
    }
    case 'lognormal': {
      const { mu, sigma } = lognormalParams(spec.mean, spec.sd);
      return (rng) => exp(mu + sigma * standardNormal(rng));
    }
    case 'weibull': {
      const inv = 1 / spec.shape, scale = spec.scale;
      return (rng) => scale * pow(-log(1 - rng.next()), inv);
    }
    case 'pareto': {
      const negInv = -1 / spec.shape, scale = spec.scale;
      return (rng) => scale * pow(1 - rng.next(), negInv);
    }
    case 'empirical':
      return empiricalSampler(spec.values, spec.weights);
    case 'trace': {
      const values = Float64Array.from(spec.values);
      // The cursor is a property of the function, not a closure variable, so a checkpoint copies it.
      const draw = Object.assign(() => {
        const v = values[draw.cursor]!;
        draw.cursor = draw.cursor + 1 === values.length ? 0 : draw.cursor + 1;
        return v;
      }, { cursor: 0 });
      return draw;
    }
  }
}

/** The analytic mean of `spec` (Infinity for Pareto with shape <= 1); throws if invalid. */
export function meanOf(spec: DistSpec): number {
  assertValid('meanOf', spec);
  switch (spec.dist) {
    case 'constant':
      return spec.value;
    case 'exponential':
      return spec.mean;
    case 'uniform':
      return (spec.min + spec.max) / 2;
    case 'normal':
      return clampedNormalMean(spec.mean, spec.sd, spec.min ?? -Infinity);
    case 'lognormal':
      return spec.mean;
    case 'weibull':
      return spec.scale * gamma(1 + 1 / spec.shape);
    case 'pareto':
      return spec.shape <= 1 ? Infinity : (spec.shape * spec.scale) / (spec.shape - 1);
    case 'empirical': {
      const w = spec.weights;
      let sum = 0, total = 0;
      for (let i = 0; i < spec.values.length; i++) {
        const wi = w ? w[i]! : 1;
        sum += wi * spec.values[i]!;
        total += wi;
      }
      return sum / total;
    }
    case 'trace': {
      let sum = 0;
      for (const v of spec.values) sum += v;
      return sum / spec.values.length;
    }
  }
}

/** mu and sigma of ln X for a lognormal X with the given mean and sd (mean > 0, sd >= 0). */
export function lognormalParams(mean: number, sd: number): { mu: number; sigma: number } {
  const cv = sd / mean;
  const sigma2 = log1p(cv * cv);
  return { mu: log(mean) - sigma2 / 2, sigma: Math.sqrt(sigma2) };
}

/**
 * One N(0,1) draw by Box–Muller from two uniforms. The second variate of the pair is thrown
 * away on purpose: caching it would make one stream's draws depend on another's when a sampler
 * is shared between streams.
 */
function standardNormal(rng: Rng): number {
  const r = Math.sqrt(-2 * log(1 - rng.next()));
  return r * cos(TWO_PI * rng.next());
}

/** E[max(X, min)] for X ~ N(mean, sd²). */
function clampedNormalMean(mean: number, sd: number, min: number): number {
  if (min === -Infinity) return mean;
  if (sd === 0) return Math.max(mean, min);
  const alpha = (min - mean) / sd;
  const below = normalCdf(alpha);
  return min * below + mean * (1 - below) + sd * normalPdf(alpha);
}

function empiricalSampler(valuesIn: number[], weights: number[] | undefined): Sampler {
  const values = Float64Array.from(valuesIn);
  const n = values.length;
  if (!weights) return (rng) => values[Math.floor(rng.next() * n)]!;
  const cumulative = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) cumulative[i] = total += weights[i]!;
  return (rng) => {
    const target = rng.next() * total;
    // First index whose cumulative weight exceeds target; zero-weight entries are never picked.
    let lo = 0, hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! > target) hi = mid;
      else lo = mid + 1;
    }
    return values[lo]!;
  };
}

function assertValid(fn: string, spec: DistSpec): void {
  const problem = checkDistSpec(spec);
  if (problem !== undefined) throw new Error(`${fn}: ${problem} (spec: ${JSON.stringify(spec)})`);
}

function finite(dist: string, field: string, v: unknown): string | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? undefined : `${dist}: ${field} must be a finite number, got ${String(v)}`;
}

function positive(dist: string, field: string, v: unknown): string | undefined {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? undefined : `${dist}: ${field} must be a finite number > 0, got ${String(v)}`;
}

function nonNegative(dist: string, field: string, v: unknown): string | undefined {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? undefined : `${dist}: ${field} must be a finite number >= 0, got ${String(v)}`;
}

function checkValues(dist: string, values: unknown): string | undefined {
  if (!Array.isArray(values) || values.length === 0) return `${dist}: values must be a non-empty list of numbers`;
  const bad = values.findIndex((v) => typeof v !== 'number' || !Number.isFinite(v));
  return bad < 0 ? undefined : `${dist}: values[${bad}] must be a finite number, got ${String(values[bad])}`;
}

function checkWeights(values: number[], weights: unknown): string | undefined {
  if (weights === undefined) return undefined;
  if (!Array.isArray(weights)) return 'empirical: weights must be a list of numbers';
  if (weights.length !== values.length) {
    return `empirical: weights has ${weights.length} entries but values has ${values.length}; they must match`;
  }
  const bad = weights.findIndex((w) => typeof w !== 'number' || !Number.isFinite(w) || w < 0);
  if (bad >= 0) return `empirical: weights[${bad}] must be a finite number >= 0, got ${String(weights[bad])}`;
  return weights.some((w) => w > 0) ? undefined : 'empirical: at least one weight must be > 0';
}
