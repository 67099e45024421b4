/**
 * scenarios/experiments/retraining.yaml at a reduced size (2 seeds, 12 h instead of 3 × 24 h):
 * drift-triggered retraining keeps the accuracy proxy near hourly retraining's with fewer
 * retrains, bytes and CPU, and well above 6-hourly retraining's.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { loadExperiment } from '../../cli/commands/compare.ts';
import { analyzeExperiment } from '../../sim-core/whatif/analyze.ts';
import type { CellResult, ExperimentResult } from '../../sim-core/whatif/result.ts';
import { executeRuns } from '../../workers/jobs/simulate.ts';
import { createNodePool } from '../../workers/node-pool.ts';

const pool = createNodePool({ size: 2 });
afterAll(() => pool.close());

async function run(seeds: number, untilMs: number): Promise<ExperimentResult> {
  const p = loadExperiment('scenarios/experiments/retraining.yaml', { seeds, untilMs });
  const result = analyzeExperiment(p.meta, await executeRuns(p.inputs, { pool }));
  expect(result.failedRuns).toBe(0);
  return result;
}

const cell = (r: ExperimentResult, variant: string): CellResult => r.cells.find((c) => c.variant === variant)!;
const mean = (c: CellResult, key: string) => c.metrics[key]!.mean!;

describe('retraining.yaml', () => {
  it('drift-triggered: accuracy close to hourly retraining with fewer retrains and bytes; better than 6-hourly', async () => {
    const r = await run(2, 12 * 3_600_000);
    const [p6, p1, drift] = ['periodic-6h', 'periodic-1h', 'drift'].map((v) => cell(r, v)) as [CellResult, CellResult, CellResult];
    // Accuracy: drift ≫ periodic-6h, and within 5 points of periodic-1h.
    expect(mean(drift, 'modelAccuracy')).toBeGreaterThan(mean(p6, 'modelAccuracy') + 0.1);
    expect(drift.vsBaseline.modelAccuracy!.verdict).toBe('better');
    expect(mean(drift, 'modelAccuracy')).toBeGreaterThan(mean(p1, 'modelAccuracy') - 0.05);
    // Cost: fewer retrains, training bytes and CPU than hourly.
    expect(mean(drift, 'modelRetrains')).toBeLessThan(mean(p1, 'modelRetrains'));
    expect(mean(drift, 'trainingBytes')).toBeLessThan(mean(p1, 'trainingBytes'));
    expect(mean(drift, 'trainingCpuSeconds')).toBeLessThan(mean(p1, 'trainingCpuSeconds'));
    // ... but more than 6-hourly: accuracy is bought with bandwidth.
    expect(mean(drift, 'trainingBytes')).toBeGreaterThan(mean(p6, 'trainingBytes'));
    expect(mean(p6, 'modelStalenessMs')).toBeGreaterThan(mean(p1, 'modelStalenessMs'));
  }, 300_000);
});
