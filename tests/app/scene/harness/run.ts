/**
 * Scene harness runner (dev tool, not a test): serves the built harness (/tmp/scene-harness-dist)
 * on 127.0.0.1, opens cases in headless Chromium on SwiftShader, screenshots them and measures
 * frames per second (4 s windows: idle; a new frame every animation frame, three times; and while
 * dragging the camera); some cases then fly to a node and screenshot/measure again.
 * Usage: npx vite build --config tests/app/scene/harness/vite.config.ts && npx tsx tests/app/scene/harness/run.ts [case ...]
 * Screenshots go to $SHOTS (default /tmp/scene-shots).
 */
import { createServer } from 'node:http';
import { readFile, mkdir } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { chromium } from 'playwright-core';

const DIST = '/tmp/scene-harness-dist';
const OUT = process.env.SHOTS ?? '/tmp/scene-shots';
const CASES: Record<string, string> = {
  metro: 'fabric=metro-operations&t=25000',
  empty: 'fabric=metro-operations&empty=1',
  'metro-light': 'fabric=metro-operations&t=270000&theme=light',
  'metro-geo': 'fabric=metro-operations&t=25000&layout=geo',
  vehicle: 'fabric=vehicle-corridor&t=30000',
  'vehicle-geo': 'fabric=vehicle-corridor&t=30000&layout=geo',
  factory: 'fabric=factory-maintenance&t=30000',
  '1k': 'fabric=synth&sites=10&sensors=98&regions=2',
  large: 'fabric=large-fabric&t=60000',
  '10k-20k': 'fabric=synth&sites=100&sensors=98&regions=4&extra=1',
  '100k': 'fabric=synth&sites=1000&sensors=98&regions=10',
  'large-geo': 'fabric=large-fabric&t=60000&layout=geo',
  '100k-geo': 'fabric=synth&sites=1000&sensors=98&regions=10&layout=geo',
  'metro-cividis-queue': 'fabric=metro-operations&t=30000&palette=cividis&color=queue',
};
type Page = import('playwright-core').Page;
const fly = async (page: Page, id: string) => {
  await page.evaluate(`(() => { const h = globalThis.harness; const i = h.description.nodes.findIndex((n) => n.id === ${JSON.stringify(id)}); const s = h.appStore.getState(); h.appStore.setState({ flyTo: { index: i, seq: (s.flyTo?.seq ?? 0) + 1 }, selection: { kind: 'node', index: i } }); })()`);
  await page.waitForTimeout(2500);
};
/** Scene renders per second while the camera orbits (a small drag every 90 ms), frames arriving every animation frame. */
const fpsOf = async (page: Page) => {
  const r = page.evaluate(`new Promise((res) => {
    const h = globalThis.harness; const t0 = performance.now(), r0 = h.renders();
    const f = () => { h.pushFrame(); const s = (performance.now() - t0) / 1000; if (s < 4) requestAnimationFrame(f); else res((h.renders() - r0) / s); };
    requestAnimationFrame(f);
  })`) as Promise<number>;
  await page.mouse.move(640, 360); await page.mouse.down();
  for (let i = 0; i < 40; i++) { await page.mouse.move(640 + 60 * Math.sin(i / 8), 360 + 20 * Math.cos(i / 8)); await page.waitForTimeout(90); }
  await page.mouse.up();
  return r;
};
const STEPS: Record<string, (page: Page, name: string) => Promise<void>> = {
  metro: async (page, name) => {
    await fly(page, 'station-04-edge');
    await page.mouse.move(640, 360);
    await page.waitForTimeout(600);
    await page.screenshot({ path: `${OUT}/${name}-fly-hover.png` });
    console.log('   tooltip:', JSON.stringify(await page.evaluate(`document.querySelector('[role=tooltip]')?.innerText`)));
    await page.evaluate(`(() => { const h = globalThis.harness; const d = h.description; const from = d.nodes.findIndex((n) => n.id === 'station-04-edge'); const to = d.nodes.findIndex((n) => n.id === 'station-07-edge'); h.emitSceneSignal({ kind: 'relocated', service: d.services[1].key, from, to }); })()`);
    await page.waitForTimeout(450);
    await page.screenshot({ path: `${OUT}/${name}-relocation.png` });
    await page.evaluate(`(() => { const h = globalThis.harness; const d = h.description; const id = (x) => d.nodes.findIndex((n) => n.id === x); h.appStore.setState({ planDiff: [{ service: d.services[1].key, from: [id('station-04-edge'), id('station-10-edge')], to: [id('station-01-edge'), id('station-07-edge')] }], fitSeq: h.appStore.getState().fitSeq + 1, selection: null }); })()`);
    await page.mouse.move(5, 700);
    await page.waitForTimeout(1800);
    await page.screenshot({ path: `${OUT}/${name}-plan.png` });
  },
  large: async (page, name) => {
    await fly(page, 'site-050-gw');
    await page.screenshot({ path: `${OUT}/${name}-fly.png` });
    console.log(`   after flying to a site: renders/s while orbiting ${(await fpsOf(page)).toFixed(1)}`);
  },
  '10k-20k': async (page, name) => {
    await fly(page, 'site-0050-gw');
    await page.screenshot({ path: `${OUT}/${name}-fly.png` });
    console.log(`   after flying to a site: renders/s while orbiting ${(await fpsOf(page)).toFixed(1)}`);
  },
  '100k': async (page, name) => {
    await fly(page, 'site-0500-gw');
    await page.screenshot({ path: `${OUT}/${name}-fly.png` });
    console.log(`   after flying to a site: renders/s while orbiting ${(await fpsOf(page)).toFixed(1)}`);
  },
};
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

async function main() {
  const names = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(CASES);
  await mkdir(OUT, { recursive: true });
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const file = normalize(join(DIST, path === '/' ? 'index.html' : path));
    if (!file.startsWith(DIST)) { res.writeHead(403).end(); return; }
    readFile(file).then((b) => res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(b), () => res.writeHead(404).end());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--enable-unsafe-swiftshader', '--use-angle=swiftshader', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  for (const name of names) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    const logs: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') logs.push(`${m.type()}: ${m.text()}`); });
    page.on('pageerror', (e) => logs.push(`pageerror: ${e.message}`));
    const t0 = Date.now();
    await page.goto(`http://127.0.0.1:${port}/?${CASES[name] ?? name}`);
    await page.waitForSelector('canvas[role="img"]', { timeout: 120_000 });
    await page.waitForTimeout(1500);
    const loadMs = Date.now() - t0;
    await page.screenshot({ path: `${OUT}/${name}.png` });
    const label = await page.getAttribute('canvas', 'aria-label');
    // Page frames per second (rAF count) and scene renders per second over 4 s.
    const rates = async (push: boolean) => page.evaluate(`new Promise((res) => {
      const h = globalThis.harness; let n = 0; const t0 = performance.now(), r0 = h.renders();
      const f = () => { n++; if (${push}) h.pushFrame(); const s = (performance.now() - t0) / 1000; if (s < 4) requestAnimationFrame(f); else res([n / s, (h.renders() - r0) / s]); };
      requestAnimationFrame(f);
    })`) as Promise<[number, number]>;
    const fps = async (push: boolean) => (await rates(push))[0];
    const idle = await fps(false);
    const lives: [number, number][] = [];
    for (let k = 0; k < 3; k++) lives.push(await rates(true));
    lives.sort((a, b) => a[0] - b[0]);
    const live = lives[1]![0], best = lives[2]![0], liveRenders = lives[1]![1];
    // Drag the camera (orbit) while frames keep coming.
    const dragging = rates(true);
    await page.mouse.move(640, 360); await page.mouse.down();
    for (let i = 0; i < 50; i++) { await page.mouse.move(640 + 200 * Math.sin(i / 8), 360 + 40 * Math.cos(i / 8)); await page.waitForTimeout(90); }
    await page.mouse.up();
    const [drag, dragRenders] = await dragging;
    const setup = await page.evaluate('globalThis.harness.setupMs') as number;
    console.log(`${name.padEnd(12)} load ${String(loadMs).padStart(6)} ms (fabric setup ${setup.toFixed(0)} ms)  fps idle ${idle.toFixed(1).padStart(5)}  fps live median ${live.toFixed(1).padStart(5)} best ${best.toFixed(1).padStart(5)} (renders ${liveRenders.toFixed(1)}/s)  fps drag ${drag.toFixed(1).padStart(5)} (renders ${dragRenders.toFixed(1)}/s)  | ${label}`);
    const steps = STEPS[name];
    if (steps) await steps(page, name);
    for (const l of logs) console.log(`   ${l}`);
    await page.close();
  }
  await browser.close();
  server.close();
}
void main();
