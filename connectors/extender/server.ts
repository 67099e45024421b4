/**
 * `edgetwin extender`: a Kubernetes scheduler extender over node:http serving EdgeTwin's scheduler
 * profile. Verbs: POST /filter, /prioritize, /bind (extender/v1 JSON), POST /cache (replace the
 * node/pod cache with a v1 List, e.g. `kubectl get nodes,pods -A -o json`), GET /healthz.
 *
 * The cache: pods running on nodes (and, for nodeCacheCapable: true, the nodes themselves) come
 * from the cache, fed at start from --cluster and later by POST /cache; /bind assumes the pod
 * into it. With nodeCacheCapable: false the Node objects in each request replace the cached
 * ones for that request. Bad requests get 400/404/405/413 with {"error": "..."}; nothing crashes
 * the server.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Node, Pod } from '../../sim-core/orchestrator/scheduler/api-types.ts';
import { ClusterState } from '../../sim-core/orchestrator/scheduler/state.ts';
import { Scheduler } from '../../sim-core/orchestrator/scheduler/framework.ts';
import type { Profile } from '../../sim-core/orchestrator/scheduler/profile.ts';
import { clusterFromList } from '../../sim-core/orchestrator/k8s/cluster.ts';
import { readNode } from '../../sim-core/orchestrator/k8s/node.ts';
import { readPod } from '../../sim-core/orchestrator/k8s/pod.ts';
import { Reader } from '../../sim-core/orchestrator/k8s/reader.ts';
import { InputError } from '../../sim-core/scenario/input-error.ts';
import { toExtenderScore, type ExtenderArgs, type ExtenderFilterResult, type HostPriority } from './protocol.ts';

/** Default request body limit (413 above it). */
export const DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024;

/** Server configuration. */
export interface ExtenderOptions { profile: Profile; cache?: ClusterState; maxBodyBytes?: number; seed?: number }

class HttpError extends Error {
  constructor(readonly statusCode: number, message: string) { super(message); }
}

const noLocate = { file: 'request body' };

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (c: Buffer) => {
      if (failed) return;
      size += c.length;
      if (size > limit) { failed = true; reject(new HttpError(413, `request body exceeds ${limit} bytes`)); req.resume(); return; }
      chunks.push(c);
    });
    req.on('end', () => { if (!failed) resolve(Buffer.concat(chunks).toString('utf8')); });
    req.on('error', (e) => { if (!failed) { failed = true; reject(e); } });
  });
}

function parseJson(text: string): unknown {
  try { return JSON.parse(text); } catch (e) { throw new HttpError(400, `malformed JSON: ${(e as Error).message}`); }
}

function send(res: ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** The extender's state and verb handlers (transport-free, so tests and the HTTP layer share it). */
export class Extender {
  cache: ClusterState;
  private readonly scheduler: Scheduler;
  private readonly seen = new Map<string, Pod>();
  constructor(readonly opts: ExtenderOptions) {
    this.cache = opts.cache ?? new ClusterState();
    this.scheduler = new Scheduler(opts.profile, { seed: opts.seed ?? 0 });
  }

  private args(body: unknown): { pod: Pod; nodes: { raw: unknown; node: Node }[] | null; names: string[] | null } {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new HttpError(400, 'expected an ExtenderArgs object {Pod, Nodes | NodeNames}');
    const b = body as ExtenderArgs;
    if (b.Pod === undefined || b.Pod === null) throw new HttpError(400, 'missing field Pod');
    const r = new Reader(noLocate);
    const pod = readPod(r, b.Pod, ['Pod']);
    let nodes: { raw: unknown; node: Node }[] | null = null;
    if (b.Nodes !== undefined && b.Nodes !== null) {
      if (typeof b.Nodes !== 'object' || !Array.isArray(b.Nodes.items)) throw new HttpError(400, 'Nodes must be {items: [Node...]}');
      nodes = b.Nodes.items.flatMap((raw, i) => { const node = readNode(r, raw, ['Nodes', 'items', i]); return node ? [{ raw, node }] : []; });
    }
    const names = Array.isArray(b.NodeNames) ? b.NodeNames.map(String) : null;
    if (r.issues.length) throw new HttpError(400, new InputError(r.issues).message);
    if (nodes === null && names === null) throw new HttpError(400, 'missing field Nodes (nodeCacheCapable: false) or NodeNames (nodeCacheCapable: true)');
    this.seen.set(`${pod!.namespace}/${pod!.name}`, pod!);
    if (this.seen.size > 10_000) this.seen.delete(this.seen.keys().next().value!);
    return { pod: pod!, nodes, names };
  }

  /** The state and candidate indices for a request: request nodes + cached pods, or cached nodes by name. */
  private view(nodes: { node: Node }[] | null, names: string[] | null): { state: ClusterState; only: number[]; unknown: string[] } {
    if (nodes) {
      const state = ClusterState.from(nodes.map((n) => n.node));
      state.defaultSpreadSelector = this.cache.defaultSpreadSelector;
      for (const [ns, l] of this.cache.namespaceLabelMap) state.namespaceLabelMap.set(ns, l);
      for (const p of this.cache.pods.values()) {
        const on = this.cache.names[p.nodeIndex]!;
        if (state.indexOf(on) >= 0) state.addPod(p.pod, on);
      }
      return { state, only: Array.from({ length: state.nodeCount }, (_, i) => i), unknown: [] };
    }
    const only: number[] = [], unknown: string[] = [];
    for (const n of names!) { const i = this.cache.indexOf(n); if (i >= 0) only.push(i); else unknown.push(n); }
    return { state: this.cache, only, unknown };
  }

  /** POST /filter. */
  filter(body: unknown): ExtenderFilterResult {
    const { pod, nodes, names } = this.args(body);
    const { state, only, unknown } = this.view(nodes, names);
    const r = this.scheduler.schedule(state, pod, { explain: true, onlyNodes: only });
    const failed: Record<string, string> = {}, unresolvable: Record<string, string> = {};
    const pass = new Set<string>();
    for (const v of r.nodes ?? []) {
      if (v.feasible) pass.add(v.name);
      else (v.unresolvable ? unresolvable : failed)[v.name] = v.reasons.join(', ');
    }
    for (const n of unknown) unresolvable[n] = 'node not in the extender cache (POST /cache or --cluster)';
    return nodes
      ? { Nodes: { items: nodes.filter((n) => pass.has(n.node.name)).map((n) => n.raw) }, NodeNames: null, FailedNodes: failed, FailedAndUnresolvableNodes: unresolvable, Error: '' }
      : { Nodes: null, NodeNames: names!.filter((n) => pass.has(n)), FailedNodes: failed, FailedAndUnresolvableNodes: unresolvable, Error: '' };
  }

  /** POST /prioritize: 0..10 per requested node (0 for nodes EdgeTwin's filters reject). */
  prioritize(body: unknown): HostPriority[] {
    const { pod, nodes, names } = this.args(body);
    const { state, only } = this.view(nodes, names);
    const r = this.scheduler.schedule(state, pod, { explain: true, onlyNodes: only });
    const sumWeights = this.opts.profile.score.filter((s) => !r.skippedScore.includes(s.plugin.name)).reduce((t, s) => t + s.weight, 0);
    const byName = new Map((r.nodes ?? []).map((v) => [v.name, v]));
    const order = nodes ? nodes.map((n) => n.node.name) : names!;
    return order.map((Host) => {
      const v = byName.get(Host);
      return { Host, Score: v && v.feasible ? toExtenderScore(v.total, sumWeights) : 0 };
    });
  }

  /** POST /bind: assumes a pod seen in /filter or /prioritize onto the node in the cache. */
  bind(body: unknown): { Error: string } {
    const b = body as Record<string, unknown> | null;
    if (!b || typeof b.PodName !== 'string' || typeof b.PodNamespace !== 'string' || typeof b.Node !== 'string') {
      throw new HttpError(400, 'expected ExtenderBindingArgs {PodName, PodNamespace, PodUID, Node}');
    }
    const key = `${b.PodNamespace}/${b.PodName}`;
    const pod = this.seen.get(key);
    if (!pod) return { Error: `pod ${key} unknown to the extender (send it through /filter first)` };
    if (this.cache.indexOf(b.Node) < 0) return { Error: `node ${b.Node} not in the extender cache` };
    this.cache.removePod(key);
    this.cache.addPod({ ...pod, nodeName: b.Node }, b.Node);
    return { Error: '' };
  }

  /** POST /cache: replaces the cache with a v1 List. */
  replaceCache(body: unknown): { nodes: number; pods: number } {
    try {
      this.cache = clusterFromList({ file: 'POST /cache', value: body, locate: () => ({ line: 0, col: 0 }) }).state;
    } catch (e) {
      if (e instanceof InputError) throw new HttpError(400, e.message);
      throw e;
    }
    return { nodes: this.cache.nodeCount, pods: this.cache.pods.size };
  }
}

/** An http.Server serving the extender (call .listen yourself; port 0 picks a free port). */
export function createExtenderServer(opts: ExtenderOptions): { server: Server; extender: Extender } {
  const extender = new Extender(opts);
  const limit = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const routes: Record<string, (b: unknown) => unknown> = {
    '/filter': (b) => extender.filter(b),
    '/prioritize': (b) => extender.prioritize(b),
    '/bind': (b) => extender.bind(b),
    '/cache': (b) => extender.replaceCache(b),
  };
  const server = createServer((req, res) => {
    void (async () => {
      try {
        const path = (req.url ?? '/').split('?')[0]!.replace(/\/+$/, '') || '/';
        if (path === '/healthz') {
          if (req.method !== 'GET') throw new HttpError(405, 'use GET');
          res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
          return;
        }
        const route = routes[path];
        if (!route) throw new HttpError(404, `unknown path ${path} (POST /filter, /prioritize, /bind, /cache; GET /healthz)`);
        if (req.method !== 'POST') throw new HttpError(405, `use POST for ${path}`);
        const body = parseJson(await readBody(req, limit));
        send(res, 200, route(body));
      } catch (e) {
        const code = e instanceof HttpError ? e.statusCode : 500;
        if (!res.headersSent) send(res, code, { error: (e as Error).message });
        else res.end();
      }
    })();
  });
  return { server, extender };
}
