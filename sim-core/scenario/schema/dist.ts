/**
 * Distributions as written in a scenario: `{dist: exponential, mean: 5ms}` — the resolved
 * DistSpec shape (sim-core/des/dist-spec.ts) with unit-bearing parameters — or a bare quantity
 * meaning a constant (`size: 2KiB`). The parameter unit comes from the field (ms, bytes, none).
 */
import { z } from 'zod';
import type { DistSpec } from '../../des/dist-spec.ts';
import { DIST_NAMES } from '../../des/dist-spec.ts';
import { showValue } from '../../text/units.ts';
import { BOUNDS } from './bounds.ts';
import { zList, zNumber, zObj } from './quantities.ts';

/**
 * Distribution field whose location-like parameters (value, mean, sd, min, max, scale, values)
 * use `param`; shape and weights are plain numbers. Output: a DistSpec.
 */
export function zDist(param: () => z.ZodType<number, unknown>, what: string, id: string) {
  const cached = cache.get(id);
  if (cached) return cached as ReturnType<typeof build>;
  const built = build(param, what).meta({ id });
  cache.set(id, built);
  return built;
}

const cache = new Map<string, unknown>();

function build(param: () => z.ZodType<number, unknown>, what: string) {
  const p = () => param();
  const variants = z.discriminatedUnion('dist', [
    zObj({ dist: z.literal('constant'), value: p() }),
    zObj({ dist: z.literal('exponential'), mean: p() }).refine((d) => d.mean > 0, { message: 'mean must be greater than 0', path: ['mean'] }),
    zObj({ dist: z.literal('uniform'), min: p(), max: p() }).refine((d) => d.min <= d.max, { message: 'min must not exceed max', path: ['max'] }),
    zObj({ dist: z.literal('normal'), mean: p(), sd: p(), min: p().optional() }).refine((d) => d.sd >= 0, { message: 'sd must not be negative', path: ['sd'] }),
    zObj({ dist: z.literal('lognormal'), mean: p(), sd: p() })
      .refine((d) => d.mean > 0, { message: 'lognormal mean must be greater than 0', path: ['mean'] })
      .refine((d) => d.sd >= 0, { message: 'sd must not be negative', path: ['sd'] })
      .refine((d) => !(d.mean > 0) || d.sd <= BOUNDS.lognormalCv.max * d.mean, { message: `sd must be at most ${BOUNDS.lognormalCv.max} × mean (a coefficient of variation up to ${BOUNDS.lognormalCv.max})`, path: ['sd'] }),
    zObj({ dist: z.literal('weibull'), shape: zNumber(BOUNDS.weibullShape), scale: p() }).refine((d) => d.scale > 0, { message: 'scale must be greater than 0', path: ['scale'] }),
    zObj({ dist: z.literal('pareto'), shape: zNumber(BOUNDS.paretoShape), scale: p() }).refine((d) => d.scale > 0, { message: 'scale (the minimum value) must be greater than 0', path: ['scale'] }),
    zObj({ dist: z.literal('empirical'), values: zList(p()).min(1, { error: 'needs at least one value' }), weights: zList(zNumber(BOUNDS.weight)).optional() })
      .refine((d) => !d.weights || d.weights.length === d.values.length, { message: 'weights must have one entry per value', path: ['weights'] })
      .refine((d) => !d.weights || (d.weights.every((w) => w >= 0) && d.weights.some((w) => w > 0)), { message: 'weights must be >= 0 and not all 0', path: ['weights'] }),
    zObj({ dist: z.literal('trace'), values: zList(p()).min(1, { error: 'needs at least one value' }) }),
  ], {
    error: (iss) => iss.code === 'invalid_union' && (iss as { note?: string }).note === 'No matching discriminator'
      ? `unknown distribution ${showValue((iss.input as Record<string, unknown> | undefined)?.dist)}; allowed: ${DIST_NAMES.join(', ')}`
      : undefined,
  });
  return z
    .union([param(), variants], {
      error: (iss) => `expected ${what} or a distribution like {dist: exponential, mean: …} (dist: ${DIST_NAMES.join(' | ')}), got ${showValue(iss.input)}`,
    })
    .transform((v): DistSpec => (typeof v === 'number' ? { dist: 'constant', value: v } : (v as DistSpec)))
    .describe(`${what}, or a distribution {dist: ${DIST_NAMES.join('|')}, …parameters}; a bare value means constant`);
}
