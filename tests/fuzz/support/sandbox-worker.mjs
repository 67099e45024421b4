// A fuzz sandbox worker: registers tsx (a worker_thread does not inherit the parent's loader on
// Node 20), loads the checker module named in workerData, and answers {id, input} with
// {id, verdict: {outcome, problems}} until it is terminated.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const mod = await import(workerData.module);
const check = mod[workerData.exportName];
parentPort.on('message', async ({ id, input }) => {
  let verdict;
  try { verdict = await check(input); } catch (err) { verdict = { outcome: 'crashed', problems: [`the checker threw: ${err?.name}: ${String(err?.message ?? err).slice(0, 300)}`] }; }
  parentPort.postMessage({ id, verdict });
});
parentPort.postMessage({ ready: true });
