/**
 * The gateway's SQLite (issue "The live fleet"): audit entries appended per second, each its own
 * durable transaction (WAL, synchronous=FULL: on disk before it is acknowledged, as the gateway
 * runs), and inside one batch transaction (how a wave's per-node rows are written); and the cost
 * of verifying the whole chain. The database is a file in the OS temporary directory.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openAuditLog } from '../../connectors/gateway/audit-log.ts';
import { openDb } from '../../connectors/gateway/db.ts';
import { median, type BenchResult, type BenchSuite } from './harness.ts';

function rates(n: number, batched: boolean, reps: number): { appendPerS: number; verifyPerS: number } {
  const appends: number[] = [];
  const verifies: number[] = [];
  for (let r = 0; r < reps; r++) {
    const dir = mkdtempSync(join(tmpdir(), 'edgetwin-bench-audit-'));
    const db = openDb(join(dir, 'gateway.db'));
    const log = openAuditLog(db);
    const one = (i: number) => log.append({ actor: 'olga', action: 'push.node', target: `node-${i}`, outcome: 'ok', reason: 'delivered version 7', detail: { wave: 2, version: 7 } });
    const t0 = performance.now();
    if (batched) db.transaction(() => { for (let i = 0; i < n; i++) one(i); }).immediate();
    else for (let i = 0; i < n; i++) one(i);
    appends.push(n / ((performance.now() - t0) / 1000));
    const t1 = performance.now();
    const v = log.verify();
    if (!v.ok || v.entries !== n) throw new Error(`audit bench: the chain does not verify: ${JSON.stringify(v)}`);
    verifies.push(n / ((performance.now() - t1) / 1000));
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return { appendPerS: median(appends), verifyPerS: median(verifies) };
}

const suite: BenchSuite = {
  name: 'gateway',
  async run({ quick }) {
    const reps = quick ? 3 : 5;
    const single = rates(quick ? 300 : 2000, false, reps);
    const batch = rates(quick ? 5000 : 20000, true, reps);
    const rows: BenchResult[] = [
      { name: 'audit append, one durable transaction each (WAL, synchronous=FULL)', value: single.appendPerS, unit: 'entries/s', note: `median of ${reps} runs` },
      { name: 'audit append, batched in one transaction', value: batch.appendPerS, unit: 'entries/s', note: `median of ${reps} runs` },
      { name: 'audit verify (whole chain)', value: batch.verifyPerS, unit: 'entries/s', note: `median of ${reps} runs` },
    ];
    return rows;
  },
};
export default suite;
