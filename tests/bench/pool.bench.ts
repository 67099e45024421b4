/**
 * Worker pool benchmarks: what one task costs beyond its own work, and how CPU-bound work scales
 * from 1 to 2 worker threads (the target: ≥ 1.8× on 2 workers).
 */
import os from 'node:os';
import { createNodePool } from '../../workers/node-pool.ts';
import type { Pool, PoolTask } from '../../workers/pool.ts';
import { median, timeRuns, type BenchResult, type BenchSuite } from './harness.ts';

/** Draw count that makes one selftest-prng task take about `targetMs` inside a worker of `pool`. */
async function calibrateDraws(pool: Pool, targetMs: number): Promise<number> {
  const probe = 500_000;
  const times = await timeRuns(5, () => pool.run({ job: 'selftest-prng', input: { seed: 0, draws: probe } }));
  return Math.max(1000, Math.round((probe * targetMs) / median(times)));
}

const suite: BenchSuite = {
  name: 'pool',
  async run({ quick }) {
    const rows: BenchResult[] = [];
    const trivial: PoolTask = { job: 'selftest-sum', input: { values: [1, 2, 3] } };

    // Startup: spawn to first answer (tsx bootstrap + module load in the new thread).
    const startups: number[] = [];
    for (let i = 0; i < (quick ? 1 : 5); i++) {
      const pool = createNodePool({ size: 1 });
      const t0 = performance.now();
      await pool.run(trivial);
      startups.push(performance.now() - t0);
      await pool.close();
    }
    rows.push({ name: 'worker startup (spawn → first result)', value: median(startups), unit: 'ms', note: `${startups.length} runs` });

    // Per-task overhead, 1 warm worker: sequential round trips, and pipelined through map().
    const n = quick ? 100 : 1000;
    const pool1 = createNodePool({ size: 1 });
    await pool1.run(trivial);
    const seq = await timeRuns(quick ? 1 : 5, async () => { for (let i = 0; i < n; i++) await pool1.run(trivial); });
    rows.push({ name: 'per-task overhead, trivial job, sequential run()', value: median(seq) / n, unit: 'ms', note: `${n} tasks per rep` });
    const tasks = new Array<PoolTask>(n).fill(trivial);
    const piped = await timeRuns(quick ? 1 : 5, () => pool1.map(tasks));
    rows.push({ name: 'per-task overhead, trivial job, map()', value: median(piped) / n, unit: 'ms', note: `${n} tasks per rep` });

    // Speed-up on CPU-bound work: 40 tasks of ~50 ms, 1 worker vs 2 (both warm).
    const taskMs = quick ? 20 : 50;
    const count = quick ? 8 : 40;
    const draws = await calibrateDraws(pool1, taskMs);
    const cpuTasks: PoolTask[] = Array.from({ length: count }, (_, seed) => ({ job: 'selftest-prng', input: { seed, draws } }));
    const pool2 = createNodePool({ size: 2 });
    await pool2.map(cpuTasks.slice(0, 2));
    const reps = quick ? 1 : 5;
    // Interleave the two configurations so background load hits both alike.
    const t1: number[] = [];
    const t2: number[] = [];
    // CPU time of the whole process (all threads) per wall ms: how many cores the run really got.
    const cores1: number[] = [];
    const cores2: number[] = [];
    let same = true;
    const timed = async (pool: Pool, wall: number[], cores: number[]) => {
      const c0 = process.cpuUsage();
      const w0 = performance.now();
      const out = await pool.map(cpuTasks);
      const ms = performance.now() - w0;
      const cpu = process.cpuUsage(c0);
      wall.push(ms);
      cores.push((cpu.user + cpu.system) / 1000 / ms);
      return out;
    };
    for (let r = 0; r < reps; r++) {
      const r1 = await timed(pool1, t1, cores1);
      const r2 = await timed(pool2, t2, cores2);
      same &&= JSON.stringify(r1) === JSON.stringify(r2);
    }
    await pool1.close();
    await pool2.close();
    const speedup = median(t1) / median(t2);
    rows.push({ name: `${count} CPU tasks of ~${taskMs} ms, 1 worker`, value: median(t1), unit: 'ms', note: `${draws} draws/task; cores used ${median(cores1).toFixed(2)}` });
    rows.push({ name: `${count} CPU tasks of ~${taskMs} ms, 2 workers`, value: median(t2), unit: 'ms', note: `cores used ${median(cores2).toFixed(2)}` });
    rows.push({
      name: 'speed-up, 2 workers over 1',
      value: speedup,
      unit: '×',
      target: '>= 1.8x',
      ok: speedup >= 1.8,
      note: `${os.availableParallelism()} cores, load avg ${os.loadavg()[0]!.toFixed(1)}; results identical: ${same}`,
    });
    return rows;
  },
};

export default suite;
