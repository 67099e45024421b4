/**
 * Zod building blocks for unit-bearing fields: each accepts the text users write ("5ms", "4Gi",
 * "1Gbps", "500m") or a bare number in the base unit, and outputs the base-unit number. The
 * parse messages come from units.ts so the CLI, --set and the schema all say the same thing.
 */
import { z } from 'zod';
import { didYouMean } from '../did-you-mean.ts';
import { parseBitrate, parseBytes, parseCpuMillicores, parseDurationMs, showValue, type UnitResult } from '../units.ts';

interface QuantityOpts {
  /** Reject 0 ("must be > 0"), e.g. bandwidth or a period. */
  positive?: boolean;
  /** Accept "never"/Infinity (durations such as ttl). */
  infinite?: boolean;
}

function quantity(parse: (x: unknown) => UnitResult, example: string, opts: QuantityOpts = {}) {
  return z
    .union([z.string(), z.number()], {
      error: (iss) => {
        const r = parse(iss.input);
        return r.ok ? 'invalid value' : r.message;
      },
    })
    .transform((v, ctx) => {
      const r = parse(v);
      if (!r.ok) {
        ctx.addIssue({ code: 'custom', message: r.message, input: v });
        return z.NEVER;
      }
      if (r.value === Infinity && !opts.infinite) {
        ctx.addIssue({ code: 'custom', message: `must be finite, got ${showValue(v)}`, input: v });
        return z.NEVER;
      }
      if (opts.positive && r.value <= 0) {
        ctx.addIssue({ code: 'custom', message: `must be greater than 0, got ${showValue(v)}`, input: v });
        return z.NEVER;
      }
      return r.value;
    })
    .meta({ examples: [example] });
}

/** Duration → ms ("90s", "10m", "1h30m", "250ms", "2d"; number = ms). */
export const zDurationMs = (opts: QuantityOpts = {}) => quantity(parseDurationMs, opts.infinite ? 'never' : '250ms', opts);
/** Size → bytes (Kubernetes quantity: "512Mi", "4Gi", "1.5GB", "2KiB"; number = bytes). */
export const zBytes = (opts: QuantityOpts = {}) => quantity(parseBytes, '512Mi', opts);
/** Bitrate → bits/s ("1Gbps", "100Mbps", "9.6kbps"; number = bits/s). */
export const zBitrateBps = (opts: QuantityOpts = {}) => quantity(parseBitrate, '100Mbps', opts);
/** CPU → millicores ("500m", "2"; number = cores). */
export const zCpuMillicores = (opts: QuantityOpts = {}) => quantity(parseCpuMillicores, '500m', opts);

/** A finite number (YAML .inf and .nan rejected) with an "expected a number" message. */
export const zNumber = () =>
  z.number({ error: (iss) => `expected a number, got ${showValue(iss.input)}` }).refine(Number.isFinite, { message: 'must be finite' });
/** Integer >= min. */
export const zInt = (min: number) =>
  z.number({ error: (iss) => `expected a whole number, got ${showValue(iss.input)}` })
    .int({ error: (iss) => `expected a whole number, got ${showValue(iss.input)}` })
    .min(min, { error: (iss) => `must be at least ${min}, got ${showValue(iss.input)}` });
/** Number > 0. */
export const zPositive = () =>
  zNumber().refine((v) => v > 0, { error: (iss) => `must be greater than 0, got ${showValue(iss.input)}` });
/** Number >= 0. */
export const zNonNegative = () =>
  zNumber().refine((v) => v >= 0, { error: (iss) => `must not be negative, got ${showValue(iss.input)}` });
/** Probability in [0, 1) (1 would drop everything: use a fault for that). */
export const zLossProbability = () =>
  zNumber().refine((v) => v >= 0 && v < 1, { error: (iss) => `must be a probability in [0, 1), got ${showValue(iss.input)}` });
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
