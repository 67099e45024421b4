/**
 * The request bodies the extender accepts, as shapes of the Go types kube-scheduler sends:
 * k8s.io/kube-scheduler/extender/v1 (ExtenderArgs, ExtenderPreemptionArgs, ExtenderBindingArgs —
 * no json tags, so the keys are the PascalCase field names) carrying core/v1 Node, NodeList and
 * Pod (camelCase json tags). Only the core/v1 fields EdgeTwin reads are declared; the rest of a
 * real object passes unchecked, as Go's decoder ignores what a type lacks.
 */
import { INT32, INT64, LABEL_KEY, LABEL_VALUE, type Shape } from './shape.ts';

const str = (what?: string): Shape => ({ type: 'string', ...(what ? { what } : {}) });
const name = (what: string): Shape => ({ type: 'string', what, nonEmpty: true });
const oneOf = (...values: string[]): Shape => ({ type: 'string', oneOf: values });
const int32 = (what?: string, min: number = INT32.min, max: number = INT32.max): Shape => ({ type: 'int', min, max, ...(what ? { what } : {}) });
const int64 = (what?: string, min: number = INT64.min): Shape => ({ type: 'int', min, max: INT64.max, ...(what ? { what } : {}) });
const bool: Shape = { type: 'bool' };
const list = (of: Shape, what?: string): Shape => ({ type: 'list', of, ...(what ? { what } : {}) });
const map = (of: Shape, what?: string): Shape => ({ type: 'map', of, ...(what ? { what } : {}) });
const obj = (what: string, fields: Record<string, Shape>, required: string[] = []): Shape => ({ type: 'object', what, fields, required });
const closed = (what: string, fields: Record<string, Shape>, required: string[] = []): Shape => ({ type: 'object', what, fields, required, closed: true });

const strings = map(str(), 'string values');
const labelKey: Shape = { type: 'string', syntax: LABEL_KEY };
const labelValue: Shape = { type: 'string', syntax: LABEL_VALUE };
/** Labels, nodeSelector, matchLabels, service selectors: label keys to label values. */
const labels: Shape = { type: 'map', of: labelValue, keys: LABEL_KEY, what: 'labels' };
const resources: Shape = map({ type: 'quantity', what: 'a resource quantity' }, 'v1 ResourceList');

const OWNER_REFERENCE = obj('metav1 OwnerReference', {
  apiVersion: str(), kind: str(), name: str(), uid: str(), controller: bool, blockOwnerDeletion: bool,
});

const OBJECT_META = obj('metav1 ObjectMeta', {
  name: str(), generateName: str(), namespace: str(), uid: str(), resourceVersion: str(),
  labels, annotations: strings, ownerReferences: list(OWNER_REFERENCE), deletionTimestamp: str('RFC 3339 time'),
});

const LABEL_SELECTOR = obj('metav1 LabelSelector', {
  matchLabels: labels,
  matchExpressions: list(obj('metav1 LabelSelectorRequirement', {
    key: labelKey, operator: oneOf('In', 'NotIn', 'Exists', 'DoesNotExist'), values: list(labelValue),
  }, ['key', 'operator'])),
});

const NODE_SELECTOR_REQUIREMENT = obj('v1 NodeSelectorRequirement', {
  key: { type: 'string', what: 'a label key or field', nonEmpty: true }, operator: oneOf('In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'), values: list(str()),
}, ['key', 'operator']);
const NODE_SELECTOR_TERM = obj('v1 NodeSelectorTerm', { matchExpressions: list(NODE_SELECTOR_REQUIREMENT), matchFields: list(NODE_SELECTOR_REQUIREMENT) });

const REQ = 'requiredDuringSchedulingIgnoredDuringExecution';
const PREF = 'preferredDuringSchedulingIgnoredDuringExecution';
const weight = int32('weight', 1, 100);

const POD_AFFINITY_TERM = obj('v1 PodAffinityTerm', {
  labelSelector: LABEL_SELECTOR, namespaceSelector: LABEL_SELECTOR, namespaces: list(str()), topologyKey: labelKey,
  matchLabelKeys: list(labelKey), mismatchLabelKeys: list(labelKey),
}, ['topologyKey']);
const POD_AFFINITY = (what: string): Shape => obj(what, {
  [REQ]: list(POD_AFFINITY_TERM),
  [PREF]: list(obj('v1 WeightedPodAffinityTerm', { weight, podAffinityTerm: POD_AFFINITY_TERM }, ['weight', 'podAffinityTerm'])),
});

const AFFINITY = obj('v1 Affinity', {
  nodeAffinity: obj('v1 NodeAffinity', {
    [REQ]: obj('v1 NodeSelector', { nodeSelectorTerms: list(NODE_SELECTOR_TERM) }),
    [PREF]: list(obj('v1 PreferredSchedulingTerm', { weight, preference: NODE_SELECTOR_TERM }, ['weight', 'preference'])),
  }),
  podAffinity: POD_AFFINITY('v1 PodAffinity'),
  podAntiAffinity: POD_AFFINITY('v1 PodAntiAffinity'),
});

const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

const CONTAINER = obj('v1 Container', {
  name: str(), image: str(), restartPolicy: str(),
  resources: obj('v1 ResourceRequirements', { requests: resources, limits: resources }),
  ports: list(obj('v1 ContainerPort', {
    name: str(), containerPort: int32('port', 0, 65535), hostPort: int32('port', 0, 65535),
    protocol: oneOf('TCP', 'UDP', 'SCTP'), hostIP: str(),
  })),
});

const POD_SPEC = obj('v1 PodSpec', {
  containers: list(CONTAINER, 'v1 Container'), initContainers: list(CONTAINER, 'v1 Container'),
  overhead: resources, nodeName: str(), schedulerName: str(), priority: int32(), priorityClassName: str(),
  nodeSelector: labels, affinity: AFFINITY,
  tolerations: list(obj('v1 Toleration', {
    key: { type: 'string', syntax: { test: (k) => k === '' || LABEL_KEY.test(k), allowed: `empty (with Exists: every taint) or ${LABEL_KEY.allowed}` } },
    operator: oneOf('Equal', 'Exists'), value: str(), effect: oneOf('', ...EFFECTS), tolerationSeconds: int64(),
  })),
  topologySpreadConstraints: list(obj('v1 TopologySpreadConstraint', {
    maxSkew: int32('maxSkew', 1), topologyKey: labelKey, whenUnsatisfiable: oneOf('DoNotSchedule', 'ScheduleAnyway'),
    labelSelector: LABEL_SELECTOR, minDomains: int32('minDomains', 1), nodeAffinityPolicy: oneOf('Honor', 'Ignore'),
    nodeTaintsPolicy: oneOf('Honor', 'Ignore'), matchLabelKeys: list(labelKey),
  }, ['maxSkew', 'topologyKey', 'whenUnsatisfiable'])),
}, ['containers']);

/** core/v1 Pod (kind, when present, must be Pod). */
export const POD: Shape = obj('v1 Pod', {
  apiVersion: str(), kind: oneOf('Pod'), metadata: OBJECT_META, spec: POD_SPEC,
  status: obj('v1 PodStatus', { phase: str() }),
}, ['metadata', 'spec']);

/** core/v1 Node (kind, when present, must be Node). */
export const NODE: Shape = obj('v1 Node', {
  apiVersion: str(), kind: oneOf('Node'), metadata: OBJECT_META,
  spec: obj('v1 NodeSpec', {
    unschedulable: bool,
    taints: list(obj('v1 Taint', { key: labelKey, value: labelValue, effect: oneOf(...EFFECTS), timeAdded: str('RFC 3339 time') }, ['key', 'effect'])),
  }),
  status: obj('v1 NodeStatus', {
    capacity: resources, allocatable: resources,
    images: list(obj('v1 ContainerImage', { names: list(str()), sizeBytes: int64('bytes', 0) })),
  }),
}, ['metadata']);

/** core/v1 NodeList: `items` required. */
export const NODE_LIST: Shape = obj('v1 NodeList', { apiVersion: str(), kind: oneOf('NodeList', 'List'), metadata: { type: 'any' }, items: list(NODE, 'v1 Node') }, ['items']);

/** extenderv1.ExtenderArgs: the /filter and /prioritize body. */
export const EXTENDER_ARGS: Shape = closed('extenderv1 ExtenderArgs', {
  Pod: POD, Nodes: NODE_LIST, NodeNames: list(name('a node name'), 'node names'),
}, ['Pod']);

const VICTIMS_PDB = int64('count', 0);

/** extenderv1.ExtenderPreemptionArgs: the /preempt body. */
export const EXTENDER_PREEMPTION_ARGS: Shape = closed('extenderv1 ExtenderPreemptionArgs', {
  Pod: POD,
  NodeNameToVictims: map(closed('extenderv1 Victims', { Pods: list(POD, 'v1 Pod'), NumPDBViolations: VICTIMS_PDB }), 'node name → Victims'),
  NodeNameToMetaVictims: map(closed('extenderv1 MetaVictims', {
    Pods: list(closed('extenderv1 MetaPod', { UID: name('a pod UID') }, ['UID']), 'MetaPod'), NumPDBViolations: VICTIMS_PDB,
  }), 'node name → MetaVictims'),
}, ['Pod']);

/** extenderv1.ExtenderBindingArgs: the /bind body. */
export const EXTENDER_BINDING_ARGS: Shape = closed('extenderv1 ExtenderBindingArgs', {
  PodName: name('the pod name'), PodNamespace: name('the pod namespace'), PodUID: str('types.UID'), Node: name('a node name'),
}, ['PodName', 'PodNamespace', 'Node']);

const withMeta = (what: string, spec?: Shape): Shape => obj(what, { apiVersion: str(), kind: str(), metadata: OBJECT_META, ...(spec ? { spec } : {}) });

/** The kinds a /cache list may hold: those the cache uses. Anything else is refused, not ignored. */
export const CACHE_ITEM_KINDS: Readonly<Record<string, Shape>> = {
  Node: NODE,
  Pod: POD,
  Namespace: withMeta('v1 Namespace'),
  Service: withMeta('v1 Service', obj('v1 ServiceSpec', { selector: labels })),
  ReplicaSet: withMeta('apps/v1 ReplicaSet', obj('apps/v1 ReplicaSetSpec', { selector: LABEL_SELECTOR })),
  StatefulSet: withMeta('apps/v1 StatefulSet', obj('apps/v1 StatefulSetSpec', { selector: LABEL_SELECTOR })),
  ReplicationController: withMeta('v1 ReplicationController', obj('v1 ReplicationControllerSpec', { selector: labels })),
};

const CACHE_HINT = 'dump only what the cache uses: kubectl get nodes,pods,namespaces -A -o json';

/** The /cache body: a v1 List (or NodeList / PodList) whose items are the kinds above. */
export function cacheListShape(listKind: unknown): Shape {
  const defaultKind = listKind === 'NodeList' ? 'Node' : listKind === 'PodList' ? 'Pod' : undefined;
  const kinds = defaultKind ? { [defaultKind]: CACHE_ITEM_KINDS[defaultKind]! } : CACHE_ITEM_KINDS;
  return obj('a v1 List', {
    apiVersion: str(),
    kind: { type: 'string', oneOf: ['List', 'NodeList', 'PodList'] },
    metadata: { type: 'any' },
    items: list({ type: 'byKind', what: 'a list item', kinds, ...(defaultKind ? { defaultKind } : {}), hint: CACHE_HINT }, 'list items'),
  }, ['kind', 'items']);
}
