/**
 * Defaults that depend on a node's tier or a link's type. Figures are typical, not vendor
 * specific: a gateway is a Raspberry-Pi/industrial-PC class box, an edge server a
 * Jetson-/small-rack class machine, a regional node a rack server, cloud a large VM pool.
 * One-way latencies: LTE RTT ≈ 30–60 ms, 5G ≈ 10–20 ms, GEO satellite RTT ≈ 600 ms.
 */
import type { Arch, LinkType, Tier } from '../model.ts';

/** Per-tier node defaults. */
export interface TierDefaults {
  arch: Arch; cores: number; memoryBytes: number; storageBytes: number;
  idleWatts: number; maxWatts: number; costPerHourUsd: number; bufferBytes: number;
}

const Ki = 2 ** 10, Mi = 2 ** 20, Gi = 2 ** 30, Ti = 2 ** 40, Pi = 2 ** 50;

/** Defaults by tier (documented in schema/fabric.ts descriptions). */
export const TIER_DEFAULTS: Record<Tier, TierDefaults> = {
  sensor: { arch: 'microcontroller', cores: 1, memoryBytes: 256 * Ki, storageBytes: 1 * Mi, idleWatts: 0.05, maxWatts: 0.2, costPerHourUsd: 0, bufferBytes: 0 },
  gateway: { arch: 'arm64', cores: 4, memoryBytes: 4 * Gi, storageBytes: 32 * Gi, idleWatts: 3, maxWatts: 7, costPerHourUsd: 0, bufferBytes: 64 * Mi },
  edge: { arch: 'x86_64', cores: 8, memoryBytes: 32 * Gi, storageBytes: 512 * Gi, idleWatts: 25, maxWatts: 60, costPerHourUsd: 0, bufferBytes: 256 * Mi },
  regional: { arch: 'x86_64', cores: 32, memoryBytes: 256 * Gi, storageBytes: 10 * Ti, idleWatts: 150, maxWatts: 400, costPerHourUsd: 0, bufferBytes: 0 },
  cloud: { arch: 'x86_64', cores: 64, memoryBytes: 512 * Gi, storageBytes: 1 * Pi, idleWatts: 0, maxWatts: 0, costPerHourUsd: 0.8, bufferBytes: 0 },
};

/** Default queue capacity (messages) of every node. */
export const DEFAULT_QUEUE_CAPACITY = 1000;

/** Per-type link defaults: one-way latency, per-direction bandwidth, transfer cost. */
export const LINK_DEFAULTS: Record<LinkType, { latencyMs: number; bandwidthBps: number; costPerGbUsd: number }> = {
  fibre: { latencyMs: 2, bandwidthBps: 10e9, costPerGbUsd: 0 },
  ethernet: { latencyMs: 0.5, bandwidthBps: 1e9, costPerGbUsd: 0 },
  '5g': { latencyMs: 10, bandwidthBps: 200e6, costPerGbUsd: 0.5 },
  lte: { latencyMs: 25, bandwidthBps: 20e6, costPerGbUsd: 0.5 },
  wifi: { latencyMs: 3, bandwidthBps: 100e6, costPerGbUsd: 0 },
  lora: { latencyMs: 100, bandwidthBps: 5e3, costPerGbUsd: 0 },
  satellite: { latencyMs: 300, bandwidthBps: 20e6, costPerGbUsd: 5 },
};

/** Run defaults. */
export const RUN_DEFAULTS = { seed: 1, durationMs: 10 * 60_000, sampleEveryMs: 10_000 } as const;

/** Map layout: regions 100 km apart on x; explicit nodes in rows by tier; generated sites on a grid south of them. */
export const LAYOUT = { regionSpacingKm: 100, tierRowKm: 10, nodeStepKm: 2, siteSpacingKm: 5, sensorRingKm: 0.2 } as const;
