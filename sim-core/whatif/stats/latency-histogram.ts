/**
 * A streaming latency histogram with bounded relative error, in the manner of HdrHistogram and
 * DDSketch: bucket i holds values in (γ^(i−1), γ^i] with γ = (1 + α)/(1 − α), so reporting a
 * bucket by 2γ^i/(γ + 1) is within relative error α of every value in it. Buckets are counts, so
 * merging per-seed histograms gives exactly the histogram of all the values (the sum is kept
 * exactly too, so the mean also merges exactly).
 */
import { log, pow } from '../../des/det-math.ts';
import { addProductToPartials, addToPartials, canonicalPartials, roundPartials } from './exact-sum.ts';

/** Options of a histogram; two histograms merge only when these are equal. */
export interface HistogramOptions {
  /** Relative error bound α of percentiles, in (0, 0.5); default 0.01 (1%). */
  relativeAccuracy?: number;
  /**
   * Values at or below this (ms) share one bucket, reported as the smallest recorded value
   * (absolute error ≤ minTrackableMs); default 1e-6 ms.
   */
  minTrackableMs?: number;
}

/** Serialized form (plain JSON): bucket counts from `firstIndex`, trimmed of zero ends. */
export interface HistogramJSON {
  relativeAccuracy: number;
  minTrackableMs: number;
  count: number;
  zeroCount: number;
  firstIndex: number;
  counts: number[];
  /** The exact sum as canonical non-overlapping partials (see exact-sum.ts). */
  sumPartials: number[];
  minMs: number | null;
  maxMs: number | null;
}

const GROW_SLACK = 32;

/** Records latencies (ms ≥ 0); answers percentile, mean, count, min, max; merges exactly. */
export class LatencyHistogram {
  readonly relativeAccuracy: number;
  readonly minTrackableMs: number;
  private readonly lnGamma: number;
  private readonly gamma: number;
  private counts = new Float64Array(0);
  /** Bucket index of counts[0]. */
  private offset = 0;
  private zeroCount = 0;
  private total = 0;
  private sumParts: number[] = [];
  private minValue = Infinity;
  private maxValue = -Infinity;

  /** An empty histogram; throws on an accuracy outside (0, 0.5) or a non-positive minTrackableMs. */
  constructor(opts: HistogramOptions = {}) {
    const alpha = opts.relativeAccuracy ?? 0.01;
    const minMs = opts.minTrackableMs ?? 1e-6;
    if (!(alpha > 0 && alpha < 0.5)) throw new Error(`LatencyHistogram: relativeAccuracy must be in (0, 0.5), got ${alpha}`);
    if (!(minMs > 0 && Number.isFinite(minMs))) throw new Error(`LatencyHistogram: minTrackableMs must be > 0, got ${minMs}`);
    this.relativeAccuracy = alpha;
    this.minTrackableMs = minMs;
    this.gamma = (1 + alpha) / (1 - alpha);
    this.lnGamma = log(this.gamma);
  }

  /** Number of recorded values. */
  get count(): number { return this.total; }

  /** Exact mean of the recorded values (correctly rounded sum / count); NaN when empty. */
  get mean(): number { return this.total ? roundPartials(this.sumParts) / this.total : NaN; }

  /** Exact sum of the recorded values (correctly rounded). */
  get sum(): number { return roundPartials(this.sumParts); }

  /** Smallest recorded value, exactly; NaN when empty. */
  get min(): number { return this.total ? this.minValue : NaN; }

  /** Largest recorded value, exactly; NaN when empty. */
  get max(): number { return this.total ? this.maxValue : NaN; }

  /** Records `times` (a positive integer, default 1) occurrences of a finite value ≥ 0 ms. */
  record(valueMs: number, times = 1): void {
    if (!(valueMs >= 0 && valueMs < Infinity)) throw new Error(`LatencyHistogram.record: value must be a finite number ≥ 0 ms, got ${valueMs}`);
    if (!(Number.isInteger(times) && times > 0)) throw new Error(`LatencyHistogram.record: times must be a positive integer, got ${times}`);
    if (!Number.isFinite(valueMs * times)) throw new Error(`LatencyHistogram.record: ${valueMs} ms × ${times} overflows`);
    if (valueMs <= this.minTrackableMs) {
      this.zeroCount += times;
    } else {
      const i = this.indexOf(valueMs);
      this.ensure(i, i);
      this.counts[i - this.offset]! += times;
    }
    this.total += times;
    // The exact product keeps record(v, k) identical to k separate record(v) calls.
    if (times === 1) addToPartials(this.sumParts, valueMs);
    else addProductToPartials(this.sumParts, valueMs, times);
    if (valueMs < this.minValue) this.minValue = valueMs;
    if (valueMs > this.maxValue) this.maxValue = valueMs;
  }

  /** Adds every count of `other` into this histogram (exact); both must share options. Returns this. */
  merge(other: LatencyHistogram): this {
    if (other.relativeAccuracy !== this.relativeAccuracy || other.minTrackableMs !== this.minTrackableMs) {
      throw new Error(`LatencyHistogram.merge: options differ (α ${this.relativeAccuracy} vs ${other.relativeAccuracy}, min ${this.minTrackableMs} vs ${other.minTrackableMs} ms)`);
    }
    if (other.total === 0) return this;
    const [lo, hi] = other.usedRange();
    if (lo <= hi) {
      this.ensure(lo, hi);
      for (let i = lo; i <= hi; i++) this.counts[i - this.offset]! += other.counts[i - other.offset]!;
    }
    this.zeroCount += other.zeroCount;
    this.total += other.total;
    for (const p of other.sumParts) addToPartials(this.sumParts, p);
    this.minValue = Math.min(this.minValue, other.minValue);
    this.maxValue = Math.max(this.maxValue, other.maxValue);
    return this;
  }

  /**
   * The p-th percentile (p in 0..100) as the value of rank ⌊p/100·(n − 1)⌋ (0-based, the "lower"
   * order statistic), within relative error α of that recorded value; clamped to [min, max] so
   * p = 0 and p = 100 are exact. NaN when empty.
   */
  percentile(p: number): number {
    if (!(p >= 0 && p <= 100)) throw new Error(`LatencyHistogram.percentile: p must be in [0, 100], got ${p}`);
    if (this.total === 0) return NaN;
    const rank = Math.floor((p / 100) * (this.total - 1));
    // The extreme ranks are known exactly, whatever bucket they share with their neighbours.
    if (rank === 0) return this.minValue;
    if (rank === this.total - 1) return this.maxValue;
    if (rank < this.zeroCount) return this.minValue;
    let seen = this.zeroCount;
    for (let k = 0; k < this.counts.length; k++) {
      seen += this.counts[k]!;
      if (seen > rank) {
        const estimate = (2 * pow(this.gamma, k + this.offset)) / (this.gamma + 1);
        return Math.min(Math.max(estimate, this.minValue), this.maxValue);
      }
    }
    return this.maxValue;
  }

  /** Plain JSON with canonical content: equal histograms serialize to deep-equal objects. */
  toJSON(): HistogramJSON {
    const [lo, hi] = this.usedRange();
    const counts: number[] = [];
    for (let i = lo; i <= hi; i++) counts.push(this.counts[i - this.offset]!);
    return {
      relativeAccuracy: this.relativeAccuracy,
      minTrackableMs: this.minTrackableMs,
      count: this.total,
      zeroCount: this.zeroCount,
      firstIndex: lo <= hi ? lo : 0,
      counts,
      sumPartials: canonicalPartials(this.sumParts),
      minMs: this.total ? this.minValue : null,
      maxMs: this.total ? this.maxValue : null,
    };
  }

  /** Rebuilds a histogram from `toJSON()` output; throws with the offending field if inconsistent. */
  static fromJSON(json: HistogramJSON): LatencyHistogram {
    const h = new LatencyHistogram({ relativeAccuracy: json.relativeAccuracy, minTrackableMs: json.minTrackableMs });
    const bad = (field: string, value: unknown): never => {
      throw new Error(`LatencyHistogram.fromJSON: invalid ${field}: ${JSON.stringify(value)}`);
    };
    if (!Array.isArray(json.counts)) bad('counts', json.counts);
    if (!Number.isInteger(json.firstIndex)) bad('firstIndex', json.firstIndex);
    if (!(Number.isInteger(json.zeroCount) && json.zeroCount >= 0)) bad('zeroCount', json.zeroCount);
    let total = json.zeroCount;
    json.counts.forEach((c, k) => {
      if (!(Number.isInteger(c) && c >= 0)) bad(`counts[${k}]`, c);
      total += c;
    });
    if (total !== json.count) bad('count (does not equal the sum of the buckets)', json.count);
    if (!Array.isArray(json.sumPartials) || !json.sumPartials.every(Number.isFinite)) bad('sumPartials', json.sumPartials);
    if (total > 0 && !(typeof json.minMs === 'number' && typeof json.maxMs === 'number' && json.minMs >= 0 && json.minMs <= json.maxMs)) {
      bad('minMs/maxMs', [json.minMs, json.maxMs]);
    }
    if (json.counts.length > 0) {
      h.ensure(json.firstIndex, json.firstIndex + json.counts.length - 1);
      json.counts.forEach((c, k) => { h.counts[json.firstIndex + k - h.offset] = c; });
    }
    h.zeroCount = json.zeroCount;
    h.total = total;
    for (const p of json.sumPartials) addToPartials(h.sumParts, p);
    if (total > 0) {
      h.minValue = json.minMs!;
      h.maxValue = json.maxMs!;
    }
    return h;
  }

  /** Bucket index of a value above minTrackableMs: the i with γ^(i−1) < v ≤ γ^i. */
  private indexOf(valueMs: number): number {
    return Math.ceil(log(valueMs) / this.lnGamma);
  }

  /** [first, last] bucket index with a non-zero count; first > last when there is none. */
  private usedRange(): [number, number] {
    let lo = 0;
    let hi = this.counts.length - 1;
    while (lo <= hi && this.counts[lo] === 0) lo++;
    while (hi >= lo && this.counts[hi] === 0) hi--;
    return [lo + this.offset, hi + this.offset];
  }

  /** Grows the dense bucket array to cover indices lo..hi (with slack, so growth is rare). */
  private ensure(lo: number, hi: number): void {
    const len = this.counts.length;
    if (len > 0 && lo >= this.offset && hi < this.offset + len) return;
    const newLo = len === 0 ? lo - GROW_SLACK : Math.min(this.offset, lo - GROW_SLACK);
    const newHi = len === 0 ? hi + GROW_SLACK : Math.max(this.offset + len - 1, hi + GROW_SLACK);
    const next = new Float64Array(newHi - newLo + 1);
    if (len > 0) next.set(this.counts, this.offset - newLo);
    this.counts = next;
    this.offset = newLo;
  }
}
