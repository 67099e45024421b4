/**
 * The extender refuses every body that is not the extender/v1 / core/v1 wire shape with a 400
 * naming the field path and what is allowed, and a refused request changes nothing (issue 14:
 * /cache took a bare Node, `items: [null, 3]` and unknown kinds and emptied the cache;
 * `NodeNames: [{}]` came back as host "[object Object]"; `containers: [null]` was accepted).
 * Over real HTTP on a loopback ephemeral port.
 */
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExtenderServer } from '../../../connectors/extender/server.ts';
import { MAX_JSON_DEPTH } from '../../../connectors/extender/http-body.ts';
import { MAX_SHAPE_ISSUES } from '../../../connectors/extender/shape.ts';
import { buildProfile, defaultProfileSpec } from '../../../sim-core/orchestrator/scheduler/profile.ts';
import { clusterFromList } from '../../../sim-core/orchestrator/k8s/cluster.ts';

const dump = JSON.parse(readFileSync(new URL('../../fixtures/k8s/edge-cluster.json', import.meta.url), 'utf8')) as { items: { kind: string; metadata: { name: string } }[] };
const nodes = dump.items.filter((i) => i.kind === 'Node');
const gpuPod = {
  apiVersion: 'v1', kind: 'Pod', metadata: { name: 'inf-9', namespace: 'vision', uid: 'uid-inf-9' },
  spec: { containers: [{ name: 'm', resources: { requests: { cpu: '2', memory: '4Gi', 'nvidia.com/gpu': '1' } } }], tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists' }] },
};
const twoGpuPod = JSON.parse(JSON.stringify(gpuPod));
twoGpuPod.metadata.name = 'inf-big';
twoGpuPod.spec.containers[0].resources.requests['nvidia.com/gpu'] = '2';
const LIMIT_BYTES = 64 * 1024;

let base = '';
let close: () => Promise<void>;
const freshCache = () => clusterFromList({ file: 'dump', value: dump, locate: () => ({ line: 0, col: 0 }) }).state;
let server: ReturnType<typeof createExtenderServer>;
beforeAll(async () => {
  server = createExtenderServer({ profile: buildProfile(defaultProfileSpec()), cache: freshCache(), maxBodyBytes: LIMIT_BYTES });
  await new Promise<void>((r) => server.server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  close = () => new Promise((r) => server.server.close(() => r()));
});
afterAll(async () => { await close(); });

const post = (path: string, body: unknown, type = 'application/json') =>
  fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': type }, body: typeof body === 'string' ? body : JSON.stringify(body) });
interface Refusal { error: string; issues?: { path: string; message: string }[] }
async function refused(r: Response, status = 400): Promise<Refusal> {
  expect(r.status).toBe(status);
  return await r.json() as Refusal;
}
/** The cache still holds the fixture: gpu-1 known, pods counted. */
async function cacheIntact(): Promise<void> {
  expect(server.extender.cache.nodeCount).toBe(8);
  const j = await (await post('/filter', { Pod: gpuPod, NodeNames: ['gpu-1'] })).json() as { NodeNames: string[] };
  expect(j.NodeNames).toEqual(['gpu-1']);
}

describe('POST /cache refuses what is not a v1 List of the kinds it uses, and keeps the old cache', () => {
  it('a bare Node', async () => {
    const j = await refused(await post('/cache', nodes[0]));
    expect(j.error).toBe('POST /cache: kind: expected a v1 List (kind List, NodeList or PodList), got a bare Node; wrap it: {"apiVersion": "v1", "kind": "List", "items": [...]}');
    await cacheIntact();
  });

  it('items: [null, 3]', async () => {
    const j = await refused(await post('/cache', { apiVersion: 'v1', kind: 'List', items: [null, 3] }));
    expect(j.issues).toEqual([
      { path: 'items[0]', message: 'must not be null (a list item)' },
      { path: 'items[1]', message: 'must be an object (a list item), got number 3' },
    ]);
    await cacheIntact();
  });

  it('unknown kinds (and a list without kind or items)', async () => {
    const j = await refused(await post('/cache', { apiVersion: 'v1', kind: 'List', items: [nodes[0], { kind: 'Deployment', metadata: { name: 'd' } }, { metadata: {} }] }));
    expect(j.issues![0]!.path).toBe('items[1].kind');
    expect(j.issues![0]!.message).toMatch(/^unknown value "Deployment" \(allowed: Node, Pod, Namespace, Service, ReplicaSet, StatefulSet, ReplicationController\); dump only what the cache uses/);
    expect(j.issues![1]).toEqual({ path: 'items[2].kind', message: expect.stringMatching(/^missing \(required by a list item: one of Node, Pod/) });
    const k = await refused(await post('/cache', { apiVersion: 'v1' }));
    expect(k.issues!.map((i) => i.path)).toEqual(['kind', 'items']);
    await cacheIntact();
  });

  it('a NodeList whose items are not Nodes, and a list with no Node at all', async () => {
    const j = await refused(await post('/cache', { kind: 'NodeList', items: [{ kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{}] } }] }));
    expect(j.issues![0]).toEqual({ path: 'items[0].kind', message: expect.stringMatching(/^unknown value "Pod" \(allowed: Node\)/) });
    const none = await refused(await post('/cache', { kind: 'List', items: [{ kind: 'Namespace', metadata: { name: 'shop' } }] }));
    expect(none.error).toMatch(/^POST \/cache: items: the list holds no Node/);
    await cacheIntact();
  });

  it('a Node with a bad field deep inside; a valid list is then accepted', async () => {
    const bad = JSON.parse(JSON.stringify(nodes[0]));
    bad.status.allocatable.cpu = { m: 4 };
    bad.spec = { taints: [{ key: 'k', effect: 'NoSchedul' }] };
    const j = await refused(await post('/cache', { kind: 'List', items: [bad] }));
    expect(j.issues).toEqual([
      { path: 'items[0].spec.taints[0].effect', message: 'unknown value "NoSchedul" (allowed: NoSchedule, PreferNoSchedule, NoExecute)' },
      { path: 'items[0].status.allocatable.cpu', message: 'must be a quantity string like "500m", "2" or "1Gi" (a resource quantity), got an object' },
    ]);
    await cacheIntact();
    expect(await (await post('/cache', dump)).json()).toEqual({ nodes: 8, pods: 17 });
  });
});

describe('ExtenderArgs (/filter, /prioritize)', () => {
  it('NodeNames: [{}] is refused, never answered as host "[object Object]"', async () => {
    for (const verb of ['/filter', '/prioritize']) {
      const j = await refused(await post(verb, { Pod: gpuPod, NodeNames: [{}, 'gpu-1', ''] }));
      expect(j.issues).toEqual([
        { path: 'NodeNames[0]', message: 'must be a string (a node name), got an object' },
        { path: 'NodeNames[2]', message: 'must be a non-empty string (a node name)' },
      ]);
      expect(j.error).not.toMatch(/object Object/);
    }
  });

  it('containers: [null] and other nulls inside lists', async () => {
    const pod = { ...gpuPod, spec: { ...gpuPod.spec, containers: [null], tolerations: [null] } };
    const j = await refused(await post('/filter', { Pod: pod, Nodes: { items: [null] } }));
    expect(j.issues).toEqual([
      { path: 'Pod.spec.containers[0]', message: 'must not be null (v1 Container)' },
      { path: 'Pod.spec.tolerations[0]', message: 'must not be null (v1 Toleration)' },
      { path: 'Nodes.items[0]', message: 'must not be null (v1 Node)' },
    ]);
  });

  it('wrong types, out-of-range numbers and unknown enum values name the path and what is allowed', async () => {
    const pod = JSON.parse(JSON.stringify(gpuPod));
    pod.metadata.name = 3;
    pod.spec.priority = 1e308;
    pod.spec.containers[0].ports = [{ hostPort: 70000, protocol: 'tcp' }];
    pod.spec.tolerations[0].operator = 'exists';
    pod.spec.affinity = { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'zone', namespaces: [{}] }] } };
    const j = await refused(await post('/filter', { Pod: pod, NodeNames: ['gpu-1'] }));
    expect(j.issues).toEqual([
      { path: 'Pod.metadata.name', message: 'must be a string, got number 3' },
      { path: 'Pod.spec.containers[0].ports[0].hostPort', message: 'must be an integer in [0, 65535] (port), got 70000' },
      { path: 'Pod.spec.containers[0].ports[0].protocol', message: 'unknown value "tcp" (allowed: TCP, UDP, SCTP)' },
      { path: 'Pod.spec.tolerations[0].operator', message: 'unknown value "exists" (allowed: Equal, Exists)' },
      { path: 'Pod.spec.priority', message: 'must be an integer in [-2147483648, 2147483647], got 1e+308' },
      { path: 'Pod.spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].namespaces[0]', message: 'must be a string, got an object' },
    ]);
  });

  it('unknown, missing or doubled top-level fields', async () => {
    const lower = await refused(await post('/filter', { pod: gpuPod, NodeNames: ['gpu-1'] }));
    expect(lower.issues).toEqual([
      { path: 'Pod', message: 'missing (required by extenderv1 ExtenderArgs)' },
      { path: 'pod', message: "unknown field \"pod\" (extenderv1 ExtenderArgs has Pod, Nodes, NodeNames); did you mean 'Pod'?" },
    ]);
    expect((await refused(await post('/filter', { Pod: gpuPod }))).error).toBe('POST /filter: missing field Nodes (nodeCacheCapable: false) or NodeNames (nodeCacheCapable: true)');
    expect((await refused(await post('/filter', { Pod: gpuPod, NodeNames: [], Nodes: { items: [] } }))).error).toMatch(/not both$/);
    expect((await refused(await post('/filter', { Pod: gpuPod, Nodes: [] }))).issues).toEqual([{ path: 'Nodes', message: 'must be an object (v1 NodeList), got a list' }]);
    expect((await refused(await post('/prioritize', [1, 2]))).error).toBe('POST /prioritize: must be an object (extenderv1 ExtenderArgs), got a list');
  });

  it('a refused /filter does not remember its pod (a later /bind does not know it)', async () => {
    const pod = { ...gpuPod, metadata: { name: 'never-seen', namespace: 'vision' }, spec: { ...gpuPod.spec, priority: 'high' } };
    await refused(await post('/filter', { Pod: pod, NodeNames: ['gpu-1'] }));
    const b = await (await post('/bind', { PodName: 'never-seen', PodNamespace: 'vision', PodUID: '', Node: 'gpu-1' })).json() as { Error: string };
    expect(b.Error).toMatch(/unknown to the extender/);
  });

  it('at most MAX_SHAPE_ISSUES issues, then a count of the rest', async () => {
    const j = await refused(await post('/filter', { Pod: gpuPod, NodeNames: Array.from({ length: 50 }, (_, i) => i) }));
    expect(j.issues!.length).toBe(MAX_SHAPE_ISSUES + 1);
    expect(j.issues!.at(-1)).toEqual({ path: '', message: `${50 - MAX_SHAPE_ISSUES} more issue(s) not shown` });
  });
});

describe('found by the fuzzer (tests/fuzz/extender.test.ts): each answered 500 or echoed a huge value', () => {
  it('a label selector key that is not a label key (matchLabels {"": x} threw inside the scheduler)', async () => {
    const pod = JSON.parse(JSON.stringify(gpuPod));
    pod.spec.topologySpreadConstraints = [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { '': 'x', 'app/': 'y' } } }];
    pod.metadata.labels = { 'a b': 'c', ok: 'not ok!' };
    const j = await refused(await post('/filter', { Pod: pod, NodeNames: ['gpu-1'] }));
    expect(j.issues!.map((i) => i.path)).toEqual([
      'Pod.metadata.labels.a b', 'Pod.metadata.labels.ok',
      'Pod.spec.topologySpreadConstraints[0].labelSelector.matchLabels.', 'Pod.spec.topologySpreadConstraints[0].labelSelector.matchLabels.app/',
    ]);
    expect(j.issues![2]!.message).toMatch(/^key "" is not a label key: \[DNS-subdomain prefix\/\]name/);
    expect(j.issues![1]!.message).toMatch(/^"not ok!" is not a label value/);
  });

  it('a node named twice (NodeNames ×200 made a plugin score "undefined for node undefined")', async () => {
    const j = await refused(await post('/prioritize', { Pod: gpuPod, NodeNames: ['gpu-1', 'edge-srv-1', 'gpu-1'] }));
    expect(j.issues).toEqual([{ path: 'NodeNames[2]', message: 'duplicate node name "gpu-1" (also at NodeNames[0])' }]);
    const k = await refused(await post('/filter', { Pod: gpuPod, Nodes: { items: [nodes[1], nodes[1]] } }));
    expect(k.issues).toEqual([{ path: 'Nodes.items[1].metadata.name', message: `duplicate node name "${nodes[1]!.metadata.name}" (also at Nodes.items[0].metadata.name)` }]);
  });

  it('a /cache list holding a pod twice (addPod threw "already assigned")', async () => {
    const pod = dump.items.find((i) => i.metadata.name === 'inference-0')!;
    const j = await refused(await post('/cache', { kind: 'List', items: [...dump.items, pod] }));
    expect(j.issues).toEqual([{ path: `items[${dump.items.length}]`, message: `duplicate Pod "vision/inference-0" (also at items[${dump.items.indexOf(pod)}])` }]);
    await cacheIntact();
  });

  it('a huge value is quoted cut short, never echoed whole', async () => {
    const pod = JSON.parse(JSON.stringify(gpuPod));
    pod.spec.containers[0].resources.requests.cpu = '9'.repeat(20_000);
    pod.spec.tolerations[0].operator = 'E'.repeat(20_000);
    const j = await refused(await post('/filter', { Pod: pod, NodeNames: ['gpu-1'] }));
    expect(j.error.length).toBeLessThan(1000);
    expect(j.issues![0]!.message).toMatch(/^unknown value "E{40}…" \(allowed: Equal, Exists\)$/);
  });
});

describe('ExtenderBindingArgs (/bind) and ExtenderPreemptionArgs (/preempt)', () => {
  it('/bind: missing, mistyped and unknown fields', async () => {
    const j = await refused(await post('/bind', { PodName: {}, PodNamespace: 'vision', node: 'gpu-1' }));
    expect(j.issues).toEqual([
      { path: 'Node', message: 'missing (required by extenderv1 ExtenderBindingArgs)' },
      { path: 'PodName', message: 'must be a string (the pod name), got an object' },
      { path: 'node', message: "unknown field \"node\" (extenderv1 ExtenderBindingArgs has PodName, PodNamespace, PodUID, Node); did you mean 'Node'?" },
    ]);
  });

  it('/preempt: shapes of both victim maps', async () => {
    const j = await refused(await post('/preempt', { Pod: gpuPod, NodeNameToMetaVictims: { 'gpu-1': null, 'edge-srv-1': { Pods: [{}], NumPDBViolations: -1 } } }));
    expect(j.issues).toEqual([
      { path: 'NodeNameToMetaVictims.gpu-1', message: 'must not be null (extenderv1 MetaVictims)' },
      { path: 'NodeNameToMetaVictims.edge-srv-1.Pods[0].UID', message: 'missing (required by extenderv1 MetaPod)' },
      { path: 'NodeNameToMetaVictims.edge-srv-1.NumPDBViolations', message: `must be an integer in [0, ${Number.MAX_SAFE_INTEGER}] (count), got -1` },
    ]);
    const k = await refused(await post('/preempt', { Pod: gpuPod, NodeNameToVictims: { 'gpu-1': { Pods: [{ metadata: { name: 'x' } }] } } }));
    expect(k.issues).toEqual([{ path: 'NodeNameToVictims.gpu-1.Pods[0].spec', message: 'missing (required by v1 Pod)' }]);
    expect((await refused(await post('/preempt', { Pod: gpuPod }))).error).toMatch(/missing field NodeNameToVictims/);
  });

  it('/preempt keeps the nodes where the pod fits once the victims are gone, and changes no cache', async () => {
    // gpu-1 has 2 GPUs, inference-0 holds 1: a 2-GPU pod fits only if inference-0 goes.
    const before = server.extender.cache.pods.size;
    const meta = await post('/preempt', { Pod: twoGpuPod, NodeNameToMetaVictims: {
      'gpu-1': { Pods: [{ UID: 'uid-inference-0' }], NumPDBViolations: 0 },
      'edge-srv-1': { Pods: [{ UID: 'uid-web-5d9c7b6f8-aaaaa' }], NumPDBViolations: 1 },
      ghost: { Pods: [], NumPDBViolations: 0 },
    } });
    expect(meta.status).toBe(200);
    expect(await meta.json()).toEqual({ NodeNameToMetaVictims: { 'gpu-1': { Pods: [{ UID: 'uid-inference-0' }], NumPDBViolations: 0 } } });
    const none = await (await post('/preempt', { Pod: twoGpuPod, NodeNameToMetaVictims: { 'gpu-1': { Pods: [], NumPDBViolations: 0 } } })).json();
    expect(none).toEqual({ NodeNameToMetaVictims: {} });
    const victim = dump.items.find((i) => i.metadata.name === 'inference-0');
    const full = await (await post('/preempt', { Pod: twoGpuPod, NodeNameToVictims: { 'gpu-1': { Pods: [victim], NumPDBViolations: 0 } } })).json();
    expect(full).toEqual({ NodeNameToMetaVictims: { 'gpu-1': { Pods: [{ UID: 'uid-inference-0' }], NumPDBViolations: 0 } } });
    expect(server.extender.cache.pods.size).toBe(before);
    expect(server.extender.cache.pods.get('vision/inference-0')?.nodeIndex).toBe(server.extender.cache.indexOf('gpu-1'));
  });
});

describe('transport: content type, method, size, nesting', () => {
  it('415 for a body that is not application/json; charset parameters are fine', async () => {
    expect((await refused(await post('/filter', '{}', 'text/plain'), 415)).error).toBe('Content-Type must be application/json, got "text/plain"');
    expect((await post('/filter', { Pod: gpuPod, NodeNames: ['gpu-1'] }, 'application/json; charset=utf-8')).status).toBe(200);
  });

  it('405 names the allowed method in an Allow header', async () => {
    const r = await fetch(`${base}/cache`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(r.status).toBe(405);
    expect(r.headers.get('allow')).toBe('POST');
    expect((await fetch(`${base}/healthz`, { method: 'DELETE' })).headers.get('allow')).toBe('GET, HEAD');
  });

  it('413 when Content-Length or the streamed bytes exceed the limit; the cache is kept', async () => {
    const big = JSON.stringify({ kind: 'List', items: [nodes[0]], pad: 'x'.repeat(LIMIT_BYTES) });
    expect((await refused(await post('/cache', big), 413)).error).toBe(`request body exceeds ${LIMIT_BYTES} bytes`);
    const chunked = await new Promise<number>((resolve, reject) => {
      const req = request(`${base}/cache`, { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (res) => { res.resume(); resolve(res.statusCode!); });
      req.on('error', reject);
      for (let i = 0; i < 8; i++) req.write('x'.repeat(LIMIT_BYTES / 4));
      req.end();
    });
    expect(chunked).toBe(413);
    await cacheIntact();
  });

  it(`400 for JSON nested deeper than ${MAX_JSON_DEPTH} (JSON.stringify of the echo would overflow)`, async () => {
    const deep = `{"Pod": ${'['.repeat(5000)}${']'.repeat(5000)}, "NodeNames": []}`;
    expect((await refused(await post('/filter', deep))).error).toBe(`JSON nested more than ${MAX_JSON_DEPTH} levels deep (at most ${MAX_JSON_DEPTH} allowed)`);
    // brackets inside strings do not count
    const node = JSON.parse(JSON.stringify(nodes[0]));
    node.metadata.annotations = { note: '[[[['.repeat(100) };
    expect((await post('/filter', { Pod: gpuPod, Nodes: { items: [node] } })).status).toBe(200);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });
});
