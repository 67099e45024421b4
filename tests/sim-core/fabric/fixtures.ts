/** Minimal NodeModel / LinkModel builders for fabric tests (only the fields the fabric reads matter). */
import type { LinkModel, NodeModel } from '../../../sim-core/scenario/model.ts';

/** A node with plausible defaults. */
export function node(id: string, tier: NodeModel['tier'] = 'edge'): NodeModel {
  return {
    id, tier, arch: 'x86_64', cores: 4, coreSpeed: 1, cpuMillicores: 4000, memoryBytes: 8e9, gpus: 0, accelerators: [],
    storageBytes: 1e11, storageVolatile: false, idleWatts: 10, maxWatts: 50, costPerHourUsd: 0.1, labels: {}, taints: [],
    region: 'r1', zone: 'z1', attested: true, position: { xKm: 0, yKm: 0 }, queueCapacity: 100, discipline: 'fifo', bufferBytes: 1e6, bufferDrop: 'newest',
  };
}

/** A link a~b with the given latency (ms) and bandwidth (bit/s). */
export function link(id: string, a: string, b: string, latencyMs: number, bandwidthBps = 1e9): LinkModel {
  return { id, a, b, type: 'fibre', latencyMs, bandwidthBps, loss: 0, costPerGbUsd: 0, availability: { outages: [] } };
}
