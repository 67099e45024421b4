/**
 * A STAND-IN for the Deployment controller and the scheduler, for the Kubernetes API stand-in
 * (no API server installs here, let alone a controller manager): after every Deployment change
 * it makes the Deployment's pods match it, `replicas` pods from its template, named after a hash
 * of the template (a changed template replaces them all, like a Recreate rollout). A pod is bound
 * to the first node, in the order the required node affinity lists them (matchFields
 * metadata.name In, or matchExpressions kubernetes.io/hostname In), that exists; with none it
 * stays Pending. No resource fitting, no taints: the real scheduler is not imitated here.
 */
import { createHash } from 'node:crypto';
import type { KubeObject, ObjectStore } from './store.ts';

type Obj = Record<string, any>;

/** The node names a pod template's required node affinity allows, in order (null: no node constraint). */
export function allowedNodes(template: Obj | undefined): string[] | null {
  const terms = template?.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (!Array.isArray(terms)) return null;
  const out: string[] = [];
  for (const t of terms) {
    for (const e of [...(t?.matchFields ?? []), ...(t?.matchExpressions ?? [])]) {
      const byName = e?.key === 'metadata.name' || e?.key === 'kubernetes.io/hostname';
      if (byName && e.operator === 'In' && Array.isArray(e.values)) out.push(...e.values.filter((v: unknown): v is string => typeof v === 'string'));
    }
  }
  return out;
}

/** Starts reconciling Deployments into pods; returns the stop function. */
export function runDeploymentController(store: ObjectStore): () => void {
  const reconcile = (ns: string, name: string) => {
    const d = store.get('deployments', ns, name) as Obj | undefined;
    const owned = store.list('pods', ns).filter((p) => (p.metadata.ownerReferences as Obj[] | undefined)?.some((o) => o.kind === 'Deployment' && o.name === name));
    if (!d) { for (const p of owned) store.remove('pods', ns, p.metadata.name); return; }
    const template = d.spec?.template ?? {};
    const hash = createHash('sha256').update(JSON.stringify(template)).digest('hex').slice(0, 10);
    const prefix = `${name}-${hash}-`;
    for (const p of owned) if (!p.metadata.name.startsWith(prefix)) store.remove('pods', ns, p.metadata.name);
    const current = owned.filter((p) => p.metadata.name.startsWith(prefix));
    const replicas = Number(d.spec?.replicas ?? 1);
    const nodes = store.list('nodes').map((n) => n.metadata.name);
    const allowed = allowedNodes(template);
    const target = allowed === null ? nodes[0] : allowed.find((n) => nodes.includes(n));
    for (let i = 0; i < replicas; i++) {
      if (current.some((p) => p.metadata.name === `${prefix}${i}`)) continue;
      const pod: KubeObject = {
        metadata: {
          name: `${prefix}${i}`, namespace: ns, labels: { ...(template.metadata?.labels ?? {}) },
          ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name, uid: d.metadata.uid, controller: true }],
        },
        spec: { ...structuredClone(template.spec ?? {}), ...(target ? { nodeName: target } : {}) },
        status: { phase: target ? 'Running' : 'Pending' },
      };
      store.put('pods', pod);
    }
    for (const p of current) {
      const i = Number(p.metadata.name.slice(prefix.length));
      if (i >= replicas) store.remove('pods', ns, p.metadata.name);
    }
  };
  return store.subscribe((e) => {
    if (e.resource === 'deployments') reconcile(e.object.metadata.namespace ?? 'default', e.object.metadata.name);
  });
}
