/**
 * The pool over Node worker_threads. Each worker starts through node-bootstrap.mjs, which
 * registers tsx's loader (Node 20 workers do not inherit it) and loads node-worker-entry.ts.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { createPool, type Pool, type SpawnedWorker } from './pool.ts';
import { nodeEndpoint } from './node-endpoint.ts';

const BOOTSTRAP = new URL('./node-bootstrap.mjs', import.meta.url);

/** Options of createNodePool. */
export interface NodePoolOptions {
  /** Number of worker threads; default os.availableParallelism(). */
  size?: number;
  /** Worker script (a URL); default the bootstrap that loads node-worker-entry.ts. */
  script?: URL;
}

/** Starts one worker thread running `script` and adapts it for the pool. */
export function spawnNodeWorker(script: URL = BOOTSTRAP): SpawnedWorker {
  // The parent's flags (--import tsx, vitest's, inspector) are not the worker's business.
  const worker = new Worker(script, { execArgv: [] });
  let stopping = false;
  const crashListeners: ((error: Error) => void)[] = [];
  const crash = (error: Error) => { for (const l of crashListeners) l(error); };
  worker.on('error', (e) => crash(e instanceof Error ? e : new Error(String(e))));
  worker.on('exit', (code) => { if (!stopping) crash(new Error(`worker thread exited with code ${code}`)); });
  return {
    endpoint: nodeEndpoint(worker),
    terminate() {
      stopping = true;
      return worker.terminate();
    },
    onCrash(listener) { crashListeners.push(listener); },
    unref() { worker.unref(); },
    ref() { worker.ref(); },
  };
}

/** A pool of Node worker threads running the registered jobs. Call close() when done. */
export function createNodePool(opts: NodePoolOptions = {}): Pool {
  const script = opts.script ?? BOOTSTRAP;
  return createPool({ size: opts.size ?? availableParallelism(), spawn: () => spawnNodeWorker(script) });
}
