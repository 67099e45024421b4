/**
 * Node worker_thread entry: exposes the worker API on the parent port. Started by
 * node-bootstrap.mjs, which installs tsx's loader first (Node 20 workers do not inherit it).
 */
import { parentPort } from 'node:worker_threads';
import { expose } from 'comlink';
import { nodeEndpoint } from './node-endpoint.ts';
import { workerApi } from './worker-api.ts';
import './builtin-jobs.ts';

if (!parentPort) throw new Error('workers/node-worker-entry.ts must be started as a worker_thread');
expose(workerApi, nodeEndpoint(parentPort));
