/**
 * Builds ScenarioModel objects directly in tests (no YAML), with sensible defaults, so twin
 * tests state only what matters to them.
 */
import type { AppModel, LinkModel, NodeModel, ScenarioModel, ServiceModel, StreamModel } from '../../sim-core/scenario/model.ts';

/** A node with defaults: 1-core x86 edge box, huge queue, 1 GiB storage. */
export function node(id: string, over: Partial<NodeModel> = {}): NodeModel {
  const cores = over.cores ?? 1;
  return {
    id, tier: 'edge', arch: 'x86_64', cores, coreSpeed: 1, cpuMillicores: cores * 1000, memoryBytes: 8 * 2 ** 30,
    gpus: 0, accelerators: [], storageBytes: 2 ** 30, storageVolatile: false, idleWatts: 10, maxWatts: 30,
    costPerHourUsd: 0.1, labels: {}, taints: [], region: 'r1', zone: 'r1-a', attested: true,
    position: { xKm: 0, yKm: 0 }, queueCapacity: 1e9, discipline: 'fifo', bufferBytes: 0, bufferDrop: 'newest',
    ...over,
  };
}

/** A link with defaults: 1 ms, 1 Gbps, lossless, always up. */
export function link(a: string, b: string, over: Partial<LinkModel> = {}): LinkModel {
  return {
    id: `${a}~${b}`, a, b, type: 'ethernet', latencyMs: 1, bandwidthBps: 1e9, loss: 0, costPerGbUsd: 0,
    availability: { outages: [] }, ...over,
  };
}

/** A service with defaults: 1 ms of work, exponential, 1 replica, sink. */
export function service(id: string, over: Partial<ServiceModel> = {}): ServiceModel {
  return {
    id, cpuWorkMs: 1, serviceTime: 'exponential', requests: { cpuMillicores: 100, memoryBytes: 2 ** 20, gpus: 0 },
    arches: ['x86_64', 'arm64', 'armv7', 'microcontroller'], replicas: 1, placement: [], outputRatio: 1, next: [],
    sensitive: false, labels: {}, ...over,
  };
}

/** An app with defaults: SLO p95 ≤ 100 ms. */
export function app(id: string, services: ServiceModel[], over: Partial<AppModel> = {}): AppModel {
  return { id, services, slo: { latencyMs: 100, percentile: 95 }, labels: {}, ...over };
}

/** A stream with defaults: Poisson 1/s, 1 KB, value uniform 0..1, no filter. */
export function stream(id: string, appId: string, entry: string, sources: string[], over: Partial<StreamModel> = {}): StreamModel {
  return {
    id, app: appId, entry, sources, arrival: { kind: 'poisson', ratePerS: 1 }, sizeBytes: { dist: 'constant', value: 1000 },
    value: { dist: 'uniform', min: 0, max: 1 }, filter: {}, priority: 'normal', ttlMs: Infinity, tags: [],
    store: { lifespanMs: Infinity, replicas: 0 }, ...over,
  };
}

/** A whole scenario model. */
export function scenario(over: Partial<ScenarioModel> & Pick<ScenarioModel, 'nodes'>): ScenarioModel {
  return {
    apiVersion: 'edgetwin.io/v1alpha1', name: 'test', description: '', seed: 1, durationMs: 60_000,
    regions: [{ id: 'r1', zones: ['r1-a'] }], links: [], mobility: [], apps: [], streams: [], faults: [],
    orchestrator: { placement: 'static', profile: 'edge', policies: [] }, controlPlane: {}, sampleEveryMs: 0, ...over,
  };
}
