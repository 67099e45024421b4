/** Recorded rate traces in CSV, read into a trace rate curve with file:line errors. */
import type { RateCurve, RatePoint } from './rate-curve.ts';

/**
 * Parses a rate trace CSV: header `time_s,rate_per_s` or `at_ms,rate_per_s`, then one sample a
 * line (blank lines and `#` comments skipped). Throws an Error naming file:line and the column.
 */
export function parseRateTraceCsv(text: string, file: string): Extract<RateCurve, { kind: 'trace' }> {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  let headerLine = -1;
  for (let i = 0; i < lines.length; i++) {
    const s = lines[i]!.trim();
    if (s !== '' && !s.startsWith('#')) { headerLine = i; break; }
  }
  if (headerLine < 0) throw new Error(`${file}: empty rate trace, expected header time_s,rate_per_s or at_ms,rate_per_s`);
  const header = lines[headerLine]!.split(',').map((c) => c.trim());
  const timeCol = header[0];
  if (header.length !== 2 || (timeCol !== 'time_s' && timeCol !== 'at_ms') || header[1] !== 'rate_per_s') {
    throw new Error(`${file}:${headerLine + 1}: expected header time_s,rate_per_s or at_ms,rate_per_s, got "${lines[headerLine]!.trim()}"`);
  }
  const toMs = timeCol === 'time_s' ? 1000 : 1;
  const points: RatePoint[] = [];
  for (let i = headerLine + 1; i < lines.length; i++) {
    const s = lines[i]!.trim();
    if (s === '' || s.startsWith('#')) continue;
    const where = `${file}:${i + 1}`;
    const cells = s.split(',').map((c) => c.trim());
    if (cells.length !== 2) throw new Error(`${where}: expected 2 columns (${timeCol},rate_per_s), got ${cells.length}`);
    const num = (cell: string, col: string): number => {
      const x = cell === '' ? NaN : Number(cell);
      if (!Number.isFinite(x)) throw new Error(`${where}: column ${col}: expected a number, got "${cell}"`);
      return x;
    };
    const atMs = num(cells[0]!, timeCol) * toMs;
    const ratePerS = num(cells[1]!, 'rate_per_s');
    if (ratePerS < 0) throw new Error(`${where}: column rate_per_s: rate must be ≥ 0, got ${ratePerS}`);
    const prev = points[points.length - 1];
    if (prev !== undefined && !(atMs > prev.atMs)) throw new Error(`${where}: column ${timeCol}: time must increase, got ${cells[0]} after ${prev.atMs / toMs}`);
    points.push({ atMs, ratePerS });
  }
  if (points.length === 0) throw new Error(`${file}: rate trace has a header but no samples`);
  return { kind: 'trace', points };
}
