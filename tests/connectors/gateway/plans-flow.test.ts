/**
 * Plans through the gateway as a planner and operators use them: a sealed plan from the real
 * planner is stored once (201, then 200 for the same hash), an edited one is refused (400) and
 * audited; an approvable plan is approved by one operator, or by two distinct ones under
 * `--approvals 2` (the same token twice is refused); a blocked plan can never be approved; every
 * decision is in the audit log with who and why, and the chain verifies.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { approvedPlan } from '../../../connectors/gateway/plan-store.ts';
import { listAuditEntries } from '../../../connectors/gateway/audit-log.ts';
import { realPlans, testGateway, type TestGateway } from './support/gateway.ts';

let gw: TestGateway | null = null;
afterEach(async () => { await gw?.close(); gw = null; });

async function post(g: TestGateway, url: string, token: string, payload: unknown) {
  return g.app.inject({ method: 'POST', url, headers: g.auth(token), payload: payload as object });
}

describe('plans through the gateway', () => {
  it('stores a sealed plan once and refuses an edited one, auditing both', async () => {
    gw = await testGateway();
    const { approvable } = realPlans();
    const first = await post(gw, '/api/v1/plans', gw.tokens.planner, approvable);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ hash: approvable.hash, status: 'approvable' });
    const again = await post(gw, '/api/v1/plans', gw.tokens.planner, approvable);
    expect(again.statusCode).toBe(200);

    const edited = structuredClone(approvable) as unknown as { variant: string };
    edited.variant = `${edited.variant}-edited`;
    const refused = await post(gw, '/api/v1/plans', gw.tokens.planner, edited);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().message).toMatch(/hash mismatch/);

    const list = (await gw.app.inject({ url: '/api/v1/plans', headers: gw.auth(gw.tokens.viewer) })).json() as { plans: { hash: string }[] };
    expect(list.plans.map((p) => p.hash)).toEqual([approvable.hash]);
    const creates = listAuditEntries(gw.ctx.db, 0, 100).filter((e) => e.action === 'plan.create');
    expect(creates.map((e) => [e.actor, e.outcome])).toEqual([['pat', 'ok'], ['pat', 'refused']]);
    expect(creates[1]!.reason).toMatch(/edited after sealing/);
    expect(gw.ctx.audit.verify()).toEqual({ ok: true, entries: listAuditEntries(gw.ctx.db, 0, 1000).length });
  });

  it('one operator approves an approvable plan; a blocked plan is refused with its blockers', async () => {
    gw = await testGateway();
    const { approvable, blocked } = realPlans();
    await post(gw, '/api/v1/plans', gw.tokens.planner, approvable);
    await post(gw, '/api/v1/plans', gw.tokens.planner, blocked);
    expect(approvedPlan(gw.ctx.db, approvable.hash, 1).ok).toBe(false);

    const ok = await post(gw, `/api/v1/plans/${approvable.hash}/approve`, gw.tokens.operator, { comment: 'canary looked fine' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ approved: true, approvals: [{ by: 'olga', comment: 'canary looked fine' }] });
    expect(approvedPlan(gw.ctx.db, approvable.hash, 1).ok).toBe(true);

    const no = await post(gw, `/api/v1/plans/${blocked.hash}/approve`, gw.tokens.operator, {});
    expect(no.statusCode).toBe(409);
    expect(no.json().message).toMatch(/is blocked/);
    expect(approvedPlan(gw.ctx.db, blocked.hash, 1).ok).toBe(false);
    const missing = await post(gw, `/api/v1/plans/${'e'.repeat(64)}/approve`, gw.tokens.operator, {});
    expect(missing.statusCode).toBe(404);

    const approvals = listAuditEntries(gw.ctx.db, 0, 100).filter((e) => e.action === 'plan.approve');
    expect(approvals.map((e) => [e.target, e.outcome])).toEqual([[approvable.hash, 'ok'], [blocked.hash, 'refused'], ['e'.repeat(64), 'refused']]);
  });

  it('with --approvals 2 a plan needs two distinct operators; the same token twice is refused', async () => {
    gw = await testGateway({ approvals: 2 });
    const { approvable } = realPlans();
    await post(gw, '/api/v1/plans', gw.tokens.planner, approvable);
    const url = `/api/v1/plans/${approvable.hash}/approve`;
    const one = await post(gw, url, gw.tokens.operator, {});
    expect(one.json()).toMatchObject({ approved: false });
    expect(approvedPlan(gw.ctx.db, approvable.hash, 2).ok).toBe(false);
    const twice = await post(gw, url, gw.tokens.operator, {});
    expect(twice.statusCode).toBe(409);
    expect(twice.json().message).toMatch(/already approved.*second, distinct operator/);
    const two = await post(gw, url, gw.tokens.operator2, {});
    expect(two.json()).toMatchObject({ approved: true });
    expect(two.json().approvals.map((a: { by: string }) => a.by)).toEqual(['olga', 'omar']);
    expect(approvedPlan(gw.ctx.db, approvable.hash, 2).ok).toBe(true);
    const detail = (await gw.app.inject({ url: `/api/v1/plans/${approvable.hash}`, headers: gw.auth(gw.tokens.viewer) })).json();
    expect(detail).toMatchObject({ approved: true, approvalsRequired: 2 });
    expect(detail.plan.hash).toBe(approvable.hash);
  });

  it('a plan whose stored content was edited after approval is no longer approved', async () => {
    gw = await testGateway();
    const { approvable } = realPlans();
    await post(gw, '/api/v1/plans', gw.tokens.planner, approvable);
    await post(gw, `/api/v1/plans/${approvable.hash}/approve`, gw.tokens.operator, {});
    expect(approvedPlan(gw.ctx.db, approvable.hash, 1).ok).toBe(true);
    // Someone with access to the database file edits the stored plan behind the gateway's back.
    const cols = (gw.ctx.db.prepare(`PRAGMA table_info(plans)`).all() as { name: string }[]).map((c) => c.name);
    const jsonCol = cols.find((c) => /json|body|content/.test(c))!;
    const row = gw.ctx.db.prepare(`SELECT ${jsonCol} AS j FROM plans WHERE hash = ?`).get(approvable.hash) as { j: string };
    const tampered = row.j.replace(/"variant":"([^"]*)"/, '"variant":"$1x"');
    expect(tampered).not.toBe(row.j);
    gw.ctx.db.prepare(`UPDATE plans SET ${jsonCol} = ? WHERE hash = ?`).run(tampered, approvable.hash);
    expect(approvedPlan(gw.ctx.db, approvable.hash, 1).ok).toBe(false);
    const again = await post(gw, `/api/v1/plans/${approvable.hash}/approve`, gw.tokens.operator2, {});
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toMatch(/no longer hashes/);
  });
});
