/**
 * Kubernetes nodes and pods (as the informers hold them: API JSON or @kubernetes/client-node's
 * typed objects) → the twin's view of the live fabric and the current placement. Pure.
 *
 * Nodes go through the scheduler's own converter (sim-core/orchestrator/k8s/node.ts: labels,
 * taints, unschedulable, allocatable with Kubernetes quantity rules, region/zone/arch from the
 * well-known labels), plus the Ready condition. Pods give the placement: the service key comes
 * from the pod's labels (`edgetwin.io/service`, else `app.kubernetes.io/part-of` +
 * `app.kubernetes.io/name`, else namespace + `app.kubernetes.io/name` / `app` / `k8s-app`), the
 * node from spec.nodeName; finished, terminating and unbound pods do not count. A node's
 * runningVersion is the desired-state version EdgeTwin recorded on it (push.edgetwin.io/*
 * annotations) once that state's pods run there. A malformed object is refused with its problems
 * (counted by the caller), never a throw.
 */
import type { FleetNode, FleetNodeState } from '../live/fleet-node.ts';
import { readNode } from '../../sim-core/orchestrator/k8s/node.ts';
import { Reader } from '../../sim-core/orchestrator/k8s/reader.ts';
import type { Node, ResourceList, Taint } from '../../sim-core/orchestrator/scheduler/api-types.ts';
import type { Placements } from '../../sim-core/whatif/plan/diff.ts';
import { SERVICE_LABEL } from '../../sim-core/twin/k8s-view.ts';
import { NODE_ANNOTATIONS } from './deployments.ts';

/** A node of the live fabric as Kubernetes reports it. */
export interface KubeTwinNode {
  id: string;
  labels: Record<string, string>;
  /** topology.kubernetes.io/region and /zone, kubernetes.io/arch (null when unlabelled). */
  region: string | null;
  zone: string | null;
  arch: string | null;
  /** status.allocatable (capacity when absent): cpu in millicores, memory in bytes, others in units. */
  cpuMillicores: number | null;
  memoryBytes: number | null;
  allocatable: ResourceList;
  taints: Taint[];
  /** spec.unschedulable (cordoned). */
  unschedulable: boolean;
  /** The Ready condition's status (null when the node reports none). */
  ready: 'True' | 'False' | 'Unknown' | null;
  conditions: { type: string; status: string; reason?: string }[];
  /** Wall-clock ms of the Ready condition's lastHeartbeatTime (null when absent or unparsable). */
  heartbeatMs: number | null;
  /** The desired state EdgeTwin last applied to the node (its push.edgetwin.io/* annotations), or null. */
  applied: { version: number; workloads: Record<string, number> } | null;
  /** The same node as the scheduler framework takes it (for what-if runs against the live cluster). */
  schedulerNode: Node;
}

/** Where one pod runs. */
export interface PodPlacement {
  /** "namespace/name". */
  pod: string;
  /** "app/service", or null when its labels name no service. */
  service: string | null;
  /** spec.nodeName, or null while pending. */
  node: string | null;
  phase: string;
  /** Running, and its Ready condition (when it reports one) is True. */
  ready: boolean;
  /** deletionTimestamp set. */
  terminating: boolean;
}

/** A conversion: the value, or null with the reasons it was refused; `problems` may also hold warnings. */
export interface Converted<T> { value: T | null; problems: string[] }

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? v as Obj : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Milliseconds of an ISO time string or Date; null otherwise. */
function timeMs(v: unknown): number | null {
  const ms = v instanceof Date ? v.getTime() : typeof v === 'string' ? Date.parse(v) : NaN;
  return Number.isFinite(ms) ? ms : null;
}

/** One Node object → a twin node, or refused (no name, not an object). Bad quantities or taints are warnings. */
export function nodeToTwin(raw: unknown): Converted<KubeTwinNode> {
  const o = obj(raw);
  const name = str(obj(o?.metadata)?.name);
  const r = new Reader({ file: `node ${name ?? '(unnamed)'}` });
  const node = readNode(r, raw, []);
  const problems = r.issues.map((i) => `${i.path || '(object)'}: ${i.message}`);
  if (!node) return { value: null, problems: problems.length ? problems : ['not a Node object'] };
  const conditions = (Array.isArray(obj(o!.status)?.conditions) ? obj(o!.status)!.conditions as unknown[] : []).flatMap((c) => {
    const co = obj(c);
    const type = str(co?.type), status = str(co?.status);
    if (!type || !status) { problems.push('status.conditions: a condition without type or status was ignored'); return []; }
    const reason = str(co!.reason);
    return [{ type, status, ...(reason ? { reason } : {}), heartbeat: co!.lastHeartbeatTime }];
  });
  const readyCond = conditions.find((c) => c.type === 'Ready');
  const applied = appliedOf(obj(obj(o!.metadata)?.annotations), problems);
  const ready = readyCond && ['True', 'False', 'Unknown'].includes(readyCond.status) ? readyCond.status as KubeTwinNode['ready'] : null;
  return {
    value: {
      id: node.name, labels: node.labels ?? {},
      region: node.labels?.['topology.kubernetes.io/region'] ?? null,
      zone: node.labels?.['topology.kubernetes.io/zone'] ?? null,
      arch: node.labels?.['kubernetes.io/arch'] ?? null,
      cpuMillicores: node.allocatable?.cpu ?? null, memoryBytes: node.allocatable?.memory ?? null,
      allocatable: node.allocatable ?? {}, taints: node.taints ?? [], unschedulable: node.unschedulable === true,
      ready, conditions: conditions.map(({ heartbeat: _h, ...c }) => c),
      heartbeatMs: readyCond ? timeMs(readyCond.heartbeat) : null,
      applied, schedulerNode: node,
    },
    problems,
  };
}

/** The push.edgetwin.io/version and /workloads annotations; null when absent, and a problem when malformed. */
function appliedOf(annotations: Obj | undefined, problems: string[]): KubeTwinNode['applied'] {
  const v = annotations?.[NODE_ANNOTATIONS.version];
  if (v === undefined) return null;
  const version = Number(v);
  let workloads: unknown;
  try { workloads = JSON.parse(String(annotations![NODE_ANNOTATIONS.workloads] ?? '{}')); } catch { workloads = null; }
  const ok = obj(workloads) && Object.values(workloads as Obj).every((n) => Number.isInteger(n) && (n as number) >= 0);
  if (!Number.isInteger(version) || version < 0 || !ok) {
    problems.push(`metadata.annotations: ${NODE_ANNOTATIONS.version} / ${NODE_ANNOTATIONS.workloads} are malformed (ignored)`);
    return null;
  }
  return { version, workloads: workloads as Record<string, number> };
}

/** The "app/service" a pod belongs to, from its labels; null when they name none. */
export function serviceKeyOf(labels: Record<string, string>, namespace: string): string | null {
  const partOf = labels['app.kubernetes.io/part-of'];
  const name = labels['app.kubernetes.io/name'];
  const own = labels[SERVICE_LABEL];
  if (own) {
    // The twin writes "app.service"; an app id with dots is told apart by part-of.
    if (partOf && own.startsWith(`${partOf}.`)) return `${partOf}/${own.slice(partOf.length + 1)}`;
    const dot = own.indexOf('.');
    if (dot > 0 && dot < own.length - 1) return `${own.slice(0, dot)}/${own.slice(dot + 1)}`;
  }
  if (partOf && name) return `${partOf}/${name}`;
  const fallback = name ?? labels.app ?? labels['k8s-app'];
  return fallback ? `${namespace}/${fallback}` : null;
}

/** One Pod object → where it runs, or refused (no name, not an object). */
export function podToPlacement(raw: unknown): Converted<PodPlacement> {
  const o = obj(raw);
  const meta = obj(o?.metadata);
  const name = str(meta?.name);
  if (!o || !name) return { value: null, problems: [o ? 'metadata.name: pod name is required' : 'not a Pod object'] };
  const namespace = str(meta!.namespace) ?? 'default';
  const problems: string[] = [];
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj(meta!.labels) ?? {})) {
    if (typeof v === 'string') labels[k] = v; else problems.push(`metadata.labels.${k}: must be a string`);
  }
  const nodeName = str(obj(o.spec)?.nodeName);
  const phase = str(obj(o.status)?.phase) ?? 'Unknown';
  const conds = obj(o.status)?.conditions;
  const readyCond = Array.isArray(conds) ? conds.map(obj).find((c) => c?.type === 'Ready') : undefined;
  return {
    value: {
      pod: `${namespace}/${name}`, service: serviceKeyOf(labels, namespace), node: nodeName || null,
      phase, ready: phase === 'Running' && (readyCond === undefined || readyCond.status === 'True'), terminating: meta!.deletionTimestamp != null,
    },
    problems,
  };
}

/** True when a pod counts as running its service on its node (bound, not finished, not terminating). */
export function placedPod(p: PodPlacement): p is PodPlacement & { node: string; service: string } {
  return p.node !== null && p.service !== null && !p.terminating && p.phase !== 'Succeeded' && p.phase !== 'Failed';
}

/** The current placement: "app/service" → one node id per running replica (sorted; keys sorted). */
export function placementsOf(pods: readonly PodPlacement[]): Placements {
  const out: Placements = {};
  for (const p of pods) if (placedPod(p)) (out[p.service] ??= []).push(p.node);
  const sorted: Placements = {};
  for (const k of Object.keys(out).sort()) sorted[k] = out[k]!.sort();
  return sorted;
}

/** Liveness from the Ready condition, NoExecute unreachable taint and cordon. */
export function nodeState(n: Pick<KubeTwinNode, 'ready' | 'unschedulable' | 'taints'>): FleetNodeState {
  if (n.taints.some((t) => t.key === 'node.kubernetes.io/unreachable')) return 'offline';
  switch (n.ready) {
    case 'True': return n.unschedulable ? 'draining' : 'ready';
    case 'False': return 'down';
    case 'Unknown': return 'offline'; // the node controller's verdict when the kubelet fell silent
    default: return 'unknown';
  }
}

/**
 * The version a node runs: the one EdgeTwin last applied to it, once every service of that state
 * has at least its replicas of ready pods (Running, Ready condition True when reported) on the
 * node; 0 before that (and before any push).
 */
export function runningVersionOf(n: Pick<KubeTwinNode, 'id' | 'applied'>, pods: readonly PodPlacement[]): number {
  if (!n.applied) return 0;
  const up = new Map<string, number>();
  for (const p of pods) if (placedPod(p) && p.node === n.id && p.ready) up.set(p.service, (up.get(p.service) ?? 0) + 1);
  return Object.entries(n.applied.workloads).every(([svc, want]) => (up.get(svc) ?? 0) >= want) ? n.applied.version : 0;
}

/** A twin node and the pods on it → the fleet's node record (sources ['kubernetes']). */
export function fleetNodeOf(n: KubeTwinNode, pods: readonly PodPlacement[], seenMs: number | null): FleetNode {
  const running = [...new Set(pods.filter((p) => placedPod(p) && p.node === n.id).map((p) => p.service!))].sort();
  return {
    id: n.id, state: nodeState(n), sources: ['kubernetes'], lastSeenMs: n.heartbeatMs ?? seenMs, heartbeatLagMs: null,
    runningVersion: runningVersionOf(n, pods), running, lastReport: null, metrics: null, labels: { ...n.labels },
  };
}

/** An object with problems: refused whole (`refused`), or kept with the bad fields ignored. */
export interface Malformed { kind: 'Node' | 'Pod'; name: string; refused: boolean; problems: string[] }

/** The whole feed: fleet nodes, twin nodes, the placement and every object with problems. */
export interface KubeFabric { twinNodes: KubeTwinNode[]; fleet: FleetNode[]; placements: Placements; pods: PodPlacement[]; malformed: Malformed[] }

/** Converts the informers' nodes and pods; `seenMs` stands for lastSeenMs when a node reports no heartbeat time. */
export function kubeFabric(nodes: readonly unknown[], pods: readonly unknown[], seenMs: number | null): KubeFabric {
  const malformed: Malformed[] = [];
  const nameOf = (raw: unknown) => str(obj(obj(raw)?.metadata)?.name) ?? '(unnamed)';
  const twinNodes = nodes.flatMap((raw) => {
    const c = nodeToTwin(raw);
    if (c.problems.length) malformed.push({ kind: 'Node', name: nameOf(raw), refused: !c.value, problems: c.problems });
    return c.value ? [c.value] : [];
  }).sort((a, b) => a.id.localeCompare(b.id));
  const placed = pods.flatMap((raw) => {
    const c = podToPlacement(raw);
    if (c.problems.length) malformed.push({ kind: 'Pod', name: nameOf(raw), refused: !c.value, problems: c.problems });
    return c.value ? [c.value] : [];
  });
  return { twinNodes, fleet: twinNodes.map((n) => fleetNodeOf(n, placed, seenMs)), placements: placementsOf(placed), pods: placed, malformed };
}
