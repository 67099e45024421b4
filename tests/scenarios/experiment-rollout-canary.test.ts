/**
 * scenarios/experiments/rollout-canary.yaml at a reduced size (2 seeds, until 9m so the healthy
 * canary can finish its waves at 8m10s): the direction of its claim — a gated canary cuts the
 * faulty release's blast radius and lost messages by a large factor against all at once, and a
 * healthy release through the same canary completes.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { loadExperiment } from '../../cli/commands/compare.ts';
import { analyzeExperiment } from '../../sim-core/whatif/analyze.ts';
import type { CellResult } from '../../sim-core/whatif/result.ts';
import { executeRuns } from '../../workers/jobs/simulate.ts';
import { createNodePool } from '../../workers/node-pool.ts';

const pool = createNodePool({ size: 2 });
afterAll(() => pool.close());

describe('rollout-canary.yaml', () => {
  it('the canary cuts the blast radius by well over 10× and rolls back; the healthy canary completes', async () => {
    const p = loadExperiment('scenarios/experiments/rollout-canary.yaml', { seeds: 2, untilMs: 9 * 60_000 });
    const r = analyzeExperiment(p.meta, await executeRuns(p.inputs, { pool }));
    expect(r.failedRuns).toBe(0);
    const cell = (v: string): CellResult => r.cells.find((c) => c.variant === v)!;
    const mean = (v: string, k: string) => cell(v).metrics[k]!.mean!;
    expect(mean('canary', 'releaseBlastRadius') * 10).toBeLessThan(mean('all-at-once', 'releaseBlastRadius'));
    expect(mean('canary', 'lost') * 10).toBeLessThan(mean('all-at-once', 'lost'));
    expect(mean('canary', 'releaseUsersAffected')).toBeLessThan(mean('all-at-once', 'releaseUsersAffected'));
    expect(mean('canary', 'sloViolationRate')).toBeLessThan(mean('all-at-once', 'sloViolationRate'));
    expect([mean('canary', 'releaseRolledBack'), mean('all-at-once', 'releaseRolledBack')]).toEqual([1, 0]);
    expect([mean('healthy-canary', 'releaseRolledBack'), mean('healthy-canary', 'releaseCompleted')]).toEqual([0, 1]);
    expect(mean('healthy-canary', 'lost')).toBe(0);
  }, 120_000);
});
