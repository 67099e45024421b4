/** The discrete-event layer: kernel, event heap, seeded streams and distributions. */
export { Kernel, type EventHandler, type EventObserver } from './kernel.ts';
export { EventHeap } from './event-heap.ts';
export { createRng, type Rng } from './rng.ts';
export { sampler, meanOf, checkDistSpec, lognormalParams, type Sampler } from './distributions.ts';
export { DIST_NAMES, type DistSpec } from './dist-spec.ts';
