import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAuditEntries } from '../../../connectors/gateway/audit-log.ts';
import { pushesFor, pushRoutes } from '../../../connectors/push/routes.ts';
import { memoryTransport } from '../../../connectors/push/transport.ts';
import { generateKeyPair } from '../../../connectors/signing/keys.ts';
import { realPlans, testGateway, type TestGateway } from '../gateway/support/gateway.ts';
import { fakeFleet, fleetPlan, until } from './support/fixtures.ts';
import type { PushTransport } from '../../../connectors/push/transport.ts';

const key = generateKeyPair();
const fleet = fakeFleet();
const transport = memoryTransport();
// A fake agent: applies the version and is ready.
transport.onDeliver = (d) => setTimeout(() => fleet.set(d.node, {
  state: 'ready', lastSeenMs: Date.now(), runningVersion: d.version, running: d.signed.payload.workloads.map((w) => w.service),
  lastReport: { v: 1, node: d.node, atMs: Date.now(), version: d.version, pushId: d.signed.payload.pushId, planHash: d.signed.payload.planHash, outcome: 'applied', reason: null, runningVersion: d.version, workloads: [] },
}), 5);

let gw: TestGateway;
let approvable = '';
let blocked = '';
const events: unknown[] = [];

beforeAll(async () => {
  gw = await testGateway({ modulesInput: { push: false }, extraModules: [pushRoutes({ fleet, transports: { mqtt: transport }, signer: key, tickMs: 20 })] });
  gw.ctx.events.subscribe((topic, data) => { if (topic === 'push') events.push(data); });
  const plans = realPlans();
  approvable = plans.approvable.hash;
  blocked = plans.blocked.hash;
  for (const p of [plans.approvable, plans.blocked]) {
    const r = await gw.app.inject({ method: 'POST', url: '/api/v1/plans', headers: gw.auth(gw.tokens.planner), payload: p });
    expect(r.statusCode).toBe(201);
  }
});
afterAll(async () => { await gw?.close(); });

const push = (hash: string, token: string, payload: unknown = { via: 'mqtt', waves: '1,10%,100%' }) =>
  gw.app.inject({ method: 'POST', url: `/api/v1/plans/${hash}/pushes`, headers: gw.auth(token), payload: payload as Record<string, unknown> });

describe('push routes', () => {
  it('403 for a planner and a viewer; 401 without a token', async () => {
    expect((await push(approvable, gw.tokens.planner)).statusCode).toBe(403);
    expect((await push(approvable, gw.tokens.viewer)).statusCode).toBe(403);
    expect((await gw.app.inject({ method: 'POST', url: `/api/v1/plans/${approvable}/pushes`, payload: {} })).statusCode).toBe(401);
  });

  it('409 for a plan that is not approved yet, and for a blocked plan; audited as refused', async () => {
    const r = await push(approvable, gw.tokens.operator);
    expect(r.statusCode).toBe(409);
    expect(r.json().message).toBe(`not pushed: plan ${approvable} has 0 of the 1 distinct approvals it needs`);
    const b = await push(blocked, gw.tokens.operator);
    expect(b.statusCode).toBe(409);
    expect(b.json().message).toMatch(new RegExp(`^not pushed: plan ${blocked} is blocked: gate`));
    const refused = listAuditEntries(gw.ctx.db, 0, 1000).filter((e) => e.action === 'push.start' && e.outcome === 'refused');
    expect(refused.map((e) => [e.actor, e.target])).toEqual([['olga', approvable], ['olga', blocked]]);
    expect(transport.deliveries).toEqual([]);
  });

  it('400 for bad waves, an unknown field or via; 404 for an unknown plan', async () => {
    expect((await push(approvable, gw.tokens.operator, { waves: '10%,5%' })).json().message).toMatch(/percentages must increase/);
    const extra = await push(approvable, gw.tokens.operator, { waves: '1', force: true });
    expect([extra.statusCode, extra.json().field]).toEqual([400, 'body.force']);
    expect((await push(approvable, gw.tokens.operator, { gates: { timeoutMs: 0 } })).statusCode).toBe(400);
    expect((await push(approvable, gw.tokens.operator, { gates: { slo: 1 } })).json().field).toBe('body.gates.slo');
    expect((await push(approvable, gw.tokens.operator, { via: 'carrier-pigeon' })).statusCode).toBe(400);
    expect((await push('e'.repeat(64), gw.tokens.operator)).statusCode).toBe(404);
    expect((await push('not-a-hash', gw.tokens.operator)).statusCode).toBe(400);
  });

  it('dry run of an approved plan: waves and per-node changes, nothing stored or sent', async () => {
    const ok = await gw.app.inject({ method: 'POST', url: `/api/v1/plans/${approvable}/approve`, headers: gw.auth(gw.tokens.operator), payload: {} });
    expect(ok.json().approved).toBe(true);
    const r = await push(approvable, gw.tokens.operator, { via: 'mqtt', waves: '1,100%', dryRun: true });
    expect(r.statusCode).toBe(200);
    // the plan-small fixture places detect/infer on edge-1 only
    expect(r.json()).toMatchObject({ dryRun: true, approved: true, refusal: null, waves: [{ index: 0, nodes: ['edge-1'], cumulative: 1 }], nodes: { 'edge-1': { to: ['detect/infer'], wave: 0, nextVersion: 1 } } });
    expect((await gw.app.inject({ method: 'GET', url: '/api/v1/pushes', headers: gw.auth(gw.tokens.viewer) })).json()).toEqual({ pushes: [] });
    expect(transport.deliveries).toEqual([]);
  });

  it('an approved plan is pushed (201), the same plan again answers 200 with the same push, and it completes', async () => {
    const a = await push(approvable, gw.tokens.operator);
    expect(a.statusCode).toBe(201);
    const id = a.json().pushId as string;
    const b = await push(approvable, gw.tokens.operator2, { via: 'mqtt', waves: '50%' });
    expect(b.statusCode).toBe(200);
    expect(b.json().pushId).toBe(id);
    const done = await until(async () => {
      const r = await gw.app.inject({ method: 'GET', url: `/api/v1/pushes/${id}`, headers: gw.auth(gw.tokens.viewer) });
      return r.json().state === 'done' ? r.json() : null;
    }, 'the push to be done');
    expect(done).toMatchObject({ id, planHash: approvable, via: 'mqtt', state: 'done', waves: [{ index: 0, nodes: ['edge-1'], state: 'passed' }], nodes: { 'edge-1': { state: 'delivered', version: 1 } } });
    expect(transport.deliveries.map((d) => `${d.node}@${d.version}`)).toEqual(['edge-1@1']);
    const list = (await gw.app.inject({ method: 'GET', url: '/api/v1/pushes', headers: gw.auth(gw.tokens.viewer) })).json();
    expect(list.pushes.map((p: { id: string }) => p.id)).toEqual([id]);
    expect(pushesFor(gw.ctx.db, approvable).map((p) => p.state)).toEqual(['done']);
    // 'push' events are coalesced (at most one per push every 50 ms); the last state always goes out
    await until(() => events.some((e) => (e as { state: string }).state === 'done'), "the 'done' event");
    const metrics = await gw.app.inject({ method: 'GET', url: '/metrics', headers: gw.auth(gw.tokens.viewer) });
    expect(metrics.body).toMatch(/edgetwin_push_nodes\{state="delivered"\} 1/);
    expect(metrics.body).toMatch(/edgetwin_push_nodes\{state="pending"\} 0/);
  });

  it('rollback: 403 for a viewer, 200 for an operator (the push rolls back at a new version), 409 the second time, 404 unknown', async () => {
    const id = ((await gw.app.inject({ method: 'GET', url: '/api/v1/pushes', headers: gw.auth(gw.tokens.viewer) })).json().pushes[0].id) as string;
    const url = `/api/v1/pushes/${id}/rollback`;
    expect((await gw.app.inject({ method: 'POST', url, headers: gw.auth(gw.tokens.viewer) })).statusCode).toBe(403);
    const r = await gw.app.inject({ method: 'POST', url, headers: gw.auth(gw.tokens.operator) });
    expect(r.statusCode).toBe(200);
    expect(['rolling-back', 'rolled-back']).toContain(r.json().state);
    await until(async () => (await gw.app.inject({ method: 'GET', url: `/api/v1/pushes/${id}`, headers: gw.auth(gw.tokens.viewer) })).json().state === 'rolled-back', 'rolled back');
    expect(transport.deliveries.map((d) => `${d.node}@${d.version}`)).toEqual(['edge-1@1', 'edge-1@2']);
    const again = await gw.app.inject({ method: 'POST', url, headers: gw.auth(gw.tokens.operator) });
    expect(again.statusCode).toBe(409);
    expect((await gw.app.inject({ method: 'POST', url: '/api/v1/pushes/push-0000000000000000/rollback', headers: gw.auth(gw.tokens.operator) })).statusCode).toBe(404);
    expect((await gw.app.inject({ method: 'GET', url: '/api/v1/pushes/nope', headers: gw.auth(gw.tokens.viewer) })).statusCode).toBe(400);
    const audit = listAuditEntries(gw.ctx.db, 0, 1000).filter((e) => e.target === id).map((e) => `${e.action} ${e.outcome}`);
    expect(audit).toContain('push.rollback ok');
    expect(audit.slice(-2)).toEqual(['push.rolled-back ok', 'push.rollback refused']);
    expect(gw.ctx.audit.verify()).toMatchObject({ ok: true });
  });

  it('a transport set on the shared object after the module installed (as the Kubernetes module does) is used', async () => {
    const shared: { mqtt?: PushTransport; kubernetes?: PushTransport } = {};
    const kfleet = fakeFleet();
    const g2 = await testGateway({ modulesInput: { push: false }, extraModules: [pushRoutes({ fleet: kfleet, transports: shared, signer: key, tickMs: 20 })] });
    try {
      const plan = fleetPlan(['k-1'], 'kube');
      expect((await g2.app.inject({ method: 'POST', url: '/api/v1/plans', headers: g2.auth(g2.tokens.planner), payload: plan })).statusCode).toBe(201);
      await g2.app.inject({ method: 'POST', url: `/api/v1/plans/${plan.hash}/approve`, headers: g2.auth(g2.tokens.operator), payload: {} });
      const before = await g2.app.inject({ method: 'POST', url: `/api/v1/plans/${plan.hash}/pushes`, headers: g2.auth(g2.tokens.operator), payload: { via: 'kubernetes', waves: '1' } });
      expect([before.statusCode, before.json().message]).toEqual([409, 'the gateway has no kubernetes transport (edgetwin serve --kubeconfig FILE)']);
      const kube = memoryTransport();
      shared.kubernetes = kube;
      const r = await g2.app.inject({ method: 'POST', url: `/api/v1/plans/${plan.hash}/pushes`, headers: g2.auth(g2.tokens.operator), payload: { via: 'kubernetes', waves: '1' } });
      expect(r.statusCode).toBe(201);
      await until(() => kube.deliveries.length === 1, 'the Kubernetes delivery');
      expect(kube.deliveries[0]!.signed.payload).toMatchObject({ node: 'k-1', version: 1 });
    } finally { await g2.close(); }
  });
});
