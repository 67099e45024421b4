/**
 * The Fleet tab as a person uses it, in headless Chromium, against the real live side: the web
 * app built by Vite and served by a real gateway (startGateway with the modules `edgetwin serve`
 * installs, shadow mode among them), a real Mosquitto, and three real edge agents (startAgent,
 * trusting the gateway's ed25519 key, state on disk, an in-memory runtime). A planner uploads a
 * plan moving the three nodes to shop/api. In the browser: a wrong token gets a clear error; a
 * viewer sees the three nodes ready with a heartbeat lag and no operator buttons; Disconnect
 * forgets the token; an operator approves, dry-runs "1,100%" (waves shown, nothing pushed) and
 * pushes: the canary reaches 1 of 1 while the full wave's agents are held mid-apply (0 of 2),
 * then the full wave reaches 2 of 2 and the push is done — the agents really run the versions the
 * push gave them; Roll back puts the previous (empty) workloads back under a newer version. A
 * second gateway without --mqtt and without shadow mode shows zero nodes and no shadow section.
 * Screenshots of each stage go to a temp directory (printed) to be looked at.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAgent, type Agent } from '../../../connectors/agent/agent.ts';
import type { Runtime } from '../../../connectors/agent/runtime.ts';
import type { GatewayOptions } from '../../../connectors/gateway/context.ts';
import { gatewayModules } from '../../../connectors/gateway/modules.ts';
import { startGateway, type RunningGateway } from '../../../connectors/gateway/server.ts';
import { createToken } from '../../../connectors/gateway/tokens.ts';
import type { PushView } from '../../../connectors/push/store.ts';
import { shadowModule } from '../../../connectors/shadow/shadow-routes.ts';
import type { Workload } from '../../../connectors/signing/desired-state.ts';
import { generateKeyPair, keyId, writeKeyPair } from '../../../connectors/signing/keys.ts';
import { ensureChromium, launchChromium, openPage, type WatchedPage } from '../../e2e/support/chromium.ts';
import { freePort, startMosquitto, type Mosquitto } from '../../connectors/support/real-servers.ts';
import { fleetPlan, until } from '../../connectors/push/support/fixtures.ts';
import { ROOT } from '../compare/bundled-files.ts';

const NODES = ['edge-a', 'edge-b', 'edge-c'];
const unavailable = ensureChromium();
if (unavailable) console.warn(`[app/fleet/fleet-e2e] SKIPPED: ${unavailable}`);

const out = mkdtempSync(join(tmpdir(), 'edgetwin-fleet-e2e-'));
const shots = join(out, 'shots');
const cleanups: (() => Promise<unknown>)[] = [];
let broker: Mosquitto;
let gw: RunningGateway;
let bare: RunningGateway;
let browser: Browser;
let tab: WatchedPage;
let page: Page;
const tokens = { viewer: '', planner: '', operator: '', bareViewer: '' };
const agents = new Map<string, Agent>();
const agentLogs: string[] = [];
let releaseFullWave: () => void = () => {};
let planHash = '';
let pushId = '';

/** An in-memory runtime; with `hold`, applying a non-empty set waits for it (the test decides when the node finishes). */
function memoryRuntime(hold: Promise<void> | null): Runtime {
  let running: Workload[] = [];
  return {
    async apply(ws) {
      if (ws.length && hold) await hold;
      running = [...ws];
      return ws.map((w) => ({ service: w.service, healthy: true, pid: null, error: null }));
    },
    health: () => running.map((w) => ({ service: w.service, healthy: true, pid: null })),
    async stopAll() { running = []; },
  };
}

const options = (over: Partial<GatewayOptions>): GatewayOptions => ({ mqttUrl: null, prometheusUrl: null, kubeconfig: null, signingKeyPath: null, approvalsRequired: 1, ...over });
const origin = (g: RunningGateway) => g.url.replace(/\/$/, '');

async function api<T>(g: RunningGateway, token: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; json: T }> {
  const res = await fetch(`${origin(g)}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  return { status: res.status, json: (await res.json()) as T };
}

const panel = (): Locator => page.locator('.fleet');
const visible = (l: Locator, timeout = 10_000) => l.first().waitFor({ state: 'visible', timeout });
/** Screenshots of the side panel's scroll container, one per visible height (name-0.png, name-1.png, …). */
async function shot(name: string, p: Page = page): Promise<void> {
  const el = p.locator('.side-body');
  const { sh, ch } = await el.evaluate((e) => ({ sh: e.scrollHeight, ch: e.clientHeight }));
  for (let i = 0; i * ch < sh; i++) {
    await el.evaluate((e, y) => { e.scrollTop = y; }, i * ch);
    await el.screenshot({ path: join(shots, `${name}-${i}.png`) });
  }
  await el.evaluate((e) => { e.scrollTop = 0; });
}
const nodeTable = async (p: Page = page) => p.getByRole('table', { name: 'Live nodes' }).locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
const bar = (name: RegExp) => panel().getByRole('progressbar', { name });
const barNow = async (name: RegExp) => Number(await bar(name).getAttribute('aria-valuenow'));
const barMax = async (name: RegExp) => Number(await bar(name).getAttribute('aria-valuemax'));

async function connectAs(token: string): Promise<void> {
  await page.getByLabel('API token').fill(token);
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
}

describe.skipIf(unavailable !== '')('Fleet tab in Chromium against a real gateway, Mosquitto and agents', () => {
  beforeAll(async () => {
    const appDir = join(out, 'app');
    const built = build({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'error', build: { outDir: appDir, emptyOutDir: true } });
    broker = await startMosquitto();
    cleanups.push(() => broker.stop());
    const key = generateKeyPair();
    const { privatePath } = writeKeyPair(key, out, 'gateway');
    await built;

    const modules = gatewayModules({
      push: { tickMs: 100, retryMs: 100, thresholds: { timeoutMs: 60_000 } },
      // Shadow mode over the same fleet: its section shows on this gateway (the bare one has none).
      extra: (fleet) => [shadowModule({
        fleet, intervalMs: 500,
        model: { nodes: new Map(NODES.map((n) => [n, { cores: 2, coreSpeed: 1 }])), services: new Map([['shop/api', { cpuWorkMs: 5 }]]), links: new Map() },
      })],
    }).modules;
    gw = await startGateway({ dbPath: join(out, 'gateway.db'), options: options({ mqttUrl: broker.url, signingKeyPath: privatePath }), modules, appDir, port: await freePort() });
    cleanups.push(() => gw.close());
    tokens.viewer = createToken(gw.ctx.db, { role: 'viewer', name: 'vera' }).token;
    tokens.planner = createToken(gw.ctx.db, { role: 'planner', name: 'pat' }).token;
    tokens.operator = createToken(gw.ctx.db, { role: 'operator', name: 'olga' }).token;
    // No --mqtt, no --key, no shadow mode: the panel must still make sense.
    bare = await startGateway({ dbPath: join(out, 'bare.db'), options: options({}), modules: gatewayModules().modules, appDir, port: await freePort() });
    cleanups.push(() => bare.close());
    tokens.bareViewer = createToken(bare.ctx.db, { role: 'viewer', name: 'vic' }).token;

    // The canary (edge-a, first in sort order) applies at once; the full wave's agents wait for the test.
    const held = new Promise<void>((r) => { releaseFullWave = r; });
    const trustedKeys = new Map([[keyId(key.publicKey), key.publicKey]]);
    for (const node of NODES) {
      const agent = await startAgent({
        brokerUrl: broker.url, node, trustedKeys, stateDir: mkdtempSync(join(out, `agent-${node}-`)), heartbeatMs: 300, metricsMs: 500, reconnectMs: 200,
        runtime: memoryRuntime(node === 'edge-a' ? null : held), log: (l) => agentLogs.push(`${node}: ${l}`),
      });
      agents.set(node, agent);
      cleanups.push(async () => { releaseFullWave(); await agent.stop(); });
    }

    const plan = fleetPlan(NODES, 'ui');
    planHash = plan.hash;
    const up = await api<{ hash: string; status: string }>(gw, tokens.planner, 'POST', '/api/v1/plans', plan);
    expect(up).toMatchObject({ status: 201, json: { hash: plan.hash, status: 'approvable' } });

    browser = await launchChromium();
    tab = await openPage(browser, origin(gw), { path: '/?t=0', viewport: { width: 1280, height: 900 } });
    page = tab.page;
  }, 120_000);

  afterAll(async () => {
    await tab?.context.close();
    await browser?.close();
    // Gateways first (their SSE and MQTT clients), then the agents, then the broker.
    for (const c of cleanups.reverse()) await c().catch(() => {});
    rmSync(join(out, 'app'), { recursive: true, force: true });
    console.log(`[app/fleet/fleet-e2e] screenshots in ${shots}`);
  });

  it('a wrong token gets a clear error and no connection', async () => {
    await page.getByRole('tab', { name: 'Fleet' }).click();
    await visible(page.getByRole('form', { name: 'Connect to the gateway' }));
    await connectAs('etw_0000000000000000_not-a-token-this-gateway-made');
    await visible(panel().getByRole('alert'));
    expect(await panel().getByRole('alert').textContent()).toMatch(/does not know this token/);
    expect(await page.getByText(/^Connected as/).count()).toBe(0);
    expect(await page.evaluate(() => sessionStorage.getItem('edgetwin.gatewayToken'))).toBeNull();
    await shot('1-wrong-token');
  });

  it('a viewer sees the three nodes ready with a heartbeat lag, shadow mode, the plan, and no operator buttons', async () => {
    await connectAs(tokens.viewer);
    await visible(page.getByText('Connected as'));
    expect(await page.locator('.fl-who').textContent()).toMatch(/Connected as vera \(viewer\)/);
    const rows = await until(async () => {
      const r = await nodeTable();
      return r.length === NODES.length && r.every((c) => c[1] === 'ready' && /^\d+ ms$|^\d+\.\d s$/.test(c[3]!)) ? r : null;
    }, 'the three nodes ready with a lag', 15_000, 100);
    expect(rows.map((c) => c[0])).toEqual(NODES);
    expect(rows.map((c) => c[4])).toEqual(['0', '0', '0']); // no version pushed yet
    expect(await panel().locator('.fl-counts').textContent()).toContain('3 ready');
    await visible(panel().getByRole('region', { name: 'Shadow mode' }));
    const plan = panel().getByRole('listitem', { name: 'Plan edge-ui' });
    await visible(plan);
    expect(await plan.textContent()).toContain('approvable');
    for (const name of ['Approve', 'Dry run', 'Push', 'Roll back']) expect(await panel().getByRole('button', { name, exact: true }).count()).toBe(0);
    expect(await page.evaluate(() => sessionStorage.getItem('edgetwin.gatewayToken'))).toBe(tokens.viewer);
    await shot('2-viewer');
  });

  it('Disconnect forgets the token and shows the connect form again', async () => {
    await page.getByRole('button', { name: 'Disconnect' }).click();
    await visible(page.getByRole('form', { name: 'Connect to the gateway' }));
    expect(await page.evaluate(() => sessionStorage.getItem('edgetwin.gatewayToken'))).toBeNull();
    expect(await page.getByRole('table', { name: 'Live nodes' }).count()).toBe(0);
  });

  it('an operator approves the plan', async () => {
    await connectAs(tokens.operator);
    await visible(page.getByText(/Connected as olga \(operator\)/));
    const plan = panel().getByRole('listitem', { name: 'Plan edge-ui' });
    await plan.getByRole('button', { name: 'Approve' }).click();
    await until(async () => /approved by olga/.test((await plan.textContent()) ?? ''), 'the plan to show approved');
    expect(await plan.locator('.fl-pill').textContent()).toBe('approved');
    expect(await plan.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    const listed = await api<{ plans: { hash: string; approved: boolean }[] }>(gw, tokens.viewer, 'GET', '/api/v1/plans');
    expect(listed.json.plans.find((p) => p.hash === planHash)?.approved).toBe(true);
    await shot('3-approved');
  });

  it('Dry run "1,100%" shows the canary and the full wave with each node\'s change, and pushes nothing', async () => {
    const plan = panel().getByRole('listitem', { name: 'Plan edge-ui' });
    // A wave spec the gateway refuses: its reason shows, and stays through the reloads that follow.
    await plan.getByLabel('waves').fill('1,lots');
    await plan.getByRole('button', { name: 'Dry run' }).click();
    const refusal = panel().getByRole('alert');
    await visible(refusal);
    expect(await refusal.textContent()).toMatch(/^dry run: 400: .*waves/);
    for (let i = 0; i < 2; i++) await page.waitForResponse((r) => r.url().endsWith('/api/v1/plans') && r.request().method() === 'GET', { timeout: 10_000 });
    expect(await refusal.count()).toBe(1);
    expect(await refusal.textContent()).toMatch(/^dry run: 400: .*waves/);
    await plan.getByLabel('waves').fill('1,100%');
    await plan.getByRole('button', { name: 'Dry run' }).click();
    const dry = panel().getByRole('region', { name: 'Dry run' });
    await visible(dry);
    expect(await panel().getByRole('alert').count()).toBe(0);
    const waves = await dry.locator('.fl-dry-waves > li').evaluateAll((lis) => lis.map((li) => ({
      label: li.querySelector('.fl-wave-label')?.textContent, nodes: [...li.querySelectorAll('li')].map((x) => x.textContent),
    })));
    // The agents reported running nothing, so what they run now (not the plan's baseline shop/old) is the "from".
    expect(waves).toEqual([
      { label: 'canary', nodes: ['edge-a +shop/api → v1'] },
      { label: 'wave 1', nodes: ['edge-b +shop/api → v1', 'edge-c +shop/api → v1'] },
    ]);
    expect((await api<{ pushes: unknown[] }>(gw, tokens.viewer, 'GET', '/api/v1/pushes')).json.pushes).toEqual([]);
    await shot('4-dry-run');
  });

  it('Push: the canary reaches 1 of 1 while the full wave is held at 0 of 2, then the full wave reaches 2 of 2 and the agents run the pushed versions', async () => {
    const plan = panel().getByRole('listitem', { name: 'Plan edge-ui' });
    await plan.getByRole('button', { name: 'Push', exact: true }).click();
    const push = panel().getByRole('listitem', { name: /^Push push-/ });
    await visible(push);
    pushId = ((await push.getAttribute('aria-label')) ?? '').replace(/^Push /, '');
    expect(pushId).toMatch(/^push-[0-9a-f]{16}$/);
    // The canary ran its version and its gate passed; the full wave's agents took it but are still applying.
    await until(async () => await barNow(/^canary/) === 1 && /delivering|gating/.test((await push.locator('[data-wave="1"] .fl-wave-state').textContent()) ?? ''), 'the canary done and wave 1 started', 20_000, 100);
    expect([await barMax(/^canary/), await barNow(/^wave 1/), await barMax(/^wave 1/)]).toEqual([1, 0, 2]);
    expect(await push.locator('[data-wave="0"] .fl-wave-state').textContent()).toBe('1/1 · passed');
    expect(agents.get('edge-a')!.runningVersion()).toBe(1);
    expect([agents.get('edge-b')!.runningVersion(), agents.get('edge-c')!.runningVersion()]).toEqual([0, 0]);
    await shot('5-canary');

    releaseFullWave();
    await until(async () => (await push.locator('[data-push-state]').textContent()) === 'done', 'the push to be done', 20_000, 100);
    await until(async () => await barNow(/^wave 1/) === 2, 'wave 1 to show 2 of 2', 10_000, 100);
    expect([await barNow(/^canary/), await barMax(/^canary/), await barMax(/^wave 1/)]).toEqual([1, 1, 2]);
    // What the push gave each node is what each agent runs, and the fleet says so too.
    const view = (await api<PushView>(gw, tokens.viewer, 'GET', `/api/v1/pushes/${pushId}`)).json;
    expect(view.state).toBe('done');
    for (const n of NODES) {
      expect(view.nodes[n]).toMatchObject({ state: 'delivered', version: 1 });
      expect(agents.get(n)!.runningVersion()).toBe(view.nodes[n]!.version);
      expect(agents.get(n)!.runningState()!.payload.workloads).toEqual([{ service: 'shop/api' }]);
    }
    const rows = await until(async () => { const r = await nodeTable(); return r.every((c) => c[4] === '1' && c[5] === 'shop/api') ? r : null; }, 'the table to show version 1 running shop/api', 10_000, 100);
    expect(rows.map((c) => c[0])).toEqual(NODES);
    // The plan has its push: no second Push (the gateway would only answer the existing one).
    expect(await plan.textContent()).toContain(`pushed as ${pushId} (done)`);
    expect(await plan.getByRole('button', { name: 'Push', exact: true }).count()).toBe(0);
    await shot('6-done');
  });

  it('Roll back puts back what the nodes ran before, under a newer version', async () => {
    const push = panel().getByRole('listitem', { name: `Push ${pushId}` });
    await push.getByRole('button', { name: 'Roll back' }).click();
    await until(async () => (await push.locator('[data-push-state]').textContent()) === 'rolled-back', 'the push to be rolled back', 20_000, 100);
    const view = (await api<PushView>(gw, tokens.viewer, 'GET', `/api/v1/pushes/${pushId}`)).json;
    for (const n of NODES) {
      const rb = view.nodes[n]!.rollbackVersion;
      expect(rb).toBeGreaterThan(view.nodes[n]!.version!);
      await until(() => agents.get(n)!.runningVersion() === rb, `${n} to run its rollback version`);
      expect(agents.get(n)!.runningState()!.payload.workloads).toEqual([]);
    }
    await until(async () => await barNow(/^wave 1/) === 2 && await barNow(/^canary/) === 1, 'the bars to show the nodes back', 10_000, 100);
    expect(await push.getByRole('button', { name: 'Roll back' }).count()).toBe(0);
    await shot('7-rolled-back');
    // Only the wrong token's 401 and the refused dry run's 400 reached the console; nothing else went wrong in the page.
    expect(tab.errors.filter((e) => !/Failed to load resource: the server responded with a status of 40[01]/.test(e))).toEqual([]);
    expect(tab.foreignRequests).toEqual([]);
  });

  it('at the narrowest side panel, with a long node id, nothing overflows sideways', async () => {
    const long = 'edge-north-rack-17-gateway-with-a-rather-long-hostname.example.internal';
    const agent = await startAgent({
      brokerUrl: broker.url, node: long, trustedKeys: new Map(), stateDir: mkdtempSync(join(out, 'agent-long-')), heartbeatMs: 300, metricsMs: 500, reconnectMs: 200,
      runtime: memoryRuntime(null), log: (l) => agentLogs.push(`long: ${l}`),
    });
    cleanups.push(() => agent.stop());
    await until(async () => (await nodeTable()).some((c) => c[0] === long && c[1] === 'ready'), 'the long-named node to show ready', 15_000, 100);
    // The shell gives the side panel 48vw but at least 420 px: at 860 px the floor applies.
    await page.setViewportSize({ width: 860, height: 900 });
    await until(async () => (await page.locator('aside.side').evaluate((e) => e.getBoundingClientRect().width)) <= 440, 'the side panel to narrow');
    const overflow = await page.locator('.side-body').evaluate((body) => [body, ...body.querySelectorAll('.fleet, .fl-table-wrap, .fl-push, .fl-plan')]
      .filter((e) => e.scrollWidth > e.clientWidth + 1).map((e) => `${e.className || e.tagName}: ${e.scrollWidth} > ${e.clientWidth}`));
    await shot('9-narrow');
    expect(overflow).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('a gateway without --mqtt and without shadow mode: zero nodes, no shadow section, no error', async () => {
    const other = await openPage(browser, origin(bare), { path: '/?t=0', viewport: { width: 1280, height: 900 } });
    try {
      const p = other.page;
      await p.getByRole('tab', { name: 'Fleet' }).click();
      await p.getByLabel('API token').fill(tokens.bareViewer);
      await p.getByRole('button', { name: 'Connect', exact: true }).click();
      await visible(p.getByText(/No node has reported yet/));
      expect(await p.locator('.fleet h3').first().textContent()).toBe('Nodes (0)');
      await visible(p.getByText(/^No plan yet/));
      // /api/v1/shadow answered 404: the section is left out, not shown as an error or as loading.
      expect(await p.getByRole('region', { name: 'Shadow mode' }).count()).toBe(0);
      expect(await p.locator('.fleet').getByText(/Loading/).count()).toBe(0);
      expect(await p.locator('.fleet [role="alert"]').count()).toBe(0);
      await shot('8-bare-gateway', p);
      // The token is kept for this browser tab: a reload connects again by itself.
      await p.reload({ waitUntil: 'load' });
      await p.getByRole('tab', { name: 'Fleet' }).click();
      await visible(p.getByText(/Connected as vic \(viewer\)/));
      expect(other.errors.filter((e) => !/status of 404/.test(e))).toEqual([]);
    } finally {
      await other.context.close();
    }
  });
});
