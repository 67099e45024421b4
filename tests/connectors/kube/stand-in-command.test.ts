/**
 * `edgetwin kube-stand-in` (the Kubernetes API STAND-IN as a runnable server: no API server
 * installs on this machine): seeded from the repository's kubectl dump (tests/fixtures/k8s/
 * edge-cluster.json), it writes a kubeconfig the informers use as they would a cluster's; the
 * twin fabric shows the dump's quantities, zones and taints and its placement, the scheduler's
 * ClusterState built from the informers equals the one built from the dump itself; it never
 * overwrites an existing kubeconfig; a file that is not a List is refused with its name.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KubeInformers, loadKubeConfig } from '../../../connectors/kubernetes/informers.ts';
import { startStandIn, type RunningStandIn } from '../../../connectors/kubernetes/stand-in/command.ts';
import { liveCluster } from '../../../connectors/kubernetes/scheduler-cluster.ts';
import { clusterFromList } from '../../../sim-core/orchestrator/k8s/cluster.ts';
import { InputError } from '../../../sim-core/text/input-error.ts';
import { parseYamlSource } from '../../../sim-core/text/yaml-source.ts';
import { announceStandIn } from '../support/kube-stand-in.ts';
import { freePort } from '../support/real-servers.ts';

announceStandIn('stand-in-command.test.ts');
const DUMP = join(import.meta.dirname, '../../fixtures/k8s/edge-cluster.json');
const dir = mkdtempSync(join(tmpdir(), 'edgetwin-kube-cmd-'));
const started: RunningStandIn[] = [];
let inf: KubeInformers | null = null;
afterAll(async () => { await inf?.stop(); for (const s of started) await s.close(); });

describe('edgetwin kube-stand-in (a stand-in API server, not a cluster)', () => {
  it('serves the dump to the informers through the kubeconfig it writes', async () => {
    const kubeconfig = join(dir, 'kubeconfig');
    const s = await startStandIn({ port: 0, host: '127.0.0.1', kubeconfig, cluster: DUMP, controller: true });
    started.push(s);
    const dump = JSON.parse(readFileSync(DUMP, 'utf8')) as { items: { kind: string; metadata: { name: string } }[] };
    const dumpNodes = dump.items.filter((i) => i.kind === 'Node').map((i) => i.metadata.name).sort();
    expect(s.seeded.nodes).toBe(dumpNodes.length);
    expect(s.seeded.pods).toBe(dump.items.filter((i) => i.kind === 'Pod').length);
    expect(s.seeded.skipped).toEqual({ Namespace: 1, Service: 1, ReplicaSet: 1 });
    expect(readFileSync(kubeconfig, 'utf8')).toContain('STAND-IN');
    inf = new KubeInformers(loadKubeConfig(kubeconfig)).start();
    await inf.synced(8000);
    const f = inf.fabric();
    expect(f.twinNodes.map((n) => n.id)).toEqual(dumpNodes);
    const gpu = f.twinNodes.find((n) => n.id === 'gpu-1')!;
    expect([gpu.cpuMillicores, gpu.memoryBytes, gpu.allocatable['nvidia.com/gpu'], gpu.zone, gpu.region]).toEqual([31800, 125 * 2 ** 30, 2, 'zone-b', 'region-1']);
    expect(gpu.taints).toEqual([{ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' }]);
    // Three web replicas bound (the pending one does not count), the finished report job not at all.
    expect(f.placements['shop/web']).toEqual(['edge-srv-1', 'edge-srv-1', 'edge-srv-2']);
    expect(f.placements['shop/report']).toBeUndefined();
    expect(f.placements['kube-system/kube-proxy']).toHaveLength(8);
    expect(f.malformed).toEqual([]);
    // The scheduler's view of the live cluster equals its view of the dump itself.
    const live = liveCluster(inf.nodeObjects(), inf.podObjects());
    const fromDump = clusterFromList(parseYamlSource(readFileSync(DUMP, 'utf8'), DUMP));
    expect(live.refused).toEqual([]);
    expect(live.state.names).toEqual(fromDump.state.names);
    expect(live.state.podsOn.map((ps) => ps.length)).toEqual(fromDump.state.podsOn.map((ps) => ps.length));
    expect(live.state.nodes.map((n) => n.allocatable)).toEqual(fromDump.state.nodes.map((n) => n.allocatable));
    expect(live.pending.map((p) => p.name)).toEqual(fromDump.pending.map((p) => p.name));
  });

  it('liveCluster leaves out what the scheduler converter refuses, naming it, and keeps the rest', () => {
    const good = { metadata: { name: 'ok' }, status: { allocatable: { cpu: '2', memory: '1Gi', pods: '10' } } };
    const bad = { metadata: { name: 'broken' }, status: { allocatable: { cpu: 'lots' } } };
    const live = liveCluster([good, bad], [{ metadata: { name: 'p', namespace: 'x' }, spec: { nodeName: 'ok', containers: [{ name: 'c' }] } }]);
    expect(live.state.names).toEqual(['ok']);
    expect(live.refused).toEqual([{ kind: 'Node', name: 'broken', problem: expect.stringMatching(/status\.allocatable\.cpu/) }]);
    expect(live.state.podsOn[0]!.length).toBe(1);
  });

  it('never overwrites an existing kubeconfig, and frees its port when it refuses', async () => {
    const existing = join(dir, 'mine');
    writeFileSync(existing, 'my real cluster');
    const port = await freePort();
    const err = await startStandIn({ port, host: '127.0.0.1', kubeconfig: existing, cluster: null, controller: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(String((err as Error).message)).toMatch(/never overwrites/);
    expect(readFileSync(existing, 'utf8')).toBe('my real cluster');
    const again = await startStandIn({ port, host: '127.0.0.1', kubeconfig: null, cluster: null, controller: false });
    started.push(again);
    expect(again.url).toBe(`http://127.0.0.1:${port}`);
  });

  it('refuses a --cluster file that is not a List, naming it', async () => {
    const notList = join(dir, 'x.json');
    writeFileSync(notList, '{"kind":"Pod"}');
    await expect(startStandIn({ port: 0, host: '127.0.0.1', kubeconfig: null, cluster: notList, controller: false })).rejects.toThrow(/x\.json/);
    writeFileSync(notList, '{oops');
    await expect(startStandIn({ port: 0, host: '127.0.0.1', kubeconfig: null, cluster: notList, controller: false })).rejects.toThrow(/not JSON/);
  });
});
