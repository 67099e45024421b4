/**
 * The object a worker exposes through comlink. It runs one job per call and guarantees that
 * every progress report reaches the caller before the result does (they travel on different
 * message ports, so that ordering has to be made explicit).
 */
import { releaseProxy } from 'comlink';
import { runJob } from './jobs.ts';

/** What the pool calls inside a worker. */
export interface WorkerApi {
  /** Runs a registered job; `progress` is a comlink-proxied callback (or a plain function in-thread). */
  run(job: string, input: unknown, progress?: (progress: unknown) => unknown): Promise<unknown>;
}

/** The worker-side implementation of WorkerApi. */
export const workerApi: WorkerApi = {
  async run(job, input, progress) {
    let lastReport: Promise<unknown> | undefined;
    const report = progress
      ? (p: unknown) => { lastReport = Promise.resolve(progress(p)).catch(() => undefined); }
      : () => {};
    try {
      return await runJob(job, input, report);
    } finally {
      if (progress) {
        // Reports on one port are handled in order, so when the last is acknowledged all were.
        if (lastReport) await lastReport;
        // Release the proxy so the caller's end of its port closes (an open port keeps Node alive).
        const release = (progress as unknown as Record<symbol, unknown>)[releaseProxy];
        if (typeof release === 'function') release();
      }
    }
  },
};
