/**
 * API tokens: `etw_<id>_<secret>`, the secret 32 bytes from crypto.randomBytes (base64url). The
 * token is shown once when created; the database keeps only its SHA-256 with the id, name, role,
 * createdAt and revokedAt. Lookup hashes the presented token and compares in constant time.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type Database from 'better-sqlite3';
import { ROLES, type Principal, type Role } from './context.ts';
import { ensureSchema } from './db.ts';

const SCHEMA = `CREATE TABLE tokens (
  id TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL CHECK (role IN ('viewer', 'planner', 'operator')),
  hash TEXT NOT NULL, created_at TEXT NOT NULL, revoked_at TEXT
);`;

/** A token as listed (never its secret). */
export interface TokenInfo { id: string; name: string; role: Role; createdAt: string; revokedAt: string | null }

/** Why a presented token was not accepted. */
export type TokenLookup = { ok: true; principal: Principal } | { ok: false; why: string };

const TOKEN_RE = /^etw_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;
/** Longest name accepted for a token. */
export const MAX_TOKEN_NAME_CHARS = 64;

/** Creates the tokens table when missing. */
export function ensureTokenSchema(db: Database.Database): void {
  ensureSchema(db, 'tokens', 1, SCHEMA);
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** Creates a token for `role`; returns the token text (shown once) and what is stored. */
export function createToken(db: Database.Database, input: { role: Role; name?: string; nowMs?: number }): { token: string; info: TokenInfo } {
  if (!ROLES.includes(input.role)) throw new Error(`createToken: role must be one of ${ROLES.join(', ')}, got ${JSON.stringify(input.role)}`);
  ensureTokenSchema(db);
  const id = randomBytes(8).toString('hex');
  const token = `etw_${id}_${randomBytes(32).toString('base64url')}`;
  const name = input.name ?? `${input.role}-${id.slice(0, 6)}`;
  const createdAt = new Date(input.nowMs ?? Date.now()).toISOString();
  db.prepare('INSERT INTO tokens (id, name, role, hash, created_at, revoked_at) VALUES (?, ?, ?, ?, ?, NULL)').run(id, name, input.role, sha256(token).toString('hex'), createdAt);
  return { token, info: { id, name, role: input.role, createdAt, revokedAt: null } };
}

/** Every token, oldest first. */
export function listTokens(db: Database.Database): TokenInfo[] {
  ensureTokenSchema(db);
  return (db.prepare('SELECT id, name, role, created_at, revoked_at FROM tokens ORDER BY created_at, id').all() as { id: string; name: string; role: Role; created_at: string; revoked_at: string | null }[])
    .map((r) => ({ id: r.id, name: r.name, role: r.role, createdAt: r.created_at, revokedAt: r.revoked_at }));
}

/** Revokes token `id`: 'revoked', 'already-revoked' or 'unknown'. */
export function revokeToken(db: Database.Database, id: string, nowMs: number = Date.now()): 'revoked' | 'already-revoked' | 'unknown' {
  ensureTokenSchema(db);
  const row = db.prepare('SELECT revoked_at FROM tokens WHERE id = ?').get(id) as { revoked_at: string | null } | undefined;
  if (!row) return 'unknown';
  if (row.revoked_at !== null) return 'already-revoked';
  db.prepare('UPDATE tokens SET revoked_at = ? WHERE id = ?').run(new Date(nowMs).toISOString(), id);
  return 'revoked';
}

/** A lookup function over `db` (statements prepared once); the comparison of hashes is constant-time. */
export function tokenLookup(db: Database.Database): (presented: string) => TokenLookup {
  ensureTokenSchema(db);
  const byId = db.prepare('SELECT id, name, role, hash, revoked_at FROM tokens WHERE id = ?');
  const dummy = Buffer.alloc(32);
  return (presented) => {
    const m = TOKEN_RE.exec(presented);
    if (!m) return { ok: false, why: 'malformed token (expected etw_<16 hex>_<43 base64url>)' };
    const row = byId.get(m[1]) as { id: string; name: string; role: Role; hash: string; revoked_at: string | null } | undefined;
    const given = sha256(presented);
    // Compare even when the id is unknown, so timing does not tell known ids from unknown ones.
    const stored = row ? Buffer.from(row.hash, 'hex') : dummy;
    const same = stored.length === given.length && timingSafeEqual(stored, given);
    if (!row || !same) return { ok: false, why: 'unknown token' };
    if (row.revoked_at !== null) return { ok: false, why: `token ${row.id} was revoked at ${row.revoked_at}` };
    return { ok: true, principal: { tokenId: row.id, name: row.name, role: row.role } };
  };
}
