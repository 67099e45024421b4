/**
 * A tiny static file server on 127.0.0.1 (port chosen by the OS) for the e2e bundle: module
 * workers need an http(s) origin, not file:. Serves GET only, from one directory, and never
 * outside it.
 */
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.map': 'application/json',
  '.json': 'application/json',
};

/**
 * The page the tests load: it imports ./entry.js and exposes the module as `globalThis.edgetwin`
 * (or the import failure as `globalThis.edgetwinLoadError`), so evaluated code needs no import().
 */
export const INDEX_HTML = `<!doctype html><html><head><meta charset="utf-8"><title>edgetwin e2e</title>
<script type="module">
import('./entry.js').then((m) => { globalThis.edgetwin = m; }, (e) => { globalThis.edgetwinLoadError = String(e && e.stack || e); });
</script></head><body></body></html>`;

/** A running server: its origin (http://127.0.0.1:PORT), the paths requested so far, and close(). */
export interface StaticServer {
  origin: string;
  requested: string[];
  close(): Promise<void>;
}

/** Serves `dir` (and INDEX_HTML at /) on 127.0.0.1; resolves once listening. */
export async function serveDirectory(dir: string): Promise<StaticServer> {
  const root = normalize(dir + sep);
  const requested: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    requested.push(path);
    if (req.method !== 'GET') { res.writeHead(405).end(); return; }
    if (path === '/' || path === '/index.html') {
      res.writeHead(200, { 'content-type': TYPES['.html']! }).end(INDEX_HTML);
      return;
    }
    const file = normalize(join(root, path));
    if (!file.startsWith(root)) { res.writeHead(403).end(); return; }
    readFile(file).then(
      (body) => res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' }).end(body),
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const addr = server.address();
  if (addr === null || typeof addr === 'string') throw new Error(`static server: unexpected address ${JSON.stringify(addr)}`);
  return {
    origin: `http://127.0.0.1:${addr.port}`,
    requested,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
