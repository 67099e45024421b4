/**
 * 'simulate': one experiment run inside a worker. The input is the scenario text plus overlays
 * (parsed here, so only kilobytes cross threads) and the output is the compact RunRecord.
 */
import { simulateRun, type RunInput } from '../../sim-core/whatif/simulate-run.ts';
import type { RunRecord } from '../../sim-core/whatif/result.ts';
import type { JobFn } from '../jobs.ts';
import type { Pool } from '../pool.ts';

/** 'simulate': RunInput → RunRecord; progress reports {fraction} of simulated time at most ~20 times. */
export const simulateJob: JobFn<RunInput, RunRecord> = (input, progress) => {
  let last = 0;
  return simulateRun(input, (fraction) => {
    if (fraction - last >= 0.05 || fraction >= 1) { last = fraction; progress({ fraction }); }
  });
};

/** Options of executeRuns. */
export interface ExecuteOptions {
  /** Pool to run on; without one, runs execute one by one in this thread (same records). */
  pool?: Pool;
  /** Called as runs progress: runs finished, runs total, and the overall fraction of simulated time. */
  onProgress?: (done: number, total: number, fraction: number) => void;
  signal?: AbortSignal;
}

/**
 * Runs every input through the 'simulate' job; records come back in input order whatever the
 * pool size. A worker that dies mid-run yields a failed record for that run only.
 */
export async function executeRuns(inputs: readonly RunInput[], opts: ExecuteOptions = {}): Promise<RunRecord[]> {
  const total = inputs.length;
  const fractions = new Float64Array(total);
  let done = 0;
  const report = () => opts.onProgress?.(done, total, total ? fractions.reduce((a, b) => a + b, 0) / total : 1);
  if (!opts.pool) {
    const out: RunRecord[] = [];
    for (const [i, input] of inputs.entries()) {
      if (opts.signal?.aborted) throw new Error('executeRuns: aborted', { cause: opts.signal.reason });
      out.push(simulateRun(input, (f) => { fractions[i] = f; }));
      fractions[i] = 1;
      done++;
      report();
    }
    return out;
  }
  const pool = opts.pool;
  return Promise.all(inputs.map(async (input, i) => {
    let record: RunRecord;
    try {
      record = await pool.run<RunRecord>({ job: 'simulate', input, signal: opts.signal }, (p) => {
        fractions[i] = (p as { fraction: number }).fraction;
        report();
      });
    } catch (err) {
      if (opts.signal?.aborted) throw err;
      record = simulateRunFailure(input, err instanceof Error ? err.message : String(err));
    }
    fractions[i] = 1;
    done++;
    report();
    return record;
  }));
}

/** The record of a run whose worker failed outside the job (crash): ok=false with the message. */
function simulateRunFailure(input: RunInput, message: string): RunRecord {
  return {
    index: input.index, variant: input.variant, sweepIndex: input.sweepIndex, sweepValue: input.sweepValue,
    faultSet: input.faultSet, seedIndex: input.seedIndex, seed: input.seed, ok: false, error: `worker failed: ${message}`,
    metrics: {}, traceHash: null, simulatedMs: 0, events: 0, latency: [], timeSeries: [],
  };
}
