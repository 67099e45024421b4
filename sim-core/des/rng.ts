/**
 * Seeded random-number streams. Each subsystem draws from its own named stream, so adding draws
 * to one stream (a new sensor, say) never shifts the numbers another stream (the scheduler) sees.
 */
/** A deterministic uniform generator for one named stream. */
export interface Rng {
  /** Uniform in [0, 1) with 32-bit resolution. */
  next(): number;
  /** Uniform integer in [0, maxExclusive); maxExclusive is an integer in [1, 2^32]. */
  int(maxExclusive: number): number;
  /** The stream name this generator was created for. */
  readonly stream: string;
}

const TWO_POW_32 = 0x100000000;
const TWO_POW_MINUS_32 = 2.3283064365386963e-10;

/**
 * Baagøe's Alea, as seedrandom's `alea` computes it (same seeding, same numbers), with its state
 * in plain fields: a checkpoint copies a stream by copying the object (a closure would hide it).
 */
class AleaRng implements Rng {
  s0: number;
  s1: number;
  s2: number;
  c = 1;

  constructor(readonly stream: string, key: string) {
    const mash = createMash();
    this.s0 = mash(' ');
    this.s1 = mash(' ');
    this.s2 = mash(' ');
    this.s0 -= mash(key);
    if (this.s0 < 0) this.s0 += 1;
    this.s1 -= mash(key);
    if (this.s1 < 0) this.s1 += 1;
    this.s2 -= mash(key);
    if (this.s2 < 0) this.s2 += 1;
  }

  next(): number {
    const t = 2091639 * this.s0 + this.c * TWO_POW_MINUS_32;
    this.s0 = this.s1;
    this.s1 = this.s2;
    return (this.s2 = t - (this.c = t | 0));
  }

  int(maxExclusive: number): number {
    if (!(maxExclusive >= 1 && maxExclusive <= TWO_POW_32) || Math.floor(maxExclusive) !== maxExclusive) {
      throw new Error(`Rng.int: maxExclusive must be an integer in [1, 2^32], got ${maxExclusive}`);
    }
    // Multiply-and-floor: bias is at most maxExclusive / 2^32, negligible for table-sized ranges.
    return Math.floor(this.next() * maxExclusive);
  }
}

/** Alea's seeding hash (Baagøe's Mash): successive calls continue one running state. */
function createMash(): (data: string) => number {
  let n = 0xefc8249d;
  return (data) => {
    for (let i = 0; i < data.length; i++) {
      n += data.charCodeAt(i);
      let h = 0.02519603282416938 * n;
      n = h >>> 0;
      h -= n;
      h *= n;
      n = h >>> 0;
      h -= n;
      n += h * TWO_POW_32;
    }
    return (n >>> 0) * TWO_POW_MINUS_32;
  };
}

/**
 * A generator for (seed, streamName): same pair → same sequence; different pairs → unrelated
 * sequences. Alea (fast, passes BigCrush; the numbers of seedrandom's `alea`), seeded by hashing both together.
 */
export function createRng(seed: number, streamName: string): Rng {
  if (!Number.isFinite(seed)) throw new Error(`createRng: seed must be a finite number, got ${seed}`);
  if (typeof streamName !== 'string') throw new Error(`createRng: streamName must be a string, got ${String(streamName)}`);
  // A number's decimal text never contains '/', so distinct (seed, stream) pairs give distinct keys.
  return new AleaRng(streamName, `${seed}/${streamName}`);
}
