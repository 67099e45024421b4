/** The exponential inter-arrival draw shared by the Poisson processes (arrivals.ts, curve-arrival.ts). */
import { log } from '../des/det-math.ts';
import type { Rng } from '../des/rng.ts';

/** An exponential gap with the given mean, in ms (inversion of one uniform draw). */
export function exponential(rng: Rng, meanMs: number): number {
  return -log(1 - rng.next()) * meanMs;
}
