/**
 * Dev tool: opens the real app built into $DIST (default /tmp/app-dist: `npx vite build --outDir /tmp/app-dist`)
 * in headless Chromium on SwiftShader, waits for the scene, prints console problems and screenshots it to $SHOTS/app.png.
 */
import { chromium } from 'playwright-core';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join, extname, normalize } from 'node:path';
const DIST = process.env.DIST ?? '/tmp/app-dist';
const OUT = process.env.SHOTS ?? '/tmp/scene-shots';
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm' };
const server = createServer((req, res) => { const p = new URL(req.url!, 'http://x').pathname; const f = normalize(join(DIST, p === '/' ? 'index.html' : p)); readFile(f).then((b) => res.writeHead(200, { 'content-type': TYPES[extname(f)] ?? 'application/octet-stream' }).end(b), () => res.writeHead(404).end()); });
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const port = (server.address() as { port: number }).port;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--enable-unsafe-swiftshader', '--use-angle=swiftshader', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') console.log(`console ${m.type()}: ${m.text()}`); });
page.on('pageerror', (e) => console.log(`pageerror: ${e.message}`));
await page.goto(`http://127.0.0.1:${port}/${process.argv[2] ?? ''}`);
await page.getByRole('img', { name: /^3D view of \d+/ }).waitFor({ timeout: 60_000 });
await page.waitForTimeout(Number(process.env.WAIT ?? 6000));
console.log(await page.getByRole('img', { name: /^3D view/ }).getAttribute('aria-label'));
await page.screenshot({ path: `${OUT}/app.png` });
// Frames the page paints in 5 s while the app plays (the scene renders on demand: per frame received, camera move or animation).
if (process.env.EVAL) { await page.evaluate(process.env.EVAL); await page.waitForTimeout(500); }
const cdp = process.env.PROFILE ? await page.context().newCDPSession(page) : null;
if (cdp) { await cdp.send('Profiler.enable'); await cdp.send('Profiler.start'); }
const fps = await page.evaluate(`new Promise((res) => { let n = 0; const t0 = performance.now(); const f = () => { n++; if (performance.now() - t0 < 5000) requestAnimationFrame(f); else res(n / 5); }; requestAnimationFrame(f); })`);
console.log('page rAF per second while playing:', fps);
if (cdp) {
  const { profile } = await cdp.send('Profiler.stop') as { profile: { nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[]; samples: number[]; timeDeltas: number[] } };
  const self = new Map<string, number>();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  profile.samples.forEach((id, i) => { const n = byId.get(id)!; const k = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`; self.set(k, (self.get(k) ?? 0) + (profile.timeDeltas[i] ?? 0)); });
  [...self].sort((a, b) => b[1] - a[1]).slice(0, 20).forEach(([k, v]) => console.log((v / 1000).toFixed(0).padStart(6), 'ms', k));
}
await browser.close(); server.close();
