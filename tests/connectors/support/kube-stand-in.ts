/**
 * The Kubernetes API STAND-IN for the live-side tests. No Kubernetes API server installs on these
 * machines (unlike Mosquitto, Prometheus and node_exporter, which the tests run for real), so the
 * tests run @kubernetes/client-node against connectors/kubernetes/stand-in/: a small node:http
 * server on a loopback port that speaks the real REST shapes (list and watch with resourceVersion,
 * 410 Gone, server-side apply PATCH with field managers, dry-run). Every test file that uses it
 * says so on the console (`announceStandIn`).
 *
 * Here: start/stop/restart on a fixed port, a kubeconfig file for it, helpers that add, modify and
 * delete nodes and pods and compact the watch history (forcing 410), and object builders.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDeploymentController } from '../../../connectors/kubernetes/stand-in/controller.ts';
import { createKubeApiStandIn, type KubeApiStandIn } from '../../../connectors/kubernetes/stand-in/server.ts';
import type { KubeObject, ObjectStore } from '../../../connectors/kubernetes/stand-in/store.ts';
import { freePort } from './real-servers.ts';

/** Says on the console that the Kubernetes API server in this test file is a stand-in. */
export function announceStandIn(file: string): void {
  console.log(`[${file}] NOTE: the Kubernetes API server here is a STAND-IN (connectors/kubernetes/stand-in): no API server installs on this machine; @kubernetes/client-node talks to it over the real REST shapes.`);
}

/** A running stand-in. */
export interface KubeStandIn {
  url: string;
  port: number;
  token: string;
  /** A kubeconfig file pointing at it (token auth, insecure-skip-tls-verify: plain HTTP on loopback). */
  kubeconfigPath: string;
  store: ObjectStore;
  counters: KubeApiStandIn['counters'];
  api: KubeApiStandIn;
  /** Adds or replaces a node / pod. */
  putNode(node: KubeObject): KubeObject;
  putPod(pod: KubeObject): KubeObject;
  /** Changes a stored node / pod through `mutate` (throws when absent). */
  modifyNode(name: string, mutate: (n: KubeObject) => void): KubeObject;
  modifyPod(namespace: string, name: string, mutate: (p: KubeObject) => void): KubeObject;
  deleteNode(name: string): void;
  deletePod(namespace: string, name: string): void;
  /** Drops the watch history: a watch from any earlier resourceVersion gets 410 Gone. */
  compact(): void;
  /** Ends every open watch stream cleanly; clients resume from their last resourceVersion. */
  endWatches(): void;
  /** Kills the server (every open watch is cut). The store survives, as etcd does. */
  stop(): Promise<void>;
  /** Listens again on the same port; the watch history starts empty, as after a real API server restart. */
  restart(): Promise<void>;
}

/** Starts the stand-in on a free loopback port; `controller`: also run the stand-in Deployment controller (Deployments → bound pods). */
export async function startKubeStandIn(opts: { historyLimit?: number; controller?: boolean } = {}): Promise<KubeStandIn> {
  const token = `stand-in-${process.pid}-${Date.now()}`;
  const api = createKubeApiStandIn({ token, ...(opts.historyLimit ? { historyLimit: opts.historyLimit } : {}) });
  if (opts.controller) runDeploymentController(api.store);
  const port = await freePort();
  const listen = () => new Promise<void>((resolve, reject) => {
    api.server.once('error', reject);
    api.server.listen(port, '127.0.0.1', () => { api.server.off('error', reject); resolve(); });
  });
  await listen();
  const url = `http://127.0.0.1:${port}`;
  const dir = mkdtempSync(join(tmpdir(), 'edgetwin-kube-'));
  const kubeconfigPath = join(dir, 'kubeconfig');
  writeFileSync(kubeconfigPath, [
    'apiVersion: v1', 'kind: Config', 'current-context: stand-in',
    'clusters:', '- name: stand-in', '  cluster:', `    server: ${url}`, '    insecure-skip-tls-verify: true',
    'users:', '- name: edgetwin', '  user:', `    token: ${token}`,
    'contexts:', '- name: stand-in', '  context:', '    cluster: stand-in', '    user: edgetwin', '    namespace: default', '',
  ].join('\n'), { mode: 0o600 });
  const { store } = api;
  const modify = (resource: 'nodes' | 'pods', ns: string | undefined, name: string, mutate: (o: KubeObject) => void) => {
    const o = store.get(resource, ns, name);
    if (!o) throw new Error(`stand-in: no ${resource} ${ns ? `${ns}/` : ''}${name}`);
    mutate(o);
    return store.put(resource, o);
  };
  return {
    url, port, token, kubeconfigPath, store, counters: api.counters, api,
    putNode: (n) => store.put('nodes', n),
    putPod: (p) => store.put('pods', p),
    modifyNode: (name, m) => modify('nodes', undefined, name, m),
    modifyPod: (ns, name, m) => modify('pods', ns, name, m),
    deleteNode: (name) => { store.remove('nodes', undefined, name); },
    deletePod: (ns, name) => { store.remove('pods', ns, name); },
    compact: () => store.compact(),
    endWatches: () => api.endWatches(),
    stop: () => new Promise<void>((resolve) => {
      if (!api.server.listening) { resolve(); return; }
      api.server.close(() => resolve());
      api.server.closeAllConnections();
    }),
    restart: async () => { store.compact(); await listen(); },
  };
}

/** A core/v1 Node as the kubelet reports it. */
export function nodeObject(o: {
  name: string; labels?: Record<string, string>; cpu?: string; memory?: string; pods?: string;
  taints?: { key: string; value?: string; effect: string }[]; ready?: 'True' | 'False' | 'Unknown' | null; unschedulable?: boolean;
  extra?: Record<string, string>;
}): KubeObject {
  const allocatable = { cpu: o.cpu ?? '4', memory: o.memory ?? '8Gi', pods: o.pods ?? '110', ...(o.extra ?? {}) };
  return {
    apiVersion: 'v1', kind: 'Node',
    metadata: { name: o.name, labels: { 'kubernetes.io/hostname': o.name, 'kubernetes.io/arch': 'amd64', ...(o.labels ?? {}) } },
    spec: { ...(o.taints ? { taints: o.taints } : {}), ...(o.unschedulable ? { unschedulable: true } : {}) },
    status: {
      capacity: allocatable, allocatable,
      conditions: o.ready === null ? [] : [
        { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory' },
        { type: 'Ready', status: o.ready ?? 'True', reason: (o.ready ?? 'True') === 'True' ? 'KubeletReady' : 'KubeletNotReady', lastHeartbeatTime: '2026-01-01T00:00:00Z' },
      ],
    },
  };
}

/** A core/v1 Pod bound to a node (or pending without `nodeName`). */
export function podObject(o: { name: string; namespace?: string; labels?: Record<string, string>; nodeName?: string; phase?: string; cpu?: string }): KubeObject {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name: o.name, namespace: o.namespace ?? 'default', labels: o.labels ?? {} },
    spec: { ...(o.nodeName ? { nodeName: o.nodeName } : {}), containers: [{ name: 'main', image: 'registry.k8s.io/pause:3.10', resources: { requests: { cpu: o.cpu ?? '100m' } } }] },
    status: { phase: o.phase ?? (o.nodeName ? 'Running' : 'Pending') },
  };
}
