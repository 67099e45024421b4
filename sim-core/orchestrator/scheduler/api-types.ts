/**
 * The plain-data input shapes the scheduler works on: a subset of Kubernetes core/v1 Node and
 * Pod, with kube field names so a Kubernetes object converts field for field (see ../k8s/), plus
 * an `edge` record on each side for the edge plugins. Quantities are already numbers:
 * cpu in millicores, memory and storage in bytes, everything else in integer units.
 */

/** Resource name → quantity (cpu: millicores; memory/ephemeral-storage: bytes; others: units). */
export type ResourceList = Record<string, number>;

/** Taint effects as in core/v1. */
export type TaintEffect = 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';

/** core/v1 Taint (value may be empty). */
export interface Taint { key: string; value?: string; effect: TaintEffect }

/** core/v1 Toleration; empty key with operator Exists tolerates everything. */
export interface Toleration {
  key?: string;
  operator?: 'Equal' | 'Exists';
  value?: string;
  effect?: TaintEffect | '';
  tolerationSeconds?: number;
}

/** Operators of metav1.LabelSelectorRequirement. */
export type LabelSelectorOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';

/** metav1.LabelSelectorRequirement. */
export interface LabelSelectorRequirement { key: string; operator: LabelSelectorOperator; values?: string[] }

/** metav1.LabelSelector; `{}` selects everything, an absent selector selects nothing. */
export interface LabelSelector { matchLabels?: Record<string, string>; matchExpressions?: LabelSelectorRequirement[] }

/** Operators of core/v1 NodeSelectorRequirement (adds Gt/Lt on integer label values). */
export type NodeSelectorOperator = LabelSelectorOperator | 'Gt' | 'Lt';

/** core/v1 NodeSelectorRequirement. */
export interface NodeSelectorRequirement { key: string; operator: NodeSelectorOperator; values?: string[] }

/** core/v1 NodeSelectorTerm: all expressions AND all fields; an empty term matches nothing. */
export interface NodeSelectorTerm { matchExpressions?: NodeSelectorRequirement[]; matchFields?: NodeSelectorRequirement[] }

/** core/v1 PreferredSchedulingTerm. */
export interface PreferredSchedulingTerm { weight: number; preference: NodeSelectorTerm }

/** core/v1 NodeAffinity. */
export interface NodeAffinity {
  requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms: NodeSelectorTerm[] };
  preferredDuringSchedulingIgnoredDuringExecution?: PreferredSchedulingTerm[];
}

/** core/v1 PodAffinityTerm. */
export interface PodAffinityTerm {
  labelSelector?: LabelSelector;
  namespaces?: string[];
  namespaceSelector?: LabelSelector;
  topologyKey: string;
  matchLabelKeys?: string[];
  mismatchLabelKeys?: string[];
}

/** core/v1 WeightedPodAffinityTerm. */
export interface WeightedPodAffinityTerm { weight: number; podAffinityTerm: PodAffinityTerm }

/** core/v1 PodAffinity / PodAntiAffinity. */
export interface PodAffinity {
  requiredDuringSchedulingIgnoredDuringExecution?: PodAffinityTerm[];
  preferredDuringSchedulingIgnoredDuringExecution?: WeightedPodAffinityTerm[];
}

/** core/v1 Affinity. */
export interface Affinity { nodeAffinity?: NodeAffinity; podAffinity?: PodAffinity; podAntiAffinity?: PodAffinity }

/** core/v1 TopologySpreadConstraint (defaults: minDomains 1, nodeAffinityPolicy Honor, nodeTaintsPolicy Ignore). */
export interface TopologySpreadConstraint {
  maxSkew: number;
  topologyKey: string;
  whenUnsatisfiable: 'DoNotSchedule' | 'ScheduleAnyway';
  labelSelector?: LabelSelector;
  minDomains?: number;
  nodeAffinityPolicy?: 'Honor' | 'Ignore';
  nodeTaintsPolicy?: 'Honor' | 'Ignore';
  matchLabelKeys?: string[];
}

/** The scheduling-relevant part of a container. */
export interface ContainerSpec {
  name?: string;
  image?: string;
  /** Resource requests; a key absent here is "missing" (gets the non-zero default in scoring). */
  requests?: ResourceList;
  /** 'Always' on an init container makes it a sidecar (its requests add up with the app containers). */
  restartPolicy?: 'Always';
  /** Host ports the container binds (NodePorts). */
  hostPorts?: { port: number; protocol?: string; hostIP?: string }[];
}

/**
 * Pod-side data for edge plugins: which nodes hold the data the pod reads, how much latency it
 * tolerates, and any further typed attributes a plugin needs (kept open on purpose).
 */
export interface PodEdgeData {
  dataSourceNodes?: string[];
  latencyBudgetMs?: number;
  arch?: string;
  accelerator?: string;
  [key: string]: unknown;
}

/** The scheduling-relevant part of a Pod. */
export interface Pod {
  name: string;
  namespace: string;
  uid?: string;
  labels?: Record<string, string>;
  containers: ContainerSpec[];
  initContainers?: ContainerSpec[];
  overhead?: ResourceList;
  nodeName?: string;
  schedulerName?: string;
  priority?: number;
  nodeSelector?: Record<string, string>;
  affinity?: Affinity;
  tolerations?: Toleration[];
  topologySpreadConstraints?: TopologySpreadConstraint[];
  /** The controlling ownerReference (ReplicaSet, StatefulSet, …), for default spreading. */
  controller?: { kind: string; name: string; apiVersion?: string };
  /** deletionTimestamp set: spreading ignores it (kube #87621). */
  terminating?: boolean;
  edge?: PodEdgeData;
}

/**
 * Per-node attributes for edge plugins (arch, accelerators, attestation, power and price,
 * region/zone). Open: another plugin may read keys this type does not name.
 */
export interface EdgeNodeAttributes {
  arch?: string;
  accelerators?: string[];
  attested?: boolean;
  region?: string;
  zone?: string;
  watts?: number;
  costPerHour?: number;
  [key: string]: unknown;
}

/** A container image present on a node (node.status.images). */
export interface NodeImage { names: string[]; sizeBytes: number }

/** The scheduling-relevant part of a Node. */
export interface Node {
  name: string;
  labels?: Record<string, string>;
  taints?: Taint[];
  unschedulable?: boolean;
  /** node.status.allocatable; `pods` is the pod-count limit (missing → 0, so nothing fits, as in kube). */
  allocatable: ResourceList;
  images?: NodeImage[];
  edge?: EdgeNodeAttributes;
}
