/**
 * Random streams keyed by a node or a link: index i draws from the stream `<prefix>:<id of i>`,
 * created on first use. The service times of a sensor's messages, and a link's jitter and loss,
 * then depend only on that sensor or that link, so adding a sensor leaves the others' draws
 * unchanged (common random numbers across variants; CONVENTIONS.md 3).
 */
import { createRng, type Rng } from '../des/rng.ts';

/** Per-index streams `<prefix>:<key>`, created lazily (a 100k-node fabric seeds only the ones used). */
export class KeyedStreams {
  private readonly rngs: (Rng | undefined)[];

  /** `keyOf(i)` names index i (a node or link id); `count` pre-sizes the table (indices past it still work). */
  constructor(private readonly seed: number, readonly prefix: string, private readonly keyOf: (i: number) => string, count = 0) {
    // Pre-sized so that filling it out of order keeps a packed array.
    this.rngs = new Array<Rng | undefined>(count).fill(undefined);
  }

  /** The stream of index i. */
  get(i: number): Rng {
    return this.rngs[i] ?? (this.rngs[i] = createRng(this.seed, `${this.prefix}:${this.keyOf(i)}`));
  }
}
