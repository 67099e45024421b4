/**
 * The audit log in SQLite: append-only (triggers refuse UPDATE and DELETE), each entry hashed —
 * SHA-256 over the RFC 8785 canonical JSON of every other field — and chained to the previous
 * entry's hash. A one-row head (last seq and hash, written in the same transaction as the entry)
 * lets verify() notice entries deleted from the end as well as edited, removed or reordered ones.
 */
import type Database from 'better-sqlite3';
import { canonicalJson } from '../../sim-core/whatif/plan/canonical-json.ts';
import { sha256Hex } from '../../sim-core/whatif/plan/sha256.ts';
import type { AuditEntry, AuditInput, AuditLog } from './context.ts';
import { ensureSchema } from './db.ts';

/** prevHash of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

const SCHEMA = `
CREATE TABLE audit (
  seq INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL, target TEXT NOT NULL,
  outcome TEXT NOT NULL, reason TEXT NOT NULL, detail TEXT, prev_hash TEXT NOT NULL, hash TEXT NOT NULL
);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: UPDATE refused'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: DELETE refused'); END;
CREATE TABLE audit_head (id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL, hash TEXT NOT NULL);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '${GENESIS_HASH}');
`;

interface Row { seq: number; at: string; actor: string; action: string; target: string; outcome: string; reason: string; detail: string | null; prev_hash: string; hash: string }

/** The hash of an entry: SHA-256 of the canonical JSON of every field but `hash` (a missing detail counts as null). */
export function entryHash(e: Omit<AuditEntry, 'hash'>): string {
  const { seq, at, actor, action, target, outcome, reason, prevHash } = e;
  return sha256Hex(canonicalJson({ seq, at, actor, action, target, outcome, reason, detail: e.detail === undefined ? null : e.detail, prevHash }));
}

function fromRow(r: Row): AuditEntry {
  const e: AuditEntry = { seq: r.seq, at: r.at, actor: r.actor, action: r.action, target: r.target, outcome: r.outcome as AuditEntry['outcome'], reason: r.reason, prevHash: r.prev_hash, hash: r.hash };
  if (r.detail !== null) e.detail = JSON.parse(r.detail) as unknown;
  return e;
}

/** The SQLite audit log, with a reader for the audit routes. */
export interface SqliteAuditLog extends AuditLog {
  /** Entries with seq > afterSeq, oldest first, at most `limit`. */
  list(afterSeq: number, limit: number): AuditEntry[];
}

/** Opens the audit log in `db` (creating its tables); `nowMs` stamps each entry's `at`. */
export function openAuditLog(db: Database.Database, nowMs: () => number = Date.now): SqliteAuditLog {
  ensureSchema(db, 'audit', 1, SCHEMA);
  const head = db.prepare('SELECT seq, hash FROM audit_head WHERE id = 1');
  const insert = db.prepare('INSERT INTO audit (seq, at, actor, action, target, outcome, reason, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const moveHead = db.prepare('UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1');
  const appendTx = db.transaction((input: AuditInput): AuditEntry => {
    const h = head.get() as { seq: number; hash: string };
    // Round-trip the detail through JSON so what is hashed is exactly what is stored and read back.
    const detail = input.detail === undefined ? undefined : (JSON.parse(JSON.stringify(input.detail) ?? 'null') as unknown);
    const base: Omit<AuditEntry, 'hash'> = {
      seq: h.seq + 1, at: new Date(nowMs()).toISOString(), actor: input.actor, action: input.action, target: input.target,
      outcome: input.outcome, reason: input.reason, prevHash: h.hash, ...(detail === undefined ? {} : { detail }),
    };
    const entry: AuditEntry = { ...base, hash: entryHash(base) };
    insert.run(entry.seq, entry.at, entry.actor, entry.action, entry.target, entry.outcome, entry.reason, detail === undefined ? null : JSON.stringify(detail), entry.prevHash, entry.hash);
    moveHead.run(entry.seq, entry.hash);
    return entry;
  });
  return {
    // Inside a caller's transaction this nests as a savepoint, so the entry commits with the caller's rows.
    append: (input) => (db.inTransaction ? appendTx(input) : appendTx.immediate(input)),
    list: (afterSeq, limit) => listAuditEntries(db, afterSeq, limit),
    verify: () => verifyAuditLog(db),
  };
}

/** Entries with seq > afterSeq, oldest first, at most `limit` (the audit routes' reader). */
export function listAuditEntries(db: Database.Database, afterSeq: number, limit: number): AuditEntry[] {
  return (db.prepare('SELECT * FROM audit WHERE seq > ? ORDER BY seq LIMIT ?').all(afterSeq, limit) as Row[]).map(fromRow);
}

/** Walks the whole log in seq order (reads only: fine on a read-only connection); the first entry that does not verify, or ok with the count. */
export function verifyAuditLog(db: Database.Database): { ok: true; entries: number } | { ok: false; seq: number; problem: string } {
  let prev = GENESIS_HASH;
  let expectSeq = 1;
  let count = 0;
  for (const r of db.prepare('SELECT * FROM audit ORDER BY seq').iterate() as IterableIterator<Row>) {
    if (r.seq !== expectSeq) return { ok: false, seq: expectSeq, problem: `entry ${expectSeq} is missing (the next one is ${r.seq}): deleted` };
    let e: AuditEntry;
    try { e = fromRow(r); } catch { return { ok: false, seq: r.seq, problem: 'its detail is not valid JSON: edited' }; }
    if (e.prevHash !== prev) return { ok: false, seq: r.seq, problem: `its prevHash ${e.prevHash.slice(0, 12)}… is not the previous entry's hash ${prev.slice(0, 12)}…: an entry before it was removed, replaced or reordered` };
    const { hash: _h, ...rest } = e;
    const h = entryHash(rest);
    if (h !== e.hash) return { ok: false, seq: r.seq, problem: `its content hashes to ${h.slice(0, 12)}… but it says ${e.hash.slice(0, 12)}…: edited` };
    prev = e.hash;
    expectSeq++;
    count++;
  }
  const hd = db.prepare('SELECT seq, hash FROM audit_head WHERE id = 1').get() as { seq: number; hash: string } | undefined;
  if (!hd) return { ok: false, seq: expectSeq, problem: 'the log head is missing' };
  if (hd.seq !== count || hd.hash !== prev) return { ok: false, seq: count + 1, problem: `the log head says ${hd.seq} entries ending in ${hd.hash.slice(0, 12)}… but ${count} verify: entries after ${count} were deleted` };
  return { ok: true, entries: count };
}
