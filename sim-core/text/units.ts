/**
 * Unit-bearing quantities as users write them, and back. Bytes and CPU follow Kubernetes
 * quantity conventions (Ki/Mi/Gi binary, k/M/G decimal, "500m" millicores); durations use Go's
 * style ("1h30m", "250ms") plus "d"; bitrates are decimal ("9.6kbps", "1Gbps"). A bare number
 * is already in the base unit (ms, bytes, bits/s) except CPU, where a number means cores, as in
 * Kubernetes. Parsers return a value or a message, never throw: the caller knows the location.
 */
import { clipText } from './input-error.ts';

/** A parsed quantity or a message saying what was expected. */
export type UnitResult = { ok: true; value: number } | { ok: false; message: string };

const ok = (value: number): UnitResult => ({ ok: true, value });
const fail = (message: string): UnitResult => ({ ok: false, message });

/** Renders any user value for a message: strings quoted, objects as JSON. */
export function showValue(v: unknown): string {
  if (typeof v === 'string') return `'${clipText(v)}'`;
  if (v === undefined) return 'nothing';
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

const NUM = '(\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE]([+-]?\\d+))?';

// The whole literal goes through Number(), which rounds once and correctly (mantissa × 10^exp
// in two steps may not, and 10 ** exp is a libm pow that engines round differently).
function num(mantissa: string, exp: string | undefined): number {
  return Number(exp === undefined ? mantissa : `${mantissa}e${exp}`);
}

function checkNumber(v: number, what: string, example: string): UnitResult {
  if (Number.isNaN(v)) return fail(`expected ${what} like ${example}, got NaN`);
  if (v < 0) return fail(`${what} must not be negative, got ${v}`);
  return ok(v);
}

const DURATION_UNITS_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const DURATION_EXAMPLE = "90s, 10m, 1h30m or 250ms (a bare number means ms)";

/** "90s" | "10m" | "1h30m" | "250ms" | "2d" | "never"/"Infinity" | number (ms) → ms, >= 0. */
export function parseDurationMs(input: unknown): UnitResult {
  if (typeof input === 'number') return checkNumber(input, 'a duration', DURATION_EXAMPLE);
  if (typeof input !== 'string') return fail(`expected a duration like ${DURATION_EXAMPLE}, got ${showValue(input)}`);
  const s = input.trim();
  if (/^(never|inf|infinity|\.inf)$/i.test(s)) return ok(Infinity);
  if (/^-/.test(s)) return fail(`a duration must not be negative, got ${showValue(input)}`);
  if (s !== '' && /^[\d.eE+]+$/.test(s)) return checkNumber(Number(s), 'a duration', DURATION_EXAMPLE);
  const part = new RegExp(`${NUM}([a-zA-Z]+)`, 'y');
  let total = 0;
  let pos = 0;
  while (pos < s.length) {
    part.lastIndex = pos;
    const m = part.exec(s);
    if (!m) return fail(`expected a duration like ${DURATION_EXAMPLE}, got ${showValue(input)}`);
    const unit = m[3]!;
    const scale = DURATION_UNITS_MS[unit];
    if (scale === undefined) return fail(`unknown duration unit '${unit}' in ${showValue(input)}; use ms, s, m, h or d`);
    total += num(m[1]!, m[2]) * scale;
    pos = part.lastIndex;
  }
  if (pos === 0) return fail(`expected a duration like ${DURATION_EXAMPLE}, got ${showValue(input)}`);
  return ok(total);
}

const BYTE_SUFFIX: Record<string, number> = {
  '': 1, k: 1e3, K: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};
const BYTES_EXAMPLE = '512Mi, 4Gi, 1.5GB or 200 (a bare number means bytes)';

/** Kubernetes quantity (optionally with a trailing B) → whole bytes: "4Gi", "512Mi", "1.5GB", "2KiB", "200", number. */
export function parseBytes(input: unknown): UnitResult {
  if (typeof input === 'number') return checkNumber(Math.round(input), 'a number of bytes', BYTES_EXAMPLE);
  if (typeof input !== 'string') return fail(`expected a number of bytes like ${BYTES_EXAMPLE}, got ${showValue(input)}`);
  const s = input.trim();
  if (/^-/.test(s)) return fail(`a size must not be negative, got ${showValue(input)}`);
  const m = new RegExp(`^${NUM}\\s*([a-zA-Z]*)$`).exec(s);
  if (!m) return fail(`expected a number of bytes like ${BYTES_EXAMPLE}, got ${showValue(input)}`);
  const suffix = m[3]!.replace(/B$/, '');
  const scale = BYTE_SUFFIX[suffix];
  if (scale === undefined) {
    return fail(`unknown size suffix '${m[3]}' in ${showValue(input)}; use Ki, Mi, Gi, Ti (binary), k, M, G, T (decimal), optionally followed by B`);
  }
  return ok(Math.round(num(m[1]!, m[2]) * scale));
}

const BITRATE_PREFIX: Record<string, number> = { '': 1, k: 1e3, K: 1e3, M: 1e6, G: 1e9, T: 1e12 };
const BITRATE_EXAMPLE = '1Gbps, 100Mbps or 9.6kbps (a bare number means bits/s)';

/** "1Gbps" | "100Mbps" | "9.6kbps" | "10 Mbit/s" | number (bits/s) → bits/s, decimal prefixes. */
export function parseBitrate(input: unknown): UnitResult {
  if (typeof input === 'number') return checkNumber(input, 'a bitrate', BITRATE_EXAMPLE);
  if (typeof input !== 'string') return fail(`expected a bitrate like ${BITRATE_EXAMPLE}, got ${showValue(input)}`);
  const s = input.trim();
  if (/^-/.test(s)) return fail(`a bitrate must not be negative, got ${showValue(input)}`);
  const m = new RegExp(`^${NUM}\\s*(?:([kKMGT]?)(?:bps|bit/s))?$`).exec(s);
  if (!m) {
    const hint = /B(ps|\/s)$/.test(s) ? '; bitrates are in bits (bps), not bytes' : '';
    return fail(`expected a bitrate like ${BITRATE_EXAMPLE}, got ${showValue(input)}${hint}`);
  }
  return ok(num(m[1]!, m[2]) * BITRATE_PREFIX[m[3] ?? '']!);
}

const CPU_EXAMPLE = "500m or 2 (a bare number means cores)";

/** Kubernetes CPU quantity → millicores: "500m" → 500, "2" → 2000, 1.5 → 1500. */
export function parseCpuMillicores(input: unknown): UnitResult {
  if (typeof input === 'number') return checkNumber(input * 1000, 'a CPU quantity', CPU_EXAMPLE);
  if (typeof input !== 'string') return fail(`expected a CPU quantity like ${CPU_EXAMPLE}, got ${showValue(input)}`);
  const s = input.trim();
  if (/^-/.test(s)) return fail(`a CPU quantity must not be negative, got ${showValue(input)}`);
  const m = new RegExp(`^${NUM}(m?)$`).exec(s);
  if (!m) return fail(`expected a CPU quantity like ${CPU_EXAMPLE}, got ${showValue(input)}`);
  const v = num(m[1]!, m[2]);
  return ok(m[3] === 'm' ? v : v * 1000);
}

/** ms → shortest exact text that parseDurationMs reads back: 5400000 → "1h30m", 1500 → "1s500ms". */
export function formatDurationMs(ms: number): string {
  if (ms === Infinity) return 'never';
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`formatDurationMs: expected a finite ms >= 0, got ${ms}`);
  if (ms === 0) return '0s';
  const whole = Math.floor(ms);
  let rest = whole;
  let out = '';
  for (const [unit, scale] of [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000]] as const) {
    const n = Math.floor(rest / scale);
    if (n > 0) { out += `${n}${unit}`; rest -= n * scale; }
  }
  const frac = ms - whole;
  if (rest > 0 || frac > 0) out += `${frac > 0 ? ms - (whole - rest) : rest}ms`;
  return out;
}

/** Bytes → "4Gi" when an exact binary multiple, else the plain integer; `approx` gives "1.18Mi" for reports. */
export function formatBytes(bytes: number, opts: { approx?: boolean } = {}): string {
  if (!Number.isFinite(bytes) || bytes < 0) throw new RangeError(`formatBytes: expected finite bytes >= 0, got ${bytes}`);
  const units = [['Ei', 2 ** 60], ['Pi', 2 ** 50], ['Ti', 2 ** 40], ['Gi', 2 ** 30], ['Mi', 2 ** 20], ['Ki', 2 ** 10]] as const;
  for (const [suffix, scale] of units) {
    if (opts.approx ? bytes >= scale : bytes >= scale && bytes % scale === 0) {
      return `${opts.approx ? Number((bytes / scale).toPrecision(3)) : bytes / scale}${suffix}`;
    }
  }
  return String(opts.approx ? Number(bytes.toPrecision(3)) : bytes);
}

/** Bits/s → "1Gbps", "9.6kbps" (exact decimal prefix when it reads back equal, else plain bps). */
export function formatBitrate(bps: number): string {
  if (!Number.isFinite(bps) || bps < 0) throw new RangeError(`formatBitrate: expected finite bits/s >= 0, got ${bps}`);
  for (const [prefix, scale] of [['T', 1e12], ['G', 1e9], ['M', 1e6], ['k', 1e3]] as const) {
    if (bps >= scale) {
      const text = `${bps / scale}${prefix}bps`;
      const back = parseBitrate(text);
      if (back.ok && back.value === bps) return text;
    }
  }
  return `${bps}bps`;
}

/** Millicores → "500m", or whole cores "2" when divisible by 1000. */
export function formatCpuMillicores(millicores: number): string {
  if (!Number.isFinite(millicores) || millicores < 0) throw new RangeError(`formatCpuMillicores: expected finite millicores >= 0, got ${millicores}`);
  return millicores % 1000 === 0 ? String(millicores / 1000) : `${millicores}m`;
}
