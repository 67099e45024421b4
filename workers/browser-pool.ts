/**
 * The pool over browser Web Workers (module workers; the URL form lets Vite bundle the entry).
 * Covered by the browser e2e tests, not by Node unit tests.
 */
import { createPool, type Pool, type SpawnedWorker } from './pool.ts';

/** Starts one module Web Worker on worker-entry.ts and adapts it for the pool. */
export function spawnBrowserWorker(): SpawnedWorker {
  const worker = new Worker(new URL('./worker-entry.ts', import.meta.url), { type: 'module' });
  return {
    endpoint: worker,
    terminate() { worker.terminate(); },
    onCrash(listener) {
      worker.addEventListener('error', (ev) => listener(new Error(ev.message || 'worker failed to load or threw')));
      worker.addEventListener('messageerror', () => listener(new Error('worker could not deserialize a message')));
    },
  };
}

/** A pool of Web Workers; size defaults to navigator.hardwareConcurrency. Call close() when done. */
export function createBrowserPool(opts: { size?: number } = {}): Pool {
  return createPool({ size: opts.size ?? navigator.hardwareConcurrency ?? 1, spawn: spawnBrowserWorker });
}
