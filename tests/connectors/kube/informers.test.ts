/**
 * The node and pod informers (@kubernetes/client-node ListWatch) against the Kubernetes API
 * STAND-IN (no API server installs on this machine): they see nodes and pods added, modified and
 * deleted; a forced 410 Gone makes them re-list and the state is still right; with the stand-in
 * killed they reconnect with a capped exponential back-off, and after its restart they catch up.
 */
import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FleetNode } from '../../../connectors/live/fleet-node.ts';
import { backoffDelayMs } from '../../../connectors/kubernetes/backoff.ts';
import { KubeInformers, loadKubeConfig } from '../../../connectors/kubernetes/informers.ts';
import { announceStandIn, nodeObject, podObject, startKubeStandIn, type KubeStandIn } from '../support/kube-stand-in.ts';

let k: KubeStandIn;
let inf: KubeInformers | null = null;
beforeAll(async () => { announceStandIn('informers.test.ts'); k = await startKubeStandIn(); });
afterEach(async () => { await inf?.stop(); inf = null; });
afterAll(async () => { await k?.stop(); });

/** Polls `cond` every 20 ms until it holds; fails with `what` after 8 s. */
async function until(what: string, cond: () => boolean): Promise<void> {
  const deadline = Date.now() + 8000;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const names = () => inf!.fabric().fleet.map((n) => n.id);
const storeNames = () => k.store.list('nodes').map((n) => n.metadata.name);
const storePlacement = () => {
  const out: Record<string, string[]> = {};
  for (const p of k.store.list('pods')) {
    const node = (p.spec as { nodeName?: string }).nodeName;
    if (node) (out[`${p.metadata.namespace}/${p.metadata.labels!.app}`] ??= []).push(node);
  }
  for (const v of Object.values(out)) v.sort();
  return out;
};

describe('Kubernetes informers against the API stand-in (no API server installs here)', () => {
  it('see nodes and pods added, modified and deleted, as fabric, placement and FleetView', async () => {
    k.putNode(nodeObject({ name: 'n1', labels: { 'topology.kubernetes.io/zone': 'z1' }, cpu: '2' }));
    k.putNode(nodeObject({ name: 'n2', labels: { 'topology.kubernetes.io/zone': 'z2' } }));
    k.putPod(podObject({ name: 'api-1', namespace: 'shop', labels: { app: 'api' }, nodeName: 'n1' }));
    inf = new KubeInformers(loadKubeConfig(k.kubeconfigPath)).start();
    await inf.synced(8000);
    expect(names()).toEqual(['n1', 'n2']);
    expect(inf.fabric().twinNodes[0]!.cpuMillicores).toBe(2000);
    expect(inf.fabric().placements).toEqual({ 'shop/api': ['n1'] });
    const seen: FleetNode[] = [];
    inf.view.onChange((n) => seen.push(n));

    k.putNode(nodeObject({ name: 'n3', labels: { 'topology.kubernetes.io/zone': 'z1' } }));
    await until('n3 added', () => names().includes('n3'));
    k.modifyNode('n1', (n) => { (n.status as any).conditions[1].status = 'False'; });
    await until('n1 down', () => inf!.view.node('n1')?.state === 'down');
    k.putPod(podObject({ name: 'api-2', namespace: 'shop', labels: { app: 'api' }, nodeName: 'n3' }));
    await until('api-2 placed', () => inf!.fabric().placements['shop/api']?.length === 2);
    expect(inf.view.node('n3')!.running).toEqual(['shop/api']);
    k.deletePod('shop', 'api-1');
    await until('api-1 gone', () => inf!.fabric().placements['shop/api']?.length === 1);
    k.deleteNode('n2');
    await until('n2 deleted', () => !names().includes('n2'));
    expect(inf.fabric().placements).toEqual({ 'shop/api': ['n3'] });
    expect(seen.some((n) => n.id === 'n2' && n.state === 'offline')).toBe(true);
    expect(seen.some((n) => n.id === 'n1' && n.state === 'down')).toBe(true);
    expect(inf.stats().nodes.state).toBe('watching');
  });

  it('a forced 410 Gone makes them re-list, and the state is still right (deletions included)', async () => {
    inf = new KubeInformers(loadKubeConfig(k.kubeconfigPath)).start();
    await inf.synced(8000);
    const before = inf.stats();
    // In one synchronous turn: cut the watches, change things, compact. The informers resume from a
    // resourceVersion the server no longer has, get ERROR 410, and must re-list to see these changes.
    k.endWatches();
    k.deleteNode('n1');
    k.putNode(nodeObject({ name: 'n4', labels: { 'topology.kubernetes.io/zone': 'z4' } }));
    k.putPod(podObject({ name: 'web-1', namespace: 'shop', labels: { app: 'web' }, nodeName: 'n4' }));
    k.deletePod('shop', 'api-2');
    k.compact();
    await until('re-listed after 410', () => inf!.stats().nodes.lists > before.nodes.lists && inf!.stats().pods.lists > before.pods.lists);
    await until('state matches the server', () => JSON.stringify(names()) === JSON.stringify(storeNames()));
    expect(inf.stats().nodes.gone410).toBeGreaterThan(before.nodes.gone410);
    expect(inf.stats().pods.gone410).toBeGreaterThan(before.pods.gone410);
    expect(names()).toEqual(['n3', 'n4']);
    expect(inf.fabric().placements).toEqual(storePlacement());
    expect(inf.fabric().placements['shop/web']).toEqual(['n4']);
    expect(inf.fabric().placements['shop/api']).toBeUndefined();
    // And it keeps watching after the re-list.
    k.putNode(nodeObject({ name: 'n5' }));
    await until('n5 after re-list', () => names().includes('n5'));
  });

  it('a watch the server ends (timeoutSeconds) resumes from its resourceVersion without a re-list', async () => {
    inf = new KubeInformers(loadKubeConfig(k.kubeconfigPath), { watchTimeoutS: 1 }).start();
    await inf.synced(8000);
    const lists = inf.stats().nodes.lists, opened = k.counters.watchesOpened;
    await until('the server ended the watches and they were reopened', () => k.counters.watchesOpened >= opened + 2);
    k.putNode(nodeObject({ name: 'n7' }));
    await until('n7 seen on the resumed watch', () => names().includes('n7'));
    expect(inf.stats().nodes.lists).toBe(lists);
    expect(inf.stats().nodes.errors).toBe(0);
    k.deleteNode('n7');
    await until('n7 deleted', () => !names().includes('n7'));
  });

  it('watches that end at once with nothing received are "very short": resumed after a back-off, no re-list, no error', async () => {
    inf = new KubeInformers(loadKubeConfig(k.kubeconfigPath), { backoff: { initialMs: 30, maxMs: 60, factor: 2 } }).start();
    await inf.synced(8000);
    const lists = inf.stats().nodes.lists;
    for (let i = 0; i < 3; i++) {
      const opened = k.counters.watchesOpened;
      k.endWatches();
      await until(`short watch ${i + 1} counted`, () => inf!.stats().nodes.shortWatches >= i + 1);
      await until(`both watches reopened (${i + 1})`, () => k.counters.watchesOpened >= opened + 2);
    }
    k.putNode(nodeObject({ name: 'n8' }));
    await until('n8 seen after the short watches', () => names().includes('n8'));
    expect(inf.stats().nodes.lists).toBe(lists);
    expect(inf.stats().nodes.errors).toBe(0);
    k.deleteNode('n8');
    await until('n8 gone', () => !names().includes('n8'));
  });

  it('stand-in killed: reconnect with capped exponential back-off; restarted: catch up (410 → re-list)', async () => {
    const backoff = { initialMs: 40, maxMs: 160, factor: 2 };
    inf = new KubeInformers(loadKubeConfig(k.kubeconfigPath), { backoff }).start();
    await inf.synced(8000);
    await k.stop();
    // While the server is down the cluster changes (etcd keeps state; the restarted server's watch cache starts empty).
    k.deleteNode('n3');
    k.putNode(nodeObject({ name: 'n6', ready: 'Unknown' }));
    await until('five failed reconnects', () => inf!.stats().nodes.errors >= 5);
    const s = inf.stats().nodes;
    expect(s.state).toBe('backing-off');
    expect(s.lastError).toMatch(/ECONNREFUSED/);
    expect(s.reconnects).toBeGreaterThanOrEqual(4);
    const expected = s.recentDelaysMs.map((_, i) => backoffDelayMs(i, backoff));
    expect(s.recentDelaysMs).toEqual(expected);
    expect(s.recentDelaysMs.slice(0, 4)).toEqual([40, 80, 160, 160]);
    await k.restart();
    await until('watching again', () => inf!.stats().nodes.state === 'watching' && inf!.stats().pods.state === 'watching');
    await until('caught up', () => JSON.stringify(names()) === JSON.stringify(storeNames()));
    expect(inf.view.node('n6')!.state).toBe('offline');
    expect(inf.stats().nodes.gone410).toBeGreaterThanOrEqual(1);
    // The back-off starts over after a successful reconnect.
    const n = inf.stats().nodes.recentDelaysMs.length;
    await k.stop();
    await until('next failure', () => inf!.stats().nodes.recentDelaysMs.length > n);
    expect(inf.stats().nodes.recentDelaysMs[n]).toBe(40);
    await k.restart();
    await until('watching after second restart', () => inf!.stats().nodes.state === 'watching');
  });

  it('work from KubeConfig.loadFromOptions too (a wrong token: 401 errors and back-off, not a crash)', async () => {
    const kc = (token: string) => {
      const c = new KubeConfig();
      c.loadFromOptions({
        clusters: [{ name: 'c', server: k.url, skipTLSVerify: true }], users: [{ name: 'u', token }],
        contexts: [{ name: 'x', cluster: 'c', user: 'u' }], currentContext: 'x',
      });
      return c;
    };
    inf = new KubeInformers(kc(k.token)).start();
    await inf.synced(8000);
    expect(names()).toEqual(storeNames());
    await inf.stop();
    inf = new KubeInformers(kc('wrong'), { backoff: { initialMs: 20, maxMs: 40, factor: 2 } }).start();
    await until('401 seen', () => inf!.stats().nodes.errors >= 2);
    expect(inf.stats().nodes.lastError).toMatch(/401/);
    expect(inf.stats().nodes.lists).toBe(0);
    await expect(inf.synced(50)).rejects.toThrow(/401/);
  });

  it('a kubeconfig that is not one is refused with the file named', () => {
    expect(() => loadKubeConfig('/nonexistent/kubeconfig')).toThrow(/\/nonexistent\/kubeconfig/);
  });
});
