/**
 * scenarios/experiments/failure-prediction.yaml at a reduced size (2 seeds, 12 minutes: edge-2's
 * precursor-ed crash at 8m and edge-4's false-alarm precursor up to 14m): prediction on drops and
 * loses fewer frames than prediction off on the same seeds, predicts the crash minutes ahead, and
 * raises a bounded number of false alarms.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { loadExperiment } from '../../cli/commands/compare.ts';
import { analyzeExperiment } from '../../sim-core/whatif/analyze.ts';
import type { CellResult } from '../../sim-core/whatif/result.ts';
import { executeRuns } from '../../workers/jobs/simulate.ts';
import { createNodePool } from '../../workers/node-pool.ts';

const pool = createNodePool({ size: 2 });
afterAll(() => pool.close());

describe('failure-prediction.yaml', () => {
  it('prediction on: fewer frames dropped and lost, the crash predicted minutes ahead, false alarms > 0 but bounded', async () => {
    const p = loadExperiment('scenarios/experiments/failure-prediction.yaml', { seeds: 2, untilMs: 12 * 60_000 });
    const r = analyzeExperiment(p.meta, await executeRuns(p.inputs, { pool }));
    expect(r.failedRuns).toBe(0);
    const cell = (variant: string): CellResult => r.cells.find((c) => c.variant === variant)!;
    const mean = (c: CellResult, key: string) => c.metrics[key]!.mean!;
    const off = cell('prediction-off'), on = cell('prediction-on');
    expect(mean(on, 'dropped') + mean(on, 'lost') + mean(on, 'expired')).toBeLessThan(mean(off, 'dropped') + mean(off, 'lost') + mean(off, 'expired'));
    expect(mean(on, 'lostAtFailures')).toBeLessThanOrEqual(mean(off, 'lostAtFailures'));
    expect(mean(on, 'sloMinutes')).toBeLessThan(mean(off, 'sloMinutes'));
    expect(mean(on, 'predictionHits')).toBe(1);
    expect(mean(off, 'predictionHits')).toBe(0);
    expect(mean(off, 'predictionMisses')).toBe(1);
    expect(mean(on, 'leadTime')).toBeGreaterThanOrEqual(4 * 60_000);
    expect(mean(on, 'falseAlarms')).toBeGreaterThan(0);
    expect(mean(on, 'falseAlarms')).toBeLessThanOrEqual(2);
    expect(mean(off, 'falseAlarms')).toBe(0);
  }, 120_000);
});
