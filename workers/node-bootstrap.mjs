// Worker bootstrap for Node 20: a worker_thread does not inherit the tsx loader of its parent, so
// register it here, then load the TypeScript entry.
import { register } from 'tsx/esm/api';

register();
await import(new URL('./node-worker-entry.ts', import.meta.url).href);
