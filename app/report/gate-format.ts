/**
 * Validation gates in words, shared by the terminal (`compare` and `plan`) and the HTML report,
 * so both name, bound and value a gate the same way: latency as a multiple of the SLO target
 * ("0.848×"), rates and headroom in % ("0.125%"), counts as counts; one format per column of one
 * gate's values (the same decimals in every row, or 3 significant digits each when they span 100×).
 */
import type { GateResult } from '../../sim-core/whatif/plan/gates.ts';
import { columnFormat, decimalsFor, fmtFixed, fmtPercent, fmtSig } from './format.ts';

/** Short names of the gates, for table headers. */
export const GATE_SHORT_NAMES: Readonly<Record<string, string>> = {
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
  return `${GATE_SHORT_NAMES[g.id] ?? g.id} ${gateBound(g)}`;
}

/** One format for a column of one gate's values (e.g. its worst per variant). */
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
