/** The extender over real HTTP on a loopback ephemeral port. */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExtenderServer } from '../../../connectors/extender/server.ts';
import { toExtenderScore } from '../../../connectors/extender/protocol.ts';
import { buildProfile, defaultProfileSpec } from '../../../sim-core/orchestrator/scheduler/profile.ts';
import { clusterFromList } from '../../../sim-core/orchestrator/k8s/cluster.ts';

const dumpUrl = new URL('../../fixtures/k8s/edge-cluster.json', import.meta.url);
const dump = JSON.parse(readFileSync(dumpUrl, 'utf8')) as { items: { kind: string; metadata: { name: string } }[] };
const nodes = dump.items.filter((i) => i.kind === 'Node');
const gpuPod = {
  apiVersion: 'v1', kind: 'Pod', metadata: { name: 'inf-9', namespace: 'vision', labels: { app: 'inference' } },
  spec: { containers: [{ name: 'm', resources: { requests: { cpu: '2', memory: '4Gi', 'nvidia.com/gpu': '1' } } }], tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists' }] },
};

let base = '';
let close: () => Promise<void>;
beforeAll(async () => {
  const cache = clusterFromList({ file: 'dump', value: dump, locate: () => ({ line: 0, col: 0 }) }).state;
  const { server } = createExtenderServer({ profile: buildProfile(defaultProfileSpec()), cache, maxBodyBytes: 64 * 1024 * 1024 });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => new Promise((r) => server.close(() => r()));
});
afterAll(async () => { await close(); });

const post = (path: string, body: unknown) => fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('scheduler extender (k8s.io/kube-scheduler/extender/v1)', () => {
  it('GET /healthz', async () => {
    const r = await fetch(`${base}/healthz`);
    expect(r.status).toBe(200);
    expect(await r.text()).toBe('ok');
  });

  it('filter with full Node objects (nodeCacheCapable: false) returns Nodes.items and failure maps', async () => {
    const r = await post('/filter', { Pod: gpuPod, Nodes: { items: nodes } });
    expect(r.status).toBe(200);
    const j = await r.json() as { Nodes: { items: { metadata: { name: string } }[] }; FailedNodes: Record<string, string>; FailedAndUnresolvableNodes: Record<string, string>; Error: string };
    expect(j.Nodes.items.map((n) => n.metadata.name)).toEqual(['gpu-1']);
    expect(j.Error).toBe('');
    expect(j.FailedNodes['edge-srv-1']).toBe('Insufficient nvidia.com/gpu');
    expect(j.FailedAndUnresolvableNodes['edge-srv-3']).toMatch(/node\(s\) were unschedulable/);
    expect(Object.keys({ ...j.FailedNodes, ...j.FailedAndUnresolvableNodes }).length).toBe(7);
  });

  it('filter with NodeNames (nodeCacheCapable: true) uses the cache; unknown names are unresolvable', async () => {
    const r = await post('/filter', { Pod: gpuPod, NodeNames: ['gpu-1', 'edge-srv-2', 'ghost'] });
    const j = await r.json() as { NodeNames: string[]; FailedNodes: Record<string, string>; FailedAndUnresolvableNodes: Record<string, string> };
    expect(j.NodeNames).toEqual(['gpu-1']);
    expect(j.FailedNodes).toEqual({ 'edge-srv-2': 'Insufficient nvidia.com/gpu' });
    expect(Object.keys(j.FailedAndUnresolvableNodes)).toEqual(['ghost']);
  });

  it('prioritize returns HostPriorityList with scores 0..10 in request order', async () => {
    const web = JSON.parse(JSON.stringify(gpuPod));
    web.spec.containers[0].resources.requests = { cpu: '500m', memory: '512Mi' };
    web.spec.tolerations = [];
    const r = await post('/prioritize', { Pod: web, NodeNames: ['edge-srv-1', 'edge-srv-2', 'regional-1', 'gpu-1'] });
    const j = await r.json() as { Host: string; Score: number }[];
    expect(j.map((h) => h.Host)).toEqual(['edge-srv-1', 'edge-srv-2', 'regional-1', 'gpu-1']);
    for (const h of j) expect(Number.isInteger(h.Score) && h.Score >= 0 && h.Score <= 10).toBe(true);
    expect(j[3]!.Score).toBe(0); // gpu-1's taint is not tolerated
    expect(j[2]!.Score).toBeGreaterThan(0);
  });

  it('scales a weighted total onto 0..10', () => {
    expect(toExtenderScore(1200, 12)).toBe(10);
    expect(toExtenderScore(599, 12)).toBe(4); // 599*10/1200 = 4.99 → 4
    expect(toExtenderScore(0, 0)).toBe(0);
  });

  it('bind assumes the pod into the cache, so the GPU runs out', async () => {
    const pod2 = { ...gpuPod, metadata: { ...gpuPod.metadata, name: 'inf-10' } };
    await post('/filter', { Pod: pod2, NodeNames: ['gpu-1'] });
    expect(await (await post('/bind', { PodName: 'inf-10', PodNamespace: 'vision', PodUID: 'u', Node: 'gpu-1' })).json()).toEqual({ Error: '' });
    // gpu-1 had 2 GPUs, 1 used by inference-0, 1 now by inf-10
    const j = await (await post('/filter', { Pod: gpuPod, NodeNames: ['gpu-1'] })).json() as { FailedNodes: Record<string, string> };
    expect(j.FailedNodes['gpu-1']).toBe('Insufficient nvidia.com/gpu');
    expect((await (await post('/bind', { PodName: 'nope', PodNamespace: 'x', PodUID: 'u', Node: 'gpu-1' })).json() as { Error: string }).Error).toMatch(/unknown/);
  });

  it('bad requests: 400 malformed / missing fields, 404, 405, 413; the server keeps serving', async () => {
    const bad = await post('/filter', '{"Pod": ');
    expect(bad.status).toBe(400);
    expect((await bad.json() as { error: string }).error).toMatch(/malformed JSON/);
    const missing = await post('/filter', { Nodes: { items: [] } });
    expect(missing.status).toBe(400);
    expect((await missing.json() as { error: string }).error).toBe('POST /filter: Pod: missing (required by extenderv1 ExtenderArgs)');
    const badQty = await post('/filter', { Pod: { ...gpuPod, spec: { containers: [{ resources: { requests: { cpu: 'lots' } } }] } }, NodeNames: [] });
    expect(badQty.status).toBe(400);
    expect((await badQty.json() as { error: string }).error).toMatch(/Pod\.spec\.containers\[0\]\.resources\.requests\.cpu: not a valid non-negative quantity/);
    expect((await post('/nope', {})).status).toBe(404);
    expect((await fetch(`${base}/filter`)).status).toBe(405);
    const huge = await post('/filter', `{"Pod": "${'x'.repeat(65 * 1024 * 1024)}"}`).catch(() => undefined);
    if (huge) expect(huge.status).toBe(413);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  it('POST /cache replaces the cache', async () => {
    const r = await post('/cache', { apiVersion: 'v1', kind: 'List', items: [nodes[0]] });
    expect(await r.json()).toEqual({ nodes: 1, pods: 0 });
    const j = await (await post('/filter', { Pod: gpuPod, NodeNames: ['gpu-1'] })).json() as { FailedAndUnresolvableNodes: Record<string, string> };
    expect(Object.keys(j.FailedAndUnresolvableNodes)).toEqual(['gpu-1']);
  });
});
