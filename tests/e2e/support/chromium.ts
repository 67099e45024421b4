/**
 * Headless Chromium for the e2e tests: Debian's /usr/bin/chromium driven by playwright-core,
 * installed with apt-get when missing (as tests/e2e/report-html.test.ts does). A page opened
 * here may reach only its own loopback origin: every other request is aborted and recorded, and
 * page errors, console errors and worker errors are collected for the test to assert on.
 */
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Where Debian installs Chromium. */
export const CHROMIUM = '/usr/bin/chromium';

/** The launch flags the e2e tests share (headless, no sandbox as root, no background traffic). */
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage',
];

/** For pages that draw WebGL (the 3D view): SwiftShader instead of a GPU, which these machines lack. */
export const CHROMIUM_WEBGL_ARGS = [
  '--headless', '--no-sandbox', '--enable-unsafe-swiftshader', '--use-angle=swiftshader', '--ignore-gpu-blocklist', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage',
];

/** The one line printed before installing (exported for the README test: the set-up section quotes it). */
export const INSTALL_NOTICE = `[e2e] ${CHROMIUM} is missing: installing Debian's chromium package and its dependencies with 'apt-get install -y chromium' (once per machine, a few hundred MB; the browser tests need it)`;

/** '' when Chromium is present (installing it if needed, after saying so on stderr), else why it is not; never throws. */
export function ensureChromium(): string {
  if (existsSync(CHROMIUM)) return '';
  // stderr, not console.log: vitest may hold console output of a test file until it ends.
  process.stderr.write(`${INSTALL_NOTICE}\n`);
  try {
    execSync('apt-get install -y chromium', { stdio: 'ignore', timeout: 600_000 });
  } catch (e) {
    return `chromium is not installed and 'apt-get install -y chromium' failed: ${(e as Error).message.split('\n')[0]}`;
  }
  return existsSync(CHROMIUM) ? '' : `apt-get install -y chromium did not provide ${CHROMIUM}`;
}

/** Launches headless Chromium with CHROMIUM_ARGS, or CHROMIUM_WEBGL_ARGS for WebGL pages, plus any extra switches. */
export function launchChromium(opts: { webgl?: boolean; extraArgs?: string[] } = {}): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: [...(opts.webgl ? CHROMIUM_WEBGL_ARGS : CHROMIUM_ARGS), ...(opts.extraArgs ?? [])] });
}

/** A page on `origin` with what went wrong in it: errors (page, console, workers) and requests to other origins (aborted). */
export interface WatchedPage {
  context: BrowserContext;
  page: Page;
  errors: string[];
  /** Console warnings (the app promises none in normal use). */
  warnings: string[];
  foreignRequests: string[];
}

/** Opens a fresh context and page, loads `${origin}${path}` (default /), and starts recording errors and foreign requests. */
export async function openPage(browser: Browser, origin: string, opts: { path?: string; viewport?: { width: number; height: number } } = {}): Promise<WatchedPage> {
  const context = await browser.newContext(opts.viewport ? { viewport: opts.viewport } : {});
  const errors: string[] = [];
  const warnings: string[] = [];
  const foreignRequests: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(`${origin}/`) || url.startsWith('blob:') || url.startsWith('data:')) return route.continue();
    foreignRequests.push(url);
    return route.abort();
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  page.on('worker', (w) => {
    w.on('console', (m) => { if (m.type() === 'error') errors.push(`worker console: ${m.text()}`); });
  });
  page.on('console', (m) => { if (m.type() === 'warning') warnings.push(`console: ${m.text()}`); });
  await page.goto(`${origin}${opts.path ?? '/'}`, { waitUntil: 'load' });
  return { context, page, errors, warnings, foreignRequests };
}
