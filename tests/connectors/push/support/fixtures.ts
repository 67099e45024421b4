/**
 * What the push tests share: an approved plan over N nodes (the real planner's approvable plan
 * with its target and baseline replaced and its hash resealed, so approvedPlan accepts it), a
 * fake FleetView the tests (or fake agents) write, and a database with the plan stored and approved.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { openAuditLog, type SqliteAuditLog } from '../../../../connectors/gateway/audit-log.ts';
import { openDb } from '../../../../connectors/gateway/db.ts';
import { ensurePlanSchema, insertApproval, insertPlan } from '../../../../connectors/gateway/plan-store.ts';
import type { FleetNode, FleetView } from '../../../../connectors/live/fleet-node.ts';
import type { AppMetrics } from '../../../../connectors/mqtt/reports.ts';
import { planHash, type Plan } from '../../../../sim-core/whatif/plan/index.ts';
import { realPlans } from '../../gateway/support/gateway.ts';

/** n node ids, sorted: node-00, node-01, … */
export const nodeIds = (n: number) => Array.from({ length: n }, (_, i) => `node-${String(i).padStart(2, '0')}`);

/** An approvable plan moving every node from shop/old to shop/api (resealed real plan). */
export function fleetPlan(nodes: string[], tag = 'a'): Plan {
  const base = realPlans().approvable;
  const body = { ...base, variant: `${base.variant}-${tag}`, target: { 'shop/api': [...nodes] }, against: { ...base.against, placements: { 'shop/old': [...nodes] } } };
  return { ...body, hash: planHash(body) };
}

/** A database with `plans` stored and approved by one operator token. */
export function planDb(plans: Plan[], approve = true): { db: Database.Database; audit: SqliteAuditLog; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'edgetwin-push-'));
  const db = openDb(join(dir, 'gateway.db'));
  const audit = openAuditLog(db);
  ensurePlanSchema(db);
  for (const p of plans) {
    insertPlan(db, p, { problems: [], createdAt: new Date().toISOString(), createdBy: 'pat' });
    if (approve) insertApproval(db, p.hash, { tokenId: 'tok-olga', by: 'olga', at: new Date().toISOString(), comment: null, contentHash: p.hash });
  }
  return { db, audit, dir };
}

/** A FleetView the test writes. */
export interface FakeFleet extends FleetView {
  set(id: string, patch: Partial<FleetNode>): void;
}

/** An empty node as the fleet first sees it. */
export function blankNode(id: string): FleetNode {
  return { id, state: 'unknown', sources: ['mqtt'], lastSeenMs: null, heartbeatLagMs: null, runningVersion: 0, running: [], lastReport: null, metrics: null, labels: {} };
}

/** A fake fleet. */
export function fakeFleet(): FakeFleet {
  const nodes = new Map<string, FleetNode>();
  const listeners = new Set<(n: FleetNode) => void>();
  return {
    node: (id) => nodes.get(id),
    nodes: () => [...nodes.values()],
    onChange(l) { listeners.add(l); return () => listeners.delete(l); },
    set(id, patch) {
      const n = { ...(nodes.get(id) ?? blankNode(id)), ...patch };
      nodes.set(id, n);
      for (const l of listeners) l(n);
    },
  };
}

/** Metrics for one app as an agent reports them. */
export const appMetrics = (latencyMsP95: number, errorRate: number): AppMetrics => ({ requests: 100, errorRate, latencyMsP50: latencyMsP95 / 2, latencyMsP95 });

/** Polls `check` until it returns a truthy value or the deadline passes. */
export async function until<T>(check: () => T | Promise<T>, what: string, timeoutMs = 10_000, everyMs = 25): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
