/**
 * Trace hash: a 64-bit FNV-1a over every dispatched event (time, kind, a, b), as two 32-bit
 * lanes. Same scenario + seed must give the same hash in Node and in the browser; any change in
 * ordering, timing or randomness changes it.
 */
const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

/** Incremental hasher of event tuples. */
export class TraceHasher {
  private h1 = 0x811c9dc5;
  private h2 = 0x01000193 ^ 0x9e3779b9;
  count = 0;

  /** Folds one event into the hash. */
  update(timeMs: number, kind: number, a: number, b: number): void {
    f64[0] = timeMs;
    this.word(u32[0]!); this.word(u32[1]!);
    this.word(kind);
    f64[0] = a;
    this.word(u32[0]!); this.word(u32[1]!);
    f64[0] = b;
    this.word(u32[0]!); this.word(u32[1]!);
    this.count++;
  }

  /** 16 hex digits. */
  digest(): string {
    return (this.h1 >>> 0).toString(16).padStart(8, '0') + (this.h2 >>> 0).toString(16).padStart(8, '0');
  }

  // Two independent 32-bit lanes (FNV-1a over whole words, and a murmur-style multiply with
  // a shift): one multiply each per word keeps hashing cheap on a hot path that sees every event.
  private word(w: number): void {
    this.h1 = Math.imul(this.h1 ^ w, 0x01000193);
    const h2 = Math.imul(this.h2 ^ w, 0x5bd1e995);
    this.h2 = h2 ^ (h2 >>> 15);
  }
}
