/**
 * Numbers for people in panels: percentages, bytes in binary units, bit rates, counts with
 * thousands separators. Never NaN or Infinity on screen ("—" instead). Pure.
 */

/** 0.234 → "23 %"; NaN → "—". */
export function pct(x: number, digits = 0): string {
  return Number.isFinite(x) ? `${(x * 100).toFixed(digits)} %` : '—';
}

/** Bytes in KiB/MiB/GiB/TiB: 1536 → "1.5 KiB". */
export function bytes(n: number): string {
  if (!Number.isFinite(n)) return '—';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let v = Math.abs(n), u = 0;
  while (v >= 1024 && u < units.length - 1) { v /= 1024; u++; }
  const s = u === 0 ? String(Math.round(v)) : v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2);
  return `${n < 0 ? '-' : ''}${s} ${units[u]}`;
}

/** Bits per second: 2.5e7 → "25 Mb/s". */
export function bitRate(bps: number): string {
  if (!Number.isFinite(bps)) return '—';
  const units = ['b/s', 'kb/s', 'Mb/s', 'Gb/s', 'Tb/s'];
  let v = Math.abs(bps), u = 0;
  while (v >= 1000 && u < units.length - 1) { v /= 1000; u++; }
  return `${v >= 100 || u === 0 ? v.toFixed(0) : v.toFixed(1)} ${units[u]}`;
}

/** A count: 1234567 → "1,234,567". */
export function count(n: number): string {
  return Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '—';
}

/** Milliseconds: 0.42 → "0.42 ms", 31.5 → "31.5 ms", 2250 → "2.25 s". */
export function ms(x: number): string {
  if (!Number.isFinite(x)) return '—';
  if (x >= 1000) return `${(x / 1000).toFixed(x >= 10_000 ? 1 : 2)} s`;
  return `${x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2)} ms`;
}
