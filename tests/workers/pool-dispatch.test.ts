/**
 * Dispatch order of createPool, with in-thread workers (a MessageChannel per "worker", the worker
 * API exposed on the far port) so the order is observable without real threads.
 */
import { describe, expect, it } from 'vitest';
import { MessageChannel } from 'node:worker_threads';
import { expose } from 'comlink';
import { createPool, type SpawnedWorker } from '../../workers/pool.ts';
import { nodeEndpoint } from '../../workers/node-endpoint.ts';
import { workerApi } from '../../workers/worker-api.ts';
import '../../workers/builtin-jobs.ts';

/** Spawns in-thread workers and logs "w<worker>:<first value>" for every task a worker receives. */
function inThreadSpawner(log: string[]) {
  let next = 0;
  return (): SpawnedWorker => {
    const id = next++;
    const { port1, port2 } = new MessageChannel();
    expose(workerApi, nodeEndpoint(port2));
    const endpoint = nodeEndpoint(port1);
    const post = endpoint.postMessage.bind(endpoint);
    // Logged on the sending side, synchronously, so the log is the pool's own dispatch order.
    endpoint.postMessage = (msg: { type?: string; argumentList?: { value?: unknown }[] }, transfer?: Transferable[]) => {
      if (msg.type === 'APPLY') log.push(`w${id}:${(msg.argumentList?.[1]?.value as { values: number[] }).values[0]}`);
      post(msg, transfer);
    };
    return {
      endpoint,
      terminate: () => { port1.close(); port2.close(); },
      onCrash: () => {},
    };
  };
}

describe('createPool dispatch', () => {
  it('starts tasks in submission order on the lowest-numbered free worker', async () => {
    const log: string[] = [];
    const pool = createPool({ size: 3, spawn: inThreadSpawner(log) });
    const tasks = [10, 11, 12, 13, 14, 15, 16].map((v) => ({ job: 'selftest-sum', input: { values: [v] } }));
    expect(await pool.map(tasks)).toEqual([10, 11, 12, 13, 14, 15, 16]);
    await pool.close();
    // Workers 0..2 take tasks 10..12; then each freed worker takes the oldest waiting task.
    expect(log.slice(0, 3)).toEqual(['w0:10', 'w1:11', 'w2:12']);
    expect(log.map((e) => Number(e.split(':')[1]))).toEqual([10, 11, 12, 13, 14, 15, 16]);
    expect(pool.spawnedCount).toBe(3);
  });

  it('the same submissions give the same worker assignment every time', async () => {
    const runOnce = async () => {
      const log: string[] = [];
      const pool = createPool({ size: 2, spawn: inThreadSpawner(log) });
      await pool.map([1, 2, 3, 4, 5, 6].map((v) => ({ job: 'selftest-sum', input: { values: new Array(v * 1000).fill(v) } })));
      await pool.close();
      return log;
    };
    const first = await runOnce();
    expect(first).toHaveLength(6);
    expect(await runOnce()).toEqual(first);
  });

  it('spawns lazily: two tasks on a pool of 8 start two workers', async () => {
    const log: string[] = [];
    const pool = createPool({ size: 8, spawn: inThreadSpawner(log) });
    await pool.map([{ job: 'selftest-sum', input: { values: [1] } }, { job: 'selftest-sum', input: { values: [2] } }]);
    expect(pool.spawnedCount).toBe(2);
    await pool.close();
  });
});
