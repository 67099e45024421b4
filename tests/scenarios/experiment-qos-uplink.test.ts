/**
 * qos-uplink.yaml at reduced size (2 seeds, 2 min): with QoS classes the critical safety
 * snapshots keep their latency on the saturated uplink, and the bulk uploads pay a little.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { loadExperiment } from '../../cli/commands/compare.ts';
import { analyzeExperiment } from '../../sim-core/whatif/analyze.ts';
import type { CellResult } from '../../sim-core/whatif/result.ts';
import { executeRuns } from '../../workers/jobs/simulate.ts';
import { createNodePool } from '../../workers/node-pool.ts';

const pool = createNodePool({ size: 2 });
afterAll(() => pool.close());

const mean = (c: CellResult, key: string) => c.metrics[key]!.mean!;

describe('qos-uplink.yaml', () => {
  it('QoS on: safety p95 and SLO violations far lower; bulk uploads slower; same work done', async () => {
    const p = loadExperiment('scenarios/experiments/qos-uplink.yaml', { seeds: 2, untilMs: 120_000 });
    const r = analyzeExperiment(p.meta, await executeRuns(p.inputs, { pool }));
    expect(r.failedRuns).toBe(0);
    const off = r.cells.find((c) => c.variant === 'qos-off')!, on = r.cells.find((c) => c.variant === 'qos-on')!;
    expect(mean(on, 'safety.latencyP95Ms')).toBeLessThan(mean(off, 'safety.latencyP95Ms') / 2);
    expect(mean(on, 'safety.sloViolationRate')).toBeLessThan(mean(off, 'safety.sloViolationRate') / 4);
    expect(mean(on, 'inspection.latencyMeanMs')).toBeGreaterThan(mean(off, 'inspection.latencyMeanMs'));
    // Weights reorder the uplink, they do not add capacity: about the same messages complete.
    expect(Math.abs(mean(on, 'completed') - mean(off, 'completed'))).toBeLessThan(0.02 * mean(off, 'completed'));
  }, 120_000);
});
