/**
 * The gateway's limits and its audit log, from outside: a body over the limit gets 413 and a
 * client over its rate 429 with Retry-After, both as JSON; the audit log refuses UPDATE and DELETE,
 * and an entry edited, removed or cut from the end behind the gateway's back (triggers dropped, as
 * someone with the database file could) is found by verify() and by GET /api/v1/audit/verify,
 * naming the entry; audit entries are streamed live on GET /api/v1/events.
 */
import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { testGateway, type TestGateway } from './support/gateway.ts';

let gw: TestGateway | null = null;
afterEach(async () => { await gw?.close(); gw = null; });

function seed(g: TestGateway, n: number): void {
  for (let i = 0; i < n; i++) g.ctx.audit.append({ actor: 'system', action: 'test.entry', target: `t${i}`, outcome: 'ok', reason: `entry ${i}`, detail: { i } });
}

async function verifyRoute(g: TestGateway) {
  return (await g.app.inject({ url: '/api/v1/audit/verify', headers: g.auth(g.tokens.operator) })).json();
}

describe('gateway limits', () => {
  it('a body over the limit is refused with 413 and a message naming the limit', async () => {
    gw = await testGateway({ limits: { bodyLimitBytes: 2048 } });
    const res = await gw.app.inject({ method: 'POST', url: '/api/v1/plans', headers: { ...gw.auth(gw.tokens.planner), 'content-type': 'application/json' }, payload: JSON.stringify({ pad: 'x'.repeat(4096) }) });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toEqual({ error: 'payload_too_large', message: 'request body is larger than the limit of 2048 bytes' });
  });

  it('a client over its rate gets 429 with Retry-After; another token is unaffected', async () => {
    let now = 1_000_000;
    gw = await testGateway({ limits: { rateLimit: { burst: 3, perSecond: 1 } }, nowMs: () => now });
    const call = (t: string) => gw!.app.inject({ url: '/api/v1/whoami', headers: gw!.auth(t) });
    for (let i = 0; i < 3; i++) expect((await call(gw.tokens.viewer)).statusCode).toBe(200);
    const limited = await call(gw.tokens.viewer);
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(limited.json().error).toBe('too_many_requests');
    expect((await call(gw.tokens.planner)).statusCode).toBe(200);
    now += 1000; // one request refilled
    expect((await call(gw.tokens.viewer)).statusCode).toBe(200);
    expect((await call(gw.tokens.viewer)).statusCode).toBe(429);
  });

  it('malformed JSON and schema violations get 400 with the field, never a stack trace', async () => {
    gw = await testGateway();
    const broken = await gw.app.inject({ method: 'POST', url: '/api/v1/plans', headers: { ...gw.auth(gw.tokens.planner), 'content-type': 'application/json' }, payload: '{"hash": ' });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().message).toMatch(/not valid JSON/);
    const wrong = await gw.app.inject({ method: 'GET', url: '/api/v1/audit?limit=0', headers: gw.auth(gw.tokens.operator) });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().message).toMatch(/limit/);
    expect(broken.body + wrong.body).not.toMatch(/at .*\.ts:\d+/);
  });
});

describe('the audit log', () => {
  it('refuses UPDATE and DELETE through SQL', async () => {
    gw = await testGateway();
    seed(gw, 3);
    expect(() => gw!.ctx.db.prepare(`UPDATE audit SET reason = 'nothing happened' WHERE seq = 2`).run()).toThrow(/append-only: UPDATE refused/);
    expect(() => gw!.ctx.db.prepare(`DELETE FROM audit WHERE seq = 2`).run()).toThrow(/append-only: DELETE refused/);
    expect(gw.ctx.audit.verify()).toMatchObject({ ok: true });
  });

  it.each([
    ['an edited reason', (db: Database.Database) => db.prepare(`UPDATE audit SET reason = 'nothing happened' WHERE seq = 4`).run(), 4, /edited/],
    ['an edited and re-hashed entry', (db: Database.Database) => {
      // Editing an entry and recomputing its own hash still breaks the next entry's link.
      db.prepare(`UPDATE audit SET reason = 'nothing happened', hash = '${'a'.repeat(64)}' WHERE seq = 4`).run();
    }, 4, /edited/],
    ['a removed middle entry', (db: Database.Database) => db.prepare(`DELETE FROM audit WHERE seq = 3`).run(), 3, /missing.*deleted/],
    ['entries cut from the end', (db: Database.Database) => db.prepare(`DELETE FROM audit WHERE seq > 5`).run(), 6, /after 5 were deleted/],
  ])('finds %s and names the entry', async (_what, tamper, seq, problem) => {
    gw = await testGateway();
    seed(gw, 8);
    const before = gw.ctx.audit.verify();
    expect(before.ok).toBe(true);
    // Someone with the database file drops the guards and edits it with another connection.
    const other = new Database(gw.dbPath);
    other.exec('DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;');
    tamper(other);
    other.close();
    const after = gw.ctx.audit.verify();
    expect(after).toMatchObject({ ok: false, seq });
    expect((after as { problem: string }).problem).toMatch(problem);
    expect(await verifyRoute(gw)).toMatchObject({ ok: false, seq });
  });
});

describe('the event stream', () => {
  it('streams audit entries to a viewer over SSE', async () => {
    gw = await testGateway();
    await gw.app.listen({ port: 0, host: '127.0.0.1' });
    const addr = gw.app.server.address() as { port: number };
    const ctl = new AbortController();
    const res = await fetch(`http://127.0.0.1:${addr.port}/api/v1/events`, { headers: gw.auth(gw.tokens.viewer), signal: ctl.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = res.body!.getReader();
    seed(gw, 2);
    let text = '';
    const deadline = Date.now() + 10_000;
    while (!(text.match(/event: audit/g)?.length === 2) && Date.now() < deadline) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    ctl.abort();
    const frames = text.split('\n\n').filter((f) => f.startsWith('event: audit'));
    expect(frames.map((f) => JSON.parse(f.split('\n')[1]!.slice(6)).target)).toEqual(['t0', 't1']);
    const anon = await fetch(`http://127.0.0.1:${addr.port}/api/v1/events`);
    expect(anon.status).toBe(401);
  });
});
