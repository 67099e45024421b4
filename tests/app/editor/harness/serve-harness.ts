/**
 * Serves a built harness directory on 127.0.0.1 (a port the OS picks): GET only, never outside
 * the directory, with the content types the app's files need (CSS too — a stylesheet served as
 * octet-stream is refused by the browser). Records the paths that were not found.
 */
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.wasm': 'application/wasm',
};

/** A running server. */
export interface HarnessServer { origin: string; notFound: string[]; close(): Promise<void> }

/** Serves `dir`, with `index` at `/`. */
export async function serveHarness(dir: string, index = 'index.html'): Promise<HarnessServer> {
  const root = normalize(dir + sep);
  const notFound: string[] = [];
  const server = createServer((req, res) => {
    let path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (path === '/') path = `/${index}`;
    if (req.method !== 'GET') { res.writeHead(405).end(); return; }
    const file = normalize(join(root, path));
    if (!file.startsWith(root)) { res.writeHead(403).end(); return; }
    readFile(file).then(
      (body) => res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' }).end(body),
      () => { notFound.push(path); res.writeHead(404).end(); },
    );
  });
  await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(0, '127.0.0.1', () => resolve()); });
  const addr = server.address();
  if (addr === null || typeof addr === 'string') throw new Error(`serveHarness: unexpected address ${JSON.stringify(addr)}`);
  return {
    origin: `http://127.0.0.1:${addr.port}`,
    notFound,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
