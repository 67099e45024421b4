/**
 * Plans and approvals in SQLite. A plan row keeps the plan exactly as posted (its JSON text) with
 * the columns the list shows; an approval row is bound to the token that approved and to the
 * content hash the plan had then. `approvedPlan(db, hash, required)` is what a push asks before
 * it starts: the plan, only when it has enough distinct approvals and its content still hashes to
 * the hash they approved.
 */
import type Database from 'better-sqlite3';
import { planHash, verifyPlan, type Plan } from '../../sim-core/whatif/plan/index.ts';
import { ensureSchema } from './db.ts';

const SCHEMA = `
CREATE TABLE plans (
  hash TEXT PRIMARY KEY, variant TEXT NOT NULL, experiment TEXT NOT NULL, status TEXT NOT NULL,
  problems TEXT NOT NULL, created_at TEXT NOT NULL, created_by TEXT NOT NULL,
  body TEXT NOT NULL CHECK (json_valid(body))
);
CREATE TABLE approvals (
  id INTEGER PRIMARY KEY, plan_hash TEXT NOT NULL REFERENCES plans(hash), token_id TEXT NOT NULL, by_name TEXT NOT NULL,
  at TEXT NOT NULL, comment TEXT, content_hash TEXT NOT NULL, UNIQUE (plan_hash, token_id)
);
CREATE INDEX approvals_by_plan ON approvals (plan_hash);
`;

/** A plan row as listed. */
export interface PlanRow { hash: string; variant: string; experiment: string; status: string; problems: string[]; createdAt: string; createdBy: string }
/** One approval. */
export interface ApprovalRow { by: string; tokenId: string; at: string; comment: string | null; contentHash: string }

/** Creates the plan tables when missing. */
export function ensurePlanSchema(db: Database.Database): void {
  ensureSchema(db, 'plans', 1, SCHEMA);
}

interface DbPlan { hash: string; variant: string; experiment: string; status: string; problems: string; created_at: string; created_by: string; body: string }
interface DbApproval { token_id: string; by_name: string; at: string; comment: string | null; content_hash: string }

const toRow = (r: DbPlan): PlanRow => ({ hash: r.hash, variant: r.variant, experiment: r.experiment, status: r.status, problems: JSON.parse(r.problems) as string[], createdAt: r.created_at, createdBy: r.created_by });
const toApproval = (r: DbApproval): ApprovalRow => ({ by: r.by_name, tokenId: r.token_id, at: r.at, comment: r.comment, contentHash: r.content_hash });

/** Inserts a plan (call inside a transaction with its audit entry); false when that hash is already stored. */
export function insertPlan(db: Database.Database, plan: Plan, meta: { problems: string[]; createdAt: string; createdBy: string }): boolean {
  const r = db.prepare(`INSERT INTO plans (hash, variant, experiment, status, problems, created_at, created_by, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT(hash) DO NOTHING`).run(plan.hash, plan.variant, plan.experiment?.name ?? '', plan.status, JSON.stringify(meta.problems), meta.createdAt, meta.createdBy, JSON.stringify(plan));
  return r.changes === 1;
}

/** A stored plan's row, or null. */
export function getPlanRow(db: Database.Database, hash: string): PlanRow | null {
  const r = db.prepare('SELECT hash, variant, experiment, status, problems, created_at, created_by, body FROM plans WHERE hash = ?').get(hash) as DbPlan | undefined;
  return r ? toRow(r) : null;
}

/** A stored plan's document as posted, or null. */
export function getPlan(db: Database.Database, hash: string): Plan | null {
  const r = db.prepare('SELECT body FROM plans WHERE hash = ?').get(hash) as { body: string } | undefined;
  return r ? (JSON.parse(r.body) as Plan) : null;
}

/** Every plan row, newest first. */
export function listPlans(db: Database.Database): PlanRow[] {
  return (db.prepare('SELECT hash, variant, experiment, status, problems, created_at, created_by, body FROM plans ORDER BY created_at DESC, hash').all() as DbPlan[]).map(toRow);
}

/** Approvals of a plan, oldest first. */
export function approvalsOf(db: Database.Database, hash: string): ApprovalRow[] {
  return (db.prepare('SELECT token_id, by_name, at, comment, content_hash FROM approvals WHERE plan_hash = ? ORDER BY id').all(hash) as DbApproval[]).map(toApproval);
}

/** Records an approval (call inside a transaction with its audit entry); false when this token already approved. */
export function insertApproval(db: Database.Database, hash: string, a: { tokenId: string; by: string; at: string; comment: string | null; contentHash: string }): boolean {
  const r = db.prepare(`INSERT INTO approvals (plan_hash, token_id, by_name, at, comment, content_hash) VALUES (?, ?, ?, ?, ?, ?)
    ON CONFLICT(plan_hash, token_id) DO NOTHING`).run(hash, a.tokenId, a.by, a.at, a.comment, a.contentHash);
  return r.changes === 1;
}

/** Approvals that count: one per token, bound to the content hash `hash` (pure). */
export function countingApprovals(approvals: readonly ApprovalRow[], hash: string): ApprovalRow[] {
  const seen = new Set<string>();
  return approvals.filter((a) => a.contentHash === hash && !seen.has(a.tokenId) && (seen.add(a.tokenId), true));
}

/** Whether a plan's approvals meet the rule (pure). */
export function isApproved(approvals: readonly ApprovalRow[], hash: string, required: number): boolean {
  return countingApprovals(approvals, hash).length >= required;
}

/** The plan, when approved by `required` distinct tokens and its content still hashes to what they approved; else why not. */
export function approvedPlan(db: Database.Database, hash: string, required: number): { ok: true; plan: Plan; approvals: ApprovalRow[] } | { ok: false; reason: string } {
  ensurePlanSchema(db);
  let plan: Plan | null;
  try { plan = getPlan(db, hash); } catch { return { ok: false, reason: `plan ${hash} is stored but its JSON does not parse` }; }
  if (!plan) return { ok: false, reason: `no plan ${hash}` };
  if (plan.hash !== hash) return { ok: false, reason: `the stored plan says hash ${plan.hash}, not ${hash}` };
  let content: string;
  try { content = planHash(plan); } catch (e) { return { ok: false, reason: `plan ${hash} cannot be hashed: ${(e as Error).message}` }; }
  if (content !== hash) return { ok: false, reason: `plan ${hash} was changed after it was stored: its content now hashes to ${content}` };
  const problems = verifyPlan(plan);
  if (problems.length) return { ok: false, reason: `plan ${hash} does not verify: ${problems.join('; ')}` };
  if (plan.status !== 'approvable') return { ok: false, reason: `plan ${hash} is ${plan.status}: ${plan.blockers.join('; ')}` };
  const approvals = countingApprovals(approvalsOf(db, hash), hash);
  if (approvals.length < required) return { ok: false, reason: `plan ${hash} has ${approvals.length} of the ${required} distinct approvals it needs` };
  return { ok: true, plan, approvals };
}
