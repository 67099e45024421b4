/**
 * Series that draw on top of each other: two variants with identical results (the same placement
 * reached two ways) give identical curves, and the later one hides the earlier. Charts draw a
 * coincident series dashed, so the one under it shows through the gaps, and say so in the legend.
 */

/** Dash of a series drawn over an identical earlier one (gaps as long as dashes). */
export const COINCIDENT_DASH = '6 6';

/** For each series, the index of the first earlier series with exactly the same points, or -1. */
export function coincidentWith(series: readonly { points: readonly unknown[] }[]): number[] {
  const keys = series.map((s) => JSON.stringify(s.points));
  return keys.map((k, i) => (series[i]!.points.length === 0 ? -1 : keys.findIndex((o, j) => j < i && o === k)));
}

/** The legend text of series `i` given coincidentWith's answer: "latency-aware (same as edge-ward)". */
export function coincidentLabel(names: readonly string[], same: readonly number[], i: number): string {
  const j = same[i] ?? -1;
  return j >= 0 ? `${names[i]} (same as ${names[j]})` : names[i]!;
}
