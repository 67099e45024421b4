/**
 * scenarios/experiments/autoscaling-diurnal.yaml at reduced size (2 seeds, until 08:00, which
 * covers the 06:58 shift start): predictive (Holt-Winters with a pre-seeded daily season) violates
 * the SLO less than reactive at about the same cost (within 10 %); fixed-max costs most.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { loadExperiment } from '../../cli/commands/compare.ts';
import { analyzeExperiment } from '../../sim-core/whatif/analyze.ts';
import type { CellResult } from '../../sim-core/whatif/result.ts';
import { executeRuns } from '../../workers/jobs/simulate.ts';
import { createNodePool } from '../../workers/node-pool.ts';

const pool = createNodePool({ size: 2 });
afterAll(() => pool.close());

describe('autoscaling-diurnal.yaml', () => {
  it('predictive violates the SLO less than reactive at similar cost; fixed-max costs most', async () => {
    const p = loadExperiment('scenarios/experiments/autoscaling-diurnal.yaml', { seeds: 2, untilMs: 8 * 3_600_000 });
    const r = analyzeExperiment(p.meta, await executeRuns(p.inputs, { pool }));
    expect(r.failedRuns).toBe(0);
    const cell = (v: string): CellResult => r.cells.find((c) => c.variant === v)!;
    const mean = (v: string, k: string) => cell(v).metrics[k]!.mean!;
    expect(mean('predictive', 'sloViolationRate')).toBeLessThan(mean('reactive', 'sloViolationRate') / 2);
    expect(Math.abs(mean('predictive', 'costUsd') - mean('reactive', 'costUsd'))).toBeLessThan(0.1 * mean('reactive', 'costUsd'));
    // Six 0.25 USD/h workers for 8 h, and every autoscaled variant far below it.
    expect(mean('fixed-max', 'costUsd')).toBeCloseTo(6 * 0.25 * 8, 2);
    for (const v of ['reactive', 'predictive', 'predictive-ewma']) expect(mean(v, 'costUsd')).toBeLessThan(0.5 * mean('fixed-max', 'costUsd'));
    expect(mean('fixed-max', 'sloViolationRate')).toBeLessThanOrEqual(mean('predictive', 'sloViolationRate'));
    // fixed-max: five pool nodes billed all 8 h; w1's replica all along, five more ready at 15 s (first sync) + 30 s (start-up).
    expect(mean('fixed-max', 'poolNodeHours')).toBeCloseTo(5 * 8, 6);
    expect(mean('fixed-max', 'replicaHours')).toBeCloseTo(8 + 5 * (8 - 45 / 3600), 6);
    expect(mean('fixed-max', 'scaleEvents')).toBe(1);
    // Predictive buys the morning capacity earlier, so it holds at least as many replica-hours.
    expect(mean('predictive', 'replicaHours')).toBeGreaterThan(mean('reactive', 'replicaHours'));
  }, 300_000);
});
