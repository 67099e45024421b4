/**
 * acceptDesiredState: every refusal reason with a real ed25519 signature, the order of the checks,
 * and a valid state accepted. Pure and fast.
 */
import { describe, expect, it } from 'vitest';
import { acceptDesiredState, MAX_WORKLOADS, verifyDesiredState } from '../../../connectors/agent/accept.ts';
import { payload, signed, testKey } from './support/states.ts';

const NODE = 'edge-1';
const NOW = Date.parse('2026-06-01T12:00:00Z');
const gw = testKey();
const other = testKey();
const ctx = { node: NODE, trustedKeys: gw.trust, runningVersion: 3, nowMs: NOW };
const good = () => signed(gw, payload(NODE, 4, [{ service: 'shop/api', command: ['sleep', '60'], env: { PORT: '8080' } }, { service: 'shop/db' }], NOW));
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

describe('acceptDesiredState', () => {
  it('accepts a valid state signed by the trusted key, newer, for this node, inside its window', () => {
    const s = good();
    const d = acceptDesiredState(clone(s), ctx);
    expect(d.ok).toBe(true);
    if (d.ok) expect(d.state).toEqual(s);
  });

  it('accepts when the key is one of several trusted (key rotation)', () => {
    const trust = new Map([...other.trust, ...gw.trust]);
    expect(acceptDesiredState(good(), { ...ctx, trustedKeys: trust }).ok).toBe(true);
  });

  // Each row: a way to break the state, and the reason the agent must give.
  const refusals: [string, () => unknown, string, RegExp][] = [
    ['tampered payload (workload added after signing)', () => { const s = clone(good()); s.payload.workloads.push({ service: 'evil/miner' }); return s; }, 'bad-signature', /does not verify/],
    ['tampered payload (command changed after signing)', () => { const s = clone(good()); s.payload.workloads[0]!.command = ['sh', '-c', 'curl evil']; return s; }, 'bad-signature', /does not verify/],
    ['unsigned (no signature field)', () => { const s = clone(good()) as unknown as Record<string, unknown>; delete s.signature; return s; }, 'bad-signature', /unsigned/],
    ['unsigned (empty signature)', () => ({ ...good(), signature: '' }), 'bad-signature', /unsigned/],
    ['garbage signature', () => ({ ...good(), signature: 'bm90IGEgc2lnbmF0dXJl' }), 'bad-signature', /not a base64 ed25519/],
    ['64 zero bytes as signature', () => ({ ...good(), signature: Buffer.alloc(64).toString('base64') }), 'bad-signature', /does not verify/],
    ['wrongly signed: other key, claiming the trusted key id', () => ({ ...signed(other, good().payload), keyId: gw.id }), 'bad-signature', /does not verify/],
    ['unknown key id (signed by an untrusted key)', () => signed(other, good().payload), 'unknown-key', new RegExp(`${other.id}.*not trusted`)],
    ['expired', () => signed(gw, payload(NODE, 4, [], NOW, { notBefore: '2026-05-01T00:00:00Z', expiresAt: '2026-06-01T11:59:59Z' })), 'expired', /expired at 2026-06-01T11:59:59Z/],
    ['not yet valid', () => signed(gw, payload(NODE, 4, [], NOW, { notBefore: '2026-06-01T12:00:01Z', expiresAt: '2026-07-01T00:00:00Z' })), 'not-yet-valid', /valid from 2026-06-01T12:00:01Z/],
    ['replayed (the version running)', () => signed(gw, payload(NODE, 3, [], NOW)), 'not-newer', /replay/],
    ['rolled back (a lower version)', () => signed(gw, payload(NODE, 2, [], NOW)), 'not-newer', /rollback/],
    ["another node's state", () => signed(gw, payload('edge-2', 4, [], NOW)), 'wrong-node', /edge-2/],
    ['malformed: not an object', () => 'hello', 'malformed', /desired state: expected an object/],
    ['malformed: null', () => null, 'malformed', /expected an object/],
    ['malformed: version not an integer', () => signed(gw, { ...payload(NODE, 4, [], NOW), version: 4.5 }), 'malformed', /payload\.version/],
    ['malformed: version as a string', () => { const s = clone(good()) as unknown as { payload: Record<string, unknown> }; s.payload.version = '4'; return s; }, 'malformed', /payload\.version/],
    ['malformed: wrong kind', () => { const s = clone(good()) as unknown as { payload: Record<string, unknown> }; s.payload.kind = 'Pod'; return s; }, 'malformed', /payload\.kind/],
    ['malformed: not an ISO instant', () => signed(gw, payload(NODE, 4, [], NOW, { expiresAt: 'tomorrow' })), 'malformed', /payload\.expiresAt/],
    ['malformed: a date that does not exist', () => signed(gw, payload(NODE, 4, [], NOW, { expiresAt: '2026-02-30T00:00:00Z' })), 'malformed', /not a real date/],
    ['malformed: window ends before it starts', () => signed(gw, payload(NODE, 4, [], NOW, { notBefore: '2026-06-02T00:00:00Z', expiresAt: '2026-06-01T00:00:00Z' })), 'malformed', /before notBefore/],
    ['malformed: workloads not a list', () => { const s = clone(good()) as unknown as { payload: Record<string, unknown> }; s.payload.workloads = { a: 1 }; return s; }, 'malformed', /payload\.workloads/],
    ['malformed: too many workloads', () => signed(gw, payload(NODE, 4, Array.from({ length: MAX_WORKLOADS + 1 }, (_, i) => ({ service: `a/s${i}` })), NOW)), 'malformed', /over the limit/],
    ['malformed: service not "app/service"', () => signed(gw, payload(NODE, 4, [{ service: 'api' }], NOW)), 'malformed', /workloads\[0\]\.service: expected "app\/service"/],
    ['malformed: service with a space', () => signed(gw, payload(NODE, 4, [{ service: 'shop/my api' }], NOW)), 'malformed', /workloads\[0\]\.service/],
    ['malformed: service declared twice', () => signed(gw, payload(NODE, 4, [{ service: 'a/b' }, { service: 'a/b' }], NOW)), 'malformed', /declared twice/],
    ['malformed: empty command', () => signed(gw, payload(NODE, 4, [{ service: 'a/b', command: [] }], NOW)), 'malformed', /workloads\[0\]\.command/],
    ['malformed: command with a number', () => { const s = clone(good()) as unknown as { payload: { workloads: Record<string, unknown>[] } }; s.payload.workloads[0]!.command = ['sleep', 5]; return s; }, 'malformed', /command\[1\]/],
    ['malformed: env value not a string', () => { const s = clone(good()) as unknown as { payload: { workloads: Record<string, unknown>[] } }; s.payload.workloads[0]!.env = { PORT: 8080 }; return s; }, 'malformed', /env\.PORT/],
    ['malformed: bad env name', () => signed(gw, payload(NODE, 4, [{ service: 'a/b', env: { 'A=B': 'x' } }], NOW)), 'malformed', /not a variable name/],
    ['malformed: unknown field in payload', () => { const s = clone(good()) as unknown as { payload: Record<string, unknown> }; s.payload.privileged = true; return s; }, 'malformed', /payload\.privileged: unknown field/],
    ['malformed: key id not hex', () => ({ ...good(), keyId: 'gateway' }), 'malformed', /keyId/],
    ['malformed: signature a number', () => ({ ...good(), signature: 42 }), 'malformed', /signature/],
  ];

  for (const [name, make, reason, message] of refusals) {
    it(`refuses ${name}: ${reason}`, () => {
      const d = acceptDesiredState(make(), ctx);
      expect(d.ok).toBe(false);
      if (d.ok) return;
      expect(d.reason).toBe(reason);
      expect(d.message).toMatch(message);
    });
  }

  it('checks in order: malformed before unknown key, unknown key before signature, signature before node, node before version, version before window', () => {
    const untrusted = signed(other, payload('edge-2', 1, [], NOW, { expiresAt: '2026-06-01T11:00:00Z', notBefore: '2026-06-01T10:00:00Z' }));
    const broken = clone(untrusted) as unknown as { payload: Record<string, unknown> };
    broken.payload.version = -1;
    expect(acceptDesiredState(broken, ctx)).toMatchObject({ ok: false, reason: 'malformed' });
    expect(acceptDesiredState(untrusted, ctx)).toMatchObject({ ok: false, reason: 'unknown-key' });
    expect(acceptDesiredState({ ...untrusted, keyId: gw.id }, ctx)).toMatchObject({ ok: false, reason: 'bad-signature' });
    const allWrong = signed(gw, untrusted.payload);
    expect(acceptDesiredState(allWrong, ctx)).toMatchObject({ ok: false, reason: 'wrong-node' });
    expect(acceptDesiredState(signed(gw, { ...untrusted.payload, node: NODE }), ctx)).toMatchObject({ ok: false, reason: 'not-newer' });
    expect(acceptDesiredState(signed(gw, { ...untrusted.payload, node: NODE, version: 9 }), ctx)).toMatchObject({ ok: false, reason: 'expired' });
  });

  it('a refusal carries the version, push and plan it read, or nulls when unreadable', () => {
    const d = acceptDesiredState(signed(gw, payload(NODE, 2, [], NOW)), ctx);
    expect(d).toMatchObject({ ok: false, received: { version: 2, pushId: 'push-2', planHash: 'plan-2' } });
    expect(acceptDesiredState([1, 2], ctx)).toMatchObject({ ok: false, received: { version: null, pushId: null, planHash: null } });
  });

  it('the window edges are inclusive: valid at notBefore and at expiresAt exactly', () => {
    const p = payload(NODE, 4, [], NOW, { notBefore: '2026-06-01T12:00:00.000Z', expiresAt: '2026-06-01T13:00:00.000Z' });
    expect(acceptDesiredState(signed(gw, p), ctx).ok).toBe(true);
    expect(acceptDesiredState(signed(gw, p), { ...ctx, nowMs: Date.parse(p.expiresAt) }).ok).toBe(true);
    expect(acceptDesiredState(signed(gw, p), { ...ctx, nowMs: Date.parse(p.expiresAt) + 1 })).toMatchObject({ ok: false, reason: 'expired' });
    expect(acceptDesiredState(signed(gw, p), { ...ctx, nowMs: NOW - 1 })).toMatchObject({ ok: false, reason: 'not-yet-valid' });
  });

  it('verifyDesiredState ignores version and window (for re-verifying the saved state) but not key, signature or node', () => {
    const old = signed(gw, payload(NODE, 1, [], NOW, { notBefore: '2020-01-01T00:00:00Z', expiresAt: '2020-01-02T00:00:00Z' }));
    expect(verifyDesiredState(old, ctx).ok).toBe(true);
    expect(verifyDesiredState(old, { ...ctx, node: 'edge-9' })).toMatchObject({ ok: false, reason: 'wrong-node' });
    expect(verifyDesiredState(old, { ...ctx, trustedKeys: other.trust })).toMatchObject({ ok: false, reason: 'unknown-key' });
  });

  it('never throws on hostile input', () => {
    const inputs: unknown[] = [undefined, 0, true, [], {}, { payload: [] }, { payload: { kind: 1 } }, { payload: good().payload, keyId: gw.id, signature: {} },
      JSON.parse('{"__proto__": {"x": 1}, "payload": null}'), { payload: { ...good().payload, workloads: [null] }, keyId: gw.id, signature: '' }];
    for (const i of inputs) expect(acceptDesiredState(i, ctx)).toMatchObject({ ok: false, reason: 'malformed' });
  });
});
