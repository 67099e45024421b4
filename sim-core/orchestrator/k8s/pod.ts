/**
 * core/v1 Pod JSON → scheduler Pod: containers' requests (quantities parsed), init containers
 * (sidecars via restartPolicy Always), overhead, host ports, nodeName, schedulerName, priority,
 * nodeSelector, affinity, tolerations, topologySpreadConstraints, the controlling owner, and
 * deletionTimestamp (terminating). Selector shapes are checked here so compiling never throws.
 */
import type {
  Affinity, ContainerSpec, LabelSelector, NodeSelectorTerm, Pod, PodAffinityTerm, Toleration, TopologySpreadConstraint,
} from '../scheduler/api-types.ts';
import type { FieldPath } from '../../text/yaml-source.ts';
import { readResources } from './node.ts';
import type { Reader } from './reader.ts';

const LABEL_OPS = ['In', 'NotIn', 'Exists', 'DoesNotExist'] as const;
const NODE_OPS = ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'] as const;

function checkReq(r: Reader, e: Record<string, unknown>, p: FieldPath, ops: readonly string[]): { key: string; operator: never; values?: string[] } | undefined {
  const key = r.str(e.key, [...p, 'key']);
  const op = r.oneOf(e.operator, [...p, 'operator'], ops);
  const values = r.arr(e.values, [...p, 'values']).map(String);
  if (!key) { r.fail([...p, 'key'], 'key is required'); return undefined; }
  if (!op) { if (e.operator === undefined) r.fail([...p, 'operator'], `operator is required (${ops.join(', ')})`); return undefined; }
  if ((op === 'In' || op === 'NotIn') && values.length === 0) { r.fail([...p, 'values'], `must be non-empty for ${op}`); return undefined; }
  if ((op === 'Exists' || op === 'DoesNotExist') && values.length > 0) { r.fail([...p, 'values'], `must be empty for ${op}`); return undefined; }
  if ((op === 'Gt' || op === 'Lt') && (values.length !== 1 || !/^[+-]?\d+$/.test(values[0]!))) { r.fail([...p, 'values'], `${op} needs exactly one integer value`); return undefined; }
  return { key, operator: op as never, ...(values.length ? { values } : {}) };
}

/** Reads a metav1.LabelSelector (undefined when absent). */
export function readLabelSelector(r: Reader, v: unknown, p: FieldPath): LabelSelector | undefined {
  const o = r.obj(v, p);
  if (!o) return undefined;
  const matchLabels = r.strMap(o.matchLabels, [...p, 'matchLabels']);
  // compiling an empty key throws (kube's API validation never lets one through)
  for (const k of Object.keys(matchLabels ?? {})) if (k === '') r.fail([...p, 'matchLabels', k], 'a label key must not be empty');
  const matchExpressions = r.arr(o.matchExpressions, [...p, 'matchExpressions']).flatMap((e, i) => {
    const eo = r.obj(e, [...p, 'matchExpressions', i]);
    const req = eo && checkReq(r, eo, [...p, 'matchExpressions', i], LABEL_OPS);
    return req ? [req] : [];
  });
  return { ...(matchLabels ? { matchLabels } : {}), ...(matchExpressions.length ? { matchExpressions } : {}) };
}

function readTerm(r: Reader, v: unknown, p: FieldPath): NodeSelectorTerm {
  const o = r.obj(v, p) ?? {};
  const list = (k: 'matchExpressions' | 'matchFields') => r.arr(o[k], [...p, k]).flatMap((e, i) => {
    const eo = r.obj(e, [...p, k, i]);
    const req = eo && checkReq(r, eo, [...p, k, i], NODE_OPS);
    return req ? [req] : [];
  });
  return { matchExpressions: list('matchExpressions'), matchFields: list('matchFields') };
}

function readPodTerm(r: Reader, v: unknown, p: FieldPath): PodAffinityTerm | undefined {
  const o = r.obj(v, p);
  if (!o) return undefined;
  const topologyKey = r.str(o.topologyKey, [...p, 'topologyKey']);
  if (!topologyKey) { r.fail([...p, 'topologyKey'], 'topologyKey is required'); return undefined; }
  const labelSelector = readLabelSelector(r, o.labelSelector, [...p, 'labelSelector']);
  const namespaceSelector = readLabelSelector(r, o.namespaceSelector, [...p, 'namespaceSelector']);
  const strs = (k: string) => r.arr(o[k], [...p, k]).map(String);
  return {
    topologyKey, ...(labelSelector ? { labelSelector } : {}), ...(namespaceSelector ? { namespaceSelector } : {}),
    namespaces: strs('namespaces'), matchLabelKeys: strs('matchLabelKeys'), mismatchLabelKeys: strs('mismatchLabelKeys'),
  };
}

function readPodAffinity(r: Reader, v: unknown, p: FieldPath) {
  const o = r.obj(v, p);
  if (!o) return undefined;
  const REQ = 'requiredDuringSchedulingIgnoredDuringExecution', PREF = 'preferredDuringSchedulingIgnoredDuringExecution';
  return {
    [REQ]: r.arr(o[REQ], [...p, REQ]).flatMap((t, i) => { const x = readPodTerm(r, t, [...p, REQ, i]); return x ? [x] : []; }),
    [PREF]: r.arr(o[PREF], [...p, PREF]).flatMap((t, i) => {
      const to = r.obj(t, [...p, PREF, i]);
      if (!to) return [];
      const weight = weightOf(r, to.weight, [...p, PREF, i, 'weight']);
      const podAffinityTerm = readPodTerm(r, to.podAffinityTerm, [...p, PREF, i, 'podAffinityTerm']);
      return podAffinityTerm && weight !== undefined ? [{ weight, podAffinityTerm }] : [];
    }),
  };
}

function weightOf(r: Reader, v: unknown, p: FieldPath): number | undefined {
  const w = r.int(v, p);
  if (w === undefined || w < 1 || w > 100) { r.fail(p, `weight must be an integer in [1, 100], got ${JSON.stringify(v)}`); return undefined; }
  return w;
}

function readAffinity(r: Reader, v: unknown, p: FieldPath): Affinity | undefined {
  const o = r.obj(v, p);
  if (!o) return undefined;
  const out: Affinity = {};
  const na = r.obj(o.nodeAffinity, [...p, 'nodeAffinity']);
  if (na) {
    const REQ = 'requiredDuringSchedulingIgnoredDuringExecution', PREF = 'preferredDuringSchedulingIgnoredDuringExecution';
    const req = r.obj(na[REQ], [...p, 'nodeAffinity', REQ]);
    out.nodeAffinity = {
      ...(req ? { [REQ]: { nodeSelectorTerms: r.arr(req.nodeSelectorTerms, [...p, 'nodeAffinity', REQ, 'nodeSelectorTerms']).map((t, i) => readTerm(r, t, [...p, 'nodeAffinity', REQ, 'nodeSelectorTerms', i])) } } : {}),
      [PREF]: r.arr(na[PREF], [...p, 'nodeAffinity', PREF]).flatMap((t, i) => {
        const to = r.obj(t, [...p, 'nodeAffinity', PREF, i]);
        if (!to) return [];
        const weight = weightOf(r, to.weight, [...p, 'nodeAffinity', PREF, i, 'weight']);
        return weight === undefined ? [] : [{ weight, preference: readTerm(r, to.preference, [...p, 'nodeAffinity', PREF, i, 'preference']) }];
      }),
    };
  }
  const pa = readPodAffinity(r, o.podAffinity, [...p, 'podAffinity']);
  if (pa) out.podAffinity = pa;
  const paa = readPodAffinity(r, o.podAntiAffinity, [...p, 'podAntiAffinity']);
  if (paa) out.podAntiAffinity = paa;
  return out;
}

function readContainer(r: Reader, v: unknown, p: FieldPath): ContainerSpec {
  const o = r.obj(v, p) ?? {};
  const res = r.obj(o.resources, [...p, 'resources']);
  const requests = res ? readResources(r, res.requests, [...p, 'resources', 'requests']) : undefined;
  const hostPorts = r.arr(o.ports, [...p, 'ports']).flatMap((x, i) => {
    const po = r.obj(x, [...p, 'ports', i]);
    const port = po ? r.int(po.hostPort, [...p, 'ports', i, 'hostPort']) : undefined;
    if (!po || !port) return [];
    return [{ port, protocol: (po.protocol as string) ?? 'TCP', hostIP: (po.hostIP as string) ?? '' }];
  });
  return {
    ...(typeof o.name === 'string' ? { name: o.name } : {}),
    ...(typeof o.image === 'string' ? { image: o.image } : {}),
    ...(requests ? { requests } : {}),
    ...(o.restartPolicy === 'Always' ? { restartPolicy: 'Always' as const } : {}),
    ...(hostPorts.length ? { hostPorts } : {}),
  };
}

/** Converts one Pod object at `path`; undefined (with issues recorded) when unusable. */
export function readPod(r: Reader, v: unknown, path: FieldPath): Pod | undefined {
  const o = r.obj(v, path);
  if (!o) { r.fail(path, 'a Pod object is required'); return undefined; }
  if (o.kind !== undefined && o.kind !== 'Pod') { r.fail([...path, 'kind'], `expected kind Pod, got ${JSON.stringify(o.kind)}`); return undefined; }
  const meta = r.obj(o.metadata, [...path, 'metadata']) ?? {};
  const spec = r.obj(o.spec, [...path, 'spec']);
  const name = r.str(meta.name, [...path, 'metadata', 'name']) ?? r.str(meta.generateName, [...path, 'metadata', 'generateName']);
  if (!name) { r.fail([...path, 'metadata', 'name'], 'pod name is required'); return undefined; }
  if (!spec) { r.fail([...path, 'spec'], 'pod spec is required'); return undefined; }
  const containers = r.arr(spec.containers, [...path, 'spec', 'containers']).map((c, i) => readContainer(r, c, [...path, 'spec', 'containers', i]));
  if (containers.length === 0) r.fail([...path, 'spec', 'containers'], 'at least one container is required');
  const tolerations: Toleration[] = r.arr(spec.tolerations, [...path, 'spec', 'tolerations']).flatMap((t, i) => {
    const p = [...path, 'spec', 'tolerations', i];
    const to = r.obj(t, p);
    if (!to) return [];
    const operator = r.oneOf(to.operator, [...p, 'operator'], ['Equal', 'Exists'] as const);
    const effect = to.effect === '' ? '' : r.oneOf(to.effect, [...p, 'effect'], ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const);
    return [{
      ...(typeof to.key === 'string' ? { key: to.key } : {}), ...(operator ? { operator } : {}),
      ...(typeof to.value === 'string' ? { value: to.value } : {}), ...(effect !== undefined ? { effect } : {}),
    }];
  });
  const spread: TopologySpreadConstraint[] = r.arr(spec.topologySpreadConstraints, [...path, 'spec', 'topologySpreadConstraints']).flatMap((c, i) => {
    const p = [...path, 'spec', 'topologySpreadConstraints', i];
    const co = r.obj(c, p);
    if (!co) return [];
    const maxSkew = r.int(co.maxSkew, [...p, 'maxSkew']);
    const topologyKey = r.str(co.topologyKey, [...p, 'topologyKey']);
    const when = r.oneOf(co.whenUnsatisfiable, [...p, 'whenUnsatisfiable'], ['DoNotSchedule', 'ScheduleAnyway'] as const);
    if (!maxSkew || maxSkew < 1) { r.fail([...p, 'maxSkew'], `must be a positive integer, got ${JSON.stringify(co.maxSkew)}`); return []; }
    if (!topologyKey || !when) { if (!topologyKey) r.fail([...p, 'topologyKey'], 'topologyKey is required'); if (co.whenUnsatisfiable === undefined) r.fail([...p, 'whenUnsatisfiable'], 'required (DoNotSchedule, ScheduleAnyway)'); return []; }
    const labelSelector = readLabelSelector(r, co.labelSelector, [...p, 'labelSelector']);
    const minDomains = r.int(co.minDomains, [...p, 'minDomains']);
    const nap = r.oneOf(co.nodeAffinityPolicy, [...p, 'nodeAffinityPolicy'], ['Honor', 'Ignore'] as const);
    const ntp = r.oneOf(co.nodeTaintsPolicy, [...p, 'nodeTaintsPolicy'], ['Honor', 'Ignore'] as const);
    return [{
      maxSkew, topologyKey, whenUnsatisfiable: when, ...(labelSelector ? { labelSelector } : {}), ...(minDomains !== undefined ? { minDomains } : {}),
      ...(nap ? { nodeAffinityPolicy: nap } : {}), ...(ntp ? { nodeTaintsPolicy: ntp } : {}),
      ...(co.matchLabelKeys ? { matchLabelKeys: r.arr(co.matchLabelKeys, [...p, 'matchLabelKeys']).map(String) } : {}),
    }];
  });
  const owner = r.arr(meta.ownerReferences, [...path, 'metadata', 'ownerReferences'])
    .find((x) => typeof x === 'object' && x !== null && (x as Record<string, unknown>).controller === true) as Record<string, unknown> | undefined;
  const affinity = readAffinity(r, spec.affinity, [...path, 'spec', 'affinity']);
  const nodeSelector = r.strMap(spec.nodeSelector, [...path, 'spec', 'nodeSelector']);
  const overhead = readResources(r, spec.overhead, [...path, 'spec', 'overhead']);
  const pod: Pod = {
    name, namespace: r.str(meta.namespace, [...path, 'metadata', 'namespace']) ?? 'default',
    labels: r.strMap(meta.labels, [...path, 'metadata', 'labels']) ?? {},
    containers,
    initContainers: r.arr(spec.initContainers, [...path, 'spec', 'initContainers']).map((c, i) => readContainer(r, c, [...path, 'spec', 'initContainers', i])),
    tolerations, topologySpreadConstraints: spread,
    ...(typeof meta.uid === 'string' ? { uid: meta.uid } : {}),
    ...(overhead ? { overhead } : {}),
    ...(nodeSelector ? { nodeSelector } : {}),
    ...(affinity ? { affinity } : {}),
    ...(typeof spec.nodeName === 'string' && spec.nodeName ? { nodeName: spec.nodeName } : {}),
    ...(typeof spec.schedulerName === 'string' ? { schedulerName: spec.schedulerName } : {}),
    ...(typeof spec.priority === 'number' ? { priority: spec.priority } : {}),
    ...(owner && typeof owner.kind === 'string' && typeof owner.name === 'string' ? { controller: { kind: owner.kind, name: owner.name, ...(typeof owner.apiVersion === 'string' ? { apiVersion: owner.apiVersion } : {}) } } : {}),
    ...(meta.deletionTimestamp ? { terminating: true } : {}),
  };
  return pod;
}
