/**
 * The twin's fabric and services as the production scheduler sees them: Kubernetes-shaped Node
 * and Pod objects. The same conversion is what a live connector does with real nodes, so the
 * scheduler cannot tell the twin from a cluster.
 */
import type { Node, Pod } from '../orchestrator/scheduler/api-types.ts';
import type { Arch, NodeModel, ServiceModel } from '../scenario/model.ts';

/** kubernetes.io/arch values for the twin's architectures. */
export const K8S_ARCH: Record<Arch, string> = { x86_64: 'amd64', arm64: 'arm64', armv7: 'arm', microcontroller: 'mcu' };

/** Label that marks attested nodes; sensitive services require it. */
export const ATTESTED_LABEL = 'edgetwin.io/attested';
/** Label that names the twin service a pod belongs to. */
export const SERVICE_LABEL = 'edgetwin.io/service';
/** Extended resource per accelerator type. */
export const acceleratorResource = (type: string) => `accelerator.edgetwin.io/${type}`;

/** A twin node as a Kubernetes Node. */
export function toK8sNode(n: NodeModel): Node {
  const allocatable: Record<string, number> = { cpu: n.cpuMillicores, memory: n.memoryBytes, pods: 110 };
  if (n.gpus > 0) allocatable['nvidia.com/gpu'] = n.gpus;
  for (const a of n.accelerators) allocatable[acceleratorResource(a.type)] = (allocatable[acceleratorResource(a.type)] ?? 0) + a.count;
  return {
    name: n.id,
    labels: {
      ...n.labels,
      'kubernetes.io/hostname': n.id,
      'kubernetes.io/arch': K8S_ARCH[n.arch],
      'edgetwin.io/tier': n.tier,
      ...(n.attested ? { [ATTESTED_LABEL]: 'true' } : {}),
    },
    taints: n.taints.map((t) => ({ ...t })),
    allocatable,
    edge: {
      arch: n.arch, tier: n.tier, region: n.region, zone: n.zone, attested: n.attested,
      accelerators: n.accelerators.flatMap((a) => Array<string>(a.count).fill(a.type)),
      watts: n.maxWatts, idleWatts: n.idleWatts, maxWatts: n.maxWatts, costPerHour: n.costPerHourUsd,
      cores: n.cores, coreSpeed: n.coreSpeed,
    },
  };
}

/** Pod of replica `replica` of a service, with what edge plugins need to know about its data. */
export function toPod(appId: string, svc: ServiceModel, key: string, replica: number, edge: { dataSourceNodes: string[]; latencyBudgetMs: number; ingressBps: number }, nodeName?: string): Pod {
  const requests: Record<string, number> = { cpu: svc.requests.cpuMillicores, memory: svc.requests.memoryBytes };
  if (svc.requests.gpus > 0) requests['nvidia.com/gpu'] = svc.requests.gpus;
  if (svc.accelerator) requests[acceleratorResource(svc.accelerator)] = 1;
  const required = [{ key: 'kubernetes.io/arch', operator: 'In' as const, values: svc.arches.map((a) => K8S_ARCH[a]) }];
  if (svc.sensitive) required.push({ key: ATTESTED_LABEL, operator: 'In', values: ['true'] });
  return {
    name: `${svc.id}-${replica}`,
    namespace: appId,
    labels: { ...svc.labels, app: appId, [SERVICE_LABEL]: key.replace('/', '.') },
    containers: [{ name: svc.id, requests }],
    ...(nodeName ? { nodeName } : {}),
    affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: required }] } } },
    topologySpreadConstraints: svc.replicas > 1 ? [{
      maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway',
      labelSelector: { matchLabels: { [SERVICE_LABEL]: key.replace('/', '.') } },
    }] : [],
    edge: {
      ...edge, arch: svc.arches.join(','), arches: svc.arches.map((a) => K8S_ARCH[a]),
      ...(svc.accelerator ? { accelerator: svc.accelerator } : {}), sensitive: svc.sensitive, service: key,
    },
  };
}
