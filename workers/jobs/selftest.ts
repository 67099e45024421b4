/**
 * Self-test jobs that ship with the pool: they prove a worker starts, computes deterministically,
 * reports progress, fails cleanly and can be cancelled, without needing a scenario.
 */
import { createRng } from '../../sim-core/des/rng.ts';
import type { JobFn } from '../jobs.ts';

/** 'selftest-sum': sums `values`, reporting {done, total} after each chunk of `chunk` values. */
export const selftestSum: JobFn<{ values: number[]; chunk?: number }, number> = (input, progress) => {
  const { values, chunk = 1 } = input;
  if (!Array.isArray(values)) throw new Error(`selftest-sum: input.values must be an array, got ${typeof values}`);
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    sum += values[i]!;
    if ((i + 1) % chunk === 0 || i === values.length - 1) progress({ done: i + 1, total: values.length });
  }
  return sum;
};

/** Result of 'selftest-prng': a checksum of `draws` uniform draws from createRng(seed, stream). */
export interface PrngResult {
  seed: number;
  draws: number;
  /** Sum of the draws, a deterministic fingerprint of the stream. */
  sum: number;
  /** Count of draws below 0.5 (≈ draws/2 for a fair generator). */
  below: number;
}

/** 'selftest-prng': CPU-bound and deterministic in (seed, draws); used by the pool benchmark. */
export const selftestPrng: JobFn<{ seed: number; draws: number; stream?: string }, PrngResult> = (input, progress) => {
  const { seed, draws, stream = 'selftest' } = input;
  if (!(Number.isInteger(draws) && draws >= 0)) throw new Error(`selftest-prng: draws must be an integer ≥ 0, got ${draws}`);
  const rng = createRng(seed, stream);
  let sum = 0;
  let below = 0;
  const tenth = Math.max(1, Math.floor(draws / 10));
  for (let i = 1; i <= draws; i++) {
    const u = rng.next();
    sum += u;
    if (u < 0.5) below++;
    if (i % tenth === 0) progress({ done: i, total: draws });
  }
  return { seed, draws, sum, below };
};

/** 'selftest-fail': throws an Error with `input.message` (the pool must reject only this task). */
export const selftestFail: JobFn<{ message: string }, never> = (input) => {
  throw new Error(input.message);
};

/** 'selftest-spin': busy-waits for `ms` of wall time (capped at 60 s) so tests can cancel a busy worker. */
export const selftestSpin: JobFn<{ ms: number }, number> = (input, progress) => {
  const ms = Math.min(60_000, input.ms);
  const start = performance.now();
  progress({ started: true });
  let spins = 0;
  while (performance.now() - start < ms) spins++;
  return spins;
};

/** 'selftest-crash': kills its worker with an uncaught error (the pool must reject and replace it). */
export const selftestCrash: JobFn<{ message: string }, never> = (input) => {
  setTimeout(() => { throw new Error(input.message); }, 0);
  return new Promise<never>(() => {});
};
