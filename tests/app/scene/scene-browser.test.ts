/**
 * The scene in headless Chromium (SwiftShader WebGL), used the way a person uses it: the
 * harness page (harness/) renders <Scene/> and <Legend/> over metro-operations at 25 s. The
 * canvas is found by its role and accessible name; the legend by its text; hovering the node the
 * camera flew to shows its tooltip; a click selects it, a click on empty space clears the
 * selection; switching layout, theme and colour keeps working; a 100k-node fabric loads. No
 * console error or warning and no request leaves the page's origin. Screenshots go to
 * $SCENE_SHOTS (default: a temp dir) — look at them.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, ensureChromium } from '../../e2e/support/chromium.ts';

const unavailable = ensureChromium();
if (unavailable) console.warn(`[app/scene/scene-browser] SKIPPED: ${unavailable}`);
const HARNESS = fileURLToPath(new URL('./harness/', import.meta.url));
const SHOTS = process.env.SCENE_SHOTS ?? mkdtempSync(join(tmpdir(), 'edgetwin-scene-shots-'));
const ARGS = ['--headless', '--no-sandbox', '--enable-unsafe-swiftshader', '--use-angle=swiftshader', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'];
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8' };

let browser: Browser;
let server: Server;
let origin = '';

interface Watched { page: Page; problems: string[] }

async function open(query: string): Promise<Watched> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  const problems: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await page.route('**/*', (r) => (r.request().url().startsWith(origin) ? r.continue() : (problems.push(`foreign request: ${r.request().url()}`), r.abort())));
  await page.goto(`${origin}/?${query}`);
  await page.getByRole('img', { name: /^3D view of/ }).waitFor({ timeout: 60_000 });
  await page.waitForTimeout(1200);
  return { page, problems };
}

/** Asks the camera to fly to a node (as the node table's "fly to" does) and waits for it to arrive. */
async function flyTo(page: Page, id: string): Promise<number> {
  const index = await page.evaluate(`(() => { const h = globalThis.harness; const i = h.description.nodes.findIndex((n) => n.id === ${JSON.stringify(id)}); h.appStore.setState({ flyTo: { index: i, seq: (h.appStore.getState().flyTo?.seq ?? 0) + 1 } }); return i; })()`) as number;
  await page.waitForTimeout(2500);
  return index;
}

const selection = (page: Page) => page.evaluate('JSON.stringify(globalThis.harness.appStore.getState().selection)') as Promise<string>;

describe.skipIf(unavailable !== '')('3D scene in headless Chromium', () => {
  beforeAll(async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'edgetwin-scene-harness-'));
    await build({ configFile: join(HARNESS, 'vite.config.ts'), logLevel: 'error', build: { outDir, emptyOutDir: true } });
    server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const file = normalize(join(outDir, path === '/' ? 'index.html' : path));
      if (!file.startsWith(outDir)) { res.writeHead(403).end(); return; }
      readFile(file).then((b) => res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(b), () => res.writeHead(404).end());
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => server?.close(r));
  });

  it('metro at 25 s: an image named for the fabric, a legend, hover tooltip, click to select and to clear', async () => {
    const { page, problems } = await open('fabric=metro-operations&t=25000');
    const canvas = page.getByRole('img', { name: '3D view of 172 nodes and 180 links; 1 down, 6 links cut' });
    await expect(canvas.count()).resolves.toBe(1);
    const legend = page.getByRole('group', { name: 'Scene legend' });
    await expect(legend.innerText()).resolves.toMatch(/CPU busy[\s\S]*Down: flat, grey, red X[\s\S]*Cut \(dashed\)/);
    await page.screenshot({ path: join(SHOTS, 'metro.png') });

    const index = await flyTo(page, 'station-04-edge');
    await page.mouse.move(640, 360);
    const tip = page.getByRole('tooltip');
    await tip.waitFor({ state: 'visible', timeout: 5000 });
    await expect(tip.innerText()).resolves.toMatch(/station-04-edge[\s\S]*edge · north[\s\S]*State: down/);
    await page.screenshot({ path: join(SHOTS, 'metro-hover.png') });

    await page.mouse.click(640, 360);
    await expect(selection(page)).resolves.toBe(JSON.stringify({ kind: 'node', index }));
    await page.mouse.click(6, 714);
    await expect(selection(page)).resolves.toBe('null');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('layout, theme and colour switches keep the scene drawing, without errors', async () => {
    const { page, problems } = await open('fabric=metro-operations&t=270000');
    for (const change of ["{ viewLayout: 'geo' }", "{ theme: 'light', colorBy: 'memory', palette: 'cividis' }", "{ viewLayout: 'tiers' }"]) {
      await page.evaluate(`globalThis.harness.appStore.setState(${change})`);
      await page.waitForTimeout(1200);
    }
    await expect(page.getByRole('group', { name: 'Scene legend' }).innerText()).resolves.toMatch(/Memory requested/);
    await expect(page.getByRole('img', { name: /^3D view of 172 nodes and 180 links; 1 down, 1 suspect/ }).count()).resolves.toBe(1);
    await page.screenshot({ path: join(SHOTS, 'metro-light.png') });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('a 100k-node fabric loads and is named', async () => {
    const { page, problems } = await open('fabric=synth&sites=1000&sensors=98&regions=10');
    await expect(page.getByRole('img', { name: /^3D view of 100011 nodes and 100010 links; 101 down/ }).count()).resolves.toBe(1);
    await page.screenshot({ path: join(SHOTS, '100k.png') });
    expect(problems).toEqual([]);
    await page.close();
  });
});
