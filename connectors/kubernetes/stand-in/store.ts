/**
 * The object store behind the Kubernetes API stand-in, in the manner of etcd plus the API
 * server's watch cache: one global revision that every write bumps (an object's
 * metadata.resourceVersion is the revision of its last write), a bounded history of change
 * events that watches resume from, and compaction: a watch from a revision older than the
 * retained window gets 410 Gone. Objects are copied in and out, so callers never alias them.
 *
 * This is part of a STAND-IN for a Kubernetes API server: no API server installs here.
 */
import { randomUUID } from 'node:crypto';

/** The resources the stand-in serves. */
export type Resource = 'nodes' | 'pods' | 'deployments';

/** Any Kubernetes object as JSON. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: { name: string; namespace?: string; resourceVersion?: string; uid?: string; labels?: Record<string, string>; [k: string]: unknown };
  [k: string]: unknown;
}

/** A change, as a watch sends it. `previous` is the object before the change (null for ADDED). */
export interface StoreEvent { revision: number; resource: Resource; type: 'ADDED' | 'MODIFIED' | 'DELETED'; object: KubeObject; previous: KubeObject | null }

/** Which resources are namespaced, their kind and apiVersion. */
export const RESOURCES: Record<Resource, { kind: string; apiVersion: string; namespaced: boolean; group: string }> = {
  nodes: { kind: 'Node', apiVersion: 'v1', namespaced: false, group: '' },
  pods: { kind: 'Pod', apiVersion: 'v1', namespaced: true, group: '' },
  deployments: { kind: 'Deployment', apiVersion: 'apps/v1', namespaced: true, group: 'apps' },
};

const keyOf = (ns: string | undefined, name: string) => `${ns ?? ''}/${name}`;

/** The stand-in's objects, revisions and change history. */
export class ObjectStore {
  private revisionNow = 1;
  /** A watch may resume from any revision ≥ this one; older ones are gone (410). */
  private oldest = 1;
  private readonly objects = new Map<Resource, Map<string, KubeObject>>();
  private history: StoreEvent[] = [];
  private readonly listeners = new Set<(e: StoreEvent) => void>();

  /** `historyLimit`: how many change events the watch window keeps (older ones are compacted away). */
  constructor(private readonly historyLimit = 1000, private readonly nowIso: () => string = () => new Date().toISOString()) {
    for (const r of Object.keys(RESOURCES) as Resource[]) this.objects.set(r, new Map());
  }

  /** The current revision (the resourceVersion of a list taken now). */
  revision(): number { return this.revisionNow; }

  /** The oldest revision a watch can still resume from. */
  oldestRevision(): number { return this.oldest; }

  /** A copy of one object, or undefined. */
  get(resource: Resource, namespace: string | undefined, name: string): KubeObject | undefined {
    const o = this.objects.get(resource)!.get(keyOf(RESOURCES[resource].namespaced ? namespace : undefined, name));
    return o && structuredClone(o);
  }

  /** Copies of the objects of a resource (in one namespace, or all), sorted by namespace and name. */
  list(resource: Resource, namespace?: string): KubeObject[] {
    return [...this.objects.get(resource)!.values()]
      .filter((o) => namespace === undefined || o.metadata.namespace === namespace)
      .sort((a, b) => keyOf(a.metadata.namespace, a.metadata.name).localeCompare(keyOf(b.metadata.namespace, b.metadata.name)))
      .map((o) => structuredClone(o));
  }

  /** Creates or replaces an object; sets resourceVersion, uid and creationTimestamp as the server does; returns the stored copy. */
  put(resource: Resource, obj: KubeObject): KubeObject {
    const info = RESOURCES[resource];
    const ns = info.namespaced ? (obj.metadata.namespace ?? 'default') : undefined;
    const map = this.objects.get(resource)!;
    const k = keyOf(ns, obj.metadata.name);
    const previous = map.get(k) ?? null;
    const rev = ++this.revisionNow;
    const stored: KubeObject = structuredClone({ ...obj, apiVersion: info.apiVersion, kind: info.kind });
    stored.metadata = {
      ...stored.metadata,
      ...(ns ? { namespace: ns } : {}),
      uid: previous?.metadata.uid ?? (typeof obj.metadata.uid === 'string' ? obj.metadata.uid : randomUUID()),
      creationTimestamp: previous?.metadata.creationTimestamp ?? this.nowIso().replace(/\.\d+Z$/, 'Z'),
      resourceVersion: String(rev),
    };
    if (!info.namespaced) delete stored.metadata.namespace;
    map.set(k, stored);
    this.emit({ revision: rev, resource, type: previous ? 'MODIFIED' : 'ADDED', object: stored, previous });
    return structuredClone(stored);
  }

  /** Deletes an object; returns its last state (with the deletion's resourceVersion), or undefined when absent. */
  remove(resource: Resource, namespace: string | undefined, name: string): KubeObject | undefined {
    const map = this.objects.get(resource)!;
    const k = keyOf(RESOURCES[resource].namespaced ? namespace : undefined, name);
    const previous = map.get(k);
    if (!previous) return undefined;
    map.delete(k);
    const rev = ++this.revisionNow;
    const object = structuredClone({ ...previous, metadata: { ...previous.metadata, resourceVersion: String(rev) } });
    this.emit({ revision: rev, resource, type: 'DELETED', object, previous });
    return structuredClone(object);
  }

  /** Events after `revision` for `resource`, or 'expired' when `revision` is older than the retained window. */
  since(resource: Resource, revision: number): StoreEvent[] | 'expired' {
    if (revision < this.oldest) return 'expired';
    return this.history.filter((e) => e.revision > revision && e.resource === resource);
  }

  /** Drops all history: every watch from a revision before now gets 410 Gone (as after etcd compaction or an API server restart). */
  compact(): void {
    this.history = [];
    this.oldest = this.revisionNow;
  }

  /** Calls `listener` after every change; returns the unsubscribe function. */
  subscribe(listener: (e: StoreEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(e: StoreEvent): void {
    this.history.push(e);
    if (this.history.length > this.historyLimit) {
      const dropped = this.history.splice(0, this.history.length - this.historyLimit);
      this.oldest = dropped[dropped.length - 1]!.revision;
    }
    for (const l of [...this.listeners]) l(e);
  }
}
