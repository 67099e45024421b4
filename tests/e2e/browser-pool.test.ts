/**
 * The worker pool's browser flavour (workers/browser-pool.ts: module Web Workers + comlink),
 * bundled by Vite as the web UI bundles it, runs 'simulate' jobs in headless Chromium through
 * executeRuns, the what-if planner's entry point. Its RunRecords must equal simulateRun's in this
 * Node process, in input order, for 1 and 2 workers: the same seeds, overlays, fault sets and
 * policy files, and the same failure record for a run whose file is missing. Chromium is
 * installed by apt-get when missing; the suite is skipped (with the reason) only if that fails.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulateRun, type RunInput } from '../../sim-core/whatif/simulate-run.ts';
import type { RunRecord } from '../../sim-core/whatif/result.ts';
import { bundleBrowserEntry, removeBundle } from './support/bundle.ts';
import { ensureChromium, launchChromium, openPage, type WatchedPage } from './support/chromium.ts';
import { runOnPoolInPage, waitForBundle } from './support/edgetwin-page.ts';
import { serveDirectory, type StaticServer } from './support/static-server.ts';

const ROOT = join(import.meta.dirname, '../..');
const read = (rel: string) => readFileSync(join(ROOT, rel), 'utf8');

const FACTORY = 'scenarios/factory-maintenance.yaml';
const CITY = 'scenarios/smart-city-cameras.yaml';
const CITY_POLICY = 'scenarios/policies/city-privacy.yaml';

function input(index: number, over: Partial<RunInput> & Pick<RunInput, 'file' | 'seed'>): RunInput {
  return {
    scenarioText: read(over.file), sets: [], faults: [], durationMs: 60_000,
    index, variant: 'baseline', sweepIndex: 0, sweepValue: null, faultSet: 'none', seedIndex: 0,
    ...over,
  };
}

// Small runs (one simulated minute) that still differ in every way a sweep varies them.
const INPUTS: RunInput[] = [
  input(0, { file: FACTORY, seed: 1, seedIndex: 0 }),
  input(1, { file: FACTORY, seed: 2, seedIndex: 1 }),
  input(2, { file: FACTORY, seed: 3, seedIndex: 2 }),
  input(3, { file: FACTORY, seed: 1, faults: ['node:edge-a@20s+20s'], faultSet: 'edge-a-down' }),
  input(4, { file: FACTORY, seed: 1, variant: 'fast-gateways', sets: ['spec.nodeClasses.hall-gateway.coreSpeed=0.8'] }),
  input(5, { file: CITY, seed: 4, durationMs: 20_000, files: { [CITY_POLICY]: read(CITY_POLICY) } }),
  // The policy file is missing: the run fails, and its record says so the same way everywhere.
  input(6, { file: CITY, seed: 4, durationMs: 20_000 }),
];

const unavailable = ensureChromium();
if (unavailable) console.warn(`[e2e/browser-pool] SKIPPED: ${unavailable}`);

let bundleDir = '';
let server: StaticServer;
let browser: Browser;
let tab: WatchedPage;
let expected: RunRecord[];

describe.skipIf(unavailable !== '')('browser worker pool in Chromium: records equal Node\'s', () => {
  beforeAll(async () => {
    const bundle = await bundleBrowserEntry();
    bundleDir = bundle.dir;
    server = await serveDirectory(bundle.dir);
    browser = await launchChromium();
    tab = await openPage(browser, server.origin);
    await waitForBundle(tab.page);
    expected = INPUTS.map((i) => simulateRun(i));
  });
  afterAll(async () => {
    await tab?.context.close();
    await browser?.close();
    await server?.close();
    if (bundleDir) removeBundle(bundleDir);
  });

  it('the Node records are what the comparison needs: distinct hashes, one failure naming the missing file', () => {
    expect(expected.map((r) => r.ok)).toEqual([true, true, true, true, true, true, false]);
    expect(expected[6]!.error).toContain(CITY_POLICY);
    const hashes = expected.slice(0, 6).map((r) => r.traceHash);
    expect(new Set(hashes).size).toBe(6);
    for (const r of expected.slice(0, 6)) expect(r.events).toBeGreaterThan(1000);
  });

  it.each([1, 2])('%i worker(s): records equal simulateRun in Node, in input order', async (size) => {
    const before = server.requested.filter((p) => p.startsWith('/assets/worker-entry-')).length;
    const out = await runOnPoolInPage(tab.page, INPUTS, size);
    expect(out.records).toEqual(expected);
    expect(out.spawned).toBe(size);
    expect(out.lastProgress).toEqual([INPUTS.length, INPUTS.length, 1]);
    // The runs happened in Web Workers loaded from the worker chunk, not in the page.
    const loads = server.requested.filter((p) => p.startsWith('/assets/worker-entry-')).length - before;
    expect(loads).toBeGreaterThanOrEqual(1);
    expect(tab.errors).toEqual([]);
    expect(tab.foreignRequests).toEqual([]);
  });
});
