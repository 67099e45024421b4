/**
 * A STAND-IN for a Kubernetes API server, over node:http. No Kubernetes API server installs on
 * the machines EdgeTwin is built and tested on, so this small server speaks the real REST shapes
 * that @kubernetes/client-node and EdgeTwin's connectors use, and nothing more:
 *
 *   GET    /api/v1/nodes[/NAME], /api/v1/pods, /api/v1/namespaces/NS/pods[/NAME],
 *          /apis/apps/v1/deployments, /apis/apps/v1/namespaces/NS/deployments[/NAME]
 *            lists carry metadata.resourceVersion; labelSelector and fieldSelector filter;
 *            ?watch=1&resourceVersion=N streams newline-delimited events ADDED / MODIFIED /
 *            DELETED / BOOKMARK (allowWatchBookmarks) from N; a resourceVersion older than the
 *            retained window gets an ERROR event carrying a Status 410 Gone (reason Expired), then
 *            the stream ends, as the real server does; timeoutSeconds ends a watch.
 *   PATCH  /apis/apps/v1/namespaces/NS/deployments/NAME and /api/v1/nodes/NAME with Content-Type
 *            application/apply-patch+yaml (YAML or JSON): server-side apply with fieldManager
 *            (required), force=true|false and dryRun=All; managedFields per manager at field
 *            granularity; a field another manager owns with another value → 409 Conflict with
 *            the real Status shape (details.causes: FieldManagerConflict, field); dryRun returns
 *            the would-be object and stores nothing.
 *   DELETE /apis/apps/v1/namespaces/NS/deployments/NAME[?dryRun=All]
 *   GET    /version, /healthz, /readyz
 *
 * Not served: other resources, other patch types (415), admission, RBAC (one optional bearer
 * token, 401 without it), TLS (plain HTTP on loopback: kubeconfigs say insecure-skip-tls-verify).
 * Nodes and pods are written through `store` (tests, the demo), not through the API.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { jsonDepth, MAX_JSON_DEPTH, readBody, HttpError } from '../../extender/http-body.ts';
import { jsonEqual, serverSideApply } from './managed-fields.ts';
import { parseFieldSelector, parseLabelSelector, type ObjectMatcher } from './selectors.ts';
import { applyConflict, badRequest, expired, failure, invalid, noSuchPath, notFound, type KubeStatus } from './status.ts';
import { ObjectStore, RESOURCES, type KubeObject, type Resource, type StoreEvent } from './store.ts';

/** Request bodies above this are refused with 413 (the real server's limit is 3 MiB). */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;

/** Options of the stand-in. */
export interface StandInOptions {
  /** A bearer token every request must carry (none: no authentication). */
  token?: string;
  /** How many change events watches can resume from. */
  historyLimit?: number;
  /** Wall clock for managedFields times and creationTimestamps. */
  nowIso?: () => string;
}

/** A running (or stoppable) stand-in. */
export interface KubeApiStandIn {
  server: Server;
  store: ObjectStore;
  /** Sends a BOOKMARK at the current revision to every watch that asked for bookmarks. */
  bookmark(): void;
  /** Ends every open watch stream cleanly (as an API server does on timeout or shutdown); clients resume from their last resourceVersion. */
  endWatches(): void;
  /** Counts of requests by RBAC verb and resource (`watch pods`, `patch deployments`), and of watches opened, for tests and the demo. */
  counters: { requests: Record<string, number>; watchesOpened: number; gone410: number; conflicts409: number };
}

class StatusError extends Error { constructor(readonly body: KubeStatus) { super(body.message); } }

type Route = { resource: Resource; namespace?: string; name?: string };

/** Parses an API path into resource, namespace and name; null when the stand-in does not serve it. */
export function parseApiPath(path: string): Route | null {
  const p = path.replace(/\/+$/, '').split('/').slice(1).map(decodeURIComponent);
  const core = p[0] === 'api' && p[1] === 'v1' ? p.slice(2) : p[0] === 'apis' && p[1] === 'apps' && p[2] === 'v1' ? p.slice(3) : null;
  if (!core) return null;
  const group = p[0] === 'apis' ? 'apps' : '';
  let namespace: string | undefined;
  let rest = core;
  if (rest[0] === 'namespaces' && rest.length >= 3) { namespace = rest[1]; rest = rest.slice(2); }
  const resource = rest[0] as Resource;
  if (!RESOURCES[resource] || RESOURCES[resource].group !== group || rest.length > 2) return null;
  if (namespace !== undefined && !RESOURCES[resource].namespaced) return null;
  if (rest.length === 2 && RESOURCES[resource].namespaced && namespace === undefined) return null;
  return { resource, ...(namespace !== undefined ? { namespace } : {}), ...(rest[1] !== undefined ? { name: rest[1] } : {}) };
}

function send(res: ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) });
  res.end(text);
}

/** A list's items carry no kind/apiVersion (as in the real server's typed lists). */
function listItem(o: KubeObject): KubeObject {
  const { kind: _k, apiVersion: _a, ...rest } = o;
  return rest as KubeObject;
}

function matchers(q: URLSearchParams): ObjectMatcher[] {
  const out: ObjectMatcher[] = [];
  const ls = q.get('labelSelector');
  if (ls) { const m = parseLabelSelector(ls); if ('error' in m) throw new StatusError(badRequest(m.error)); out.push(m); }
  const fs = q.get('fieldSelector');
  if (fs) { const m = parseFieldSelector(fs); if ('error' in m) throw new StatusError(badRequest(m.error)); out.push(m); }
  return out;
}

/** Creates the stand-in's http.Server (not yet listening) over a fresh store. */
export function createKubeApiStandIn(opts: StandInOptions = {}): KubeApiStandIn {
  const nowIso = opts.nowIso ?? (() => new Date().toISOString());
  const store = new ObjectStore(opts.historyLimit ?? 1000, nowIso);
  const bookmarkers = new Set<(rev: number) => void>();
  const openWatches = new Set<ServerResponse>();
  const counters: KubeApiStandIn['counters'] = { requests: {}, watchesOpened: 0, gone410: 0, conflicts409: 0 };

  const inScope = (route: Route, ms: ObjectMatcher[]) => (o: KubeObject | null): boolean =>
    !!o && (route.namespace === undefined || o.metadata.namespace === route.namespace) && ms.every((m) => m(o as Parameters<ObjectMatcher>[0]));

  function watch(res: ServerResponse, route: Route, q: URLSearchParams): void {
    const match = inScope(route, matchers(q));
    const rvText = q.get('resourceVersion') ?? '';
    if (rvText !== '' && !/^\d+$/.test(rvText)) throw new StatusError(badRequest(`invalid resourceVersion ${JSON.stringify(rvText)}: must be an integer`));
    counters.watchesOpened++;
    res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked', 'cache-control': 'no-cache' });
    res.flushHeaders(); // a watch with nothing to replay still answers at once
    const write = (type: string, object: unknown) => { if (!res.writableEnded) res.write(`${JSON.stringify({ type, object })}\n`); };
    const sendEvent = (e: StoreEvent) => {
      // A filtered watch sees an object entering or leaving the selection as ADDED / DELETED.
      const now = match(e.object), before = match(e.previous);
      if (e.type === 'DELETED') { if (before) write('DELETED', e.object); return; }
      if (now && before) write(e.type === 'ADDED' ? 'ADDED' : 'MODIFIED', e.object);
      else if (now) write('ADDED', e.object);
      else if (before) write('DELETED', e.object);
    };
    // Subscribe before replaying so nothing written in between is lost; buffer until the replay is out.
    const pending: StoreEvent[] = [];
    let replaying = true;
    const unsubscribe = store.subscribe((e) => { if (e.resource !== route.resource) return; if (replaying) pending.push(e); else sendEvent(e); });
    let lastSent: number;
    if (rvText === '' || rvText === '0') {
      for (const o of store.list(route.resource, route.namespace)) if (match(o)) write('ADDED', o);
      lastSent = store.revision();
    } else {
      const from = Number(rvText);
      const events = store.since(route.resource, from);
      if (events === 'expired') {
        counters.gone410++;
        write('ERROR', expired(from, store.oldestRevision()));
        unsubscribe();
        res.end();
        return;
      }
      for (const e of events) sendEvent(e);
      lastSent = events.length ? events[events.length - 1]!.revision : from;
    }
    for (const e of pending) if (e.revision > lastSent) sendEvent(e);
    replaying = false;
    const bookmarks = q.get('allowWatchBookmarks') === 'true';
    const info = RESOURCES[route.resource];
    const bookmark = (rev: number) => write('BOOKMARK', { kind: info.kind, apiVersion: info.apiVersion, metadata: { resourceVersion: String(rev) } });
    if (bookmarks) { bookmark(store.revision()); bookmarkers.add(bookmark); }
    const timeoutS = Number(q.get('timeoutSeconds') ?? NaN);
    const timer = Number.isFinite(timeoutS) && timeoutS > 0 ? setTimeout(() => res.end(), timeoutS * 1000) : null;
    openWatches.add(res);
    const done = () => { unsubscribe(); bookmarkers.delete(bookmark); openWatches.delete(res); if (timer) clearTimeout(timer); };
    res.on('close', done); // the stream ended or the client went away
  }

  function get(res: ServerResponse, route: Route, q: URLSearchParams): void {
    const info = RESOURCES[route.resource];
    if (route.name !== undefined) {
      const o = store.get(route.resource, route.namespace, route.name);
      if (!o) throw new StatusError(notFound(route.resource, info.group, route.name));
      send(res, 200, o);
      return;
    }
    const match = inScope(route, matchers(q));
    const items = store.list(route.resource, route.namespace).filter(match).map(listItem);
    send(res, 200, { kind: `${info.kind}List`, apiVersion: info.apiVersion, metadata: { resourceVersion: String(store.revision()) }, items });
  }

  async function apply(req: IncomingMessage, res: ServerResponse, route: Route & { name: string }, q: URLSearchParams): Promise<void> {
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/apply-patch+yaml' && type !== 'application/apply-patch+json') {
      req.resume();
      throw new StatusError(failure(415, `the stand-in implements only server-side apply (Content-Type application/apply-patch+yaml), got ${type ? JSON.stringify(type) : 'none'}`));
    }
    const manager = q.get('fieldManager') ?? '';
    if (!manager) throw new StatusError(invalid('PatchOptions', 'meta.k8s.io', '', [{ field: 'fieldManager', message: 'Required value: is required for apply patch' }]));
    const forceText = q.get('force');
    if (forceText !== null && forceText !== 'true' && forceText !== 'false') throw new StatusError(badRequest(`invalid force ${JSON.stringify(forceText)}: must be true or false`));
    const dryRun = q.getAll('dryRun');
    if (dryRun.some((d) => d !== 'All')) throw new StatusError(badRequest(`Invalid dry run value ${JSON.stringify(dryRun.join(','))}: only All is supported`));
    const text = await readBody(req, MAX_BODY_BYTES);
    if (jsonDepth(text) > MAX_JSON_DEPTH) throw new StatusError(badRequest(`body nested more than ${MAX_JSON_DEPTH} levels deep`));
    let body: unknown;
    try { body = parseYaml(text, { maxAliasCount: 100 }); } catch (e) { throw new StatusError(badRequest(`error decoding YAML: ${(e as Error).message}`)); }
    const info = RESOURCES[route.resource];
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new StatusError(badRequest(`error decoding YAML: the body must be an object (a ${info.kind})`));
    const applied = body as KubeObject & { spec?: Record<string, unknown> };
    if (applied.apiVersion !== info.apiVersion || applied.kind !== info.kind) throw new StatusError(badRequest(`expected apiVersion ${info.apiVersion} kind ${info.kind}, got ${JSON.stringify(applied.apiVersion)} ${JSON.stringify(applied.kind)}`));
    const meta = (typeof applied.metadata === 'object' && applied.metadata !== null ? applied.metadata : {}) as KubeObject['metadata'];
    if (meta.name !== route.name) throw new StatusError(badRequest(`the name of the object (${String(meta.name ?? '')}) does not match the name on the URL (${route.name})`));
    if (meta.namespace !== undefined && meta.namespace !== route.namespace) throw new StatusError(badRequest('the namespace of the provided object does not match the namespace sent on the request'));
    const live = store.get(route.resource, route.namespace, route.name) ?? null;
    const r = serverSideApply(live, applied as unknown as Record<string, unknown>, manager, { force: forceText === 'true', apiVersion: info.apiVersion, time: nowIso().replace(/\.\d+Z$/, 'Z') });
    if (!r.merged) { counters.conflicts409++; throw new StatusError(applyConflict(r.conflicts, info.apiVersion)); }
    const merged = r.merged as KubeObject & { spec?: Record<string, unknown> };
    merged.apiVersion = info.apiVersion;
    merged.kind = info.kind;
    merged.metadata = { ...merged.metadata, name: route.name, ...(info.namespaced ? { namespace: route.namespace! } : {}), managedFields: r.managedFields };
    if (route.resource === 'deployments') {
      const spec = (merged.spec ??= {});
      if (spec.replicas === undefined) spec.replicas = 1;
      validateDeployment(merged, live);
      const liveSpec = live?.spec;
      merged.metadata.generation = live ? (jsonEqual(liveSpec, merged.spec) ? live.metadata.generation : Number(live.metadata.generation ?? 1) + 1) : 1;
    }
    if (dryRun.length) {
      if (!live) { delete merged.metadata.resourceVersion; delete merged.metadata.uid; }
      send(res, live ? 200 : 201, merged);
      return;
    }
    // A no-op apply writes nothing (no new resourceVersion, no watch event), as the real server.
    if (live && jsonEqual(live, merged)) { send(res, 200, live); return; }
    send(res, live ? 200 : 201, store.put(route.resource, merged));
  }

  function remove(res: ServerResponse, route: Route & { name: string }, q: URLSearchParams): void {
    const dryRun = q.getAll('dryRun');
    if (dryRun.some((d) => d !== 'All')) throw new StatusError(badRequest(`Invalid dry run value ${JSON.stringify(dryRun.join(','))}: only All is supported`));
    const info = RESOURCES[route.resource];
    const live = store.get(route.resource, route.namespace, route.name);
    if (!live) throw new StatusError(notFound(route.resource, info.group, route.name));
    if (!dryRun.length) store.remove(route.resource, route.namespace, route.name);
    // As the real server answers a Deployment delete (background propagation): a Success Status.
    send(res, 200, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: { name: route.name, group: info.group, kind: route.resource, uid: live.metadata.uid } });
  }

  const server = createServer((req, res) => {
    void (async () => {
      try {
        const url = new URL(req.url ?? '/', 'http://stand-in');
        if (opts.token !== undefined && req.headers.authorization !== `Bearer ${opts.token}`) throw new StatusError(failure(401, 'Unauthorized'));
        if (['/healthz', '/readyz', '/livez'].includes(url.pathname)) { res.writeHead(200, { 'content-type': 'text/plain' }).end('ok'); return; }
        if (url.pathname === '/version') { send(res, 200, { major: '1', minor: '33', gitVersion: 'v1.33.0-edgetwin-stand-in', platform: `${process.platform}/${process.arch}` }); return; }
        const route = parseApiPath(url.pathname);
        if (!route) throw new StatusError(noSuchPath());
        const q = url.searchParams;
        const w = q.get('watch');
        const verb = verbOf(req.method ?? '', route, w === '1' || w === 'true');
        counters.requests[verb] = (counters.requests[verb] ?? 0) + 1;
        if (req.method === 'GET' && (w === '1' || w === 'true') && route.name === undefined) return watch(res, route, q);
        if (req.method === 'GET') return get(res, route, q);
        if (req.method === 'PATCH' && route.resource !== 'pods' && route.name !== undefined) return await apply(req, res, route as Route & { name: string }, q);
        if (req.method === 'DELETE' && route.resource === 'deployments' && route.name !== undefined) return remove(res, route as Route & { name: string }, q);
        throw new StatusError(failure(405, `the stand-in does not serve ${req.method} on ${url.pathname}`));
      } catch (e) {
        const body = e instanceof StatusError ? e.body
          : e instanceof HttpError ? failure(e.statusCode, e.message)
            : failure(500, `internal error: ${(e as Error).message}`);
        if (!(e instanceof StatusError) && !(e instanceof HttpError)) process.stderr.write(`kube stand-in: internal error on ${req.method} ${req.url}: ${(e as Error).stack}\n`);
        req.resume();
        if (!res.headersSent) send(res, body.code, body);
        else res.end();
      }
    })();
  });
  return {
    server, store, counters,
    bookmark: () => { const rev = store.revision(); for (const b of bookmarkers) b(rev); },
    endWatches: () => { for (const r of [...openWatches]) r.end(); openWatches.clear(); },
  };
}

/** The RBAC verb and resource of a request, as "verb resource" (get, list, watch, patch, delete, …). */
export function verbOf(method: string, route: Route, watching: boolean): string {
  const named = route.name !== undefined;
  const verb = method === 'GET' ? (watching ? 'watch' : named ? 'get' : 'list') : method === 'PATCH' ? 'patch' : method === 'DELETE' ? 'delete' : method === 'PUT' ? 'update' : method === 'POST' ? 'create' : method.toLowerCase();
  return `${verb} ${route.resource}`;
}

/** What the real API server's validation would refuse in a Deployment (the parts the stand-in checks). */
function validateDeployment(d: KubeObject & { spec?: Record<string, unknown> }, live: KubeObject | null): void {
  const causes: { field: string; message: string }[] = [];
  const spec = d.spec ?? {};
  const sel = spec.selector as { matchLabels?: Record<string, string> } | undefined;
  const tmpl = spec.template as { metadata?: { labels?: Record<string, string> }; spec?: { containers?: { name?: unknown; image?: unknown }[] } } | undefined;
  if (!sel || typeof sel !== 'object') causes.push({ field: 'spec.selector', message: 'Required value' });
  else {
    const labels = tmpl?.metadata?.labels ?? {};
    const ml = sel.matchLabels ?? {};
    if (Object.keys(ml).length === 0) causes.push({ field: 'spec.selector', message: 'Invalid value: empty selector is invalid for deployment' });
    for (const [k, v] of Object.entries(ml)) if (labels[k] !== v) causes.push({ field: 'spec.template.metadata.labels', message: `Invalid value: selector does not match template labels (${k}=${v})` });
  }
  const containers = tmpl?.spec?.containers;
  if (!Array.isArray(containers) || containers.length === 0) causes.push({ field: 'spec.template.spec.containers', message: 'Required value' });
  else containers.forEach((c, i) => {
    if (typeof c?.name !== 'string' || !c.name) causes.push({ field: `spec.template.spec.containers[${i}].name`, message: 'Required value' });
    if (typeof c?.image !== 'string' || !c.image) causes.push({ field: `spec.template.spec.containers[${i}].image`, message: 'Required value' });
  });
  if (typeof spec.replicas !== 'number' || !Number.isInteger(spec.replicas) || spec.replicas < 0) causes.push({ field: 'spec.replicas', message: `Invalid value: ${JSON.stringify(spec.replicas)}: must be greater than or equal to 0` });
  if (live && !jsonEqual((live.spec as Record<string, unknown> | undefined)?.selector, spec.selector)) causes.push({ field: 'spec.selector', message: 'Invalid value: field is immutable' });
  if (causes.length) throw new StatusError(invalid('Deployment', 'apps', d.metadata.name, causes));
}
