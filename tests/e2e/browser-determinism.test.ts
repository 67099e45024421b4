/**
 * The README promises that the same scenario and seed give the same trace hash in the browser as
 * in Node. This runs every shipped scenario (scenarios/*.yaml) in headless Chromium, bundled by
 * Vite exactly as the web UI would be, and in this Node process through the same function
 * (support/run-scenario.ts), and compares trace hash, event count and the whole report. Each
 * runs long enough to pass its first scripted fault, if it has one; another seed must change
 * the browser's hash. Chromium is installed by apt-get when missing; the suite is
 * skipped (with the reason) only if that install fails.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleBrowserEntry, removeBundle, type BrowserBundle } from './support/bundle.ts';
import { ensureChromium, launchChromium, openPage, type WatchedPage } from './support/chromium.ts';
import { runScenarioInPage, waitForBundle } from './support/edgetwin-page.ts';
import { runScenarioText, type ScenarioRunRequest } from './support/run-scenario.ts';
import { serveDirectory, type StaticServer } from './support/static-server.ts';

const ROOT = join(import.meta.dirname, '../..');
const MIN = 60_000;

// Simulated time per scenario: two minutes, or just past the first scripted fault.
const DURATION_MS: Record<string, number> = {
  'factory-maintenance': 13 * MIN, // link:edge-b~regional-1 degraded at 12m
  'large-fabric': 1 * MIN, // ~9,700 generated nodes: building the twin dominates, so a shorter run
  'metro-operations': 5 * MIN, // node crash at 20s, relocation, link degradation at 2m, partition at 4m
  'region-partition': 7 * MIN, // partition:north at 5m, node:edge-n2 at 6m
  'remote-site-satellite': 26 * MIN, // power:site-edge at 25m
  'smart-city-cameras': 2 * MIN, // policy file passed through the reader
  'vehicle-corridor': 2 * MIN,
};
const SEED = 20_240_611;
const OTHER_SEED = SEED + 1;

const shipped = readdirSync(join(ROOT, 'scenarios')).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -5)).sort();

/** The request for scenarios/<name>.yaml, with the texts of every file under scenarios/policies/ it may name. */
function requestFor(name: string, seed: number): ScenarioRunRequest {
  const file = `scenarios/${name}.yaml`;
  const files: Record<string, string> = {};
  for (const p of readdirSync(join(ROOT, 'scenarios/policies'))) files[`scenarios/policies/${p}`] = readFileSync(join(ROOT, 'scenarios/policies', p), 'utf8');
  return { text: readFileSync(join(ROOT, file), 'utf8'), file, files, seed, durationMs: DURATION_MS[name]! };
}

const unavailable = ensureChromium();
if (unavailable) console.warn(`[e2e/browser-determinism] SKIPPED: ${unavailable}`);

let bundle: BrowserBundle;
let server: StaticServer;
let browser: Browser;
let tab: WatchedPage;

describe.skipIf(unavailable !== '')('determinism: the same scenario and seed in Chromium and in Node', () => {
  beforeAll(async () => {
    bundle = await bundleBrowserEntry();
    server = await serveDirectory(bundle.dir);
    browser = await launchChromium();
    tab = await openPage(browser, server.origin);
    await waitForBundle(tab.page);
  });
  afterAll(async () => {
    await tab?.context.close();
    await browser?.close();
    await server?.close();
    if (bundle?.dir) removeBundle(bundle.dir);
  });

  it('every shipped scenario has a duration here (a new scenario must be added to the table)', () => {
    expect(shipped.length).toBeGreaterThanOrEqual(6);
    expect(Object.keys(DURATION_MS).sort()).toEqual(shipped);
  });

  it('the bundle pulls in no Node built-in, and emits the pool\'s worker as its own chunk', () => {
    // sim-core's RNG is its own Alea (des/rng.ts); seedrandom, whose guarded require('crypto') was
    // the one built-in the bundles allowed, is only a test dependency now (the RNG test compares against it).
    expect(bundle.allowedBuiltins.map((b) => `${b.bundle}: ${b.id} <- ${b.importer}`)).toEqual([]);
    expect(bundle.files).toContain('entry.js');
    expect(bundle.files.some((f) => /^assets\/worker-entry-[\w-]+\.js$/.test(f))).toBe(true);
  });

  it('the built-in check is live: an entry importing node:fs fails to bundle, naming the import', async () => {
    await expect(bundleBrowserEntry(join(import.meta.dirname, 'support/fixtures/imports-node-fs.ts')))
      .rejects.toThrow('the browser bundle imports Node built-ins: node:fs (from tests/e2e/support/fixtures/imports-node-fs.ts, page bundle)');
  });

  it.each(shipped)('%s: trace hash, events and report equal Node\'s; another seed changes the hash', async (name) => {
    const node = runScenarioText(requestFor(name, SEED));
    const page = await runScenarioInPage(tab.page, requestFor(name, SEED));
    expect(page.traceHash).toMatch(/^[0-9a-f]{16}$/);
    expect(node.events).toBeGreaterThan(1000);
    expect(page.traceHash).toBe(node.traceHash);
    expect(page.events).toBe(node.events);
    expect(page.report).toEqual(node.report);

    // The browser honours the seed (a page that ignored it would still match Node above).
    const pageOther = await runScenarioInPage(tab.page, requestFor(name, OTHER_SEED));
    expect(pageOther.traceHash).not.toBe(node.traceHash);

    expect(tab.errors).toEqual([]);
    expect(tab.foreignRequests).toEqual([]);
  });

  it('a scenario error in the browser carries the same message as in Node', async () => {
    const req = { ...requestFor('smart-city-cameras', SEED), files: {} };
    let nodeMessage = '';
    try { runScenarioText(req); } catch (e) { nodeMessage = (e as Error).message; }
    expect(nodeMessage).toContain('scenarios/policies/city-privacy.yaml');
    await expect(runScenarioInPage(tab.page, req)).rejects.toThrow(nodeMessage);
  });
});
