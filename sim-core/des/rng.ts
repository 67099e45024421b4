/**
 * Seeded random-number streams. Each subsystem draws from its own named stream, so adding draws
 * to one stream (a new sensor, say) never shifts the numbers another stream (the scheduler) sees.
 */
import seedrandom from 'seedrandom';

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

/**
 * A generator for (seed, streamName): same pair → same sequence; different pairs → unrelated
 * sequences. Uses seedrandom's Alea (fast, passes BigCrush), seeded by hashing both together.
 */
export function createRng(seed: number, streamName: string): Rng {
  if (!Number.isFinite(seed)) throw new Error(`createRng: seed must be a finite number, got ${seed}`);
  if (typeof streamName !== 'string') throw new Error(`createRng: streamName must be a string, got ${String(streamName)}`);
  // A number's decimal text never contains '/', so distinct (seed, stream) pairs give distinct keys.
  const prng = seedrandom.alea(`${seed}/${streamName}`);
  return {
    stream: streamName,
    next: prng,
    int(maxExclusive: number): number {
      if (!(maxExclusive >= 1 && maxExclusive <= TWO_POW_32) || Math.floor(maxExclusive) !== maxExclusive) {
        throw new Error(`Rng.int: maxExclusive must be an integer in [1, 2^32], got ${maxExclusive}`);
      }
      // Multiply-and-floor: bias is at most maxExclusive / 2^32, negligible for table-sized ranges.
      return Math.floor(prng() * maxExclusive);
    },
  };
}
