/**
 * The gateway's SQLite database (better-sqlite3): WAL journal, synchronous=FULL (a commit is on
 * disk before it is acknowledged), foreign keys on, a busy timeout for a second process (the
 * `edgetwin token` CLI) writing beside the server, and a tiny migration table so each module owns
 * its schema: `ensureSchema(db, 'plans', 1, sql)`.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

/** How long a writer waits for another connection's lock before SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 5000;

/** Opens (creating it and its directory when missing) the database at `path`, with the gateway's pragmas. */
export function openDb(path: string): Database.Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.exec(`CREATE TABLE IF NOT EXISTS schema_versions (name TEXT PRIMARY KEY, version INTEGER NOT NULL, applied_at TEXT NOT NULL)`);
  return db;
}

/** The schema version a module recorded, or 0 when it never ran. */
export function schemaVersion(db: Database.Database, name: string): number {
  const row = db.prepare('SELECT version FROM schema_versions WHERE name = ?').get(name) as { version: number } | undefined;
  return row?.version ?? 0;
}

/**
 * Runs `sql` (in one transaction) when module `name` is below `version`, then records `version`.
 * Calls with increasing versions are successive migrations. Throws when the database holds a newer
 * version than the code knows (an older gateway opening a newer database).
 */
export function ensureSchema(db: Database.Database, name: string, version: number, sql: string): void {
  if (!Number.isInteger(version) || version < 1) throw new Error(`ensureSchema(${name}): version must be an integer >= 1, got ${version}`);
  db.transaction(() => {
    const have = schemaVersion(db, name);
    if (have > version) throw new Error(`database schema '${name}' is at version ${have}, newer than this gateway's ${version}; use a newer edgetwin`);
    if (have === version) return;
    db.exec(sql);
    db.prepare(`INSERT INTO schema_versions (name, version, applied_at) VALUES (?, ?, ?)
      ON CONFLICT(name) DO UPDATE SET version = excluded.version, applied_at = excluded.applied_at`).run(name, version, new Date().toISOString());
  }).immediate();
}
