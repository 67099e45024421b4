/**
 * Serves a built web app directory on 127.0.0.1 (port from the OS) with the MIME types a browser
 * insists on for module scripts, workers and stylesheets; GET only, never outside the directory.
 */
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.map': 'application/json', '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm', '.png': 'image/png',
};

/** A running server: origin, requested paths, close(). */
export interface Served { origin: string; requested: string[]; close(): Promise<void> }

/** Serves `dir` ("/" is index.html). */
export async function serveBuiltApp(dir: string): Promise<Served> {
  const root = normalize(dir + sep);
  const requested: string[] = [];
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    requested.push(path);
    if (req.method !== 'GET') { res.writeHead(405).end(); return; }
    const file = normalize(join(root, path === '/' ? 'index.html' : path));
    if (!file.startsWith(root)) { res.writeHead(403).end(); return; }
    readFile(file).then(
      (body) => res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' }).end(body),
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(0, '127.0.0.1', () => resolve()); });
  const addr = server.address();
  if (addr === null || typeof addr === 'string') throw new Error(`serveBuiltApp: unexpected address ${JSON.stringify(addr)}`);
  return {
    origin: `http://127.0.0.1:${addr.port}`,
    requested,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
