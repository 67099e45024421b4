/**
 * End-to-end latencies of one app, kept exactly (a growable Float64Array) so percentiles in the
 * report are exact order statistics; a run of 10M messages costs 80 MB, which the largest
 * benchmark stays under.
 */
export class LatencyLog {
  private buf = new Float64Array(256);
  private n = 0;
  private sum = 0;

  /** Records one latency in ms. */
  record(latencyMs: number): void {
    if (this.n === this.buf.length) {
      const b = new Float64Array(this.buf.length * 2);
      b.set(this.buf);
      this.buf = b;
    }
    this.buf[this.n++] = latencyMs;
    this.sum += latencyMs;
  }

  /** Number of recorded latencies. */
  get count(): number { return this.n; }

  /** Mean latency (NaN when empty). */
  get meanMs(): number { return this.n ? this.sum / this.n : NaN; }

  /** The recorded values in completion order (a view; do not keep across record calls). */
  values(): Float64Array {
    return this.buf.subarray(0, this.n);
  }

  /** Sorted copy of the recorded values. */
  sorted(): Float64Array {
    return this.buf.slice(0, this.n).sort();
  }

  /** Count of values strictly above a threshold. */
  countAbove(thresholdMs: number): number {
    let c = 0;
    for (let i = 0; i < this.n; i++) if (this.buf[i]! > thresholdMs) c++;
    return c;
  }
}

/** Percentile p (0..100) of sorted values by linear interpolation (type 7); NaN when empty. */
export function percentileOfSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * (p / 100);
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}
