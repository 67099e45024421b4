/**
 * Scene harness profiler (dev tool): opens one harness URL (or /micro.html?...) in headless
 * Chromium on SwiftShader, pushes a frame per animation frame for 4 s, and prints the fps, the
 * CPU time per frame of Chromium's GPU and renderer processes (steadier than fps on a shared
 * machine) and the main thread's hottest functions. EVAL=js runs before measuring.
 * Usage: npx tsx tests/app/scene/harness/prof.mts 'fabric=metro-operations'
 */
import { chromium } from 'playwright-core';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join, extname } from 'node:path';
import { readdirSync, readFileSync } from 'node:fs';
/** CPU seconds used so far by chromium's GPU and renderer processes. */
function cpu(): { gpu: number; renderer: number } {
  const out = { gpu: 0, renderer: 0 };
  const parent = new Map<string, string>();
  for (const pid of readdirSync('/proc').filter((x) => /^\d+$/.test(x))) {
    try { parent.set(pid, readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]!); } catch { /* gone */ }
  }
  const mine = (pid: string) => { for (let p: string | undefined = pid, k = 0; p && k < 20; p = parent.get(p), k++) if (p === String(process.pid)) return true; return false; };
  for (const pid of [...parent.keys()].filter(mine)) {
    let cmd = '';
    try { cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8'); } catch { continue; }
    if (!cmd.includes('chromium')) continue;
    const kind = cmd.includes('--type=gpu-process') ? 'gpu' : cmd.includes('--type=renderer') ? 'renderer' : null;
    if (!kind) continue;
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    out[kind] += (Number(f[11]) + Number(f[12])) / 100;
  }
  return out;
}
const DIST = '/tmp/scene-harness-dist';
const server = createServer((req, res) => { const p = new URL(req.url!, 'http://x').pathname; readFile(join(DIST, p === '/' ? 'index.html' : p)).then((b) => res.writeHead(200, { 'content-type': extname(p) === '.js' ? 'text/javascript' : 'text/html' }).end(b), () => res.writeHead(404).end()); });
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const port = (server.address() as any).port;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--enable-unsafe-swiftshader', '--use-angle=swiftshader', '--no-first-run'] });
const page = await browser.newPage({ viewport: { width: Number(process.env.VW ?? 1280), height: Number(process.env.VH ?? 720) } });
await page.goto(process.argv[2]!.startsWith("/") ? `http://127.0.0.1:${port}${process.argv[2]}` : `http://127.0.0.1:${port}/?${process.argv[2]}`);
await page.waitForSelector('canvas[role="img"]'); await page.waitForTimeout(1500);
if (process.env.EVAL) { await page.evaluate(process.env.EVAL); await page.waitForTimeout(500); }
const cdp = await page.context().newCDPSession(page);
await cdp.send('Profiler.enable'); await cdp.send('Profiler.start');
const c0 = cpu();
const fps = await page.evaluate(`new Promise((res) => { const h = globalThis.harness; let n = 0; const t0 = performance.now(); const f = () => { n++; h.pushFrame(); if (performance.now() - t0 < 4000) requestAnimationFrame(f); else res(n / ((performance.now() - t0) / 1000)); }; requestAnimationFrame(f); })`) as number;
const c1 = cpu();
const frames = fps * 4;
console.log(`cpu per frame: gpu ${((c1.gpu - c0.gpu) * 1000 / frames).toFixed(1)} ms, renderer ${((c1.renderer - c0.renderer) * 1000 / frames).toFixed(1)} ms`);
const { profile } = await cdp.send('Profiler.stop') as any;
const self = new Map<string, number>();
const dt = profile.timeDeltas as number[];
const byId = new Map(profile.nodes.map((n: any) => [n.id, n]));
profile.samples.forEach((id: number, i: number) => { const n: any = byId.get(id); const k = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`; self.set(k, (self.get(k) ?? 0) + (dt[i] ?? 0)); });
console.log('fps', fps);
[...self].sort((a, b) => b[1] - a[1]).slice(0, 25).forEach(([k, v]) => console.log((v / 1000).toFixed(0).padStart(6), 'ms', k));
await browser.close(); server.close();
