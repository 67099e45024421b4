/**
 * `edgetwin audit verify|list --db FILE`: a clean log verifies (exit 0, the count), a log edited
 * behind the gateway's back does not (exit 1, naming the entry and what happened to it), and a
 * missing or foreign file is bad input (exit 2, no stack trace).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openAuditLog } from '../../connectors/gateway/audit-log.ts';
import { openDb } from '../../connectors/gateway/db.ts';

const ROOT = join(import.meta.dirname, '../..');
const cli = (...args: string[]) => spawnSync(process.execPath, ['cli/bin.mjs', 'audit', ...args], { cwd: ROOT, encoding: 'utf8' });

function logWith(n: number): string {
  const path = join(mkdtempSync(join(tmpdir(), 'edgetwin-audit-cli-')), 'gateway.db');
  const db = openDb(path);
  const log = openAuditLog(db);
  for (let i = 1; i <= n; i++) log.append({ actor: i % 2 ? 'olga' : 'system', action: 'plan.approve', target: `plan-${i}`, outcome: 'ok', reason: `approval ${i}` });
  db.close();
  return path;
}

describe('edgetwin audit', () => {
  it('verify: a clean log verifies; list prints its entries', () => {
    const db = logWith(5);
    const r = cli('verify', '--db', db);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('audit log verifies: 5 entries, chain intact\n');
    const l = cli('list', '--db', db, '--after', '3', '--json');
    expect(l.status).toBe(0);
    expect(JSON.parse(l.stdout).entries.map((e: { target: string }) => e.target)).toEqual(['plan-4', 'plan-5']);
  });

  it('verify: an edited entry fails with exit 1 and names it', () => {
    const path = logWith(6);
    const db = new Database(path);
    db.exec('DROP TRIGGER audit_no_update');
    db.prepare(`UPDATE audit SET actor = 'mallory' WHERE seq = 3`).run();
    db.close();
    const r = cli('verify', '--db', path);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^audit log does NOT verify: entry 3: .*edited\n$/);
  });

  it('a missing database or a file that is not one is bad input (exit 2)', () => {
    const missing = cli('verify', '--db', '/nonexistent/gateway.db');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/<--db>.*no gateway database at \/nonexistent\/gateway\.db/);
    const dir = mkdtempSync(join(tmpdir(), 'edgetwin-audit-cli-'));
    writeFileSync(join(dir, 'notes.txt'), 'hello, not a database');
    const foreign = cli('verify', '--db', join(dir, 'notes.txt'));
    expect(foreign.status).toBe(2);
    expect(foreign.stderr).toMatch(/is not a SQLite database/);
    expect(foreign.stderr).not.toMatch(/\n\s+at /);
    const bad = cli('list', '--db', logWith(1), '--limit', '0');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--limit.*expected 1 to 1000/);
  });
});
