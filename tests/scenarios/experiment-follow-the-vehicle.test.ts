/**
 * follow-the-vehicle.yaml at reduced size (2 seeds; the full 10 min, since in the first 5 min no
 * car is yet more than 2 hops from its start and static placement still meets the 40 ms SLO):
 * live migration that follows each car beats static placement on p95 latency and SLO
 * violations, and pays for it in state bytes moved and downtime (static has neither).
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

describe('follow-the-vehicle.yaml', () => {
  it('following lowers p95 latency and SLO violations; it moves state bytes and has downtime, static has neither', async () => {
    const p = loadExperiment('scenarios/experiments/follow-the-vehicle.yaml', { seeds: 2, untilMs: 600_000 });
    const r = analyzeExperiment(p.meta, await executeRuns(p.inputs, { pool }));
    expect(r.failedRuns).toBe(0);
    const stat = r.cells.find((c) => c.variant === 'static')!, follow = r.cells.find((c) => c.variant === 'follow')!;
    // 10 min at 30–36 m/s crosses at least four 4 km tower boundary per car.
    expect(mean(follow, 'migrations')).toBeGreaterThanOrEqual(16);
    expect(mean(stat, 'migrations')).toBe(0);
    expect(mean(follow, 'latencyP95Ms')).toBeLessThan(mean(stat, 'latencyP95Ms'));
    expect(mean(follow, 'assist-3.latencyP95Ms')).toBeLessThan(mean(stat, 'assist-3.latencyP95Ms'));
    expect(mean(follow, 'sloViolationRate')).toBeLessThan(mean(stat, 'sloViolationRate') / 2);
    // Each migration moves at least the 256 MiB state, and stops the service for a while.
    expect(mean(follow, 'migrationBytes')).toBeGreaterThanOrEqual(mean(follow, 'migrations') * 256 * 2 ** 20);
    expect(mean(follow, 'migrationDowntimeMs')).toBeGreaterThan(0);
    expect(mean(stat, 'migrationBytes')).toBe(0);
  }, 120_000);
});
