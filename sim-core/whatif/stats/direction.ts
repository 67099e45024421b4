/** Which way a metric improves: latency, cost and energy are 'lower'; throughput is 'higher'. */
export type Direction = 'lower' | 'higher';

/** Outcome of comparing a variant against the base at 95% confidence. */
export type Verdict = 'better' | 'worse' | 'indistinguishable';

/** Throws unless `d` is a Direction (callers pass strings from experiment files through here). */
export function checkDirection(d: unknown, where: string): Direction {
  if (d !== 'lower' && d !== 'higher') throw new Error(`${where}: direction must be 'lower' or 'higher', got ${String(d)}`);
  return d;
}

/**
 * Verdict from a confidence interval on (variant − base): an interval that excludes 0 is a real
 * difference, and `direction` says whether that difference is an improvement.
 */
export function verdictFromInterval(ci: readonly [number, number], direction: Direction): Verdict {
  const [lo, hi] = ci;
  if (lo > 0) return direction === 'higher' ? 'better' : 'worse';
  if (hi < 0) return direction === 'lower' ? 'better' : 'worse';
  return 'indistinguishable';
}
