/**
 * Numbers for people in the shell's panels: the app's one set of formats (app/report/format.ts,
 * shared with the HTML report and the charts) plus bit rates for links. Never NaN or Infinity on
 * screen ("—" instead). Pure.
 */
import { NONE, fmtBytes, fmtCount, fmtMs, fmtPercent } from '../report/format.ts';

/** A 0..1 fraction as a whole percentage (or `digits` decimals): 0.234 → "23%"; NaN → "—". */
export function pct(x: number, digits = 0): string {
  if (!Number.isFinite(x)) return NONE;
  return digits === 0 ? `${Math.round(x * 100)}%` : fmtPercent(x, Math.max(1, digits + 1));
}

/** Bytes in binary units: 1536 → "1.5 KiB". */
export const bytes = (n: number): string => fmtBytes(n);

/** A count with separators: 1234567 → "1,234,567". */
export const count = (n: number): string => fmtCount(n);

/** A latency: 0.42 → "0.42 ms", 2250 → "2.25 s". */
export const ms = (x: number): string => fmtMs(x);

/** Bits per second, decimal units as links are sold: 2.5e7 → "25 Mb/s". */
export function bitRate(bps: number): string {
  if (!Number.isFinite(bps)) return NONE;
  const units = ['b/s', 'kb/s', 'Mb/s', 'Gb/s', 'Tb/s'];
  let v = Math.abs(bps), u = 0;
  while (v >= 1000 && u < units.length - 1) { v /= 1000; u++; }
  return `${v >= 100 || u === 0 ? v.toFixed(0) : v.toFixed(1)} ${units[u]}`;
}
