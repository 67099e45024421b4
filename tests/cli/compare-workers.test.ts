/**
 * The experiment runner across thread counts: the same RunRecords, bit for bit, in the main
 * thread and on pools of 1, 2 and 3 workers; and shards merged equal the unsharded result.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeExperiment, shardResult } from '../../sim-core/whatif/analyze.ts';
import { mergeShards, selectShard } from '../../sim-core/whatif/shard.ts';
import { createNodePool } from '../../workers/node-pool.ts';
import type { Pool } from '../../workers/pool.ts';
import { executeRuns } from '../../workers/jobs/simulate.ts';
import { loadExperiment } from '../../cli/commands/compare.ts';

const prepared = loadExperiment('scenarios/experiments/fog-placement.yaml', { seeds: 2, untilMs: 4000 });
const inputs = prepared.inputs;
const pools: Pool[] = [];
afterAll(async () => { await Promise.all(pools.map((p) => p.close())); });

describe('executeRuns', () => {
  let inThread = '';

  it('runs every input in this thread, in order', async () => {
    const progress: number[] = [];
    const records = await executeRuns(inputs, { onProgress: (done) => progress.push(done) });
    expect(records.map((r) => r.index)).toEqual(inputs.map((i) => i.index));
    expect(records.every((r) => r.ok)).toBe(true);
    expect(progress.at(-1)).toBe(inputs.length);
    inThread = JSON.stringify(records);
  }, 120_000);

  it.each([1, 2, 3])('gives identical JSON on a pool of %i worker(s)', async (size) => {
    const pool = createNodePool({ size });
    pools.push(pool);
    const done: number[] = [];
    const records = await executeRuns(inputs, { pool, onProgress: (d) => done.push(d) });
    expect(JSON.stringify(records)).toBe(inThread);
    expect(Math.max(...done)).toBe(inputs.length);
  }, 180_000);

  it('shards 0/3, 1/3, 2/3 merged equal the unsharded result exactly', async () => {
    const whole = analyzeExperiment(prepared.meta, JSON.parse(inThread));
    const shards = await Promise.all([0, 1, 2].map(async (index) => {
      const shard = { index, count: 3 };
      const records = await executeRuns(selectShard(inputs, shard));
      // Through JSON, as the shard files travel.
      return JSON.parse(JSON.stringify(shardResult(prepared.meta, records, shard)));
    }));
    const merged = mergeShards([shards[2], shards[0], shards[1]], ['s2.json', 's0.json', 's1.json']);
    expect(merged).toEqual(JSON.parse(JSON.stringify(whole)));
    expect(JSON.stringify(merged)).toBe(JSON.stringify(whole));
  }, 120_000);
});
