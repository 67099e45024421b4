/**
 * The web app end to end, as a person uses it, in headless Chromium on SwiftShader: it opens on
 * metro-operations and tells the crash and the relocation; a node failed through the UI is marked
 * down in the table and the scene, its replicas move and the log says why; charts follow; a
 * shared URL restores the view and a bad one is explained; the main thread never blocks while it
 * plays; no console errors or warnings. Controls are found by role and accessible name.
 * Screenshots go to .tmp/e2e-app/ (look at them).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureChromium, launchChromium, openPage, type WatchedPage } from './support/chromium.ts';
import { serveApp, type AppServer } from './support/app-server.ts';

const SHOTS = join(import.meta.dirname, '../../.tmp/e2e-app');
const unavailable = ensureChromium();
if (unavailable) console.warn(`[e2e/app] SKIPPED: ${unavailable}`);

let app: AppServer;
let browser: Browser;
const pages: WatchedPage[] = [];

async function open(path: string): Promise<Page> {
  // One live page at a time: each one simulates, and two cores are all there is.
  for (const old of pages) if (!old.page.isClosed()) await old.context.close();
  const w = await openPage(browser, app.origin, { path, viewport: { width: 1440, height: 900 } });
  pages.push(w);
  await w.page.getByRole('row', { name: /cloud-archive|cloud-1|regional-1/ }).first().waitFor({ timeout: 60_000 });
  return w.page;
}

/** Simulated ms now, from the app's store (read-only debug handle). */
const simTime = (page: Page) => page.evaluate(() => (globalThis as any).__edgetwin.store.getState().status.timeMs as number);
const logText = (page: Page) => page.getByRole('log', { name: 'Event log' }).innerText();
/** The node table's row for `id` (searched first: the table renders only the rows in view). */
async function row(page: Page, id: string) {
  await page.getByRole('searchbox', { name: 'Search nodes' }).fill(id);
  return page.getByRole('row', { name: new RegExp(`^${id}\\b`) });
}

describe.skipIf(unavailable !== '')('the web app in Chromium', () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    console.log('building the web app and serving it on 127.0.0.1 (port from the OS); Chromium with SwiftShader WebGL');
    app = await serveApp();
    browser = await launchChromium({ webgl: true });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('opens on metro-operations, plays, and tells the crash and the relocation', async () => {
    const page = await open('/');
    await expect.poll(() => simTime(page), { timeout: 60_000 }).toBeGreaterThan(30_000);
    const log = await logText(page);
    expect(log).toContain('0:20.0 station-04-edge went down');
    expect(log).toMatch(/station-04-edge missed \d heartbeats → declared failed by dc-north/);
    // station-04-edge runs one replica since the batch placer's initial placement (issue 10): `<service> relocated station-04-edge → …`.
    expect(log).toMatch(/relocated (from )?station-04-edge → .+ by dc-north/);
    await expect.poll(() => page.getByRole('img', { name: /3D view of 172 nodes/ }).getAttribute('aria-label'), { timeout: 10_000 }).toMatch(/1 down/);
    const r4 = await row(page, 'station-04-edge');
    await expect.poll(() => r4.innerText(), { timeout: 15_000 }).toMatch(/down/);
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByRole('button', { name: 'Play' }).waitFor();
    const t = await simTime(page);
    await page.getByRole('button', { name: 'Step' }).click();
    await expect.poll(() => simTime(page), { timeout: 15_000 }).toBe(t + 1000);
    await page.screenshot({ path: join(SHOTS, 'opening.png') });
  }, 120_000);

  it('a node failed through the UI is marked down, its replicas move, and the log says why', async () => {
    const page = await open('/?scenario=metro-operations&t=30s&speed=20');
    await expect.poll(() => simTime(page), { timeout: 15_000 }).toBe(30_000);
    await page.getByRole('button', { name: 'Play' }).waitFor(); // a URL with a time opens paused
    const r9 = await row(page, 'station-09-edge');
    await r9.getByRole('button', { name: 'station-09-edge', exact: true }).click();
    const details = page.getByRole('region', { name: 'Node station-09-edge' });
    await details.getByText(/Replicas — why each is here/).waitFor();
    await details.getByText('crowd/occupancy').waitFor();
    await details.getByRole('button', { name: 'Fail node' }).click();
    await expect.poll(() => r9.innerText(), { timeout: 15_000 }).toMatch(/down/);
    await details.getByRole('button', { name: 'Recover node' }).waitFor();
    // station-04-edge is down too (the scripted crash from 20 s to 5m20s).
    await expect.poll(() => page.getByRole('img', { name: /3D view/ }).getAttribute('aria-label'), { timeout: 15_000 }).toMatch(/2 down/);
    await page.getByRole('button', { name: 'Play' }).click();
    await expect.poll(() => logText(page), { timeout: 60_000 }).toMatch(/relocated from station-09-edge|crowd\/occupancy relocated station-09-edge/);
    const log = await logText(page);
    expect(log).toContain('0:30.0 station-09-edge went down');
    expect(log).toMatch(/station-09-edge missed \d heartbeats → declared failed by dc-south \(timeout/);
    await expect.poll(() => details.getByText('No replica runs here.').count(), { timeout: 20_000 }).toBe(1);
    // The timeline carries the injection; the table row says 0 replicas.
    await page.getByRole('button', { name: /Go to node:station-09-edge at 0:30\.0/ }).waitFor();
    expect(await r9.innerText()).toMatch(/down[\s\S]*\b0\b/);
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.screenshot({ path: join(SHOTS, 'failed-node.png') });
  }, 120_000);

  it('live charts follow the run', async () => {
    const page = await open('/?scenario=metro-operations&speed=50');
    const chart = page.getByRole('img', { name: /^Latency of crowd over simulated time/ }).first();
    await chart.waitFor({ timeout: 30_000 });
    const first = await chart.getAttribute('aria-label');
    await expect.poll(() => chart.getAttribute('aria-label'), { timeout: 30_000 }).not.toBe(first);
    expect(await page.locator('svg[role="img"]').count()).toBeGreaterThan(4);
  }, 60_000);

  it('a shared URL restores scenario, seed, time, speed and selection; a bad one is explained and changes nothing it cannot read', async () => {
    const page = await open('/?scenario=factory-maintenance&seed=3&t=1m&speed=10&select=edge-a');
    await expect.poll(() => simTime(page), { timeout: 15_000 }).toBe(60_000);
    expect(await page.getByRole('combobox', { name: 'Scenario' }).inputValue()).toBe('factory-maintenance');
    expect(await page.getByRole('combobox', { name: 'Speed' }).inputValue()).toBe('10');
    await page.getByRole('region', { name: 'Node edge-a' }).waitFor();
    expect(await page.evaluate(() => (globalThis as any).__edgetwin.store.getState().description.seed)).toBe(3);
    await expect.poll(() => page.url(), { timeout: 5_000 }).toMatch(/scenario=factory-maintenance&seed=3&t=60s&speed=10&select=edge-a/);

    const bad = await open('/?scenario=metro-operations&seed=abc&t=soon&select=nope');
    const alerts = bad.getByRole('alert');
    await expect.poll(() => alerts.allInnerTexts(), { timeout: 15_000 }).toEqual(expect.arrayContaining([
      expect.stringContaining("seed must be a whole number ≥ 0, got 'abc'"),
      expect.stringContaining("t must be a time like 90s, 10m or 1h30m, got 'soon'"),
      expect.stringContaining("no node 'nope'"),
    ]));
    await bad.getByRole('table', { name: 'Nodes' }).waitFor();
    expect(await bad.evaluate(() => (globalThis as any).__edgetwin.store.getState().description.nodes.length)).toBe(172);
    await bad.screenshot({ path: join(SHOTS, 'bad-url.png') });
  }, 60_000);

  it('the keyboard plays and pauses; the main thread does not block while it plays', async () => {
    const page = await open('/?scenario=metro-operations&t=1s&speed=100');
    await page.evaluate(() => {
      (globalThis as any).longTasks = [];
      new PerformanceObserver((l) => { for (const e of l.getEntries()) (globalThis as any).longTasks.push(Math.round(e.duration)); }).observe({ type: 'longtask', buffered: false });
    });
    await expect.poll(() => simTime(page), { timeout: 15_000 }).toBe(1_000);
    await page.locator('body').press('Space');
    await page.getByRole('button', { name: 'Pause' }).waitFor();
    await page.waitForTimeout(8_000);
    await page.locator('body').press('Space');
    await page.getByRole('button', { name: 'Play' }).waitFor();
    expect(await simTime(page)).toBeGreaterThan(100_000);
    // The simulation runs in the worker, so the page stays responsive: were it on the main thread,
    // nearly all of these 8 s would be long tasks. The count on an idle machine (0 in most runs) is
    // the app benchmark's figure; here the CI machine's two cores are shared with the test runner,
    // so the test bounds the time blocked (under 5 % of the window) and the longest task. The
    // longest-task bound is loose (1 s, a freeze a user would call a hang): on a loaded CI machine
    // SwiftShader's frames and GC alone reach 270 ms, while the blocked-time bound is what tells a
    // worker apart from a simulation on the main thread (which would block nearly all 8 s).
    const long = await page.evaluate(() => (globalThis as any).longTasks as number[]);
    console.log(`long tasks while playing 8 s at x100: ${JSON.stringify(long)}`);
    const blockedMs = long.reduce((s, d) => s + Math.max(0, d - 50), 0);
    expect(blockedMs).toBeLessThan(0.05 * 8_000);
    expect(Math.max(0, ...long)).toBeLessThanOrEqual(1_000);
  }, 60_000);

  it('no page errors, console errors or warnings, and no request leaves the origin', () => {
    for (const w of pages) {
      expect(w.errors).toEqual([]);
      expect(w.warnings).toEqual([]);
      expect(w.foreignRequests).toEqual([]);
    }
  });
});
