/**
 * `edgetwin audit verify [--db FILE]` walks the gateway's hash-chained audit log and says whether
 * it verifies (exit 0) or names the first entry that does not and why (exit 1): run it on a copy
 * of a production database as well as on a live one (WAL readers do not block the server).
 * `edgetwin audit list [--db FILE] [--after SEQ] [--limit N] [--json]` prints entries, oldest first.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import Database from 'better-sqlite3';
import { InputError } from '../../sim-core/text/input-error.ts';
import { listAuditEntries, verifyAuditLog } from '../../connectors/gateway/audit-log.ts';
import { schemaVersion } from '../../connectors/gateway/db.ts';
import { MAX_AUDIT_PAGE } from '../../connectors/gateway/audit-routes.ts';
import { parseIntFlag } from '../lib/files.ts';
import { DEFAULT_DB } from './serve.ts';

const bad = (flag: string, message: string) => new InputError([{ file: `<${flag}>`, line: 0, col: 0, path: '', message }]);

/** Opens an existing gateway database read-only, refusing a file that is not one. */
function openExisting(flag: string | undefined): Database.Database {
  const shown = flag ?? DEFAULT_DB;
  const path = resolve(shown);
  if (!existsSync(path)) throw bad('--db', `no gateway database at ${shown} (edgetwin serve makes one)`);
  let db: Database.Database;
  try { db = new Database(path, { readonly: true, fileMustExist: true }); db.prepare('SELECT 1').get(); } catch (e) {
    throw bad('--db', `${shown} is not a SQLite database: ${(e as Error).message}`);
  }
  let version = 0;
  try { version = schemaVersion(db, 'audit'); } catch { /* no schema table */ }
  if (version === 0) { db.close(); throw bad('--db', `${shown} holds no gateway audit log`); }
  return db;
}

/** Registers `audit` and its subcommands. */
export function register(program: Command, setExit: (code: number) => void): void {
  const audit = program.command('audit').description("the gateway's hash-chained audit log: verify it, list entries");
  audit.command('verify')
    .description('check every entry and the chain; exit 1 naming the first entry that was edited, removed or reordered')
    .option('--db <file>', `gateway database (default ${DEFAULT_DB})`)
    .action((flags: { db?: string }) => {
      const db = openExisting(flags.db);
      try {
        const verdict = verifyAuditLog(db);
        if (verdict.ok) process.stdout.write(`audit log verifies: ${verdict.entries} entries, chain intact\n`);
        else { process.stdout.write(`audit log does NOT verify: entry ${verdict.seq}: ${verdict.problem}\n`); setExit(1); }
      } finally { db.close(); }
    });
  audit.command('list')
    .description('print audit entries, oldest first')
    .option('--db <file>', `gateway database (default ${DEFAULT_DB})`)
    .option('--after <seq>', 'only entries after this sequence number', '0')
    .option('--limit <n>', `at most this many (up to ${MAX_AUDIT_PAGE})`, '100')
    .option('--json', 'print JSON')
    .action((flags: { db?: string; after: string; limit: string; json?: boolean }) => {
      const after = parseIntFlag('--after', flags.after);
      const limit = parseIntFlag('--limit', flags.limit);
      if (limit < 1 || limit > MAX_AUDIT_PAGE) throw bad('--limit', `expected 1 to ${MAX_AUDIT_PAGE}, got ${limit}`);
      const db = openExisting(flags.db);
      try {
        const entries = listAuditEntries(db, after, limit);
        if (flags.json) { process.stdout.write(`${JSON.stringify({ entries }, null, 2)}\n`); return; }
        for (const e of entries) process.stdout.write(`${String(e.seq).padStart(6)}  ${e.at}  ${e.actor.padEnd(16)} ${e.action.padEnd(20)} ${e.outcome.padEnd(8)} ${e.target.slice(0, 24).padEnd(24)}  ${e.reason}\n`);
      } finally { db.close(); }
    });
}
