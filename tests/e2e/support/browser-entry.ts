/**
 * The browser side of the e2e determinism tests, bundled by Vite (bundle.ts) and imported by the
 * test page: runs a scenario in the page's main thread, and runs 'simulate' jobs on the browser
 * worker pool (Web Workers + comlink) exactly as the web UI would.
 */
import { createBrowserPool } from '../../../workers/browser-pool.ts';
import { executeRuns } from '../../../workers/jobs/simulate.ts';
import type { RunInput } from '../../../sim-core/whatif/simulate-run.ts';
import type { RunRecord } from '../../../sim-core/whatif/result.ts';

export { runScenarioText } from './run-scenario.ts';

/** Records of `inputs` run on a fresh browser pool of `size` workers, plus how many workers it started and the last progress seen. */
export async function runOnBrowserPool(inputs: RunInput[], size: number): Promise<{ records: RunRecord[]; spawned: number; lastProgress: [number, number, number] | null }> {
  const pool = createBrowserPool({ size });
  let lastProgress: [number, number, number] | null = null;
  try {
    const records = await executeRuns(inputs, { pool, onProgress: (done, total, fraction) => { lastProgress = [done, total, fraction]; } });
    return { records, spawned: pool.spawnedCount, lastProgress };
  } finally {
    await pool.close();
  }
}
