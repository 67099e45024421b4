/**
 * A live Kubernetes node → the fields of the twin's NodeModel that Kubernetes knows, so a what-if
 * from now can overlay the cluster's nodes onto a scenario's: the inverse of the twin's own
 * Kubernetes view (sim-core/twin/k8s-view.ts toK8sNode). Pure.
 *
 *   arch            kubernetes.io/arch (amd64 → x86_64, arm64, arm → armv7, mcu → microcontroller)
 *   tier            edgetwin.io/tier label
 *   cpuMillicores   allocatable cpu; cores = ⌈cpu / 1000⌉
 *   memoryBytes     allocatable memory; storageBytes: allocatable ephemeral-storage
 *   gpus            nvidia.com/gpu; accelerators: accelerator.edgetwin.io/<type>
 *   region, zone    topology.kubernetes.io/region and /zone
 *   attested        edgetwin.io/attested=true
 *   labels, taints  as they are (without the labels the fields above came from)
 *
 * Fields Kubernetes does not know (position, power, cost, queues, links) are left out: the caller
 * keeps the scenario's values for them.
 */
import type { Arch, NodeModel, Tier } from '../../sim-core/scenario/model.ts';
import { TIERS } from '../../sim-core/scenario/model.ts';
import { ATTESTED_LABEL, K8S_ARCH } from '../../sim-core/twin/k8s-view.ts';
import type { KubeTwinNode } from './to-fabric.ts';

/** The NodeModel fields a Kubernetes node gives. */
export type KubeNodeModelPatch = Partial<Pick<NodeModel,
  'id' | 'arch' | 'tier' | 'cores' | 'cpuMillicores' | 'memoryBytes' | 'storageBytes' | 'gpus' | 'accelerators' | 'region' | 'zone' | 'attested' | 'labels' | 'taints'>>;

const ARCH_OF: Record<string, Arch> = Object.fromEntries(Object.entries(K8S_ARCH).map(([arch, k8s]) => [k8s, arch as Arch]));
const ACCELERATOR_PREFIX = 'accelerator.edgetwin.io/';
/** Labels the patch turns into fields (the twin's k8s view adds them; they are not the node's own labels). */
const DERIVED_LABELS = new Set(['kubernetes.io/hostname', 'kubernetes.io/arch', 'edgetwin.io/tier', ATTESTED_LABEL]);

/** The NodeModel fields of a live node; a field is absent when the node does not say. */
export function nodeModelPatch(n: KubeTwinNode): KubeNodeModelPatch {
  const out: KubeNodeModelPatch = { id: n.id };
  const arch = n.arch ? ARCH_OF[n.arch] : undefined;
  if (arch) out.arch = arch;
  const tier = n.labels['edgetwin.io/tier'];
  if (tier && (TIERS as readonly string[]).includes(tier)) out.tier = tier as Tier;
  if (n.cpuMillicores !== null) { out.cpuMillicores = n.cpuMillicores; out.cores = Math.max(1, Math.ceil(n.cpuMillicores / 1000)); }
  if (n.memoryBytes !== null) out.memoryBytes = n.memoryBytes;
  if (n.allocatable['ephemeral-storage'] !== undefined) out.storageBytes = n.allocatable['ephemeral-storage'];
  out.gpus = n.allocatable['nvidia.com/gpu'] ?? 0;
  out.accelerators = Object.keys(n.allocatable).filter((k) => k.startsWith(ACCELERATOR_PREFIX) && (n.allocatable[k] ?? 0) > 0).sort()
    .map((k) => ({ type: k.slice(ACCELERATOR_PREFIX.length), count: n.allocatable[k]! }));
  if (n.region !== null) out.region = n.region;
  if (n.zone !== null) out.zone = n.zone;
  out.attested = n.labels[ATTESTED_LABEL] === 'true';
  out.labels = Object.fromEntries(Object.entries(n.labels).filter(([k]) => !DERIVED_LABELS.has(k)));
  out.taints = n.taints.map((t) => ({ ...t }));
  return out;
}
