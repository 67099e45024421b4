/**
 * `edgetwin extender`: a Kubernetes scheduler extender over node:http serving EdgeTwin's scheduler
 * profile. Verbs: POST /filter, /prioritize, /preempt, /bind (extender/v1 JSON), POST /cache
 * (replace the node/pod cache with a v1 List, e.g. `kubectl get nodes,pods -A -o json`), GET /healthz.
 *
 * The cache: pods running on nodes (and, for nodeCacheCapable: true, the nodes themselves) come
 * from the cache, fed at start from --cluster and later by POST /cache; /bind assumes the pod
 * into it. With nodeCacheCapable: false the Node objects in each request replace the cached
 * ones for that request. Refusals: 400 (malformed JSON, nesting, a field of the wrong shape — each
 * named by its path), 404, 405 (with Allow), 413, 415, each with {"error": "...", "issues"?: [...]};
 * nothing crashes the server and a refused request changes nothing.
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import { Extender, type ExtenderOptions } from './extender.ts';
import { checkJsonContentType, HttpError, parseJsonBody, readBody } from './http-body.ts';

export { Extender, type ExtenderOptions } from './extender.ts';

/** Default request body limit (413 above it). */
export const DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024;

function send(res: ServerResponse, code: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) });
  res.end(text);
}

/** An http.Server serving the extender (call .listen yourself; port 0 picks a free port). */
export function createExtenderServer(opts: ExtenderOptions): { server: Server; extender: Extender } {
  const extender = new Extender(opts);
  const limit = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const routes: Record<string, (b: unknown) => unknown> = {
    '/filter': (b) => extender.filter(b),
    '/prioritize': (b) => extender.prioritize(b),
    '/preempt': (b) => extender.preempt(b),
    '/bind': (b) => extender.bind(b),
    '/cache': (b) => extender.replaceCache(b),
  };
  const server = createServer((req, res) => {
    void (async () => {
      try {
        const path = (req.url ?? '/').split('?')[0]!.replace(/\/+$/, '') || '/';
        if (path === '/healthz') {
          if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'use GET for /healthz', undefined, { allow: 'GET, HEAD' });
          res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
          return;
        }
        const route = routes[path];
        if (!route) throw new HttpError(404, `unknown path ${path} (POST /filter, /prioritize, /preempt, /bind, /cache; GET /healthz)`);
        if (req.method !== 'POST') throw new HttpError(405, `use POST for ${path}`, undefined, { allow: 'POST' });
        checkJsonContentType(req);
        const body = parseJsonBody(await readBody(req, limit));
        send(res, 200, route(body));
      } catch (e) {
        const known = e instanceof HttpError;
        const code = known ? e.statusCode : 500;
        if (!known) process.stderr.write(`edgetwin extender: internal error on ${req.method} ${req.url}: ${(e as Error).stack ?? String(e)}\n`);
        req.resume(); // drain an unread body so the connection can answer
        const body = { error: (e as Error).message, ...(known && e.issues ? { issues: e.issues } : {}) };
        if (!res.headersSent) send(res, code, body, known ? e.headers : undefined);
        else res.end();
      }
    })();
  });
  return { server, extender };
}
