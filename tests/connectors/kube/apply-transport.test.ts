/**
 * The Kubernetes push transport over a push of two nodes, against the Kubernetes API STAND-IN (no
 * API server installs on this machine) with its stand-in Deployment controller: signed desired
 * states delivered node by node become Deployments pinned to their node, their pods show up in
 * the informers' placement exactly as the desired states say; a rollback (a new version with the
 * old workloads) removes what the old state did not run; a state for another node, a bad
 * signature or an unknown key is refused before the cluster is touched; a conflict with another
 * field manager rejects the delivery, naming field and manager, and is not forced.
 */
import { AppsV1Api, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeApplyConflictError, KubeApplyTransport, kubeTransportFromOptions } from '../../../connectors/kubernetes/apply-transport.ts';
import type { NodeApplyOutcome } from '../../../connectors/kubernetes/apply.ts';
import { KubeInformers, loadKubeConfig } from '../../../connectors/kubernetes/informers.ts';
import { allowed, EDGETWIN_RULES, rbacYaml } from '../../../connectors/kubernetes/rbac.ts';
import { parseAllDocuments } from 'yaml';
import { DESIRED_STATE_KIND, type DesiredState, type Workload } from '../../../connectors/signing/desired-state.ts';
import { generateKeyPair, signDesiredState, writeKeyPair } from '../../../connectors/signing/keys.ts';
import { offlineOptions } from '../gateway/support/gateway.ts';
import { announceStandIn, nodeObject, startKubeStandIn, type KubeStandIn } from '../support/kube-stand-in.ts';

let k: KubeStandIn;
let inf: KubeInformers;
let transport: KubeApplyTransport;
const outcomes: NodeApplyOutcome[] = [];
const keys = generateKeyPair();
let v2: ReturnType<typeof signDesiredState> | null = null;

beforeAll(async () => {
  announceStandIn('apply-transport.test.ts');
  k = await startKubeStandIn({ controller: true });
  k.putNode(nodeObject({ name: 'edge-1', labels: { 'topology.kubernetes.io/zone': 'z1' } }));
  k.putNode(nodeObject({ name: 'edge-2', labels: { 'topology.kubernetes.io/zone': 'z2' } }));
  const kc = loadKubeConfig(k.kubeconfigPath);
  inf = new KubeInformers(kc).start();
  await inf.synced(8000);
  transport = new KubeApplyTransport(kc, { namespace: 'edge', publicKey: keys.publicKey, images: { 'store/db': 'postgres:17' }, onOutcome: (o) => outcomes.push(o) });
});
afterAll(async () => { await transport?.close(); await inf?.stop(); await k?.stop(); });

function state(node: string, version: number, workloads: Workload[]): DesiredState {
  return { kind: DESIRED_STATE_KIND, node, version, planHash: 'a'.repeat(64), pushId: 'push-1', notBefore: '2026-01-01T00:00:00Z', expiresAt: '2027-01-01T00:00:00Z', workloads };
}

async function until(what: string, cond: () => boolean): Promise<void> {
  const deadline = Date.now() + 8000;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what} (placements now ${JSON.stringify(inf.fabric().placements)})`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const deployments = () => k.store.list('deployments', 'edge').map((d) => d.metadata.name).sort();

describe('Kubernetes push transport (stand-in API server: no API server installs here)', () => {
  it('delivers a push of two nodes, wave by wave; the informers see the placement the states ask for', async () => {
    const s1 = signDesiredState(state('edge-1', 1, [{ service: 'detect/infer' }, { service: 'detect/infer' }]), keys);
    const s2 = signDesiredState(state('edge-2', 1, [{ service: 'detect/infer' }, { service: 'store/db', env: { MODE: 'replica' } }]), keys);
    const dry = await transport.dryRun('edge-1', s1);
    expect(dry.status).toBe('dry-run');
    expect(dry.changes.map((c) => [c.name, c.action])).toEqual([['detect-infer-edge-1', 'create']]);
    expect(deployments()).toEqual([]);

    await transport.deliver('edge-1', s1); // wave 1
    expect(deployments()).toEqual(['detect-infer-edge-1']);
    await until('wave 1 placed', () => JSON.stringify(inf.fabric().placements) === JSON.stringify({ 'detect/infer': ['edge-1', 'edge-1'] }));
    await transport.deliver('edge-2', s2); // wave 2
    await until('wave 2 placed', () => JSON.stringify(inf.fabric().placements) === JSON.stringify({ 'detect/infer': ['edge-1', 'edge-1', 'edge-2'], 'store/db': ['edge-2'] }));
    expect(inf.view.node('edge-2')!.running).toEqual(['detect/infer', 'store/db']);
    // The version recorded on each Node (server-side apply of its annotations) reads back as runningVersion once the pods run.
    await until('running version 1 on both', () => inf.view.node('edge-1')?.runningVersion === 1 && inf.view.node('edge-2')?.runningVersion === 1);
    expect((k.store.get('nodes', undefined, 'edge-2') as any).metadata.annotations['push.edgetwin.io/workloads']).toBe('{"detect/infer":1,"store/db":1}');
    const db = k.store.get('deployments', 'edge', 'store-db-edge-2') as any;
    expect(db.spec.template.spec.containers[0]).toMatchObject({ image: 'postgres:17', env: [{ name: 'MODE', value: 'replica' }] });
    expect(db.metadata.annotations['edgetwin.io/desired-version']).toBe('1');
    expect(db.metadata.annotations['edgetwin.io/signature']).toBe(s2.signature);
    expect(outcomes.map((o) => [o.node, o.status])).toEqual([['edge-1', 'applied'], ['edge-2', 'applied']]);
    expect(await transport.alreadyDelivered('edge-2', s2)).toBe(true);
    expect(await transport.alreadyDelivered('edge-2', signDesiredState(state('edge-2', 2, [{ service: 'detect/infer' }]), keys))).toBe(false);
  });

  it('a rollback version re-applies the old workloads and removes what they did not run', async () => {
    v2 = signDesiredState(state('edge-2', 2, [{ service: 'detect/infer' }]), keys);
    await transport.deliver('edge-2', v2);
    expect(deployments()).toEqual(['detect-infer-edge-1', 'detect-infer-edge-2']);
    await until('store/db gone', () => JSON.stringify(inf.fabric().placements) === JSON.stringify({ 'detect/infer': ['edge-1', 'edge-1', 'edge-2'] }));
    await until('edge-2 runs version 2', () => inf.view.node('edge-2')?.runningVersion === 2);
  });

  it('refuses a state for another node, a bad signature and an unknown key without touching the cluster', async () => {
    const revision = k.store.revision();
    const good = signDesiredState(state('edge-1', 3, [{ service: 'detect/infer' }]), keys);
    await expect(transport.deliver('edge-2', good)).rejects.toThrow(/for node "edge-1", not "edge-2"/);
    const tampered = { ...good, payload: { ...good.payload, workloads: [{ service: 'evil/miner' }] } };
    await expect(transport.deliver('edge-1', tampered)).rejects.toThrow(/does not verify/);
    const stranger = signDesiredState(state('edge-1', 3, [{ service: 'detect/infer' }]), generateKeyPair());
    await expect(transport.deliver('edge-1', stranger)).rejects.toThrow(/unknown key/);
    const expired = signDesiredState({ ...state('edge-1', 3, [{ service: 'detect/infer' }]), expiresAt: '2026-01-02T00:00:00Z' }, keys);
    await expect(transport.deliver('edge-1', expired)).rejects.toThrow(/expired/);
    await expect(transport.deliver('edge-9', signDesiredState(state('edge-9', 1, [{ service: 'detect/infer' }]), keys))).rejects.toThrow(/not in the cluster/);
    // edge-2 runs version 2: version 1 again (a replay of wave 2's state) is refused; the same version-2 state again is a redelivery.
    const replay = signDesiredState(state('edge-2', 1, [{ service: 'detect/infer' }, { service: 'store/db' }]), keys);
    await expect(transport.deliver('edge-2', replay)).rejects.toThrow(/runs desired-state version 2/);
    const otherV2 = signDesiredState(state('edge-2', 2, [{ service: 'store/db' }]), keys);
    await expect(transport.deliver('edge-2', otherV2)).rejects.toThrow(/replay or a rollback/);
    expect(k.store.revision()).toBe(revision);
    await transport.deliver('edge-2', v2!);
    expect(k.store.revision()).toBe(revision); // a redelivery of the state it runs changes nothing
  });

  it('a conflict with another field manager rejects the delivery, names field and manager, and is not forced', async () => {
    const apps = loadKubeConfig(k.kubeconfigPath).makeApiClient(AppsV1Api);
    const body = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'detect-infer-edge-1', namespace: 'edge' }, spec: { replicas: 4 } };
    await apps.patchNamespacedDeployment({ name: body.metadata.name, namespace: 'edge', body, fieldManager: 'hpa-controller', force: true }, setHeaderOptions('Content-Type', PatchStrategy.ServerSideApply));
    const err = await transport.deliver('edge-1', signDesiredState(state('edge-1', 4, [{ service: 'detect/infer' }]), keys)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KubeApplyConflictError);
    expect((err as KubeApplyConflictError).conflicts.map((c) => [c.field, c.manager])).toEqual([['.spec.replicas', 'hpa-controller']]);
    expect((err as Error).message).toMatch(/not forced/);
    expect((k.store.get('deployments', 'edge', 'detect-infer-edge-1') as any).spec.replicas).toBe(4);
    expect(outcomes[outcomes.length - 1]!.status).toBe('conflict');
    await transport.close();
    await expect(transport.deliver('edge-1', signDesiredState(state('edge-1', 5, []), keys))).rejects.toThrow(/closed/);
  });

  it('edgetwin serve options: no transport without --kubeconfig; with --key it verifies against the key', async () => {
    expect(kubeTransportFromOptions(offlineOptions())).toBeNull();
    const { privatePath } = writeKeyPair(keys, mkdtempSync(join(tmpdir(), 'edgetwin-kube-key-')));
    const t = kubeTransportFromOptions({ ...offlineOptions(), kubeconfig: k.kubeconfigPath, signingKeyPath: privatePath }, { namespace: 'edge' })!;
    const foreign = signDesiredState(state('edge-1', 9, [{ service: 'detect/infer' }]), generateKeyPair());
    await expect(t.deliver('edge-1', foreign)).rejects.toThrow(/unknown key/);
    expect((await t.dryRun('edge-1', signDesiredState(state('edge-1', 9, [{ service: 'detect/infer' }]), keys))).status).toBe('conflict');
    await t.close();
  });

  it('every request of this informer + push session is allowed by the RBAC rules, and every rule was needed', () => {
    const used = Object.keys(k.counters.requests).map((key) => key.split(' ') as [string, string]);
    for (const [verb, resource] of used) expect(allowed(EDGETWIN_RULES, verb, resource), `${verb} ${resource}`).toBe(true);
    const granted = EDGETWIN_RULES.flatMap((r) => r.resources.flatMap((res) => r.verbs.map((v) => `${v} ${res}`))).sort();
    expect(used.map(([v, r]) => `${v} ${r}`).sort()).toEqual(granted);
    const role = parseAllDocuments(rbacYaml()).map((d) => d.toJS()).find((d) => d.kind === 'ClusterRole');
    expect(role.rules).toEqual(EDGETWIN_RULES.map(({ why: _w, ...r }) => r));
  });
});
