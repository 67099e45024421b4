/**
 * Rolling-window MAPE (mean absolute percentage error) of the twin's predictions, per key (a node
 * and signal, an app and signal, a link). The window is time-based: at time `nowMs` it holds the
 * samples with nowMs − windowMs < atMs ≤ nowMs. MAPE = 100 / n · Σ |predicted − observed| / |observed|,
 * in percent, like OpenDT's power MAPE.
 *
 * Observed ≈ 0 (the epsilon rule): a sample whose |observed| < epsilon is not scored — a relative
 * error against ~0 is meaningless (an idle node at 0.1 % CPU would turn a 0.2 % prediction into a
 * 100 % error) — and is counted as `skipped` instead. Epsilon is per signal (the caller passes it;
 * shadow.ts uses 0.01 = 1 % CPU for utilisation and 0.01 ms for latencies). Samples with a
 * non-finite prediction or observation are refused by add() and counted as `refused`.
 *
 * mapeOf is a pure function; MapeWindows keeps the samples per key and never reads a clock: the
 * caller passes the time, so a run is reproducible.
 */

/** One prediction next to what was observed, at atMs. */
export interface ErrorSample { atMs: number; predicted: number; observed: number }

/** A window's error: mape in percent (null when no sample is scored), scored and skipped sample counts. */
export interface MapeResult { mape: number | null; samples: number; skipped: number }

/** Absolute percentage error of one sample, or null when |observed| < epsilon (not scored). */
export function absolutePercentageError(predicted: number, observed: number, epsilon: number): number | null {
  if (Math.abs(observed) < epsilon) return null;
  return (100 * Math.abs(predicted - observed)) / Math.abs(observed);
}

/** MAPE of every pair (no window), skipping those with |observed| < epsilon. */
export function mapeOfPairs(pairs: Iterable<{ predicted: number; observed: number }>, epsilon: number): MapeResult {
  let sum = 0;
  let n = 0;
  let skipped = 0;
  for (const s of pairs) {
    const e = absolutePercentageError(s.predicted, s.observed, epsilon);
    if (e === null) skipped++;
    else { sum += e; n++; }
  }
  return { mape: n ? sum / n : null, samples: n, skipped };
}

/** MAPE over the samples inside (nowMs − windowMs, nowMs], skipping those with |observed| < epsilon. */
export function mapeOf(samples: readonly ErrorSample[], nowMs: number, windowMs: number, epsilon: number): MapeResult {
  return mapeOfPairs(samples.filter((s) => s.atMs > nowMs - windowMs && s.atMs <= nowMs), epsilon);
}

/** Bound on samples kept per key (oldest dropped first), so a flood of reports cannot grow memory. */
export const DEFAULT_MAX_SAMPLES_PER_KEY = 10_000;

/** Rolling windows of error samples, per key. */
export class MapeWindows {
  readonly windowMs: number;
  readonly maxSamplesPerKey: number;
  private readonly byKey = new Map<string, { epsilon: number; samples: ErrorSample[] }>();
  /** Samples refused because a value was not a finite number. */
  refused = 0;

  constructor(opts: { windowMs: number; maxSamplesPerKey?: number }) {
    if (!(opts.windowMs > 0 && Number.isFinite(opts.windowMs))) throw new Error(`MapeWindows: windowMs must be a positive number, got ${opts.windowMs}`);
    const max = opts.maxSamplesPerKey ?? DEFAULT_MAX_SAMPLES_PER_KEY;
    if (!(Number.isInteger(max) && max >= 1)) throw new Error(`MapeWindows: maxSamplesPerKey must be a whole number >= 1, got ${max}`);
    this.windowMs = opts.windowMs;
    this.maxSamplesPerKey = max;
  }

  /** Adds a sample under key (epsilon: the key's observed ≈ 0 threshold); false (and counted) when a value is not finite. */
  add(key: string, sample: ErrorSample, epsilon: number): boolean {
    if (!(Number.isFinite(sample.atMs) && Number.isFinite(sample.predicted) && Number.isFinite(sample.observed))) { this.refused++; return false; }
    if (!(epsilon >= 0)) throw new Error(`MapeWindows.add: epsilon must be >= 0, got ${epsilon}`);
    let w = this.byKey.get(key);
    if (!w) { w = { epsilon, samples: [] }; this.byKey.set(key, w); }
    w.epsilon = epsilon;
    w.samples.push(sample);
    this.evict(w.samples, sample.atMs);
    return true;
  }

  /** The key's MAPE at nowMs (samples older than the window are dropped); samples 0 and mape null for an unknown key. */
  result(key: string, nowMs: number): MapeResult {
    const w = this.byKey.get(key);
    if (!w) return { mape: null, samples: 0, skipped: 0 };
    this.evict(w.samples, nowMs);
    return mapeOf(w.samples, nowMs, this.windowMs, w.epsilon);
  }

  /** Every key that has (or had) samples, sorted. */
  keys(): string[] {
    return [...this.byKey.keys()].sort();
  }

  private evict(samples: ErrorSample[], nowMs: number): void {
    // Samples arrive in time order from the shadow loop, so the old ones are at the front.
    let drop = 0;
    while (drop < samples.length && samples[drop]!.atMs <= nowMs - this.windowMs) drop++;
    const over = samples.length - drop - this.maxSamplesPerKey;
    if (over > 0) drop += over;
    if (drop) samples.splice(0, drop);
  }
}
