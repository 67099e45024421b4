/**
 * The Kubernetes connector inside the gateway, against the Kubernetes API STAND-IN (no API server
 * installs on this machine): with --kubeconfig it watches the cluster, answers GET
 * /api/v1/kubernetes to viewers (401 without a token), publishes node changes as `fleet` events,
 * audits a malformed node once, exports informer metrics, and stops its informers on close.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubeApplyTransport, type PushTransport } from '../../../connectors/kubernetes/apply-transport.ts';
import { kubernetesModule } from '../../../connectors/kubernetes/gateway-module.ts';
import type { KubeInformers } from '../../../connectors/kubernetes/informers.ts';
import { offlineOptions, testGateway, type TestGateway } from '../gateway/support/gateway.ts';
import { announceStandIn, nodeObject, podObject, startKubeStandIn, type KubeStandIn } from '../support/kube-stand-in.ts';

let k: KubeStandIn;
let gw: TestGateway;
let informers: KubeInformers | null = null;
const events: { topic: string; data: any }[] = [];

async function until(what: string, cond: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 8000;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeAll(async () => {
  announceStandIn('gateway-module.test.ts');
  k = await startKubeStandIn();
  k.putNode(nodeObject({ name: 'edge-1', labels: { 'topology.kubernetes.io/region': 'eu' } }));
  k.putPod(podObject({ name: 'api-0', namespace: 'shop', labels: { app: 'api' }, nodeName: 'edge-1' }));
  gw = await testGateway({ options: { ...offlineOptions(), kubeconfig: k.kubeconfigPath }, modulesInput: { kubernetes: false }, extraModules: [kubernetesModule({ onStart: (i) => { informers = i; } })] });
  gw.ctx.events.subscribe((topic, data) => events.push({ topic, data }));
});
afterAll(async () => { await gw?.close(); await k?.stop(); });

describe('Kubernetes connector in the gateway (stand-in API server: no API server installs here)', () => {
  it('GET /api/v1/kubernetes shows the cluster to viewers; 401 without a token', async () => {
    await informers!.synced(8000);
    const r = await gw.app.inject({ method: 'GET', url: '/api/v1/kubernetes', headers: gw.auth(gw.tokens.viewer) });
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(body.nodes.map((n: any) => [n.id, n.region, n.cpuMillicores])).toEqual([['edge-1', 'eu', 4000]]);
    expect(body.placements).toEqual({ 'shop/api': ['edge-1'] });
    expect(body.stats.nodes.state).toBe('watching');
    expect((await gw.app.inject({ method: 'GET', url: '/api/v1/kubernetes' })).statusCode).toBe(401);
  });

  it('publishes node changes as fleet events and audits a malformed node once', async () => {
    k.modifyNode('edge-1', (n) => { (n.status as any).conditions[1].status = 'False'; });
    await until('fleet event', () => events.some((e) => e.topic === 'fleet' && e.data.nodes.some((n: any) => n.id === 'edge-1' && n.state === 'down')));
    const down = events.filter((e) => e.topic === 'fleet').flatMap((e) => e.data.nodes).find((n: any) => n.state === 'down');
    expect(down).toMatchObject({ id: 'edge-1', source: 'kubernetes', workloads: ['shop/api'], runningVersion: 0 });
    k.putNode(nodeObject({ name: 'weird', cpu: 'a lot' }));
    k.modifyNode('weird', (n) => { (n.metadata.labels as any).x = 'y'; });
    await until('malformed audited', () => events.some((e) => e.topic === 'audit' && e.data.action === 'telemetry.malformed'));
    await until('weird modified seen', () => informers!.nodeObjects().some((n) => n.metadata?.labels?.x === 'y'));
    const audits = events.filter((e) => e.topic === 'audit' && e.data.action === 'telemetry.malformed');
    expect(audits).toHaveLength(1);
    expect(audits[0]!.data.reason).toMatch(/allocatable\.cpu/);
  });

  it('exports informer metrics, and stops the informers when the gateway closes', async () => {
    const m = await gw.app.inject({ method: 'GET', url: '/metrics', headers: gw.auth(gw.tokens.viewer) });
    expect(m.body).toMatch(/edgetwin_kubernetes_informer_up\{resource="nodes"\} 1/);
    expect(m.body).toMatch(/edgetwin_kubernetes_objects\{resource="pods"\} 1/);
    await gw.close();
    expect(informers!.stats().nodes.state).toBe('stopped');
  });

  it('with a fleet store, merges node changes into it (source kubernetes) instead of publishing', async () => {
    const merges: { id: string; source: string; patch: any }[] = [];
    let inf2: KubeInformers | null = null;
    const transports: { kubernetes?: PushTransport } = {};
    const gw2 = await testGateway({
      options: { ...offlineOptions(), kubeconfig: k.kubeconfigPath },
      modulesInput: { kubernetes: false },
      extraModules: [kubernetesModule({ fleet: { merge: (id, source, patch) => merges.push({ id, source, patch }) }, transports, onStart: (i) => { inf2 = i; } })],
    });
    expect(transports.kubernetes).toBeInstanceOf(KubeApplyTransport);
    const seen: string[] = [];
    gw2.ctx.events.subscribe((topic) => seen.push(topic));
    try {
      await inf2!.synced(8000);
      await until('edge-1 merged', () => merges.some((m) => m.id === 'edge-1'));
      const last = merges.filter((m) => m.id === 'edge-1').pop()!;
      expect(last).toMatchObject({ source: 'kubernetes', patch: { state: 'down', running: ['shop/api'], runningVersion: 0 } });
      k.modifyNode('edge-1', (n) => { (n.status as any).conditions[1].status = 'True'; });
      await until('edge-1 ready merged', () => merges.filter((m) => m.id === 'edge-1').pop()!.patch.state === 'ready');
      expect(seen).not.toContain('fleet');
    } finally { await gw2.close(); }
  });

  it("the gateway's own module list (edgetwin serve --kubeconfig) installs it into the shared fleet", async () => {
    const g = await testGateway({ options: { ...offlineOptions(), kubeconfig: k.kubeconfigPath } });
    try {
      await until('the cluster in the fleet', async () => {
        const f = (await g.app.inject({ url: '/api/v1/fleet', headers: g.auth(g.tokens.viewer) })).json() as { nodes: { id: string; source: string }[] };
        return f.nodes.some((n) => n.id === 'edge-1' && n.source.includes('kubernetes'));
      });
      expect((await g.app.inject({ url: '/api/v1/kubernetes', headers: g.auth(g.tokens.viewer) })).statusCode).toBe(200);
    } finally { await g.close(); }
  });
});
