/**
 * Nothing lost or half-written when the gateway is killed with SIGKILL in the middle of work: a
 * child process approves a plan through the real routes in a loop (approval row + audit entry per
 * transaction, synchronous=FULL, WAL) and is SIGKILLed at a different point each time, three
 * times over the same database. After each kill the database passes SQLite's integrity check, the
 * audit chain verifies, and every stored approval has exactly its audit entry and vice versa.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openAuditLog } from '../../../connectors/gateway/audit-log.ts';
import { realPlans, ROOT } from './support/gateway.ts';

/** Starts the loop and SIGKILLs it once it has printed `progress <afterRounds>` (at whatever it is doing then). */
async function killMidway(dbPath: string, planPath: string, afterRounds: number): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'support/approve-loop.ts'), dbPath, planPath], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (d) => { err += d; });
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on('exit', (code, sig) => resolve(sig ?? code)));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/progress (\d+)\n(?![\s\S]*progress)/);
      if (m && Number(m[1]) >= afterRounds) { process.kill(child.pid!, 'SIGKILL'); resolve(); }
    });
    void exited.then((how) => reject(new Error(`the loop exited by itself (${how}) before being killed: ${err}`)));
  });
  expect(await exited).toBe('SIGKILL');
  return Number(out.trim().split('\n').at(-1)!.split(' ')[1]);
}

describe('gateway durability under SIGKILL', () => {
  it('three kills mid-write: integrity ok, audit chain verifies, approvals and their audit entries match', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'edgetwin-sigkill-'));
    const dbPath = join(dir, 'gateway.db');
    const planPath = join(dir, 'plan.json');
    const plan = realPlans().approvable;
    writeFileSync(planPath, JSON.stringify(plan));
    let printed = 0;
    for (const afterRounds of [5, 23, 41]) {
      printed += (await killMidway(dbPath, planPath, afterRounds)) + 1;
      const db = new Database(dbPath);
      try {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        const verdict = openAuditLog(db).verify();
        expect(verdict.ok, JSON.stringify(verdict)).toBe(true);
        const approvals = db.prepare('SELECT by_name FROM approvals WHERE plan_hash = ? ORDER BY by_name').all(plan.hash) as { by_name: string }[];
        const audited = db.prepare(`SELECT actor FROM audit WHERE action = 'plan.approve' AND outcome = 'ok' AND target = ? ORDER BY actor`).all(plan.hash) as { actor: string }[];
        expect(approvals.map((a) => a.by_name)).toEqual(audited.map((a) => a.actor));
        // Every round the parent saw reported is on disk (a commit is durable before the loop moves on).
        expect(approvals.length).toBeGreaterThanOrEqual(printed);
        const tokens = db.prepare(`SELECT COUNT(*) AS n FROM tokens WHERE role = 'operator'`).get() as { n: number };
        expect(tokens.n).toBeGreaterThanOrEqual(approvals.length);
      } finally { db.close(); }
    }
  });
});
