/**
 * Scores alarms against the failures that happened: a hit is a failure of the alarmed target
 * no later than `horizonMs` after the alarm (and not before it); each failure is matched to the
 * earliest such alarm, each alarm to at most one failure. Unmatched failures are misses,
 * unmatched alarms false alarms; lead time = failure time − alarm time of a hit.
 */

/** A failure of a target at a time. */
export interface Failure { target: number; atMs: number }

/** The outcome of a set of alarms. */
export interface PredictionScore {
  hits: number;
  misses: number;
  falseAlarms: number;
  /** Lead time of each hit, in failure order. */
  leadTimesMs: number[];
  /** Alarm index (in the input) matched by each failure, -1 for a miss. */
  matchedAlarm: number[];
}

/** Matches `alarms` (target, atMs) to `failures` within `horizonMs`. */
export function scorePredictions(alarms: readonly { target: number; atMs: number }[], failures: readonly Failure[], horizonMs: number): PredictionScore {
  const used = new Array<boolean>(alarms.length).fill(false);
  const order = failures.map((_, i) => i).sort((a, b) => failures[a]!.atMs - failures[b]!.atMs || a - b);
  const matchedAlarm = new Array<number>(failures.length).fill(-1);
  const leadTimesMs: number[] = [];
  for (const fi of order) {
    const f = failures[fi]!;
    let best = -1;
    alarms.forEach((a, ai) => {
      if (used[ai] || a.target !== f.target || a.atMs > f.atMs || f.atMs - a.atMs > horizonMs) return;
      if (best < 0 || a.atMs < alarms[best]!.atMs) best = ai;
    });
    if (best < 0) continue;
    used[best] = true;
    matchedAlarm[fi] = best;
    leadTimesMs.push(f.atMs - alarms[best]!.atMs);
  }
  const hits = leadTimesMs.length;
  return { hits, misses: failures.length - hits, falseAlarms: alarms.length - hits, leadTimesMs, matchedAlarm };
}

/** Median of a list (mean of the middle two for an even count); null when empty. */
export function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
