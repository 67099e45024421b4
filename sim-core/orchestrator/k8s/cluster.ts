/**
 * A `kubectl get nodes,pods -A -o json` dump (a v1 List; NodeList/PodList work too) → a
 * ClusterState. Pods with spec.nodeName count as running there unless their phase is Succeeded
 * or Failed; pending pods are returned separately. Namespace objects give namespace labels;
 * Services, ReplicaSets, StatefulSets and ReplicationControllers in the dump feed kube's
 * DefaultSelector for PodTopologySpread's default constraints. Other kinds are ignored.
 */
import type { Pod } from '../scheduler/api-types.ts';
import { ClusterState } from '../scheduler/state.ts';
import { compileLabelSelector, requirement, selectorMatches, EVERYTHING, type Requirement, type Selector } from '../scheduler/labels.ts';
import { newPodInfo } from '../scheduler/pod-info.ts';
import type { YamlSource } from '../../text/yaml-source.ts';
import { readNode } from './node.ts';
import { readLabelSelector, readPod } from './pod.ts';
import { Reader } from './reader.ts';

/** The converted dump. */
export interface ClusterDump { state: ClusterState; pending: Pod[]; ignoredKinds: Record<string, number> }

const CONTROLLERS = ['ReplicaSet', 'StatefulSet', 'ReplicationController'];

/** Converts a parsed dump; throws InputError listing every bad field (file:line:col, path). */
export function clusterFromList(src: Pick<YamlSource, 'file' | 'value' | 'locate'>): ClusterDump {
  const r = new Reader(src);
  const root = r.obj(src.value, []);
  if (!root) { r.fail([], 'expected a Kubernetes List (kubectl get nodes,pods -A -o json)'); r.throwIfAny(); }
  const kind = root!.kind;
  const items: unknown[] = kind === 'Node' || kind === 'Pod' ? [root] : r.arr(root!.items, ['items']);
  if (!['List', 'NodeList', 'PodList', 'Node', 'Pod'].includes(String(kind)) && !Array.isArray(root!.items)) {
    r.fail(['kind'], `expected kind List, NodeList or PodList, got ${JSON.stringify(kind)}`);
  }
  const base: (string | number)[] = kind === 'Node' || kind === 'Pod' ? [] : ['items'];
  const nodes = [], pods: Pod[] = [], pending: Pod[] = [];
  const services: { ns: string; selector: Record<string, string> }[] = [];
  const controllers = new Map<string, LabelSelectorLike>();
  const ignored: Record<string, number> = {};
  const state = new ClusterState();
  for (let i = 0; i < items.length; i++) {
    const path = kind === 'Node' || kind === 'Pod' ? [] : [...base, i];
    const it = items[i] as Record<string, unknown> | null;
    const k = it && typeof it === 'object' ? (it.kind ?? (kind === 'NodeList' ? 'Node' : kind === 'PodList' ? 'Pod' : undefined)) : undefined;
    if (k === 'Node') { const n = readNode(r, it, path); if (n) nodes.push(n); }
    else if (k === 'Pod') {
      const p = readPod(r, it, path);
      const phase = ((it!.status as Record<string, unknown> | undefined)?.phase as string | undefined) ?? '';
      if (!p || phase === 'Succeeded' || phase === 'Failed') continue;
      (p.nodeName ? pods : pending).push(p);
    } else if (k === 'Namespace') {
      const meta = (it!.metadata ?? {}) as Record<string, unknown>;
      const labels = r.strMap(meta.labels, [...path, 'metadata', 'labels']) ?? {};
      if (typeof meta.name === 'string') state.namespaceLabelMap.set(meta.name, { 'kubernetes.io/metadata.name': meta.name, ...labels });
    } else if (k === 'Service') {
      const meta = (it!.metadata ?? {}) as Record<string, unknown>;
      const sel = r.strMap((it!.spec as Record<string, unknown> | undefined)?.selector, [...path, 'spec', 'selector']);
      if (sel && Object.keys(sel).length) services.push({ ns: String(meta.namespace ?? 'default'), selector: sel });
    } else if (typeof k === 'string' && CONTROLLERS.includes(k)) {
      const meta = (it!.metadata ?? {}) as Record<string, unknown>;
      const spec = (it!.spec ?? {}) as Record<string, unknown>;
      const sel = k === 'ReplicationController'
        ? { matchLabels: r.strMap(spec.selector, [...path, 'spec', 'selector']) ?? {} }
        : readLabelSelector(r, spec.selector, [...path, 'spec', 'selector']);
      if (sel) controllers.set(`${k}/${String(meta.namespace ?? 'default')}/${String(meta.name)}`, sel);
    } else {
      const name = typeof k === 'string' ? k : '(no kind)';
      ignored[name] = (ignored[name] ?? 0) + 1;
    }
  }
  r.throwIfAny();
  for (const n of nodes) state.addNode(n);
  pods.forEach((p) => {
    if (state.indexOf(p.nodeName!) < 0) return; // bound to a node the dump does not list: nothing to account it to
    state.addPod(newPodInfo(p), p.nodeName!);
  });
  if (services.length || controllers.size) state.defaultSpreadSelector = defaultSelector(services, controllers);
  return { state, pending, ignoredKinds: ignored };
}

type LabelSelectorLike = Parameters<typeof compileLabelSelector>[0];

/** kube helper.DefaultSelector: services selecting the pod, merged, plus its controller's selector. */
export function defaultSelector(
  services: readonly { ns: string; selector: Record<string, string> }[], controllers: ReadonlyMap<string, LabelSelectorLike>,
): (pod: Pod) => Selector {
  return (pod) => {
    const merged: Record<string, string> = {};
    for (const s of services) {
      if (s.ns !== pod.namespace) continue;
      const sel = compileLabelSelector({ matchLabels: s.selector });
      if (selectorMatches(sel, pod.labels)) Object.assign(merged, s.selector);
    }
    const reqs: Requirement[] = Object.entries(merged).map(([k, v]) => requirement(k, 'In', [v]));
    const c = pod.controller;
    if (c && CONTROLLERS.includes(c.kind)) {
      const sel = controllers.get(`${c.kind}/${pod.namespace}/${c.name}`);
      if (sel) reqs.push(...compileLabelSelector(sel).reqs);
    }
    return reqs.length ? { nothing: false, reqs } : EVERYTHING;
  };
}

/** A Pod manifest (YAML or JSON) → scheduler Pod; throws InputError with located issues. */
export function podFromSource(src: Pick<YamlSource, 'file' | 'value' | 'locate'>): Pod {
  const r = new Reader(src);
  const p = readPod(r, src.value, []);
  r.throwIfAny();
  return p!;
}
