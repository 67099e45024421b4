/**
 * Zod building blocks for unit-bearing fields: each accepts the text users write ("5ms", "4Gi",
 * "1Gbps", "500m") or a bare number in the base unit, and outputs the base-unit number. The
 * parse messages come from units.ts so the CLI, --set and the schema all say the same thing.
 */
import { z } from 'zod';
import { didYouMean } from '../../text/did-you-mean.ts';
import { count } from '../../text/limits.ts';
import {
  formatBitrate, formatBytes, formatCpuMillicores, formatDurationMs, parseBitrate, parseBytes, parseCpuMillicores, parseDurationMs,
  showValue, type UnitResult,
} from '../../text/units.ts';
import { BOUNDS, type Range } from './bounds.ts';

interface QuantityOpts {
  /** Reject 0 ("must be > 0"), e.g. bandwidth or a period. */
  positive?: boolean;
  /** Accept "never"/Infinity (durations such as ttl). */
  infinite?: boolean;
  /** The field's range (default: the kind's range in bounds.ts). */
  range?: Range;
}

function quantity(parse: (x: unknown) => UnitResult, format: (v: number) => string, example: string, kind: Range, opts: QuantityOpts = {}) {
  const range = opts.range ?? kind;
  const tooBig = `must be at most ${format(range.max)}`;
  const tooSmall = `must be at least ${format(range.min)}`;
  return z
    .union([z.string(), z.number()], {
      error: (iss) => {
        const r = parse(iss.input);
        return r.ok ? 'invalid value' : r.message;
      },
    })
    .transform((v, ctx) => {
      const r = parse(v);
      const fail = (message: string) => {
        ctx.addIssue({ code: 'custom', message, input: v });
        return z.NEVER;
      };
      if (!r.ok) return fail(r.message);
      if (r.value === Infinity && opts.infinite) return r.value;
      if (!Number.isFinite(r.value)) return fail(`must be finite, got ${showValue(v)}`);
      if (opts.positive && r.value <= 0) return fail(`must be greater than 0, got ${showValue(v)}`);
      if (r.value > range.max) return fail(`${tooBig}, got ${showValue(v)}`);
      if (r.value < range.min) return fail(`${tooSmall}, got ${showValue(v)}`);
      return r.value;
    })
    // minimum / maximum apply to the bare-number form (JSON Schema ignores them for strings).
    .meta({ examples: [example], minimum: range.min, maximum: range.max });
}

/** Duration → ms ("90s", "10m", "1h30m", "250ms", "2d"; number = ms), 0 .. 3650d by default. */
export const zDurationMs = (opts: QuantityOpts = {}) => quantity(parseDurationMs, formatDurationMs, opts.infinite ? 'never' : '250ms', BOUNDS.durationMs, opts);
/** Size → bytes (Kubernetes quantity: "512Mi", "4Gi", "1.5GB", "2KiB"; number = bytes), 0 .. 1Ei. */
export const zBytes = (opts: QuantityOpts = {}) => quantity(parseBytes, formatBytes, '512Mi', BOUNDS.bytes, opts);
/** Bitrate → bits/s ("1Gbps", "100Mbps", "9.6kbps"; number = bits/s), 1bps .. 10Tbps. */
export const zBitrateBps = (opts: QuantityOpts = {}) => quantity(parseBitrate, formatBitrate, '100Mbps', BOUNDS.bitrateBps, opts);
/** CPU → millicores ("500m", "2"; number = cores), 0 .. 100,000 cores. */
export const zCpuMillicores = (opts: QuantityOpts = {}) => quantity(parseCpuMillicores, formatCpuMillicores, '500m', BOUNDS.cpuMillicores, opts);

/** A number in `range` (YAML .inf and .nan rejected); the JSON Schema carries the range. */
export const zNumber = (range: Range) => {
  const num = (v: number) => `${Number.isInteger(v) && Math.abs(v) < 1e15 ? count(v) : String(v)}${range.unit ? ` ${range.unit}` : ''}`;
  const base = z.number({ error: (iss) => `expected a number, got ${showValue(iss.input)}` });
  const low = range.exclusiveMin
    ? base.gt(range.min, { error: (iss) => `must be greater than ${num(range.min)}, got ${showValue(iss.input)}` })
    : base.min(range.min, { error: (iss) => (range.min === 0 ? `must not be negative, got ${showValue(iss.input)}` : `must be at least ${num(range.min)}, got ${showValue(iss.input)}`) });
  return low.max(range.max, { error: (iss) => `must be at most ${num(range.max)}, got ${showValue(iss.input)}` });
};
/** A whole number in `range`. */
export const zInt = (range: Range) =>
  z.number({ error: (iss) => `expected a whole number, got ${showValue(iss.input)}` })
    .int({ error: (iss) => `expected a whole number, got ${showValue(iss.input)}` })
    .min(range.min, { error: (iss) => `must be at least ${range.min}, got ${showValue(iss.input)}` })
    .max(range.max, { error: (iss) => `must be at most ${count(range.max)}, got ${showValue(iss.input)}` });
/** Number in (0, range.max]. */
export const zPositive = (range: Range) => zNumber({ ...range, min: 0, exclusiveMin: true });
/** Number in [0, range.max]. */
export const zNonNegative = (range: Range) => zNumber({ ...range, min: 0, exclusiveMin: false });
/** Probability in [0, 1) (1 would drop everything: use a fault for that). */
export const zLossProbability = () =>
  z.number({ error: (iss) => `expected a number, got ${showValue(iss.input)}` })
    .min(0, { error: (iss) => `must be a probability in [0, 1), got ${showValue(iss.input)}` })
    .lt(1, { error: (iss) => `must be a probability in [0, 1), got ${showValue(iss.input)}` });
/** A fraction in [0, 1]. */
export const zFraction = (what = 'a fraction') =>
  z.number({ error: (iss) => `expected a number, got ${showValue(iss.input)}` })
    .min(0, { error: (iss) => `must be ${what} in [0, 1], got ${showValue(iss.input)}` })
    .max(1, { error: (iss) => `must be ${what} in [0, 1], got ${showValue(iss.input)}` });
/** Non-empty string (ids, names). */
export const zId = () =>
  z.string({ error: (iss) => `expected an id (text), got ${showValue(iss.input)}` })
    .min(1, { error: 'must not be empty' })
    .regex(/^[A-Za-z0-9][A-Za-z0-9._~/-]*$/, { error: (iss) => `ids use letters, digits and . _ - / (and must not start with a symbol), got ${showValue(iss.input)}` });
/** Plain text. */
export const zText = () => z.string({ error: (iss) => `expected text, got ${showValue(iss.input)}` });
/** Boolean with a clear message. */
export const zBool = () => z.boolean({ error: (iss) => `expected true or false, got ${showValue(iss.input)}` });
/** Kubernetes-style label map; numbers and booleans are turned into text ("rack: 3" → "3"). */
export const zLabels = () =>
  z.record(
    z.string(),
    z.union([z.string(), z.number(), z.boolean()], { error: (iss) => `label values are text, got ${showValue(iss.input)}` }).transform(String),
  );
/** Enum with a message that lists the allowed values. */
export const zEnum = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, {
    error: (iss) => `expected one of ${values.join(', ')}, got ${showValue(iss.input)}${typeof iss.input === 'string' ? didYouMean(iss.input, values) : ''}`,
  });
/** Array with an "expected a list" message. */
export const zList = <T extends z.ZodType>(item: T) =>
  z.array(item, { error: (iss) => `expected a list, got ${showValue(iss.input)}` });

/** Marker that carries an object's allowed keys from the error map to issues.ts (split per key there). */
export const UNKNOWN_KEYS_MARK = '\u0000unknown-keys:';

/** Strict object: unknown keys are errors (with did-you-mean), a non-object says which fields it takes. */
export const zObj = <S extends z.ZodRawShape>(shape: S) =>
  z.strictObject(shape, {
    error: (iss) => {
      if (iss.code === 'unrecognized_keys') return UNKNOWN_KEYS_MARK + JSON.stringify(Object.keys(shape));
      if (iss.code === 'invalid_type') return `expected a mapping with fields ${Object.keys(shape).join(', ')}; got ${showValue(iss.input)}`;
      return undefined;
    },
  });
