/**
 * Opens the HTML report in headless Chromium (playwright-core, Debian's chromium) from a file:
 * URL with the network off, takes a screenshot, and checks every chart SVG has a real box and
 * the page fetched nothing. Chromium is installed by apt-get when missing; the test is skipped
 * (with the reason) only if that install fails.
 */
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtmlReport } from '../../app/report/index.ts';
import { buildResult } from '../fixtures/whatif/build-result.ts';
import { CHROMIUM, ensureChromium } from './support/chromium.ts';

// Says on the console before it installs anything (support/chromium.ts).
const unavailable = ensureChromium();
if (unavailable) console.warn(`[e2e/report-html] SKIPPED: ${unavailable}`);

const dir = mkdtempSync(join(tmpdir(), 'edgetwin-report-'));
let browser: Browser;

describe.skipIf(unavailable !== '')('HTML report in headless Chromium', () => {
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  });
  afterAll(async () => { await browser?.close(); });

  it('renders offline: every chart has a non-zero box, nothing is fetched, the screenshot is written', async () => {
    const file = join(dir, 'report.html');
    writeFileSync(file, renderHtmlReport(buildResult('report-small.experiment.yaml')));
    const context = await browser.newContext({ offline: true, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const requested: string[] = [];
    const errors: string[] = [];
    page.on('request', (r) => { if (!r.url().startsWith('file:')) requested.push(r.url()); });
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    const boxes = await page.$$eval('svg.chart', (svgs) => svgs.map((s) => {
      const b = s.getBoundingClientRect();
      const paths = s.querySelectorAll('path, rect.bar, circle').length;
      return { id: s.id, width: b.width, height: b.height, marks: paths };
    }));
    expect(boxes.length).toBeGreaterThanOrEqual(20);
    for (const b of boxes) {
      expect(b.width, b.id).toBeGreaterThan(100);
      expect(b.height, b.id).toBeGreaterThan(100);
      expect(b.marks, `${b.id} draws something`).toBeGreaterThan(0);
    }
    // Series paths have real geometry (a path with an empty or NaN `d` has a zero box).
    const series = await page.$$eval('svg.chart path.series', (ps) => ps.map((p) => (p as SVGPathElement).getBBox().width));
    expect(series.length).toBeGreaterThan(0);
    for (const w of series) expect(w).toBeGreaterThan(0);
    expect(await page.title()).toBe('report-small: what-if report');
    const shot = join(dir, 'report.png');
    await page.screenshot({ path: shot, fullPage: true });
    expect(statSync(shot).size).toBeGreaterThan(50_000);
    expect(requested).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
