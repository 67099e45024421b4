/**
 * Pareto front of variants over several objectives (p95 latency vs cost vs energy, say): the
 * points no other point dominates. Uses sort-filter-skyline: after a lexicographic sort on the
 * objectives (best first), a point can only be dominated by one that precedes it, and only a
 * point already on the front needs checking.
 */
import { checkDirection, type Direction } from './direction.ts';

/** One objective: the metric's key in each point, and which way it improves. */
export interface Objective {
  metric: string;
  direction: Direction;
}

/** Reads the objective values as "lower is better" costs; throws naming a missing or non-numeric value. */
function costs(points: readonly Readonly<Record<string, number>>[], objectives: readonly Objective[]): Float64Array[] {
  return points.map((p, i) => {
    const row = new Float64Array(objectives.length);
    objectives.forEach((o, k) => {
      const v = p[o.metric];
      if (typeof v !== 'number' || Number.isNaN(v)) {
        throw new Error(`paretoFront: points[${i}].${o.metric} must be a number, got ${String(v)}`);
      }
      row[k] = o.direction === 'lower' ? v : -v;
    });
    return row;
  });
}

/** True when a is no worse than b everywhere and strictly better somewhere (costs: lower is better). */
export function dominates(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  let strictly = false;
  for (let k = 0; k < a.length; k++) {
    if (a[k]! > b[k]!) return false;
    if (a[k]! < b[k]!) strictly = true;
  }
  return strictly;
}

/**
 * Indices (ascending) of the non-dominated points. Equal points do not dominate each other, so
 * duplicates on the front are all kept. Throws on an empty objective list or a missing value.
 */
export function paretoFront(points: readonly Readonly<Record<string, number>>[], objectives: readonly Objective[]): number[] {
  if (objectives.length === 0) throw new Error('paretoFront: need at least one objective');
  objectives.forEach((o, k) => checkDirection(o.direction, `paretoFront(objectives[${k}])`));
  const c = costs(points, objectives);
  const order = points.map((_, i) => i);
  order.sort((i, j) => {
    for (let k = 0; k < objectives.length; k++) {
      const d = c[i]![k]! - c[j]![k]!;
      if (d !== 0 && !Number.isNaN(d)) return d < 0 ? -1 : 1;
      // ±Infinity minus itself is NaN: equal for ordering purposes.
    }
    return i - j;
  });
  const front: number[] = [];
  for (const i of order) {
    if (!front.some((f) => dominates(c[f]!, c[i]!))) front.push(i);
  }
  return front.sort((a, b) => a - b);
}
