/**
 * The web app as a person uses it, in headless Chromium: the real app built by Vite (the shell
 * mounts LiveCharts and ComparePanel), served from loopback. Live charts fill while the default
 * scenario plays; "Compare" runs fog-placement (1 seed × 5 simulated seconds = 24 runs) on two
 * Web Workers with a progress bar reaching 100%, and the verdicts hold the numbers the Node path
 * (analyzeExperiment over runs simulated here) gives; "Make plan" seals the same plan hash as
 * makePlan in Node; a broken experiment shows located issues; Cancel stops a run. Screenshots are
 * written to a temp directory (printed) to be looked at. Chromium is installed by apt-get when
 * missing; the suite is skipped (with the reason) only if that fails.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeExperiment } from '../../../sim-core/whatif/analyze.ts';
import { makePlan } from '../../../sim-core/whatif/plan/make-plan.ts';
import { prepareExperiment } from '../../../sim-core/whatif/prepare.ts';
import type { ExperimentResult } from '../../../sim-core/whatif/result.ts';
import { simulateRun } from '../../../sim-core/whatif/simulate-run.ts';
import { verdictTable } from '../../../app/compare/model.ts';
import { fileReader, withUntil } from '../../../workers/jobs/plan.ts';
import { ensureChromium, launchChromium, openPage, type WatchedPage } from '../../e2e/support/chromium.ts';
import { bundledFiles, ROOT } from './bundled-files.ts';
import { serveBuiltApp, type Served } from './serve-static.ts';

const FILE = 'scenarios/experiments/fog-placement.yaml';
const UNTIL_S = 5;
const files = bundledFiles();

const unavailable = ensureChromium();
if (unavailable) console.warn(`[app/compare/compare-e2e] SKIPPED: ${unavailable}`);

const out = mkdtempSync(join(tmpdir(), 'edgetwin-compare-e2e-'));
const shots = join(out, 'shots');
let appDir = '';
let server: Served;
let browser: Browser;
let tab: WatchedPage;
let page: Page;
let expected: ExperimentResult;

/** Screenshots of a scroll container, one per visible height. */
async function slices(p: Page, sel: string, name: string): Promise<string[]> {
  const el = p.locator(sel);
  const { sh, ch } = await el.evaluate((e) => ({ sh: e.scrollHeight, ch: e.clientHeight }));
  const paths: string[] = [];
  for (let i = 0; i * ch < sh; i++) {
    await el.evaluate((e, y) => { e.scrollTop = y; }, i * ch);
    const path = join(shots, `${name}-${i}.png`);
    await el.screenshot({ path });
    paths.push(path);
  }
  await el.evaluate((e) => { e.scrollTop = 0; });
  return paths;
}

const panel = (): Locator => page.getByRole('region', { name: 'Compare variants' });
/** Waits until `l` is visible (vitest's expect has no Playwright matchers). */
const visible = (l: Locator, timeout = 10_000) => l.first().waitFor({ state: 'visible', timeout });

describe.skipIf(unavailable !== '')('web app in Chromium: live charts, Compare, plan', () => {
  beforeAll(async () => {
    appDir = join(out, 'app');
    await build({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'error', build: { outDir: appDir, emptyOutDir: true } });
    server = await serveBuiltApp(appDir);
    browser = await launchChromium();
    tab = await openPage(browser, server.origin);
    page = tab.page;
    await page.setViewportSize({ width: 1400, height: 1000 });
    // Fast play, so the live charts have a minute or two of points within seconds.
    await page.goto(`${server.origin}/?speed=100`, { waitUntil: 'load' });
    // What the Node path gives for the same comparison.
    const prepared = prepareExperiment(files[FILE]!, FILE, { readScenario: fileReader(files, FILE), seeds: 1, untilMs: UNTIL_S * 1000 });
    expected = analyzeExperiment(prepared.meta, prepared.inputs.map((i) => simulateRun(i)));
  }, 120_000);
  afterAll(async () => {
    await tab?.context.close();
    await browser?.close();
    await server?.close();
    if (appDir) rmSync(appDir, { recursive: true, force: true });
    console.log(`[app/compare/compare-e2e] screenshots in ${shots}`);
  });

  it('live charts fill in while the scenario plays: accessible names with the latest values, a hover tooltip', async () => {
    const charts = page.getByRole('region', { name: 'Live charts' }).getByRole('img');
    await expect.poll(async () => (await charts.first().getAttribute('aria-label')) ?? '', { timeout: 30_000 }).toMatch(/at [1-9]\d*:\d\d: p50/);
    const labels = await charts.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
    expect(labels.length).toBeGreaterThanOrEqual(8);
    for (const l of labels) expect(l).toMatch(/over simulated time, at \d+:\d\d: /);
    expect(labels.join('\n')).not.toMatch(/NaN|Infinity/);
    expect(labels.some((l) => l.startsWith('WAN traffic') && /[KMG]iB\/s/.test(l))).toBe(true);
    expect(labels.some((l) => /SLO p95 ≤ 80 ms/.test(l))).toBe(true);
    const first = page.locator('.lc-chart svg').first();
    const box = (await first.boundingBox())!;
    await first.hover({ position: { x: box.width * 0.6, y: box.height * 0.4 } });
    await visible(page.locator('.lc-tip'));
    expect(await page.locator('.lc-tip').first().textContent()).toMatch(/p95: \d/);
    await page.locator('section.live-charts').screenshot({ path: join(shots, 'live-charts.png') });
  });

  it('Compare: progress to 100%, verdicts equal to the Node analysis, the report charts, a report download', async () => {
    await page.getByRole('tab', { name: 'Compare' }).click();
    const p = panel();
    await p.getByLabel('Experiment', { exact: true }).selectOption('fog-placement');
    await p.getByLabel('Seeds').fill('1');
    await p.getByLabel('Simulated time (s)').fill(String(UNTIL_S));
    await p.getByLabel('Workers').fill('2');
    await visible(p.getByText('= 24 runs of 5 s simulated each', { exact: false }));
    const t0 = Date.now();
    await p.getByRole('button', { name: 'Compare', exact: true }).click();
    await visible(p.getByRole('progressbar', { name: 'Comparison progress' }));
    await visible(p.getByRole('status').filter({ hasText: 'Best feasible variant' }), 60_000);
    const wallMs = Date.now() - t0;
    expect(await p.getByRole('progressbar', { name: 'Comparison progress' }).getAttribute('aria-valuenow')).toBe('100');
    const shown = await p.getByText(/^24 runs in/).textContent();
    console.log(`[app/compare/compare-e2e] fog-placement, 1 seed × ${UNTIL_S} s = 24 runs on 2 workers: ${wallMs} ms from click to verdicts (panel says "${shown?.split(' · ')[0]}")`);
    expect(await p.getByRole('status').filter({ hasText: 'Best feasible variant' }).textContent()).toContain(expected.best!);

    // Every cell's exact mean and verdict, and its text, as the Node path computes them.
    for (const fs of expected.meta.faultSets.map((f) => f.name)) {
      if (fs !== 'normal') await p.getByLabel('Fault set', { exact: true }).selectOption(fs);
      const want = verdictTable(expected, 0, fs);
      const got = await p.getByRole('table', { name: 'Verdicts against the baseline' }).locator('td[data-variant]').evaluateAll((tds) => tds.map((td) => ({
        variant: td.getAttribute('data-variant'), value: td.getAttribute('data-value'), verdict: td.getAttribute('data-verdict'),
        text: td.querySelector('.val')?.textContent ?? '', metric: td.closest('tr')!.getAttribute('data-metric'),
      })));
      const wanted = want.columns.flatMap((c, k) => want.rows.map((r) => ({
        variant: r.variant, value: r.cells[k]!.value === null ? '' : String(r.cells[k]!.value), verdict: r.cells[k]!.verdictKind, text: r.cells[k]!.mean, metric: c.key,
      })));
      expect(got).toEqual(wanted);
    }
    await p.getByLabel('Fault set', { exact: true }).selectOption('normal');

    // The gates Make plan applies, per variant, as the Node analysis judged them; the best variant passes them all.
    const gateCells = await p.locator('.cmp-gates tr[data-variant]').evaluateAll((trs) => trs.map((tr) => ({
      variant: tr.getAttribute('data-variant'),
      gates: [...tr.querySelectorAll('td[data-gate][data-pass]')].map((td) => `${td.getAttribute('data-gate')}:${td.getAttribute('data-pass')}`),
      feasible: tr.lastElementChild!.getAttribute('data-pass'),
    })));
    expect(gateCells).toEqual(expected.variants.map((v) => ({ variant: v.name, gates: v.gates.filter((g) => g.enabled).map((g) => `${g.id}:${g.pass}`), feasible: String(v.feasible) })));
    expect(gateCells.find((g) => g.variant === expected.best)?.feasible).toBe('true');

    // The HTML report's charts, inlined: CDF, one bar chart per metric, Pareto, three time series, sweep curves.
    const kinds = await p.locator('svg.chart').evaluateAll((svgs) => svgs.map((s) => ({ kind: s.getAttribute('data-chart'), w: s.getBoundingClientRect().width })));
    const count = (k: string) => kinds.filter((x) => x.kind === k).length;
    expect(count('cdf')).toBe(1);
    expect(count('bars')).toBe(expected.meta.metrics.length);
    expect(count('pareto')).toBe(1);
    expect(count('timeseries')).toBe(3);
    expect(count('sweep')).toBe(expected.meta.metrics.length);
    for (const k of kinds) expect(k.w).toBeGreaterThan(150);
    expect(await p.getByRole('link', { name: 'Download report' }).getAttribute('href')).toMatch(/^blob:/);
    await slices(page, 'aside.side', 'compare');
  });

  it('Make plan: the same sealed plan as in Node, the diff, the gates, Approve and Push waiting for a gateway', async () => {
    const p = panel();
    await p.getByRole('button', { name: 'Make plan for edge-ward' }).click();
    const plan = page.getByRole('region', { name: 'Plan for edge-ward' });
    await visible(plan.getByText(/^(Approvable|Blocked)$/), 60_000);
    const node = makePlan(withUntil(files[FILE]!, UNTIL_S * 1000), FILE, { variant: 'edge-ward', seeds: 1, readScenario: fileReader(files, FILE) });
    expect(await plan.locator('.cmp-hash').textContent()).toBe(node.hash);
    expect(await plan.getByText(/^(Approvable|Blocked)$/).textContent()).toBe(node.status === 'approvable' ? 'Approvable' : 'Blocked');
    expect(await plan.getByRole('table', { name: 'Placement diff' }).getByRole('row', { name: /video\/detect/ }).textContent()).toContain('site-1-edge');
    expect(await plan.getByRole('table', { name: 'Validation gates' }).getByRole('row').count()).toBe(1 + node.gates.results.length);
    expect(await plan.getByRole('button', { name: 'Approve' }).isDisabled()).toBe(true);
    expect(await plan.getByRole('button', { name: 'Push' }).isDisabled()).toBe(true);
    await visible(plan.getByText('connect a gateway (edgetwin serve with the live connectors) to approve and push'));
    // metro-operations is loaded, so the plan's nodes are missing; loading fog-city puts them on the scene.
    await visible(plan.getByText(/not in the loaded scenario/));
    await plan.screenshot({ path: join(shots, 'plan-before-load.png') });
    await plan.getByRole('button', { name: 'Load scenario fog-city' }).click();
    await visible(plan.getByText('The diff is drawn on the 3D view', { exact: false }), 30_000);
    await plan.screenshot({ path: join(shots, 'plan.png') });
  });

  it('a broken experiment shows its located issues; Cancel stops a running comparison', async () => {
    const p = panel();
    await p.getByText('Experiment YAML').click();
    const yaml = p.getByRole('textbox', { name: 'Experiment YAML' });
    await yaml.fill(files[FILE]!.replace('    - latencyP99Ms\n', '    - latencyP99Msec\n'));
    await p.getByRole('button', { name: 'Compare', exact: true }).click();
    const alert = p.getByRole('alert').filter({ hasText: 'nothing was run' });
    await visible(alert);
    expect(await alert.textContent()).toMatch(/fog-placement\.yaml:\d+:\d+: .*unknown metric 'latencyP99Msec'; did you mean 'latencyP99Ms'/);
    await alert.screenshot({ path: join(shots, 'issues.png') });
    await p.getByRole('button', { name: 'Reset to the shipped text' }).click();
    await p.getByLabel('Seeds').fill('2');
    await p.getByLabel('Simulated time (s)').fill('60');
    await p.getByRole('button', { name: 'Compare', exact: true }).click();
    await visible(p.getByRole('progressbar', { name: 'Comparison progress' }));
    await p.getByRole('button', { name: 'Cancel', exact: true }).click();
    await visible(p.getByRole('status').filter({ hasText: /^Cancelled after \d+ of 48 runs\.$/ }), 20_000);
    expect(tab.errors).toEqual([]);
    expect(tab.foreignRequests).toEqual([]);
  });
});
