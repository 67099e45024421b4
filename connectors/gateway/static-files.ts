/**
 * Serves the built web app (dist/app) over HTTP: GET and HEAD only, never outside its directory,
 * content types for what Vite emits, long caching for hashed assets and none for index.html.
 * `edgetwin serve` answers the app's routes with this; the gateway API (/api/v1) will sit beside it.
 */
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.map': 'application/json', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.wasm': 'application/wasm', '.txt': 'text/plain; charset=utf-8', '.yaml': 'text/yaml; charset=utf-8',
};

/**
 * Request-header limit for the app's server: a shared link carries an edited scenario deflated in
 * its query (a 10k-node fabric is ~40 KB), past Node's 16 KiB default; Chromium's own URL limit is 2 MB.
 */
export const MAX_HEADER_BYTES = 2 * 1024 * 1024;

/** A request handler serving `dir`; unknown paths fall back to index.html (the app routes by query string). */
export function staticFiles(dir: string): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const root = normalize(dir + sep);
  return async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end('method not allowed\n');
      return;
    }
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    } catch {
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('bad URL encoding\n');
      return;
    }
    let file = normalize(join(root, path));
    if (!file.startsWith(root)) { res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' }).end('forbidden\n'); return; }
    const isFile = await stat(file).then((s) => s.isFile(), () => false);
    if (!isFile) {
      if (extname(path) !== '' && path !== '/') { res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n'); return; }
      file = join(root, 'index.html');
    }
    try {
      const body = await readFile(file);
      const hashed = file.includes(`${sep}assets${sep}`);
      res.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('cannot read file\n');
    }
  };
}
