/**
 * Numbers for people, shared by the HTML report and the web app: human units (ms / s, KiB / MiB /
 * GiB, %, $, Wh), no exponents, no NaN or Infinity (they print as "—"), float noise rounded
 * away, and one format per table column (columnFormat) so a column never mixes notations.
 * Pure: no DOM, no locale lookups (separators are written here, so Node and browsers agree).
 */

/** What a missing or non-finite number prints as. */
export const NONE = '—';

const MINUS = '−';

/** Inserts thousands separators into the integer part of a plain decimal string ("1234567.5" → "1,234,567.5"). */
export function withSeparators(s: string): string {
  const neg = s.startsWith('-');
  const body = neg ? s.slice(1) : s;
  const dot = body.indexOf('.');
  const int = dot < 0 ? body : body.slice(0, dot);
  const frac = dot < 0 ? '' : body.slice(dot);
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${neg ? MINUS : ''}${grouped}${frac}`;
}

/** `x` with exactly `decimals` decimals and separators; "-0.0" becomes "0.0". Non-finite → NONE. */
export function fmtFixed(x: number, decimals: number): string {
  if (!Number.isFinite(x)) return NONE;
  const d = Math.max(0, Math.min(12, Math.floor(decimals)));
  // toFixed switches to an exponent from 1e21; BigInt prints every digit.
  let s = Math.abs(x) >= 1e21 ? BigInt(Math.round(x)).toString() : x.toFixed(d);
  if (/^-0(\.0*)?$/.test(s)) s = s.slice(1);
  return withSeparators(s);
}

/**
 * `x` with `sig` significant digits as a plain decimal (never an exponent), separators from 1,000
 * up, trailing zeros dropped: 2383653 → "2,383,653", 0.012345 → "0.0123", 1e-18 → "0".
 * Magnitudes below 1e-9 are float noise for every quantity this app shows, and print as 0.
 */
export function fmtSig(x: number, sig = 3): string {
  if (!Number.isFinite(x)) return NONE;
  const ax = Math.abs(x);
  if (ax < 1e-9) return '0';
  if (ax >= 10 ** sig) return fmtFixed(Math.round(x), 0);
  const d = Math.min(12, Math.max(0, sig - 1 - Math.floor(Math.log10(ax))));
  let s = x.toFixed(d);
  // 999.6 at 3 digits is "1000.": print it as the integer it rounds to.
  if (Math.abs(Number(s)) >= 10 ** sig) return fmtFixed(Math.round(x), 0);
  if (s.includes('.')) s = s.replace(/\.?0+$/, '');
  if (s === '-0') s = '0';
  return withSeparators(s);
}

/**
 * Decimals that give the smallest non-zero magnitude among `values` `sig` significant digits,
 * within [0, max]; magnitudes under a thousandth of the largest count as noise, so one 1e-18
 * beside 0.25 does not ask for 18 decimals.
 */
export function decimalsFor(values: readonly number[], sig = 3, max = 3): number {
  let lo = Infinity;
  let hi = 0;
  for (const v of values) {
    const a = Math.abs(v);
    if (!Number.isFinite(a) || a === 0) continue;
    if (a < lo) lo = a;
    if (a > hi) hi = a;
  }
  if (hi === 0) return 0;
  const ref = Math.max(lo, hi / 1000);
  return Math.max(0, Math.min(max, sig - 1 - Math.floor(Math.log10(ref) + 1e-12)));
}

/** `x` to 3 significant digits keeping trailing zeros ("26.0", "0.420", "1,234"), for columns of one precision. */
function sig3(x: number): string {
  const ax = Math.abs(x);
  if (ax < 1e-9) return '0';
  const d = Math.max(0, 2 - Math.floor(Math.log10(ax) + 1e-12));
  const s = fmtFixed(x, d);
  // 999.7 rounds to "1000." at 3 digits: print the integer.
  return Math.abs(Number(s.replace(/[,−]/g, ''))) >= 1000 && d > 0 ? fmtFixed(x, 0) : s;
}

/** Milliseconds as a latency: "0.42 ms", "62.3 ms", "1.25 s", "2.5 min"; `keepZeros`: "26.0 ms", "2.50 min". */
export function fmtMs(ms: number | null | undefined, keepZeros = false): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return NONE;
  const a = Math.abs(ms);
  const f = keepZeros ? sig3 : (x: number) => fmtSig(x);
  if (a < 1000) return `${f(ms)} ms`;
  if (a < 120_000) return `${f(ms / 1000)} s`;
  return `${f(ms / 60_000)} min`;
}

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const;

/** The binary unit for a magnitude: index into B, KiB, MiB, GiB, TiB, PiB. */
export function byteUnitIndex(maxAbs: number): number {
  let i = 0;
  let x = Math.abs(maxAbs);
  while (Number.isFinite(x) && x >= 1024 && i < BYTE_UNITS.length - 1) { x /= 1024; i++; }
  return i;
}

/**
 * Bytes in binary units with `sig` significant digits: 512 → "512 B", 2383653 → "2.27 MiB";
 * `keepZeros` keeps trailing zeros ("59.0 MiB") so a table column has one precision.
 */
export function fmtBytes(b: number | null | undefined, sig = 3, keepZeros = false): string {
  if (b === null || b === undefined || !Number.isFinite(b)) return NONE;
  let i = byteUnitIndex(b);
  let x = b / 1024 ** i;
  // 1023.7 KiB rounds to "1,024 KiB" at 3 digits; say "1.00 MiB" instead.
  if (i > 0 && i < BYTE_UNITS.length - 1 && Math.round(Math.abs(x)) >= 1024) { i++; x /= 1024; }
  if (i === 0) return `${fmtFixed(Math.round(x), 0)} B`;
  if (!keepZeros) return `${fmtSig(x, sig)} ${BYTE_UNITS[i]}`;
  const ax = Math.abs(x);
  const d = ax < 1e-9 ? 0 : Math.max(0, sig - 1 - Math.floor(Math.log10(ax) + 1e-12));
  return `${fmtFixed(x, d)} ${BYTE_UNITS[i]}`;
}

/** A byte rate: "1.2 MiB/s". */
export function fmtBytesPerS(bps: number | null | undefined): string {
  const s = fmtBytes(bps);
  return s === NONE ? s : `${s}/s`;
}

/** A 0..1 fraction as a percentage with up to `sig` significant digits: 0.0312 → "3.12%", 2e-7 → "<0.001%". */
export function fmtPercent(f: number | null | undefined, sig = 3): string {
  if (f === null || f === undefined || !Number.isFinite(f)) return NONE;
  const p = f * 100;
  if (p !== 0 && Math.abs(p) < 0.001 && Math.abs(p) >= 1e-9) return p > 0 ? '<0.001%' : `>${MINUS}0.001%`;
  return `${fmtSig(p, sig)}%`;
}

/** A signed relative change with one decimal: −0.135 → "−13.5%", 0.0054 → "+0.5%", 0.00001 → "0%". */
export function fmtChange(f: number | null | undefined): string {
  if (f === null || f === undefined || !Number.isFinite(f)) return NONE;
  const p = f * 100;
  if (Math.abs(p) < 0.05) return '0%';
  const s = `${fmtFixed(p, Math.abs(p) >= 100 ? 0 : 1)}%`;
  return p > 0 ? `+${s}` : s;
}

/** US dollars: cents from $1 up ("$4.00", "$1.23"), whole dollars from $1,000 ("$1,234"), 3 digits below $1 but at least cents ("$0.077", "$0.40"). */
export function fmtUsd(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return NONE;
  let s = Math.abs(v) >= 1 ? fmtFixed(v, Math.abs(v) >= 1000 ? 0 : 2) : fmtSig(v, 3);
  if (Math.abs(v) < 1) { const dot = s.indexOf('.'); s = dot < 0 ? `${s}.00` : s.padEnd(dot + 3, '0'); }
  return s.startsWith(MINUS) ? `${MINUS}$${s.slice(1)}` : `$${s}`;
}

/** Energy: "10.3 Wh", "1.25 kWh". */
export function fmtWh(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return NONE;
  return Math.abs(v) >= 10_000 ? `${fmtSig(v / 1000)} kWh` : `${fmtSig(v)} Wh`;
}

/** A count: whole numbers with separators ("2,383,653"), means of counts to 3 significant digits below 1,000. */
export function fmtCount(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return NONE;
  if (Number.isInteger(n) || Math.abs(n) >= 1000) return fmtFixed(Math.round(n), 0);
  return fmtSig(n, 3);
}

/** A rate per second: "12.3/s". */
export function fmtPerS(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return NONE;
  return `${fmtSig(v)}/s`;
}

/** Simulated time as a clock: 65 000 → "1:05", 3 725 000 → "1:02:05" (whole seconds, rounded down). */
export function fmtClock(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return NONE;
  const neg = ms < 0;
  const total = Math.floor(Math.abs(ms) / 1000 + 1e-9);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  const body = h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
  return neg ? `${MINUS}${body}` : body;
}

/** A simulated duration in words: 60 000 → "1 min", 90 000 → "1 min 30 s", 4 500 → "4.5 s". */
export function fmtDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return NONE;
  if (Math.abs(ms) < 60_000) return `${fmtSig(ms / 1000)} s`;
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return [h ? `${h} h` : '', m ? `${m} min` : '', s ? `${s} s` : ''].filter(Boolean).join(' ');
}

/**
 * One value in the unit of a MetricDef ('ms', 'B', 'Wh', 'USD', 'ratio', '' for counts; also
 * 'B/s', '/s', 's'); anything missing or non-finite is NONE.
 */
export function formatValue(v: number | null | undefined, unit: string): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return NONE;
  switch (unit) {
    case 'ms': return fmtMs(v);
    case 's': return fmtMs(v * 1000);
    case 'B': return fmtBytes(v);
    case 'B/s': return fmtBytesPerS(v);
    case 'ratio': case 'fraction': return fmtPercent(v);
    case 'USD': return fmtUsd(v);
    case 'Wh': return fmtWh(v);
    case '/s': return fmtPerS(v);
    case '': case 'messages': return fmtCount(v);
    default: return `${fmtSig(v)} ${unit}`;
  }
}

/** The range a metric's values (and confidence limits) can take: rates in [0, 1], amounts ≥ 0. */
export function metricBounds(unit: string): readonly [number, number] {
  if (unit === 'ratio' || unit === 'fraction') return [0, 1];
  if (unit === 'ms' || unit === 'B' || unit === 'Wh' || unit === 'USD' || unit === '' || unit === 'messages') return [0, Infinity];
  return [-Infinity, Infinity];
}

/** `ci` clamped into `bounds` (a Student-t interval of a rate can reach below 0; the rate cannot). */
export function clampInterval(ci: readonly [number, number], bounds: readonly [number, number]): [number, number] {
  const lo = Math.min(Math.max(ci[0], bounds[0]), bounds[1]);
  const hi = Math.max(Math.min(ci[1], bounds[1]), bounds[0]);
  return [lo, hi];
}

/** The unit of a metric key when no MetricDef is at hand ('latencyP95Ms' → 'ms', 'wanBytes' → 'B'). */
export function guessUnit(key: string): string {
  const k = key.slice(key.lastIndexOf('.') + 1);
  if (/Ms$/.test(k)) return 'ms';
  if (/Bytes$/.test(k)) return 'B';
  if (/Usd$/.test(k)) return 'USD';
  if (/Wh$/.test(k)) return 'Wh';
  if (/(Rate|Ratio|vailability)$/.test(k)) return 'ratio';
  return '';
}

/** A column's formatter: the value text, and a [lo, hi] interval in the same format. */
export interface ColumnFormat {
  /** The value with its unit ("62.3 ms"); NONE for missing. */
  value(v: number | null | undefined): string;
  /**
   * The value without the column's shared unit ("62.3"), for tables that name the unit once in
   * the header; the same as value() when the unit varies per value (`unit` is '').
   */
  number(v: number | null | undefined): string;
  /** An interval in the column's precision: "[59.0, 65.3]" (unit shown once when shared). */
  range(lo: number, hi: number): string;
  /** The unit the column shows, for its header ('' when it varies per value, as bytes do). */
  unit: string;
}

interface Scaled { div: number; suffix: string; decimals: number; prefix?: string }

function fixedColumn(s: Scaled): ColumnFormat {
  const num = (v: number) => `${s.prefix ?? ''}${fmtFixed(v / s.div, s.decimals)}`;
  const signPrefix = (t: string) => (s.prefix && t.startsWith(`${s.prefix}${MINUS}`) ? `${MINUS}${s.prefix}${t.slice(s.prefix.length + 1)}` : t);
  const missing = (v: number | null | undefined): v is null | undefined => v === null || v === undefined || !Number.isFinite(v);
  return {
    unit: s.suffix.trim() || (s.prefix ? 'USD' : ''),
    value: (v) => (missing(v) ? NONE : `${signPrefix(num(v))}${s.suffix}`),
    number: (v) => (missing(v) ? NONE : fmtFixed(v / s.div, s.decimals)),
    range: (lo, hi) => (Number.isFinite(lo) && Number.isFinite(hi) ? `[${signPrefix(num(lo))}, ${signPrefix(num(hi))}]` : NONE),
  };
}

/** Latencies spanning this factor or more (28 ms beside 19 s) keep a unit per value, as bytes do. */
export const MS_SPREAD_PER_VALUE = 100;

/** The ratio of the largest to the smallest non-zero magnitude (1 for fewer than two). */
function spread(xs: readonly number[]): number {
  let lo = Infinity;
  let hi = 0;
  for (const v of xs) { const a = Math.abs(v); if (a > 0) { lo = Math.min(lo, a); hi = Math.max(hi, a); } }
  return hi > 0 ? hi / lo : 1;
}

/** A column whose values each carry their own human unit (3 significant digits, `fmt` per value). */
function perValueColumn(fmt: (v: number) => string): ColumnFormat {
  const f = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? NONE : fmt(v));
  return { unit: '', value: f, number: f, range: (lo, hi) => (Number.isFinite(lo) && Number.isFinite(hi) ? `[${fmt(lo)}, ${fmt(hi)}]` : NONE) };
}

/**
 * One format for a whole table column of `unit` values: the same unit and the same number of
 * decimals for every row (chosen from the values), so rows line up and none switches notation.
 * Bytes keep a binary unit per value (227 MiB beside 2.27 MiB reads better than 0.00 GiB), and so
 * do latencies that span 100× or more (28.6 ms beside 18.9 s, not 0.03 s beside 18.93 s).
 */
export function columnFormat(unit: string, values: readonly (number | null | undefined)[]): ColumnFormat {
  const xs = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  const maxAbs = xs.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  switch (unit) {
    case 'ms':
      if (spread(xs) >= MS_SPREAD_PER_VALUE) return perValueColumn((v) => fmtMs(v, true));
      if (maxAbs >= 10_000) return fixedColumn({ div: 1000, suffix: ' s', decimals: decimalsFor(xs.map((v) => v / 1000), 3, 2) });
      return fixedColumn({ div: 1, suffix: ' ms', decimals: decimalsFor(xs, 3, 2) });
    case 'ratio': case 'fraction':
      return fixedColumn({ div: 0.01, suffix: '%', decimals: decimalsFor(xs.map((v) => v * 100), 2, 2) });
    case 'USD':
      return fixedColumn({ div: 1, suffix: '', prefix: '$', decimals: decimalsFor(xs, 3, 4) });
    case 'Wh':
      if (maxAbs >= 10_000) return fixedColumn({ div: 1000, suffix: ' kWh', decimals: decimalsFor(xs.map((v) => v / 1000), 3, 2) });
      return fixedColumn({ div: 1, suffix: ' Wh', decimals: decimalsFor(xs, 3, 2) });
    case 'B': return {
      unit: '',
      value: (v) => fmtBytes(v, 3, true),
      number: (v) => fmtBytes(v, 3, true),
      range: (lo, hi) => {
        if (!Number.isFinite(lo) || !Number.isFinite(hi)) return NONE;
        const i = byteUnitIndex(Math.max(Math.abs(lo), Math.abs(hi)));
        const d = decimalsFor([lo / 1024 ** i, hi / 1024 ** i], 3, 2);
        return `[${fmtFixed(lo / 1024 ** i, i === 0 ? 0 : d)}, ${fmtFixed(hi / 1024 ** i, i === 0 ? 0 : d)}] ${BYTE_UNITS[i]}`;
      },
    };
    case '': case 'messages': {
      const whole = xs.every((v) => Number.isInteger(v)) || maxAbs >= 100;
      return fixedColumn({ div: 1, suffix: unit ? ` ${unit}` : '', decimals: whole ? 0 : decimalsFor(xs, 3, 2) });
    }
    default:
      return fixedColumn({ div: 1, suffix: unit ? ` ${unit}` : '', decimals: decimalsFor(xs, 3, 3) });
  }
}

/** An axis for values of `unit` up to `maxAbs`: divide values by `div`, label the axis with `label`, format ticks with `tick`. */
export interface AxisUnit { div: number; label: string; tick: (scaled: number) => string }

/** Axis units: bytes in the binary unit of the largest value, ms or s, percent for rates, $ for USD. */
export function axisUnit(unit: string, maxAbs: number): AxisUnit {
  const m = Number.isFinite(maxAbs) ? Math.abs(maxAbs) : 0;
  switch (unit) {
    case 'B': case 'B/s': {
      const i = byteUnitIndex(m);
      return { div: 1024 ** i, label: `${BYTE_UNITS[i]}${unit === 'B/s' ? '/s' : ''}`, tick: (x) => fmtSig(x, 4) };
    }
    case 'ms': return m >= 10_000 ? { div: 1000, label: 's', tick: (x) => fmtSig(x, 4) } : { div: 1, label: 'ms', tick: (x) => fmtSig(x, 4) };
    case 'ratio': case 'fraction': return { div: 0.01, label: '%', tick: (x) => `${fmtSig(x, 3)}%` };
    case 'USD': return { div: 1, label: 'USD', tick: (x) => `$${fmtSig(x, 3)}` };
    case 'Wh': return m >= 10_000 ? { div: 1000, label: 'kWh', tick: (x) => fmtSig(x, 4) } : { div: 1, label: 'Wh', tick: (x) => fmtSig(x, 4) };
    default: return { div: 1, label: unit, tick: compactTicks(m) };
  }
}

/**
 * Tick labels for an axis reaching `maxAbs`: one suffix for every tick (0, 5k, 10k, 15k — never
 * 8,000 beside 10k), chosen from the largest value.
 */
export function compactTicks(maxAbs: number): (x: number) => string {
  const m = Number.isFinite(maxAbs) ? Math.abs(maxAbs) : 0;
  const [d, suffix] = m >= 1e10 ? [1e9, 'G'] : m >= 1e7 ? [1e6, 'M'] : m >= 1e4 ? [1e3, 'k'] : [1, ''];
  return (x) => (Number.isFinite(x) ? (x === 0 ? '0' : `${fmtSig(x / d, 4)}${suffix}`) : NONE);
}

/** A compact axis number: 25M, 1.5k, 0.25 (suffixes from 10,000 up, so labels fit a margin). */
export function compactNumber(x: number): string {
  if (!Number.isFinite(x)) return NONE;
  const ax = Math.abs(x);
  if (ax >= 1e10) return `${fmtSig(x / 1e9)}G`;
  if (ax >= 1e7) return `${fmtSig(x / 1e6)}M`;
  if (ax >= 1e4) return `${fmtSig(x / 1e3)}k`;
  return fmtSig(x, 4);
}

const TIME_STEPS_MS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400].map((s) => s * 1000);

/** Tick times (ms) for a simulated-time axis over [0, maxMs]: whole 1 s, 2 s, 5 s, 10 s, 15 s, 30 s, 1 min … steps, at most `maxTicks` + 1 of them. */
export function timeTicks(maxMs: number, maxTicks = 6, minMs = 0): number[] {
  const span = maxMs - minMs;
  if (!Number.isFinite(span) || span <= 0) return [Math.max(0, minMs)];
  const step = TIME_STEPS_MS.find((s) => span / s <= maxTicks) ?? Math.ceil(span / maxTicks / 86_400_000) * 86_400_000;
  const out: number[] = [];
  for (let t = Math.ceil(minMs / step) * step; t <= maxMs + 1e-6; t += step) out.push(t);
  return out;
}
