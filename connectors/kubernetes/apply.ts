/**
 * Server-side apply of a node's Deployments through @kubernetes/client-node (AppsV1Api, PATCH
 * with Content-Type application/apply-patch+yaml, fieldManager `edgetwin`, force=false).
 *
 * Every apply starts with a server dry-run (dryRun=All) of every Deployment of the node, and of
 * deleting the EdgeTwin Deployments on that node the new state no longer lists; the outcome
 * carries the field-level diff against the live objects. A 409 from the server (another field
 * manager owns a field EdgeTwin sets, with another value) is reported: which fields, which
 * manager. It is never forced, and when the dry-run finds any conflict nothing is applied.
 */
import { ApiException, AppsV1Api, CoreV1Api, PatchStrategy, setHeaderOptions, type KubeConfig } from '@kubernetes/client-node';
import type { SignedDesiredState } from '../signing/desired-state.ts';
import { ANNOTATIONS, MANAGED_BY_LABEL, NODE_ANNOTATIONS, NODE_LABEL, nodeMarkFor, nodeSelector, type DeploymentManifest } from './deployments.ts';
import { objectDiff, type FieldChange } from './object-diff.ts';

/** EdgeTwin's field manager name. */
export const FIELD_MANAGER = 'edgetwin';

/** What applying one Deployment does (or would do). */
export interface DeploymentChange {
  namespace: string;
  name: string;
  action: 'create' | 'update' | 'unchanged' | 'delete';
  /** Field-level changes against the live object (for create: every field; for delete: none). */
  diff: FieldChange[];
}

/** A field another manager owns, reported by the server's 409. */
export interface ApplyConflict { deployment: string; field: string; manager: string; message: string }

/** The outcome for one node. */
export interface NodeApplyOutcome {
  node: string;
  /** applied; dry-run (asked for a dry run only); conflict (nothing applied); failed (an API error; what was applied before it is in changes). */
  status: 'applied' | 'dry-run' | 'conflict' | 'failed';
  changes: DeploymentChange[];
  conflicts: ApplyConflict[];
  error?: string;
}

/**
 * The conflicts in a 409 Status body (details.causes with reason FieldManagerConflict and a
 * message `conflict with "MANAGER" using apps/v1`); null when the body is not such a Status.
 */
export function conflictsFromStatus(body: unknown, deployment: string): ApplyConflict[] | null {
  let b = body;
  if (typeof b === 'string') { try { b = JSON.parse(b); } catch { return null; } }
  const s = b as { kind?: unknown; code?: unknown; details?: { causes?: unknown } } | null;
  if (!s || s.kind !== 'Status' || s.code !== 409 || !Array.isArray(s.details?.causes)) return null;
  return (s.details!.causes as { reason?: unknown; message?: unknown; field?: unknown }[])
    .filter((c) => c && c.reason === 'FieldManagerConflict')
    .map((c) => {
      const message = String(c.message ?? '');
      return { deployment, field: String(c.field ?? ''), manager: /conflict with "([^"]*)"/.exec(message)?.[1] ?? '(unknown)', message };
    });
}

/** JSON form of a client-node typed object (Dates → ISO strings, undefined fields dropped). */
const plain = (o: unknown): unknown => (o === undefined || o === null ? null : JSON.parse(JSON.stringify(o)));

function apiError(e: unknown): string {
  if (e instanceof ApiException) {
    let msg = '';
    try { msg = (JSON.parse(String(e.body)) as { message?: string }).message ?? ''; } catch { msg = String(e.body ?? '').slice(0, 300); }
    return `HTTP ${e.code}${msg ? `: ${msg}` : ''}`;
  }
  return (e as Error).message ?? String(e);
}

/** Applies Deployments to one cluster with server-side apply. */
export class KubeApplier {
  private readonly apps: AppsV1Api;
  private readonly core: CoreV1Api;

  constructor(kc: KubeConfig, private readonly fieldManager = FIELD_MANAGER) {
    this.apps = kc.makeApiClient(AppsV1Api);
    this.core = kc.makeApiClient(CoreV1Api);
  }

  /** The Node's EdgeTwin annotations (null when the node is not in the cluster; version null before any push). */
  async nodeMark(node: string): Promise<{ version: number | null; signature: string | null } | null> {
    try {
      const a = (await this.core.readNode({ name: node })).metadata?.annotations ?? {};
      const v = Number(a[NODE_ANNOTATIONS.version]);
      return { version: Number.isInteger(v) ? v : null, signature: a[NODE_ANNOTATIONS.signature] ?? null };
    } catch (e) {
      if (e instanceof ApiException && e.code === 404) return null;
      throw e;
    }
  }

  /** Records on the Node (server-side apply of its EdgeTwin annotations, force=false) that `signed` is applied. */
  async markNode(signed: SignedDesiredState): Promise<void> {
    const body = nodeMarkFor(signed);
    await this.core.patchNode({ name: body.metadata.name, body, fieldManager: this.fieldManager, force: false }, setHeaderOptions('Content-Type', PatchStrategy.ServerSideApply));
  }

  /** One SSA PATCH (dry-run or real); a 409 becomes conflicts, other errors throw. */
  private async patch(d: DeploymentManifest, dryRun: boolean): Promise<{ result: unknown } | { conflicts: ApplyConflict[] }> {
    try {
      const result = await this.apps.patchNamespacedDeployment(
        { name: d.metadata.name, namespace: d.metadata.namespace, body: d, fieldManager: this.fieldManager, force: false, ...(dryRun ? { dryRun: 'All' } : {}) },
        setHeaderOptions('Content-Type', PatchStrategy.ServerSideApply),
      );
      return { result: plain(result) };
    } catch (e) {
      if (e instanceof ApiException && e.code === 409) {
        const conflicts = conflictsFromStatus(e.body, `${d.metadata.namespace}/${d.metadata.name}`);
        if (conflicts) return { conflicts };
      }
      throw e;
    }
  }

  private async live(namespace: string, name: string): Promise<unknown> {
    try {
      return plain(await this.apps.readNamespacedDeployment({ name, namespace }));
    } catch (e) {
      if (e instanceof ApiException && e.code === 404) return null;
      throw e;
    }
  }

  /** EdgeTwin's Deployments pinned to `node` in `namespace` (by label), as "namespace/name". */
  private async managedOn(node: string, namespace: string): Promise<string[]> {
    return (await this.appliedOn(node, namespace)).map((d) => `${namespace}/${d.name}`);
  }

  /** EdgeTwin's Deployments on `node`, with the desired-state version and signature each was applied from. */
  async appliedOn(node: string, namespace: string): Promise<{ name: string; version: number | null; signature: string | null }[]> {
    const list = await this.apps.listNamespacedDeployment({ namespace, labelSelector: nodeSelector(node) });
    return list.items.filter((d) => d.metadata?.labels?.[MANAGED_BY_LABEL] === 'edgetwin' && d.metadata?.labels?.[NODE_LABEL] !== undefined).map((d) => {
      const a = d.metadata?.annotations ?? {};
      const v = Number(a[ANNOTATIONS.version]);
      return { name: d.metadata!.name!, version: Number.isInteger(v) ? v : null, signature: a[ANNOTATIONS.signature] ?? null };
    });
  }

  /**
   * Makes `node` run exactly `deployments` (EdgeTwin's other Deployments on it are deleted):
   * server dry-run of everything first; conflicts → status 'conflict' and nothing applied;
   * `dryRunOnly` → status 'dry-run' with the diff; otherwise apply (force=false) and delete.
   */
  async applyNode(node: string, deployments: readonly DeploymentManifest[], opts: { namespace: string; dryRunOnly?: boolean }): Promise<NodeApplyOutcome> {
    const changes: DeploymentChange[] = [];
    const conflicts: ApplyConflict[] = [];
    try {
      for (const d of deployments) {
        const before = await this.live(d.metadata.namespace, d.metadata.name);
        const r = await this.patch(d, true);
        if ('conflicts' in r) { conflicts.push(...r.conflicts); continue; }
        const diff = objectDiff(before, r.result);
        changes.push({ namespace: d.metadata.namespace, name: d.metadata.name, action: before === null ? 'create' : diff.length ? 'update' : 'unchanged', diff });
      }
      const wanted = new Set(deployments.map((d) => `${d.metadata.namespace}/${d.metadata.name}`));
      for (const key of await this.managedOn(node, opts.namespace)) {
        if (wanted.has(key)) continue;
        const [namespace, name] = key.split('/') as [string, string];
        await this.apps.deleteNamespacedDeployment({ name, namespace, dryRun: 'All' });
        changes.push({ namespace, name, action: 'delete', diff: [] });
      }
    } catch (e) {
      return { node, status: 'failed', changes, conflicts, error: `server dry-run failed: ${apiError(e)}` };
    }
    if (conflicts.length) return { node, status: 'conflict', changes, conflicts };
    if (opts.dryRunOnly) return { node, status: 'dry-run', changes, conflicts };
    const done: DeploymentChange[] = [];
    try {
      for (const c of changes) {
        if (c.action === 'delete') { await this.apps.deleteNamespacedDeployment({ name: c.name, namespace: c.namespace }); done.push(c); continue; }
        // Unchanged ones are applied too: a no-op for the server, but it keeps edgetwin's field ownership current.
        const d = deployments.find((x) => x.metadata.name === c.name && x.metadata.namespace === c.namespace)!;
        const r = await this.patch(d, false);
        // Someone took a field between the dry-run and now: report it, do not force.
        if ('conflicts' in r) return { node, status: 'conflict', changes: done, conflicts: r.conflicts };
        done.push(c);
      }
    } catch (e) {
      return { node, status: 'failed', changes: done, conflicts, error: apiError(e) };
    }
    return { node, status: 'applied', changes: done, conflicts };
  }
}
