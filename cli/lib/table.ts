/**
 * Plain-text tables for the terminal, with the number formats of the HTML report and the web app
 * (app/report/format.ts): one format per column, chosen from the column's values (the same unit
 * and decimals in every row; bytes, and latencies spanning 100×, a human unit per value), thousands
 * separators, and "—" for anything missing — never NaN, Infinity or an exponent.
 */
import { NONE, columnFormat, fmtBytes as fmtBytesHuman, type ColumnFormat } from '../../app/report/format.ts';

/** A table cell: text as given, a number formatted by its column, or missing (null, undefined, NaN → "—"). */
export type Cell = string | number | null | undefined;

/** A column: its header and the unit of its numbers ('ms', 'B', 'ratio', 'USD', 'Wh', '' for counts, …). */
export interface Column {
  header: string;
  /** Unit of the column's numeric cells (a MetricDef unit); absent: counts. */
  unit?: string;
  /** Right-align text cells too (numbers always are). */
  right?: boolean;
}

const isNum = (c: Cell): c is number => typeof c === 'number';

/** The format of one column's numbers, from all of them. */
export function formatOfColumn(unit: string, values: readonly Cell[]): ColumnFormat {
  return columnFormat(unit, values.filter(isNum));
}

/**
 * Renders rows under a header, columns padded: numbers (and `right` columns) right-aligned. A
 * column with a shared unit names it once in the header ("p95 (ms)") and prints bare numbers.
 */
export function renderTable(columns: readonly (string | Column)[], rows: readonly Cell[][]): string {
  const cols: Column[] = columns.map((c) => (typeof c === 'string' ? { header: c } : c));
  const formats = cols.map((c, i) => formatOfColumn(c.unit ?? '', rows.map((r) => r[i])));
  const header = cols.map((c, i) => (c.unit && formats[i]!.unit ? `${c.header} (${formats[i]!.unit})` : c.header));
  const text = (c: Cell, i: number): string => {
    if (c === null || c === undefined) return NONE;
    if (!isNum(c)) return c;
    return cols[i]!.unit ? formats[i]!.number(c) : formats[i]!.value(c);
  };
  const cells = rows.map((r) => cols.map((_, i) => text(r[i], i)));
  const right = cols.map((c, i) => c.right === true || (rows.length > 0 && rows.every((r) => isNum(r[i]) || r[i] === null || r[i] === undefined)));
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (right[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

/** Bytes in binary units with 3 significant digits ("113 MiB", "0 B"); "—" when not finite. */
export function fmtBytes(bytes: number): string {
  return fmtBytesHuman(bytes);
}

/** A simulated duration compactly (1h30m, 20m, 2.5s, 12.3ms); "—" when not finite. */
export function fmtMs(ms: number): string {
  if (!Number.isFinite(ms)) return NONE;
  if (Math.abs(ms) < 1000) return `${ms.toFixed(Math.abs(ms) < 10 ? 2 : 1).replace(/\.?0+$/, '') || '0'}ms`;
  if (Math.abs(ms) < 60_000) return `${(ms / 1000).toFixed(1).replace(/\.0$/, '')}s`;
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h > 0 ? `${h}h${m ? `${m}m` : ''}` : `${m}m${s ? `${s}s` : ''}`;
}
