/**
 * Validation gates in words, for the terminal: the formats of app/report/gate-format.ts (the
 * HTML report's too), so `compare`'s gates table, `plan`'s and the report read alike.
 */
import { NONE } from '../../app/report/format.ts';
import { gateValue } from '../../app/report/gate-format.ts';
import type { GateResult } from '../../sim-core/whatif/plan/gates.ts';

export { gateBound, gateColumnFormat, gateHeader, gateValue } from '../../app/report/gate-format.ts';

/** A gate's cell: the worst value (in `format`, default gateValue) and ✓ / ✗ ("—" when off). */
export function gateCell(g: GateResult, format: (v: number | null) => string = (v) => gateValue(g, v)): string {
  if (!g.enabled) return NONE;
  return `${format(g.worst)} ${g.pass ? '✓' : '✗'}`;
}
