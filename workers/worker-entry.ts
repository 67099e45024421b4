/**
 * Browser Web Worker entry (module worker, bundled by Vite): exposes the worker API on the
 * worker's global scope. The Node counterpart is node-worker-entry.ts.
 */
import { expose } from 'comlink';
import { workerApi } from './worker-api.ts';
import './builtin-jobs.ts';

expose(workerApi);
