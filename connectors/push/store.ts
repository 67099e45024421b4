/**
 * Pushes in SQLite. `pushes` holds each push with its rollout state (the controller's JSON, the
 * authority a restarted gateway resumes from); `push_waves` and `push_nodes` are its projection
 * for readers, plus per node the signed desired state given (and the rollback one), so a resumed
 * push re-sends the same bytes instead of minting a new version. `node_versions` is the per-node
 * version counter: it only grows (a trigger refuses anything else), so a rollback is a new version.
 * Every write here runs inside the caller's `.immediate()` transaction with its audit entry.
 */
import type Database from 'better-sqlite3';
import type { DeliveryPurpose, RolloutState } from '../../sim-core/orchestrator/rollout/controller.ts';
import { ensureSchema } from '../gateway/db.ts';
import type { SignedDesiredState } from '../signing/desired-state.ts';
import type { TransportName } from './transport.ts';

const SCHEMA = `
CREATE TABLE pushes (
  id TEXT PRIMARY KEY, plan_hash TEXT NOT NULL UNIQUE, via TEXT NOT NULL, waves_spec TEXT NOT NULL, state TEXT NOT NULL,
  reason TEXT, created_at TEXT NOT NULL, created_by TEXT NOT NULL, updated_at TEXT NOT NULL,
  rollout TEXT NOT NULL CHECK (json_valid(rollout))
);
CREATE TABLE push_waves (
  push_id TEXT NOT NULL REFERENCES pushes(id), idx INTEGER NOT NULL, nodes TEXT NOT NULL, state TEXT NOT NULL,
  PRIMARY KEY (push_id, idx)
);
CREATE TABLE push_nodes (
  push_id TEXT NOT NULL REFERENCES pushes(id), node TEXT NOT NULL, wave INTEGER NOT NULL, state TEXT NOT NULL,
  target TEXT NOT NULL, previous TEXT NOT NULL,
  version INTEGER, desired TEXT, delivered_at_ms INTEGER, confirmed_version INTEGER,
  rollback_version INTEGER, rollback_desired TEXT, rollback_delivered_at_ms INTEGER,
  PRIMARY KEY (push_id, node)
);
CREATE TABLE node_versions (node TEXT PRIMARY KEY, version INTEGER NOT NULL CHECK (version >= 1));
CREATE TRIGGER node_versions_only_grow BEFORE UPDATE ON node_versions WHEN NEW.version <= OLD.version
  BEGIN SELECT RAISE(ABORT, 'node versions only grow'); END;
CREATE TRIGGER node_versions_no_delete BEFORE DELETE ON node_versions
  BEGIN SELECT RAISE(ABORT, 'node versions are never deleted'); END;
`;

/** Creates the push tables when missing. */
export function ensurePushSchema(db: Database.Database): void {
  ensureSchema(db, 'pushes', 1, SCHEMA);
}

/** The id of the push of a plan: one push per plan hash (pushing the same plan again finds it). */
export function pushIdFor(planHash: string): string {
  return `push-${planHash.slice(0, 16)}`;
}

/** One node of a stored push. */
export interface PushNodeRow {
  node: string; wave: number; state: string; target: string[]; previous: string[];
  version: number | null; desired: SignedDesiredState | null; deliveredAtMs: number | null;
  /** The version the gate once saw the node run (so a restarted gateway need not see it again). */
  confirmedVersion: number | null;
  rollbackVersion: number | null; rollbackDesired: SignedDesiredState | null; rollbackDeliveredAtMs: number | null;
}

/** A stored push. */
export interface PushRecord {
  id: string; planHash: string; via: TransportName; wavesSpec: string; state: string; reason: string | null;
  createdAt: string; createdBy: string; updatedAt: string; rollout: RolloutState; nodes: PushNodeRow[];
}

interface DbPush { id: string; plan_hash: string; via: string; waves_spec: string; state: string; reason: string | null; created_at: string; created_by: string; updated_at: string; rollout: string }
interface DbNode { node: string; wave: number; state: string; target: string; previous: string; version: number | null; desired: string | null; delivered_at_ms: number | null; confirmed_version: number | null; rollback_version: number | null; rollback_desired: string | null; rollback_delivered_at_ms: number | null }

const json = <T>(s: string | null): T | null => (s === null ? null : (JSON.parse(s) as T));

const toNodeRow = (r: DbNode): PushNodeRow => ({
  node: r.node, wave: r.wave, state: r.state, target: JSON.parse(r.target) as string[], previous: JSON.parse(r.previous) as string[],
  version: r.version, desired: json<SignedDesiredState>(r.desired), deliveredAtMs: r.delivered_at_ms, confirmedVersion: r.confirmed_version,
  rollbackVersion: r.rollback_version, rollbackDesired: json<SignedDesiredState>(r.rollback_desired), rollbackDeliveredAtMs: r.rollback_delivered_at_ms,
});

function nodesOf(db: Database.Database, id: string): PushNodeRow[] {
  return (db.prepare('SELECT * FROM push_nodes WHERE push_id = ? ORDER BY wave, node').all(id) as DbNode[]).map(toNodeRow);
}

const toRecordHead = (r: DbPush): Omit<PushRecord, 'nodes'> => ({
  id: r.id, planHash: r.plan_hash, via: r.via as TransportName, wavesSpec: r.waves_spec, state: r.state, reason: r.reason,
  createdAt: r.created_at, createdBy: r.created_by, updatedAt: r.updated_at, rollout: JSON.parse(r.rollout) as RolloutState,
});

const toRecord = (db: Database.Database, r: DbPush): PushRecord => ({ ...toRecordHead(r), nodes: nodesOf(db, r.id) });

/** A push without its node rows (what each transition needs), or null. */
export type PushHead = Omit<PushRecord, 'nodes'>;
export function getPushHead(db: Database.Database, id: string): PushHead | null {
  const r = db.prepare('SELECT * FROM pushes WHERE id = ?').get(id) as DbPush | undefined;
  if (!r) return null;
  return toRecordHead(r);
}

/** One node row of a push, or null. */
export function getPushNode(db: Database.Database, id: string, node: string): PushNodeRow | null {
  const r = db.prepare('SELECT * FROM push_nodes WHERE push_id = ? AND node = ?').get(id, node) as DbNode | undefined;
  return r ? toNodeRow(r) : null;
}

/** A push by id, or null. */
export function getPush(db: Database.Database, id: string): PushRecord | null {
  const r = db.prepare('SELECT * FROM pushes WHERE id = ?').get(id) as DbPush | undefined;
  return r ? toRecord(db, r) : null;
}

/** The push of a plan, or null. */
export function getPushByPlan(db: Database.Database, planHash: string): PushRecord | null {
  const r = db.prepare('SELECT * FROM pushes WHERE plan_hash = ?').get(planHash) as DbPush | undefined;
  return r ? toRecord(db, r) : null;
}

/** Every push, newest first. */
export function listPushes(db: Database.Database): PushRecord[] {
  return (db.prepare('SELECT * FROM pushes ORDER BY created_at DESC, rowid DESC').all() as DbPush[]).map((r) => toRecord(db, r));
}

/** Pushes that have not finished (what a restarted gateway resumes), oldest first. */
export function unfinishedPushes(db: Database.Database): PushRecord[] {
  return (db.prepare(`SELECT * FROM pushes WHERE state NOT IN ('done', 'rolled-back') ORDER BY created_at, rowid`).all() as DbPush[]).map((r) => toRecord(db, r));
}

/** Pushes whose current wave is at its health gate. */
export function gatingPushes(db: Database.Database): PushRecord[] {
  return (db.prepare(`SELECT * FROM pushes WHERE state = 'gating' ORDER BY created_at, rowid`).all() as DbPush[]).map((r) => toRecord(db, r));
}

/** What a new push stores. */
export interface NewPush {
  id: string; planHash: string; via: TransportName; wavesSpec: string; createdAt: string; createdBy: string; rollout: RolloutState;
  nodes: { node: string; wave: number; target: string[]; previous: string[] }[];
}

/** Inserts a push with its waves and nodes (inside a transaction). */
export function insertPush(db: Database.Database, p: NewPush): void {
  db.prepare('INSERT INTO pushes (id, plan_hash, via, waves_spec, state, reason, created_at, created_by, updated_at, rollout) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
    .run(p.id, p.planHash, p.via, p.wavesSpec, p.rollout.phase, p.rollout.reason, p.createdAt, p.createdBy, p.createdAt, JSON.stringify(p.rollout));
  const wave = db.prepare('INSERT INTO push_waves (push_id, idx, nodes, state) VALUES (?, ?, ?, ?)');
  for (const w of p.rollout.waves) wave.run(p.id, w.index, JSON.stringify(w.nodes), w.state);
  const node = db.prepare('INSERT INTO push_nodes (push_id, node, wave, state, target, previous) VALUES (?, ?, ?, ?, ?, ?)');
  for (const n of p.nodes) node.run(p.id, n.node, n.wave, p.rollout.nodes[n.node]?.state ?? 'pending', JSON.stringify(n.target), JSON.stringify(n.previous));
}

/** Writes a push's new rollout state and the parts of its projection that changed since `before` (inside a transaction). */
export function saveRollout(db: Database.Database, id: string, rollout: RolloutState, updatedAt: string, before: RolloutState | null = null): void {
  db.prepare('UPDATE pushes SET state = ?, reason = ?, rollout = ?, updated_at = ? WHERE id = ?').run(rollout.phase, rollout.reason, JSON.stringify(rollout), updatedAt, id);
  const wave = db.prepare('UPDATE push_waves SET state = ? WHERE push_id = ? AND idx = ?');
  for (const w of rollout.waves) if (before?.waves[w.index]?.state !== w.state) wave.run(w.state, id, w.index);
  const node = db.prepare('UPDATE push_nodes SET state = ? WHERE push_id = ? AND node = ?');
  for (const [n, r] of Object.entries(rollout.nodes)) if (before?.nodes[n]?.state !== r.state) node.run(r.state, id, n);
}

/** The version a node was last given (0 when never). */
export function nodeVersion(db: Database.Database, node: string): number {
  const r = db.prepare('SELECT version FROM node_versions WHERE node = ?').get(node) as { version: number } | undefined;
  return r?.version ?? 0;
}

/** Takes the node's next version (inside a transaction): one above the last one ever given. */
export function nextNodeVersion(db: Database.Database, node: string): number {
  const v = nodeVersion(db, node) + 1;
  db.prepare('INSERT INTO node_versions (node, version) VALUES (?, ?) ON CONFLICT(node) DO UPDATE SET version = excluded.version').run(node, v);
  return v;
}

/** Records the signed desired state a node is given for a purpose (inside a transaction). */
export function recordDesired(db: Database.Database, id: string, node: string, purpose: DeliveryPurpose, signed: SignedDesiredState): void {
  const col = purpose === 'apply' ? 'version = ?, desired = ?' : 'rollback_version = ?, rollback_desired = ?';
  db.prepare(`UPDATE push_nodes SET ${col} WHERE push_id = ? AND node = ?`).run(signed.payload.version, JSON.stringify(signed), id, node);
}

/** Records when a node's delivery was handed over (inside a transaction). */
export function recordDelivered(db: Database.Database, id: string, node: string, purpose: DeliveryPurpose, atMs: number): void {
  const col = purpose === 'apply' ? 'delivered_at_ms' : 'rollback_delivered_at_ms';
  db.prepare(`UPDATE push_nodes SET ${col} = ? WHERE push_id = ? AND node = ?`).run(atMs, id, node);
}

/** Records the version the gate saw a node run (inside a transaction). */
export function recordConfirmed(db: Database.Database, id: string, node: string, version: number): void {
  db.prepare('UPDATE push_nodes SET confirmed_version = ? WHERE push_id = ? AND node = ?').run(version, id, node);
}

/** A push as the API shows it. */
export interface PushView {
  id: string; planHash: string; via: TransportName; waves: { index: number; nodes: string[]; state: string }[];
  state: string; reason: string | null; wavesSpec: string; createdAt: string; createdBy: string; updatedAt: string;
  currentWave: number;
  gate: { verdict: string; reasons: string[] } | null;
  nodes: Record<string, { state: string; wave: number; version: number | null; rollbackVersion: number | null }>;
}

/** The API view of a push (pure). */
export function pushView(p: PushRecord): PushView {
  const nodes: PushView['nodes'] = {};
  for (const n of p.nodes) nodes[n.node] = { state: n.state, wave: n.wave, version: n.version, rollbackVersion: n.rollbackVersion };
  const r = p.rollout;
  return {
    id: p.id, planHash: p.planHash, via: p.via, state: p.state, reason: p.reason, wavesSpec: p.wavesSpec,
    createdAt: p.createdAt, createdBy: p.createdBy, updatedAt: p.updatedAt, currentWave: r.wave,
    waves: r.waves.map((w) => ({ index: w.index, nodes: [...w.nodes], state: w.state })),
    gate: r.gate ? { verdict: r.gate.verdict, reasons: r.gate.reasons } : null,
    nodes,
  };
}

/** The pushes of a plan as GET /api/v1/plans/:hash lists them (for plansRoutes({pushesFor})). */
export function pushesFor(db: Database.Database, planHash: string): PushView[] {
  ensurePushSchema(db);
  const p = getPushByPlan(db, planHash);
  return p ? [pushView(p)] : [];
}

/** Node counts by state over the newest push (for the edgetwin_push_nodes gauge). */
export function latestPushNodeStates(db: Database.Database): Record<string, number> {
  const latest = db.prepare('SELECT id FROM pushes ORDER BY created_at DESC, rowid DESC LIMIT 1').get() as { id: string } | undefined;
  if (!latest) return {};
  const out: Record<string, number> = {};
  for (const r of db.prepare('SELECT state, COUNT(*) AS n FROM push_nodes WHERE push_id = ? GROUP BY state').all(latest.id) as { state: string; n: number }[]) out[r.state] = r.n;
  return out;
}
