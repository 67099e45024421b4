/**
 * Server-side apply through @kubernetes/client-node against the Kubernetes API STAND-IN (no API
 * server installs on this machine): create with fieldManager edgetwin, a server dry-run that
 * returns the diff and stores nothing, a conflict with another field manager reported (409:
 * which field, which manager) and not forced, deletion of EdgeTwin's Deployments a node no longer
 * runs (and only those).
 */
import { AppsV1Api, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conflictsFromStatus, KubeApplier } from '../../../connectors/kubernetes/apply.ts';
import { deploymentFor, deploymentName } from '../../../connectors/kubernetes/deployments.ts';
import { loadKubeConfig } from '../../../connectors/kubernetes/informers.ts';
import { fromFieldsV1, formatField } from '../../../connectors/kubernetes/stand-in/managed-fields.ts';
import { announceStandIn, nodeObject, startKubeStandIn, type KubeStandIn } from '../support/kube-stand-in.ts';

let k: KubeStandIn;
let applier: KubeApplier;
beforeAll(async () => {
  announceStandIn('apply.test.ts');
  k = await startKubeStandIn();
  k.putNode(nodeObject({ name: 'edge-1' }));
  applier = new KubeApplier(loadKubeConfig(k.kubeconfigPath));
});
afterAll(async () => { await k?.stop(); });

const NS = { namespace: 'edge' };
const infer = (replicas: number) => deploymentFor('edge-1', { service: 'detect/infer', command: ['infer', '--fast'], env: { B: '2', A: '1' } }, replicas, NS);
const stored = () => k.store.get('deployments', 'edge', deploymentName('detect/infer', 'edge-1')) as any;

describe('server-side apply against the API stand-in (no API server installs here)', () => {
  it('creates the Deployment with node affinity, as field manager edgetwin (Apply)', async () => {
    const out = await applier.applyNode('edge-1', [infer(1)], NS);
    expect(out.status).toBe('applied');
    expect(out.changes.map((c) => [c.name, c.action])).toEqual([['detect-infer-edge-1', 'create']]);
    expect(out.changes[0]!.diff.map((d) => d.path)).toContain('spec.replicas');
    const d = stored();
    expect(d.spec.replicas).toBe(1);
    expect(d.spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms)
      .toEqual([{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['edge-1'] }] }]);
    expect(d.spec.template.spec.containers[0]).toMatchObject({ command: ['infer', '--fast'], env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] });
    expect(d.metadata.managedFields.map((m: any) => [m.manager, m.operation])).toEqual([['edgetwin', 'Apply']]);
    expect(fromFieldsV1(d.metadata.managedFields[0].fieldsV1).map(formatField)).toContain('.spec.template.spec.containers[name="infer"].image');
  });

  it('a dry-run returns the diff against the live object and stores nothing', async () => {
    const rv = stored().metadata.resourceVersion;
    const revision = k.store.revision();
    const out = await applier.applyNode('edge-1', [infer(3)], { ...NS, dryRunOnly: true });
    expect(out.status).toBe('dry-run');
    expect(out.changes).toEqual([{ namespace: 'edge', name: 'detect-infer-edge-1', action: 'update', diff: [{ path: 'spec.replicas', from: 1, to: 3 }] }]);
    expect(stored().spec.replicas).toBe(1);
    expect(stored().metadata.resourceVersion).toBe(rv);
    expect(k.store.revision()).toBe(revision);
    const same = await applier.applyNode('edge-1', [infer(1)], { ...NS, dryRunOnly: true });
    expect(same.changes[0]!.action).toBe('unchanged');
  });

  it('a field another manager owns with another value is a reported 409 conflict, never forced', async () => {
    // An operator scales by hand with kubectl's server-side apply, taking spec.replicas.
    const apps = loadKubeConfig(k.kubeconfigPath).makeApiClient(AppsV1Api);
    const mine = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'detect-infer-edge-1', namespace: 'edge' }, spec: { replicas: 5 } };
    await apps.patchNamespacedDeployment({ name: mine.metadata.name, namespace: 'edge', body: mine, fieldManager: 'kubectl', force: true }, setHeaderOptions('Content-Type', PatchStrategy.ServerSideApply));
    expect(stored().spec.replicas).toBe(5);
    const conflicts409 = k.counters.conflicts409;
    const out = await applier.applyNode('edge-1', [infer(2)], NS);
    expect(out.status).toBe('conflict');
    expect(out.conflicts.map((c) => [c.deployment, c.field, c.manager])).toEqual([['edge/detect-infer-edge-1', '.spec.replicas', 'kubectl']]);
    expect(k.counters.conflicts409).toBe(conflicts409 + 1); // the dry-run hit it; the real apply was never sent
    expect(stored().spec.replicas).toBe(5);
    // The same value as the other manager's is no conflict: the field becomes shared.
    const shared = await applier.applyNode('edge-1', [infer(5)], NS);
    expect(shared.status).toBe('applied');
    const owners = stored().metadata.managedFields.filter((m: any) => fromFieldsV1(m.fieldsV1).map(formatField).includes('.spec.replicas')).map((m: any) => m.manager).sort();
    expect(owners).toEqual(['edgetwin', 'kubectl']);
  });

  it('deletes the EdgeTwin Deployments a node no longer runs, and only those', async () => {
    const other = deploymentFor('edge-1', { service: 'store/db' }, 1, NS);
    await applier.applyNode('edge-1', [infer(5), other], NS);
    const foreign = { ...deploymentFor('edge-1', { service: 'ops/agent' }, 1, NS) };
    foreign.metadata.labels = { ...foreign.metadata.labels, 'app.kubernetes.io/managed-by': 'helm' };
    foreign.spec.template.metadata.labels = foreign.metadata.labels;
    const apps = loadKubeConfig(k.kubeconfigPath).makeApiClient(AppsV1Api);
    await apps.patchNamespacedDeployment({ name: foreign.metadata.name, namespace: 'edge', body: foreign, fieldManager: 'helm' }, setHeaderOptions('Content-Type', PatchStrategy.ServerSideApply));
    const preview = await applier.applyNode('edge-1', [infer(5)], { ...NS, dryRunOnly: true });
    expect(preview.changes.filter((c) => c.action === 'delete').map((c) => c.name)).toEqual(['store-db-edge-1']);
    expect(k.store.get('deployments', 'edge', 'store-db-edge-1')).toBeDefined();
    const out = await applier.applyNode('edge-1', [infer(5)], NS);
    expect(out.status).toBe('applied');
    expect(k.store.list('deployments', 'edge').map((d) => d.metadata.name).sort()).toEqual(['detect-infer-edge-1', 'ops-agent-edge-1']);
  });

  it('reads conflicts only from a 409 Status with FieldManagerConflict causes', () => {
    expect(conflictsFromStatus('not json', 'd')).toBeNull();
    expect(conflictsFromStatus({ kind: 'Status', code: 404 }, 'd')).toBeNull();
    expect(conflictsFromStatus(JSON.stringify({ kind: 'Status', code: 409, details: { causes: [{ reason: 'FieldManagerConflict', message: 'conflict with "hpa" using apps/v1', field: '.spec.replicas' }, { reason: 'Other' }] } }), 'ns/d'))
      .toEqual([{ deployment: 'ns/d', field: '.spec.replicas', manager: 'hpa', message: 'conflict with "hpa" using apps/v1' }]);
  });
});
