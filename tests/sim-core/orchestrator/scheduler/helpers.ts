/** Test helpers: build nodes/pods tersely and run one plugin's points over every node. */
import type { Node, Pod, ResourceList } from '../../../../sim-core/orchestrator/scheduler/api-types.ts';
import type { AnyPlugin, CycleState, Status } from '../../../../sim-core/orchestrator/scheduler/types.ts';
import { ClusterState } from '../../../../sim-core/orchestrator/scheduler/state.ts';
import { newPodInfo } from '../../../../sim-core/orchestrator/scheduler/pod-info.ts';

let seq = 0;

/** A node with `pods: 110` unless given. */
export function node(name: string, allocatable: ResourceList = {}, extra: Partial<Node> = {}): Node {
  return { ...extra, name, allocatable: { pods: 110, ...allocatable }, labels: { 'kubernetes.io/hostname': name, ...(extra.labels ?? {}) } };
}

/** A pod with one container requesting `requests` (keys given explicitly, so 0 stays 0). */
export function pod(extra: Partial<Pod> = {}, requests?: ResourceList): Pod {
  return { name: `p${++seq}`, namespace: 'default', containers: [requests ? { requests } : {}], ...extra };
}

/** A fresh cycle for `p` on `state`. */
export function cycleFor(state: ClusterState, p: Pod): CycleState {
  const info = newPodInfo(p);
  return { state, pod: info, host: {}, nsLabels: state.namespaceLabels(info.namespace), data: new Map() };
}

/** Runs PreFilter + Filter on every node: node name → failure status (absent = passes); 'skip' when PreFilter skipped. */
export function runFilter(plugin: AnyPlugin, state: ClusterState, p: Pod): Map<string, Status> | 'skip' {
  const cycle = cycleFor(state, p);
  const pre = plugin.preFilter?.(cycle);
  if (pre && pre.code === 'Skip') return 'skip';
  const out = new Map<string, Status>();
  if (pre && pre.code !== 'Success') { for (const n of state.names) out.set(n, pre); return out; }
  const nodes = Int32Array.from({ length: state.nodeCount }, (_, i) => i);
  plugin.filter!(cycle, nodes, nodes.length, (n, s) => out.set(state.names[n]!, s));
  return out;
}

/** Runs PreScore + Score + NormalizeScore over every node: name → score; 'skip' when PreScore skipped. */
export function runScore(plugin: AnyPlugin, state: ClusterState, p: Pod, only?: string[]): Record<string, number> | 'skip' {
  const cycle = cycleFor(state, p);
  const idx = (only ?? state.names).map((n) => state.indexOf(n));
  const nodes = Int32Array.from(idx);
  const pre = plugin.preScore?.(cycle, nodes, nodes.length);
  if (pre && pre.code === 'Skip') return 'skip';
  const out = new Float64Array(nodes.length);
  plugin.score!(cycle, nodes, nodes.length, out);
  plugin.normalizeScore?.(cycle, nodes, nodes.length, out);
  return Object.fromEntries([...nodes].map((n, i) => [state.names[n]!, out[i]!]));
}

/** A state whose nodes carry `existing` requests through one placeholder pod each. */
export function stateWithRequests(nodes: Node[], existing: Record<string, ResourceList>): ClusterState {
  const s = ClusterState.from(nodes);
  for (const [name, req] of Object.entries(existing)) s.addPod({ name: `existing-${name}`, namespace: 'default', containers: [{ requests: req }] }, name);
  return s;
}
