/**
 * Deny by default, route by route: every route of the gateway core × no token / a malformed one /
 * an unknown one / a revoked one / each role. Missing, bad and revoked tokens get 401, a role
 * below the route's 403, each with a JSON message and an `auth.deny` audit entry naming the actor,
 * the route and why; allowed calls are answered and not audited as denials. A route that declares
 * no access is refused to everyone, operators included.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../../connectors/gateway/context.ts';
import { listAuditEntries } from '../../../connectors/gateway/audit-log.ts';
import { realPlans, testGateway, type TestGateway } from './support/gateway.ts';

let gw: TestGateway;
let hash = '';

beforeAll(async () => {
  gw = await testGateway({ extraModules: [(app) => { app.get('/api/v1/undeclared', async () => ({ leaked: true })); }] });
  hash = realPlans().approvable.hash;
});
afterAll(async () => { await gw?.close(); });

type Caller = 'none' | 'malformed' | 'unknown' | 'revoked' | Role;
const CALLERS: Caller[] = ['none', 'malformed', 'unknown', 'revoked', 'viewer', 'planner', 'operator'];
const RANK: Record<Role, number> = { viewer: 0, planner: 1, operator: 2 };

interface RouteCase { method: 'GET' | 'POST'; url: () => string; need: Role | 'public' | 'nobody'; ok: number[]; payload?: () => unknown }
const ROUTES: RouteCase[] = [
  { method: 'GET', url: () => '/healthz', need: 'public', ok: [200] },
  { method: 'GET', url: () => '/metrics', need: 'viewer', ok: [200] },
  { method: 'GET', url: () => '/api/v1/whoami', need: 'viewer', ok: [200] },
  { method: 'GET', url: () => '/api/v1/plans', need: 'viewer', ok: [200] },
  { method: 'POST', url: () => '/api/v1/plans', need: 'planner', ok: [200, 201], payload: () => realPlans().approvable },
  { method: 'GET', url: () => `/api/v1/plans/${hash}`, need: 'viewer', ok: [200, 404] },
  { method: 'POST', url: () => `/api/v1/plans/${hash}/approve`, need: 'operator', ok: [200, 404] },
  { method: 'GET', url: () => '/api/v1/fleet', need: 'viewer', ok: [200] },
  { method: 'GET', url: () => '/api/v1/fleet/snapshot', need: 'viewer', ok: [200] },
  { method: 'POST', url: () => `/api/v1/plans/${hash}/pushes`, need: 'operator', ok: [409], payload: () => ({ via: 'mqtt', waves: '1,100%' }) },
  { method: 'GET', url: () => '/api/v1/pushes', need: 'viewer', ok: [200] },
  { method: 'GET', url: () => '/api/v1/pushes/push-0123456789abcdef', need: 'viewer', ok: [404] },
  { method: 'POST', url: () => '/api/v1/pushes/push-0123456789abcdef/rollback', need: 'operator', ok: [404], payload: () => ({}) },
  { method: 'GET', url: () => '/api/v1/audit', need: 'operator', ok: [200] },
  { method: 'GET', url: () => '/api/v1/audit/verify', need: 'operator', ok: [200] },
  { method: 'GET', url: () => '/api/v1/undeclared', need: 'nobody', ok: [] },
];

function headerFor(c: Caller): Record<string, string> {
  switch (c) {
    case 'none': return {};
    case 'malformed': return { authorization: 'Basic dXNlcjpwYXNz' };
    case 'unknown': return gw.auth(`etw_0123456789abcdef_${'A'.repeat(43)}`);
    case 'revoked': return gw.auth(gw.tokens.revoked);
    default: return gw.auth(gw.tokens[c]);
  }
}

function expected(r: RouteCase, c: Caller): number | 'ok' {
  if (r.need === 'public') return 'ok';
  if (c === 'none' || c === 'malformed' || c === 'unknown' || c === 'revoked') return 401;
  if (r.need === 'nobody') return 403;
  return RANK[c] >= RANK[r.need] ? 'ok' : 403;
}

const ACTOR: Record<Caller, string> = { none: 'anonymous', malformed: 'anonymous', unknown: 'anonymous', revoked: 'anonymous', viewer: 'vera', planner: 'pat', operator: 'olga' };

describe('gateway auth matrix (deny by default)', () => {
  for (const r of ROUTES) {
    for (const c of CALLERS) {
      const want = expected(r, c);
      it(`${r.method} ${r.url().replace(/[0-9a-f]{64}/, ':hash')} as ${c} → ${want === 'ok' ? r.ok.join('|') || 'ok' : want}`, async () => {
        const before = listAuditEntries(gw.ctx.db, 0, 100_000).length;
        const res = await gw.app.inject({ method: r.method, url: r.url(), headers: headerFor(c), ...(r.payload ? { payload: r.payload() as object } : {}) });
        const denials = listAuditEntries(gw.ctx.db, before, 100_000).filter((e) => e.action === 'auth.deny');
        if (want === 'ok') {
          expect(r.ok).toContain(res.statusCode);
          expect(denials).toEqual([]);
          return;
        }
        expect(res.statusCode).toBe(want);
        const body = res.json() as { error: string; message: string };
        expect(body.error).toBe(want === 401 ? 'unauthorized' : 'forbidden');
        expect(body.message.length).toBeGreaterThan(20);
        expect(denials).toHaveLength(1);
        const d = denials[0]!;
        expect(d.actor).toBe(ACTOR[c]);
        expect(d.outcome).toBe('denied');
        // The audit names the route as declared (its pattern), not the concrete URL.
        expect(d.target).toBe(`${r.method} ${r.url().replace(hash, ':hash').replace(/push-[0-9a-f]{16}/, ':id')}`);
        expect(d.reason).toBe(body.message.replace(/^(unauthorized|forbidden): /, ''));
        if (c === 'revoked') expect(d.reason).toMatch(/was revoked at/);
        if (c === 'none') expect(d.reason).toMatch(/no bearer token/);
        if (want === 403 && r.need !== 'nobody') expect(d.reason).toContain(`needs ${r.need}`);
        if (r.need === 'nobody' && want === 403) expect(d.reason).toMatch(/deny by default/);
      });
    }
  }

  it('whoami names the token and its role; the audit chain of all the above verifies', async () => {
    const res = await gw.app.inject({ url: '/api/v1/whoami', headers: gw.auth(gw.tokens.planner) });
    expect(res.json()).toEqual({ name: 'pat', role: 'planner' });
    expect(gw.ctx.audit.verify()).toMatchObject({ ok: true });
  });
});
