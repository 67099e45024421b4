/**
 * `edgetwin serve` (what `npm start` runs): builds the web app when its sources changed, prints
 * "EdgeTwin at http://127.0.0.1:PORT/", serves the app's files and nothing outside them, answers
 * other methods with 405, and a second start reuses the build. The server is started on a
 * loopback port chosen by the OS and stopped by its own PID.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const started: ChildProcess[] = [];

/** Starts serve on port 0; resolves with its URL and everything it printed on stderr. */
function serve(...extra: string[]): Promise<{ url: string; stderr: string; proc: ChildProcess }> {
  const proc = spawn('node', ['cli/bin.mjs', 'serve', '--port', '0', ...extra], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(proc);
  let out = '', err = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${out} ${err}`)), 90_000);
    proc.stderr!.on('data', (b) => { err += b; });
    proc.stdout!.on('data', (b) => {
      out += b;
      const m = /^EdgeTwin at (http:\/\/127\.0\.0\.1:\d+\/)$/m.exec(out);
      if (m) { clearTimeout(timer); resolve({ url: m[1]!, stderr: err, proc }); }
    });
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`serve exited with ${code}: ${out} ${err}`)); });
  });
}

/** Status of a GET with the path sent as is (fetch would normalise the dots away). */
function rawStatus(base: string, path: string): Promise<number> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, path, method: 'GET' }, (res) => { res.resume(); resolve(res.statusCode ?? 0); });
    req.on('error', reject);
    req.end();
  });
}

const stop = (p: ChildProcess) => new Promise<void>((resolve) => { p.once('exit', () => resolve()); process.kill(p.pid!, 'SIGTERM'); });

afterAll(() => { for (const p of started) if (p.exitCode === null) process.kill(p.pid!, 'SIGKILL'); });

describe('edgetwin serve', () => {
  it('serves the built app, only its own files, and reuses the build on the next start', async () => {
    console.log('starting `edgetwin serve --port 0 --rebuild` on 127.0.0.1 (builds the web app with Vite)');
    const first = await serve('--rebuild');
    expect(first.stderr).toMatch(/building the web app/);
    const index = await fetch(first.url);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await index.text();
    expect(html).toContain('<div id="root"></div>');
    const script = /src="\.\/(assets\/[^"]+\.js)"/.exec(html)![1]!;
    const js = await fetch(new URL(script, first.url));
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toContain('immutable');
    // The app routes by query string: any path without an extension is the app.
    expect((await fetch(new URL('/?scenario=metro-operations&t=30s', first.url))).status).toBe(200);
    // A shared link of an edited 10k-node fabric carries ~40 KB of deflated YAML in its query (Node's default header limit is 16 KiB).
    expect((await fetch(new URL(`/?yaml=${'A'.repeat(200_000)}`, first.url))).status).toBe(200);
    expect((await fetch(new URL('/assets/nope.js', first.url))).status).toBe(404);
    // Dots are resolved inside the app's root (URL rules), so nothing outside it can be named.
    expect(await rawStatus(first.url, '/../../package.json')).toBe(404);
    expect(await rawStatus(first.url, '/%2e%2e/%2e%2e/package.json')).toBe(404);
    expect(await rawStatus(first.url, '/..%2f..%2fpackage.json')).toBe(403); // encoded slashes: refused by the root check
    expect((await fetch(new URL('/%E0%A4%A', first.url))).status).toBe(400);
    expect((await fetch(first.url, { method: 'POST', body: 'x' })).status).toBe(405);
    await stop(first.proc);

    const second = await serve();
    expect(second.stderr).not.toMatch(/building/);
    expect((await fetch(second.url)).status).toBe(200);
    await stop(second.proc);
  }, 180_000);

  it('a bad --port is refused as bad input (exit 2, no stack trace)', async () => {
    const proc = spawn('node', ['cli/bin.mjs', 'serve', '--port', '99999'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    proc.stderr!.on('data', (b) => { err += b; });
    const code = await new Promise<number | null>((r) => proc.on('exit', r));
    expect(code).toBe(2);
    expect(err).toBe('<--port>: expected a port from 0 to 65535, got 99999\n');
  });

  it('bad connector flags are refused before anything starts (exit 2, located)', async () => {
    const run = async (...args: string[]) => {
      const proc = spawn('node', ['cli/bin.mjs', 'serve', '--port', '0', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      let err = '';
      proc.stderr!.on('data', (b) => { err += b; });
      return { code: await new Promise<number | null>((r) => proc.on('exit', r)), err };
    };
    const broken = join(mkdtempSync(join(tmpdir(), 'edgetwin-serve-')), 'broken.yaml');
    writeFileSync(broken, 'spec: [\n');
    const cases: [string[], string][] = [
      [['--mqtt', 'http://127.0.0.1:1883'], '<--mqtt>: expected a URL with scheme mqtt or mqtts or ws or wss, got \'http\'\n'],
      [['--key', '/nonexistent/edgetwin.key'], '<--key>: no such file: /nonexistent/edgetwin.key\n'],
      [['--approvals', '3'], "<--approvals>: expected 1 or 2 (distinct operators who must approve a plan), got '3'\n"],
      [['--prometheus-mapping', 'm.yaml'], '<--prometheus-mapping>: only means something with --shadow SCENARIO\n'],
      [['--shadow', broken], `${broken}:1:7: malformed YAML: this '[' is never closed: a ']' is missing (the file ends first)\n`],
    ];
    for (const [args, message] of cases) {
      const r = await run(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toBe(message);
    }
  });
});
