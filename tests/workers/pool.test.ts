/**
 * The Node worker_threads pool, end to end: real threads started through the tsx bootstrap.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createNodePool, spawnNodeWorker } from '../../workers/node-pool.ts';
import { createPool, type Pool, type PoolTask } from '../../workers/pool.ts';
import { runJob } from '../../workers/jobs.ts';
import '../../workers/builtin-jobs.ts';

const pools: Pool[] = [];
function track(pool: Pool): Pool {
  pools.push(pool);
  return pool;
}
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

// Sizes fall then rise, so with several workers tasks finish out of submission order.
const prngTasks: PoolTask[] = [400_000, 20_000, 300_000, 1_000, 200_000, 50_000, 100_000, 5_000]
  .map((draws, seed) => ({ job: 'selftest-prng', input: { seed, draws } }));

describe('node pool: results', () => {
  it('equal a main-thread run, in task order, for 1, 2 and 4 workers', async () => {
    const expected = [];
    for (const t of prngTasks) expected.push(await runJob(t.job, t.input));
    for (const size of [1, 2, 4]) {
      const pool = track(createNodePool({ size }));
      expect(await pool.map(prngTasks)).toEqual(expected);
      expect(pool.spawnedCount).toBe(Math.min(size, prngTasks.length));
      await pool.close();
    }
  });

  it('run() resolves with the job result', async () => {
    const pool = track(createNodePool({ size: 1 }));
    expect(await pool.run({ job: 'selftest-sum', input: { values: [0.5, 1.5, 2] } })).toBe(4);
  });
});

describe('node pool: progress', () => {
  it('every task reports its progress, in order, before its result arrives', async () => {
    const pool = track(createNodePool({ size: 2 }));
    const seen: { done: number; total: number }[][] = [[], [], []];
    const resolvedWith: number[] = [];
    const tasks = [6, 3, 9].map((n) => ({ job: 'selftest-sum', input: { values: new Array(n).fill(1), chunk: 3 } }));
    const runs = tasks.map((t, i) => pool.run(t, (p) => seen[i]!.push(p as { done: number; total: number }))
      .then((r) => { resolvedWith[i] = seen[i]!.length; return r; }));
    expect(await Promise.all(runs)).toEqual([6, 3, 9]);
    expect(seen).toEqual([
      [{ done: 3, total: 6 }, { done: 6, total: 6 }],
      [{ done: 3, total: 3 }],
      [{ done: 3, total: 9 }, { done: 6, total: 9 }, { done: 9, total: 9 }],
    ]);
    // All reports had been delivered when each result resolved.
    expect(resolvedWith).toEqual([2, 1, 3]);
  });

  it('map() passes the task index with each progress value', async () => {
    const pool = track(createNodePool({ size: 2 }));
    const byTask = new Map<number, unknown[]>();
    await pool.map(
      [{ job: 'selftest-prng', input: { seed: 1, draws: 100 } }, { job: 'selftest-prng', input: { seed: 2, draws: 50 } }],
      { onProgress: (i, p) => byTask.set(i, [...(byTask.get(i) ?? []), p]) },
    );
    expect(byTask.get(0)).toHaveLength(10);
    expect(byTask.get(0)!.at(-1)).toEqual({ done: 100, total: 100 });
    expect(byTask.get(1)!.at(-1)).toEqual({ done: 50, total: 50 });
  });
});

describe('node pool: cancellation', () => {
  it('cancelling a running task rejects it with an AbortError, replaces its worker, and the pool keeps working', async () => {
    const pool = track(createNodePool({ size: 2 }));
    const ac = new AbortController();
    let started!: () => void;
    const startedP = new Promise<void>((r) => { started = r; });
    const spin = pool.run({ job: 'selftest-spin', input: { ms: 30_000 }, signal: ac.signal }, () => started());
    const other = pool.run({ job: 'selftest-sum', input: { values: [1, 2, 3] } });
    await startedP; // the spin job is busy in its worker now
    ac.abort();
    await expect(spin).rejects.toMatchObject({ name: 'AbortError', message: 'task "selftest-spin" was cancelled' });
    expect(await other).toBe(6);
    const after = await pool.map(prngTasks.slice(0, 3));
    expect(after).toEqual(await Promise.all(prngTasks.slice(0, 3).map((t) => runJob(t.job, t.input))));
    expect(pool.spawnedCount).toBe(3); // two workers plus the replacement of the terminated one
  });

  it('cancelling a queued task removes only that task', async () => {
    const pool = track(createNodePool({ size: 1 }));
    const ac = new AbortController();
    const first = pool.run({ job: 'selftest-sum', input: { values: [1] } });
    const queued = pool.run({ job: 'selftest-sum', input: { values: [2] }, signal: ac.signal });
    const third = pool.run({ job: 'selftest-sum', input: { values: [3] } });
    ac.abort('changed my mind');
    await expect(queued).rejects.toMatchObject({ name: 'AbortError', cause: 'changed my mind' });
    expect([await first, await third]).toEqual([1, 3]);
    expect(pool.spawnedCount).toBe(1); // nothing was terminated
  });

  it('an already-aborted signal rejects at once; a map-wide signal cancels every unfinished task', async () => {
    const pool = track(createNodePool({ size: 1 }));
    await expect(pool.run({ job: 'selftest-sum', input: { values: [] }, signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
    const ac = new AbortController();
    const outcome = pool.mapSettled(
      [{ job: 'selftest-spin', input: { ms: 30_000 } }, { job: 'selftest-sum', input: { values: [1] } }],
      { signal: ac.signal, onProgress: () => ac.abort() },
    );
    const settled = await outcome;
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected']);
    expect(settled.map((s) => (s as PromiseRejectedResult).reason.name)).toEqual(['AbortError', 'AbortError']);
    expect(await pool.run({ job: 'selftest-sum', input: { values: [4, 5] } })).toBe(9);
  });
});

describe('node pool: failures', () => {
  it('a job that throws rejects only its task, with the job message', async () => {
    const pool = track(createNodePool({ size: 2 }));
    const tasks: PoolTask[] = [
      { job: 'selftest-sum', input: { values: [1] } },
      { job: 'selftest-fail', input: { message: 'sensor table corrupt' } },
      { job: 'selftest-sum', input: { values: [2] } },
      { job: 'selftest-fail', input: { message: 'second failure' } },
      { job: 'selftest-sum', input: { values: [3] } },
    ];
    const settled = await pool.mapSettled<number>(tasks);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected', 'fulfilled']);
    expect((settled[1] as PromiseRejectedResult).reason.message).toBe('sensor table corrupt');
    // map() waits for every task and rejects with the lowest-index failure, whatever finished first.
    await expect(pool.map(tasks)).rejects.toThrow('sensor table corrupt');
    expect(pool.spawnedCount).toBe(2); // a thrown error does not cost a worker
  });

  it('an unknown job rejects with the list of known jobs', async () => {
    const pool = track(createNodePool({ size: 1 }));
    await expect(pool.run({ job: 'simulate-typo', input: {} })).rejects.toThrow(/unknown job "simulate-typo"/);
  });

  it('a worker that dies rejects its task, and a replacement serves the next one', async () => {
    const pool = track(createNodePool({ size: 1 }));
    await expect(pool.run({ job: 'selftest-crash', input: { message: 'segfault-ish' } })).rejects.toThrow(/worker crashed while running "selftest-crash": segfault-ish/);
    expect(await pool.run({ job: 'selftest-sum', input: { values: [1, 1] } })).toBe(2);
    expect(pool.spawnedCount).toBe(2);
  });

  it('a value that cannot be cloned rejects that task only', async () => {
    const pool = track(createNodePool({ size: 1 }));
    await expect(pool.run({ job: 'selftest-sum', input: { values: [1], f: () => 1 } })).rejects.toThrow(/could not be cloned/);
    expect(await pool.run({ job: 'selftest-sum', input: { values: [2] } })).toBe(2);
  });
});

describe('node pool: close', () => {
  it('terminates every thread, rejects running and queued tasks, and refuses new ones', async () => {
    const exits: Promise<unknown>[] = [];
    const pool = createPool({
      size: 2,
      spawn: () => {
        const w = spawnNodeWorker();
        return { ...w, terminate: () => { const p = Promise.resolve(w.terminate()); exits.push(p); return p; } };
      },
    });
    let started = 0;
    let bothStarted!: () => void;
    const ready = new Promise<void>((r) => { bothStarted = r; });
    const onStart = () => { if (++started === 2) bothStarted(); };
    const running = [0, 1].map(() => pool.run({ job: 'selftest-spin', input: { ms: 30_000 } }, onStart));
    const queued = pool.run({ job: 'selftest-sum', input: { values: [1] } });
    const outcomes = Promise.allSettled([...running, queued]);
    await ready;
    await pool.close();
    // worker.terminate() resolves with the thread's exit code once the thread has stopped.
    expect(await Promise.all(exits)).toEqual([1, 1]);
    for (const o of await outcomes) {
      expect(o.status).toBe('rejected');
      expect((o as PromiseRejectedResult).reason.message).toMatch(/pool was closed before the task finished/);
    }
    await expect(pool.run({ job: 'selftest-sum', input: { values: [] } })).rejects.toThrow(/pool is closed/);
    await pool.close(); // idempotent
  });

  it('a script using the pool exits on its own, with or without close()', () => {
    const script = fileURLToPath(new URL('./fixtures/pool-exit.mts', import.meta.url));
    for (const mode of ['close', 'no-close']) {
      const r = spawnSync(process.execPath, ['--import', 'tsx', script, mode], { encoding: 'utf8', timeout: 60_000 });
      expect(r.signal, `mode ${mode} hung: ${r.stderr}`).toBeNull();
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout.trim()).toBe(`${mode}: [6,15]`);
    }
  });
});

describe('createPool input checks', () => {
  it('throws on a bad size with the value', () => {
    expect(() => createPool({ size: 0, spawn: spawnNodeWorker })).toThrow(/size must be an integer ≥ 1, got 0/);
    expect(() => createPool({ size: 1.5, spawn: spawnNodeWorker })).toThrow(/1\.5/);
  });
});
