/**
 * Push runner throughput (not a test; run `node --import tsx tests/connectors/push/support/runner-bench.ts`):
 * a push of N nodes in waves 1,10%,50%,100% over the memory transport with agents that answer at
 * once, on a real SQLite file (WAL, synchronous=FULL): wall time to done and per node. The first
 * size includes making the real plan (edgetwin plan, ~3 s) — read the larger sizes.
 */
import { createPushRunner } from '../../../../connectors/push/runner.ts';
import { memoryTransport } from '../../../../connectors/push/transport.ts';
import { generateKeyPair } from '../../../../connectors/signing/keys.ts';
import { fakeFleet, fleetPlan, nodeIds, planDb } from './fixtures.ts';
const key = generateKeyPair();
for (const n of [100, 300, 1000]) {
  const plan = fleetPlan(nodeIds(n).map((x, i) => `b${i}`), `bench${n}`);
  const { db, audit } = planDb([plan]);
  const fleet = fakeFleet();
  const t = memoryTransport();
  t.onDeliver = (d) => queueMicrotask(() => fleet.set(d.node, { state: 'ready', lastSeenMs: Date.now(), runningVersion: d.version, lastReport: { v: 1, node: d.node, atMs: Date.now(), version: d.version, pushId: null, planHash: null, outcome: 'applied', reason: null, runningVersion: d.version, workloads: [] } }));
  const r = createPushRunner({ db, audit, fleet, transports: { mqtt: t }, signer: key, approvalsRequired: 1, tickMs: 10, log: () => {} });
  r.start();
  const t0 = performance.now();
  const c = r.create({ planHash: plan.hash, via: 'mqtt', waves: '1,10%,50%,100%', by: 'b' });
  const id = c.ok ? c.push.id : '';
  while (r.get(id)!.state !== 'done') await new Promise((res) => setTimeout(res, 5));
  const ms = performance.now() - t0;
  console.log(`${n} nodes: done in ${ms.toFixed(0)} ms (${(ms / n).toFixed(2)} ms/node), audit entries ${audit.list(0, 1e6).length}`);
  await r.close(); db.close();
}
