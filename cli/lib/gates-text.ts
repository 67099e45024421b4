/**
 * Validation gates in words, for the terminal: the same short names, thresholds and values in
 * `compare`'s gates table and in `plan`'s, so a reader can set one beside the other.
 */
import { NONE, columnFormat, decimalsFor, fmtFixed, fmtPercent, fmtSig } from '../../app/report/format.ts';
import type { GateResult } from '../../sim-core/whatif/plan/gates.ts';

const SHORT: Record<string, string> = {
  'latency-slo': 'latency / SLO',
  'slo-violation-rate': 'SLO violations',
  'data-lost': 'lost',
  'lost-messages': 'lost messages',
  'capacity-headroom': 'CPU headroom',
};

/** A gate value in its unit: "0.848×" (of the SLO), "0.0451%", "3", "not measured". */
export function gateValue(g: Pick<GateResult, 'unit'>, v: number | null): string {
  if (v === null || !Number.isFinite(v)) return 'not measured';
  if (g.unit === 'ratio') return `${fmtSig(v, 3)}×`;
  if (g.unit === 'fraction') return fmtPercent(v, 3);
  if (g.unit === 'messages') return fmtSig(v, 6);
  return `${fmtSig(v, 4)} ${g.unit}`;
}

/** The gate's bound: "≤ 1×", "≤ 0.5%", "≥ 20%"; "off" when switched off. */
export function gateBound(g: Pick<GateResult, 'unit' | 'op' | 'threshold' | 'enabled'>): string {
  return g.enabled ? `${g.op === '<=' ? '≤' : '≥'} ${gateValue(g, g.threshold)}` : 'off';
}

/** A column header for a gate: its short name and bound, "lost ≤ 0.5%". */
export function gateHeader(g: GateResult): string {
  return `${SHORT[g.id] ?? g.id} ${gateBound(g)}`;
}

/**
 * One format for a column of one gate's values (e.g. its worst per variant): the same decimals
 * in every row ("0.740×", "1.10%"), or 3 significant digits each when the values span 100× or
 * more (0.693× beside 211×, not 210.958×).
 */
export function gateColumnFormat(g: Pick<GateResult, 'unit'>, values: readonly (number | null)[]): (v: number | null) => string {
  const xs = values.filter((v): v is number => v !== null && Number.isFinite(v));
  const nz = xs.map(Math.abs).filter((a) => a > 0);
  if (nz.length > 1 && Math.max(...nz) / Math.min(...nz) >= 100) return (v) => gateValue(g, v);
  if (g.unit === 'ratio') {
    const d = decimalsFor(xs, 3, 3);
    return (v) => (v === null || !Number.isFinite(v) ? 'not measured' : `${fmtFixed(v, d)}×`);
  }
  if (g.unit === 'fraction') {
    const f = columnFormat('ratio', xs);
    return (v) => (v === null || !Number.isFinite(v) ? 'not measured' : f.value(v));
  }
  return (v) => gateValue(g, v);
}

/** A gate's cell: the worst value (in `format`, default gateValue) and ✓ / ✗ ("—" when off). */
export function gateCell(g: GateResult, format: (v: number | null) => string = (v) => gateValue(g, v)): string {
  if (!g.enabled) return NONE;
  return `${format(g.worst)} ${g.pass ? '✓' : '✗'}`;
}
