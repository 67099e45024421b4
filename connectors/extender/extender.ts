/**
 * The extender's state (the node/pod cache and the pods seen in /filter or /prioritize) and its
 * verb handlers, transport-free so tests and the HTTP layer share them. Every body is checked
 * against its extender/v1 shape (wire-shapes.ts) and then read by the same core/v1 readers as
 * `edgetwin schedule`; any problem is a 400 listing each field path, and a refused request
 * changes no state.
 */
import type { Node, Pod } from '../../sim-core/orchestrator/scheduler/api-types.ts';
import { ClusterState } from '../../sim-core/orchestrator/scheduler/state.ts';
import { Scheduler } from '../../sim-core/orchestrator/scheduler/framework.ts';
import type { Profile } from '../../sim-core/orchestrator/scheduler/profile.ts';
import type { PodInfo } from '../../sim-core/orchestrator/scheduler/pod-info.ts';
import { clusterFromList } from '../../sim-core/orchestrator/k8s/cluster.ts';
import { readNode } from '../../sim-core/orchestrator/k8s/node.ts';
import { readPod } from '../../sim-core/orchestrator/k8s/pod.ts';
import { formatPath, Reader } from '../../sim-core/orchestrator/k8s/reader.ts';
import { InputError } from '../../sim-core/text/input-error.ts';
import { HttpError } from './http-body.ts';
import { checkShape, quote, type Shape, type ShapeIssue } from './shape.ts';
import { cacheListShape, EXTENDER_ARGS, EXTENDER_BINDING_ARGS, EXTENDER_PREEMPTION_ARGS } from './wire-shapes.ts';
import {
  toExtenderScore, type ExtenderArgs, type ExtenderBindingArgs, type ExtenderFilterResult, type ExtenderPreemptionArgs,
  type ExtenderPreemptionResult, type HostPriority, type MetaVictims,
} from './protocol.ts';

/** Extender configuration. */
export interface ExtenderOptions { profile: Profile; cache?: ClusterState; maxBodyBytes?: number; seed?: number }

/** Pods remembered from /filter and /prioritize for /bind (oldest forgotten first). */
const MAX_SEEN_PODS = 10_000;

/** A 400 listing every issue as `POST /verb: path: message`. */
export function refusal(route: string, issues: readonly ShapeIssue[]): HttpError {
  const short = issues.map((i) => ({ path: cutText(i.path, MAX_ECHO_CHARS), message: cutText(i.message, MAX_ECHO_CHARS) }));
  const lines = short.map((i) => `${route}: ${i.path ? `${i.path}: ` : ''}${i.message}`);
  return new HttpError(400, lines.join('\n'), short);
}

/** Longest path or message echoed back: a reader may quote a whole (huge) value. */
const MAX_ECHO_CHARS = 300;

function cutText(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}

function accept(route: string, body: unknown, shape: Shape): void {
  const issues = checkShape(body, shape);
  if (issues.length) throw refusal(route, issues);
}

/** Reads with the core/v1 readers; their issues become a 400. */
function read<T>(route: string, f: (r: Reader) => T): T {
  const r = new Reader({ file: route });
  const out = f(r);
  if (r.issues.length) throw refusal(route, r.issues.map((i) => ({ path: i.path, message: i.message })));
  return out;
}

/** The extender's state and verb handlers. */
export class Extender {
  cache: ClusterState;
  private readonly scheduler: Scheduler;
  private readonly seen = new Map<string, Pod>();
  constructor(readonly opts: ExtenderOptions) {
    this.cache = opts.cache ?? new ClusterState();
    this.scheduler = new Scheduler(opts.profile, { seed: opts.seed ?? 0 });
  }

  /** `namespace/name` of the pods remembered for /bind, oldest first (a read-only view for checks). */
  seenPodKeys(): string[] {
    return [...this.seen.keys()];
  }

  private args(route: string, body: unknown): { pod: Pod; nodes: { raw: unknown; node: Node }[] | null; names: string[] | null } {
    accept(route, body, EXTENDER_ARGS);
    const b = body as ExtenderArgs;
    const hasNodes = b.Nodes !== undefined && b.Nodes !== null, hasNames = b.NodeNames !== undefined && b.NodeNames !== null;
    if (hasNodes === hasNames) {
      throw refusal(route, [{ path: '', message: hasNodes
        ? 'send Nodes (nodeCacheCapable: false) or NodeNames (nodeCacheCapable: true), not both'
        : 'missing field Nodes (nodeCacheCapable: false) or NodeNames (nodeCacheCapable: true)' }]);
    }
    const { pod, nodes } = read(route, (r) => ({
      pod: readPod(r, b.Pod, ['Pod'])!,
      nodes: hasNodes ? b.Nodes!.items.map((raw, i) => ({ raw, node: readNode(r, raw, ['Nodes', 'items', i])! })) : null,
    }));
    const dup = hasNames ? firstDuplicate(b.NodeNames!, ['NodeNames']) : firstDuplicate(nodes!.map((n) => n.node.name), ['Nodes', 'items'], ['metadata', 'name']);
    if (dup) throw refusal(route, [dup]);
    this.remember(pod);
    return { pod, nodes, names: hasNames ? b.NodeNames! : null };
  }

  private remember(pod: Pod): void {
    const key = `${pod.namespace}/${pod.name}`;
    this.seen.delete(key);
    this.seen.set(key, pod);
    if (this.seen.size > MAX_SEEN_PODS) this.seen.delete(this.seen.keys().next().value!);
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
    const { pod, nodes, names } = this.args('POST /filter', body);
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
    const { pod, nodes, names } = this.args('POST /prioritize', body);
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

  /**
   * POST /preempt: of the candidate nodes and victims kube-scheduler proposes, those where the pod
   * passes EdgeTwin's filters once the victims are gone (judged on the cache; nodes it lacks are
   * left out). Victims are named by UID in the answer, as extenderv1.MetaPod.
   */
  preempt(body: unknown): ExtenderPreemptionResult {
    const route = 'POST /preempt';
    accept(route, body, EXTENDER_PREEMPTION_ARGS);
    const b = body as ExtenderPreemptionArgs;
    const full = b.NodeNameToVictims ?? null, meta = b.NodeNameToMetaVictims ?? null;
    if ((full === null) === (meta === null)) {
      throw refusal(route, [{ path: '', message: full
        ? 'send NodeNameToVictims (nodeCacheCapable: false) or NodeNameToMetaVictims (nodeCacheCapable: true), not both'
        : 'missing field NodeNameToVictims (nodeCacheCapable: false) or NodeNameToMetaVictims (nodeCacheCapable: true)' }]);
    }
    const { pod, candidates } = read(route, (r) => ({
      pod: readPod(r, b.Pod, ['Pod'])!,
      candidates: full
        ? Object.entries(full).map(([node, v]) => ({
          node, pdb: v.NumPDBViolations ?? 0,
          victims: (v.Pods ?? []).map((p, i) => ({ pod: readPod(r, p, ['NodeNameToVictims', node, 'Pods', i]), uid: uidOf(p) })),
        }))
        : Object.entries(meta!).map(([node, v]) => ({ node, pdb: v.NumPDBViolations ?? 0, victims: (v.Pods ?? []).map((p) => ({ pod: undefined, uid: p.UID })) })),
    }));
    const byUid = new Map<string, string>();
    for (const p of this.cache.pods.values()) if (p.pod.uid) byUid.set(p.pod.uid, p.key);
    const out: Record<string, MetaVictims> = {};
    for (const c of candidates) {
      const at = this.cache.indexOf(c.node);
      if (at < 0) continue;
      const keys = c.victims.map((v) => (v.pod ? `${v.pod.namespace}/${v.pod.name}` : byUid.get(v.uid) ?? ''));
      if (this.feasibleWithout(pod, at, keys)) out[c.node] = { Pods: c.victims.map((v) => ({ UID: v.uid })), NumPDBViolations: c.pdb };
    }
    return { NodeNameToMetaVictims: out };
  }

  /** Whether `pod` passes the filters on node `at` with the cached pods `keys` removed (restored after). */
  private feasibleWithout(pod: Pod, at: number, keys: readonly string[]): boolean {
    const removed: PodInfo[] = [];
    const nodeName = this.cache.names[at]!;
    try {
      for (const k of keys) {
        const p = this.cache.pods.get(k);
        if (p && p.nodeIndex === at) removed.push(this.cache.removePod(k)!);
      }
      const r = this.scheduler.schedule(this.cache, pod, { explain: true, onlyNodes: [at] });
      return (r.nodes ?? []).some((v) => v.name === nodeName && v.feasible);
    } finally {
      for (const p of removed) this.cache.addPod(p, nodeName);
    }
  }

  /** POST /bind: assumes a pod seen in /filter or /prioritize onto the node in the cache. */
  bind(body: unknown): { Error: string } {
    accept('POST /bind', body, EXTENDER_BINDING_ARGS);
    const b = body as ExtenderBindingArgs;
    const key = `${b.PodNamespace}/${b.PodName}`;
    const pod = this.seen.get(key);
    if (!pod) return { Error: `pod ${key} unknown to the extender (send it through /filter first)` };
    if (b.PodUID && pod.uid && b.PodUID !== pod.uid) return { Error: `pod ${key} has UID ${pod.uid}, not ${b.PodUID}` };
    if (this.cache.indexOf(b.Node) < 0) return { Error: `node ${b.Node} not in the extender cache` };
    this.cache.removePod(key);
    this.cache.addPod({ ...pod, nodeName: b.Node }, b.Node);
    return { Error: '' };
  }

  /** POST /cache: replaces the cache with a v1 List holding at least one Node; a refused list leaves it as it was. */
  replaceCache(body: unknown): { nodes: number; pods: number } {
    const route = 'POST /cache';
    const kind = typeof body === 'object' && body !== null ? (body as { kind?: unknown }).kind : undefined;
    if (kind === 'Node' || kind === 'Pod') {
      throw refusal(route, [{ path: 'kind', message: `expected a v1 List (kind List, NodeList or PodList), got a bare ${kind}; wrap it: {"apiVersion": "v1", "kind": "List", "items": [...]}` }]);
    }
    accept(route, body, cacheListShape(kind));
    const dup = duplicateListItem(body as { items: Record<string, unknown>[] }, kind);
    if (dup) throw refusal(route, [dup]);
    let state: ClusterState;
    try {
      state = clusterFromList({ file: route, value: body, locate: () => ({ line: 0, col: 0 }) }).state;
    } catch (e) {
      if (e instanceof InputError) throw refusal(route, e.issues.map((i) => ({ path: i.path, message: i.message })));
      throw e;
    }
    if (state.nodeCount === 0) throw refusal(route, [{ path: 'items', message: 'the list holds no Node; the cache needs the cluster\'s nodes (kubectl get nodes,pods -A -o json)' }]);
    this.cache = state;
    return { nodes: state.nodeCount, pods: state.pods.size };
  }
}

/** The first name that repeats, as an issue at its path (kube-scheduler never sends one twice). */
function firstDuplicate(names: readonly string[], at: (string | number)[], suffix: string[] = []): ShapeIssue | undefined {
  const seen = new Map<string, number>();
  for (let i = 0; i < names.length; i++) {
    const first = seen.get(names[i]!);
    if (first !== undefined) return { path: formatPath([...at, i, ...suffix]), message: `duplicate node name ${quote(names[i]!)} (also at ${formatPath([...at, first, ...suffix])})` };
    seen.set(names[i]!, i);
  }
  return undefined;
}

/** The first Node name or Pod namespace/name a list holds twice (a real list never does). */
function duplicateListItem(list: { items: Record<string, unknown>[] }, listKind: unknown): ShapeIssue | undefined {
  const seen = new Map<string, number>();
  const fallback = listKind === 'NodeList' ? 'Node' : listKind === 'PodList' ? 'Pod' : undefined;
  for (let i = 0; i < list.items.length; i++) {
    const it = list.items[i]!;
    const kind = (it.kind as string | undefined) ?? fallback;
    if (kind !== 'Node' && kind !== 'Pod') continue;
    const meta = (it.metadata ?? {}) as { name?: string; generateName?: string; namespace?: string };
    const id = kind === 'Node' ? String(meta.name) : `${meta.namespace ?? 'default'}/${meta.name ?? meta.generateName}`;
    const key = `${kind} ${id}`;
    const first = seen.get(key);
    if (first !== undefined) return { path: `items[${i}]`, message: `duplicate ${kind} ${quote(id)} (also at items[${first}])` };
    seen.set(key, i);
  }
  return undefined;
}

function uidOf(pod: unknown): string {
  const uid = (pod as { metadata?: { uid?: unknown } }).metadata?.uid;
  return typeof uid === 'string' ? uid : '';
}
