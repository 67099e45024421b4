/**
 * The Fleet panel's store (outside React) against a real gateway over HTTP, in Node: a wrong
 * token is refused with a clear message; a viewer's connection loads the fleet (zero nodes
 * without --mqtt), plans and pushes, and marks shadow mode unavailable (404) instead of failing;
 * an operator's refused action keeps its reason through reloads; when the gateway goes away the
 * event stream is marked down, and when it is back on the same port the stream reconnects and
 * the store shows what changed meanwhile.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { approvePlan, connect, disconnect, fleetStore, reload } from '../../../app/fleet/fleet-store.ts';
import { gatewayModules } from '../../../connectors/gateway/modules.ts';
import { startGateway, type RunningGateway } from '../../../connectors/gateway/server.ts';
import { createToken } from '../../../connectors/gateway/tokens.ts';
import { freePort } from '../../connectors/support/real-servers.ts';
import { offlineOptions, realPlans } from '../../connectors/gateway/support/gateway.ts';
import { fleetPlan, until } from '../../connectors/push/support/fixtures.ts';

const dir = mkdtempSync(join(tmpdir(), 'edgetwin-fleet-store-'));
const dbPath = join(dir, 'gateway.db');
let gw: RunningGateway | null = null;
let port = 0;

async function start(): Promise<RunningGateway> {
  gw = await startGateway({ dbPath, options: offlineOptions(), modules: gatewayModules().modules, port });
  return gw;
}

afterAll(async () => {
  disconnect();
  await gw?.close();
});

const state = () => fleetStore.getState();

describe('fleet store against a real gateway', () => {
  it('refuses a wrong token; a viewer loads the fleet, plans and pushes, with shadow mode unavailable', async () => {
    // The real planner's plans first: it takes seconds, longer than the server keeps an idle keep-alive socket.
    realPlans();
    port = await freePort();
    const g = await start();
    const viewer = createToken(g.ctx.db, { role: 'viewer', name: 'vera' }).token;
    const base = `http://127.0.0.1:${port}`;

    await connect('etw_nope', base);
    expect(state()).toMatchObject({ status: 'error', message: 'the gateway does not know this token (or it was revoked)', who: null });
    await connect('   ', base);
    expect(state()).toMatchObject({ status: 'error', message: expect.stringMatching(/^enter a token/) });

    await connect(viewer, base);
    expect(state()).toMatchObject({ status: 'connected', message: null, who: { name: 'vera', role: 'viewer' }, plans: [], pushes: [], shadow: null });
    expect(state().fleet?.nodes).toEqual([]);
    expect(state().unavailable).toEqual(['shadow']);
  });

  it("an operator's refused approval keeps its reason through reloads; the next action clears it", async () => {
    const g = gw!;
    const operator = createToken(g.ctx.db, { role: 'operator', name: 'olga' }).token;
    const planner = createToken(g.ctx.db, { role: 'planner', name: 'pat' }).token;
    const { blocked, approvable } = realPlans();
    for (const p of [blocked, approvable]) {
      const r = await fetch(`${g.url}api/v1/plans`, { method: 'POST', headers: { authorization: `Bearer ${planner}`, 'content-type': 'application/json' }, body: JSON.stringify(p) });
      expect(r.status).toBe(201);
    }
    await connect(operator, `http://127.0.0.1:${port}`);
    expect(state().plans?.map((p) => p.hash).sort()).toEqual([blocked.hash, approvable.hash].sort());
    await approvePlan(blocked.hash);
    expect(state().actionError).toMatch(/^approve: 409: /);
    await reload();
    expect(state().actionError).toMatch(/^approve: 409: /);
    await approvePlan(approvable.hash);
    expect(state().actionError).toBeNull();
    expect(state().plans?.find((p) => p.hash === approvable.hash)?.approved).toBe(true);
  });

  it('the event stream is marked down while the gateway is away, and reconnects when it is back; what changed meanwhile shows', async () => {
    expect(state().streamDown).toBe(false);
    await gw!.close();
    await until(() => state().streamDown, 'the stream to be marked down', 10_000, 50);
    const before = state().plans?.length ?? 0;
    const g = await start();
    // Uploaded before the store's stream is back: its event is lost, yet the panel must show it.
    const planner = createToken(g.ctx.db, { role: 'planner', name: 'pat2' }).token;
    const extra = fleetPlan(['edge-x'], 'restart');
    const r = await fetch(`${g.url}api/v1/plans`, { method: 'POST', headers: { authorization: `Bearer ${planner}`, 'content-type': 'application/json' }, body: JSON.stringify(extra) });
    expect(r.status).toBe(201);
    await until(() => !state().streamDown, 'the stream to reconnect', 10_000, 50);
    await until(() => state().plans?.some((p) => p.hash === extra.hash), 'the new plan to show', 10_000, 50);
    expect(state().plans?.length).toBe(before + 1);
    expect(state()).toMatchObject({ status: 'connected', message: null, who: { name: 'olga', role: 'operator' } });
    disconnect();
    expect(state()).toMatchObject({ status: 'disconnected', who: null, fleet: null, plans: null, streamDown: false });
  });
});
