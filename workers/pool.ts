/**
 * One worker-pool API over any worker kind (Node worker_threads, browser Web Workers): tasks are
 * {job, input} pairs run by the job registry inside a worker through comlink. Tasks start in
 * submission order on the lowest-numbered free worker; `map` returns results in task order, so
 * results never depend on the pool size. Cancelling a running task terminates its worker and a
 * fresh one replaces it on demand.
 */
import { proxy, wrap, type Endpoint, type Remote } from 'comlink';
import type { WorkerApi } from './worker-api.ts';

/** One unit of work: a registered job name and its structured-cloneable input. */
export interface PoolTask {
  job: string;
  input: unknown;
  /** Aborting rejects the task with an AbortError; a running task's worker is terminated. */
  signal?: AbortSignal;
}

/** Receives progress values reported by a running job. */
export type ProgressFn = (progress: unknown) => void;

/** A started worker, as the pool needs it; `spawn` in PoolOptions produces these. */
export interface SpawnedWorker {
  endpoint: Endpoint;
  /** Stops the worker at once, even mid-computation. */
  terminate(): void | Promise<unknown>;
  /** Registers a callback for an unexpected death (uncaught error, exit). */
  onCrash(listener: (error: Error) => void): void;
  /** Optional: let an idle worker not keep the host process alive (Node), and undo that. */
  unref?(): void;
  ref?(): void;
}

/** Options of createPool. */
export interface PoolOptions {
  /** Number of workers (≥ 1); default navigator.hardwareConcurrency, or 1 where unknown. */
  size?: number;
  /** Starts one worker; called lazily, and again to replace a terminated or crashed worker. */
  spawn: () => SpawnedWorker;
}

/** Options of Pool.map / Pool.mapSettled. */
export interface MapOptions {
  /** Progress of task `taskIndex` (its index in the tasks array). */
  onProgress?: (taskIndex: number, progress: unknown) => void;
  /** Aborts every task of this call that has not finished. */
  signal?: AbortSignal;
}

/** A pool of workers running registered jobs. */
export interface Pool {
  readonly size: number;
  /** Runs one task; resolves with the job's result, rejects with its error or an AbortError. */
  run<R = unknown>(task: PoolTask, onProgress?: ProgressFn): Promise<R>;
  /** Runs all tasks; results in task order. Waits for all, then rejects with the lowest-index failure. */
  map<R = unknown>(tasks: readonly PoolTask[], opts?: MapOptions): Promise<R[]>;
  /** Runs all tasks; one settled outcome per task, in task order. */
  mapSettled<R = unknown>(tasks: readonly PoolTask[], opts?: MapOptions): Promise<PromiseSettledResult<R>[]>;
  /** Workers started so far, including replacements (for diagnostics and tests). */
  readonly spawnedCount: number;
  /** Terminates every worker; queued and running tasks reject. Idempotent. */
  close(): Promise<void>;
}

interface Pending {
  task: PoolTask;
  onProgress: ProgressFn | undefined;
  resolve(value: unknown): void;
  reject(error: unknown): void;
  settled: boolean;
  slot: Slot | undefined;
  detachAbort(): void;
}

interface Slot {
  index: number;
  worker: SpawnedWorker;
  api: Remote<WorkerApi>;
  running: Pending | undefined;
}

/** The error a cancelled task rejects with (name 'AbortError', like fetch); `cause` is the signal's reason. */
export function abortError(job: string, reason: unknown): Error {
  const err = new Error(`task "${job}" was cancelled`, { cause: reason });
  err.name = 'AbortError';
  return err;
}

function defaultSize(): number {
  const n = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency;
  return typeof n === 'number' && n >= 1 ? n : 1;
}

/** Creates a pool; workers start lazily on the first tasks. Throws on a size that is not an integer ≥ 1. */
export function createPool(opts: PoolOptions): Pool {
  const size = opts.size ?? defaultSize();
  if (!(Number.isInteger(size) && size >= 1)) throw new Error(`createPool: size must be an integer ≥ 1, got ${size}`);
  if (typeof opts.spawn !== 'function') throw new Error(`createPool: spawn must be a function, got ${typeof opts.spawn}`);
  const slots: (Slot | undefined)[] = new Array(size).fill(undefined);
  const queue: Pending[] = [];
  let closed = false;
  let spawnedCount = 0;

  function startSlot(index: number): Slot {
    const worker = opts.spawn();
    spawnedCount++;
    const slot: Slot = { index, worker, api: wrap<WorkerApi>(worker.endpoint), running: undefined };
    worker.onCrash((error) => {
      if (slots[index] !== slot) return;
      slots[index] = undefined;
      const p = slot.running;
      slot.running = undefined;
      void worker.terminate();
      if (p) settle(p, false, new Error(`worker crashed while running "${p.task.job}": ${error.message}`, { cause: error }));
      dispatch();
    });
    slots[index] = slot;
    return slot;
  }

  function settle(p: Pending, ok: boolean, value: unknown): void {
    if (p.settled) return;
    p.settled = true;
    p.slot = undefined;
    p.detachAbort();
    if (ok) p.resolve(value);
    else p.reject(value);
  }

  function finish(slot: Slot, p: Pending, ok: boolean, value: unknown): void {
    // A terminated worker's late answer, or a task already cancelled, is ignored.
    if (slots[slot.index] !== slot || slot.running !== p) return;
    slot.running = undefined;
    slot.worker.unref?.();
    settle(p, ok, value);
    dispatch();
  }

  function begin(index: number, p: Pending): void {
    const slot = slots[index] ?? startSlot(index);
    slot.running = p;
    p.slot = slot;
    slot.worker.ref?.();
    const onProgress = p.onProgress;
    const progress = onProgress ? proxy((value: unknown) => { if (!p.settled) onProgress(value); }) : undefined;
    let call: Promise<unknown>;
    try {
      call = slot.api.run(p.task.job, p.task.input, progress) as Promise<unknown>;
    } catch (err) {
      call = Promise.reject(err);
    }
    call.then((r) => finish(slot, p, true, r), (e) => finish(slot, p, false, e));
  }

  function dispatch(): void {
    // Deterministic: oldest task first, onto the lowest-numbered free (or not yet started) worker.
    for (let i = 0; i < size && queue.length > 0; i++) {
      if (slots[i]?.running) continue;
      begin(i, queue.shift()!);
    }
  }

  function cancel(p: Pending): void {
    if (p.settled) return;
    const slot = p.slot;
    if (slot) {
      slots[slot.index] = undefined;
      slot.running = undefined;
      void slot.worker.terminate();
    } else {
      const k = queue.indexOf(p);
      if (k >= 0) queue.splice(k, 1);
    }
    settle(p, false, abortError(p.task.job, p.task.signal?.reason));
    dispatch();
  }

  function run<R>(task: PoolTask, onProgress?: ProgressFn): Promise<R> {
    if (!task || typeof task.job !== 'string') {
      return Promise.reject(new Error(`Pool.run: task must be {job: string, input}, got ${JSON.stringify(task)}`));
    }
    if (closed) return Promise.reject(new Error(`Pool.run: the pool is closed (task "${task.job}")`));
    if (task.signal?.aborted) return Promise.reject(abortError(task.job, task.signal.reason));
    return new Promise<R>((resolve, reject) => {
      const p: Pending = {
        task, onProgress, resolve: resolve as (v: unknown) => void, reject, settled: false, slot: undefined, detachAbort: () => {},
      };
      if (task.signal) {
        const signal = task.signal;
        const onAbort = () => cancel(p);
        signal.addEventListener('abort', onAbort, { once: true });
        p.detachAbort = () => signal.removeEventListener('abort', onAbort);
      }
      queue.push(p);
      dispatch();
    });
  }

  function mapSettled<R>(tasks: readonly PoolTask[], mo: MapOptions = {}): Promise<PromiseSettledResult<R>[]> {
    const promises = tasks.map((t, i) => {
      const signal = mo.signal && t.signal ? anySignal([mo.signal, t.signal]) : mo.signal ?? t.signal;
      const onProgress = mo.onProgress ? (value: unknown) => mo.onProgress!(i, value) : undefined;
      return run<R>({ ...t, signal }, onProgress);
    });
    return Promise.allSettled(promises);
  }

  async function map<R>(tasks: readonly PoolTask[], mo: MapOptions = {}): Promise<R[]> {
    const outcomes = await mapSettled<R>(tasks, mo);
    const failed = outcomes.find((o) => o.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
    return outcomes.map((o) => (o as PromiseFulfilledResult<R>).value);
  }

  async function close(): Promise<void> {
    if (closed) return;
    closed = true;
    const err = () => new Error('the pool was closed before the task finished');
    for (const p of queue.splice(0)) settle(p, false, err());
    const stopping: (void | Promise<unknown>)[] = [];
    for (let i = 0; i < size; i++) {
      const slot = slots[i];
      if (!slot) continue;
      slots[i] = undefined;
      if (slot.running) settle(slot.running, false, err());
      slot.running = undefined;
      stopping.push(slot.worker.terminate());
    }
    await Promise.all(stopping);
  }

  return {
    size,
    run,
    map,
    mapSettled,
    get spawnedCount() { return spawnedCount; },
    close,
  };
}

/** An AbortSignal that aborts when any of `signals` does (AbortSignal.any is Node ≥ 20.3). */
function anySignal(signals: AbortSignal[]): AbortSignal {
  const any = (AbortSignal as unknown as { any?: (s: AbortSignal[]) => AbortSignal }).any;
  if (any) return any(signals);
  const c = new AbortController();
  for (const s of signals) {
    if (s.aborted) c.abort(s.reason);
    else s.addEventListener('abort', () => c.abort(s.reason), { once: true });
  }
  return c.signal;
}
