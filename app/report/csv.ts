/**
 * CSV of every run (RFC 4180 quoting), offered as a data: URI download so the report needs no
 * server: one row per run, the run's coordinates, then one column per metric key.
 */
import type { ExperimentResult } from '../../sim-core/whatif/result.ts';

/** Quotes a CSV field when it holds a comma, quote, or line break (RFC 4180). */
export function csvField(v: string | number | boolean | null): string {
  if (v === null) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Every metric key used by any run, sorted (stable column order). */
export function metricColumns(result: ExperimentResult): string[] {
  const keys = new Set<string>();
  for (const r of result.runs) for (const k of Object.keys(r.metrics)) keys.add(k);
  return [...keys].sort();
}

/** The runs as CSV text (header + one line per run, CRLF line ends as RFC 4180 says). */
export function runsCsv(result: ExperimentResult): string {
  const cols = metricColumns(result);
  const head = ['index', 'variant', 'sweepValue', 'faultSet', 'seed', 'ok', 'error', 'simulatedMs', 'events', 'traceHash', ...cols];
  const rows = result.runs.map((r) => [
    r.index, r.variant, r.sweepValue, r.faultSet, r.seed, r.ok, r.error, r.simulatedMs, r.events, r.traceHash,
    ...cols.map((k) => r.metrics[k] ?? null),
  ].map(csvField).join(','));
  return [head.map(csvField).join(','), ...rows].join('\r\n') + '\r\n';
}

/** `data:text/csv` URI of the CSV (percent-encoded UTF-8, so it survives in an href). */
export function csvDataUri(csv: string): string {
  return `data:text/csv;charset=utf-8,${encodeURIComponent(csv)}`;
}
