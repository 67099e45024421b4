/**
 * Random small fabrics for property tests (conservation, checkpoints): a cloud, an edge server,
 * gateways with sensors, and a switchable set of loads, filters, queues, buffers, link outages,
 * Markov intermittency, loss and faults (crash, power, partition, degradation).
 */
import fc from 'fast-check';
import type { FaultModel, ScenarioModel } from '../../sim-core/scenario/model.ts';
import { app, link, node, scenario, service, stream } from './model-builder.ts';

/** The knobs of one random fabric. */
export interface Shape {
  seed: number; gateways: number; sensorsPerGw: number; ratePerS: number; queueCapacity: number; bufferBytes: number;
  loss: number; outage: boolean; markov: boolean; crash: boolean; power: boolean; fanout: boolean; actuation: boolean;
  ps: boolean; ttlMs: number; keepFraction: number; partition: boolean; degrade: boolean;
}

/** The scenario of a shape: 20 s of virtual time. */
export function build(sh: Shape): ScenarioModel {
  const nodes = [
    node('cloud', { tier: 'cloud', cores: 8, region: 'r2', zone: 'r2-a', queueCapacity: sh.queueCapacity }),
    node('edge', { tier: 'edge', cores: 2, queueCapacity: sh.queueCapacity, discipline: sh.ps ? 'ps' : 'fifo', bufferBytes: sh.bufferBytes, storageVolatile: true, storageBytes: 50_000 }),
  ];
  const links = [link('edge', 'cloud', { latencyMs: 20, bandwidthBps: 10e6, loss: sh.loss, type: 'fibre',
    availability: { outages: sh.outage ? [{ atMs: 5_000, forMs: 4_000 }] : [], markov: sh.markov ? { meanUpMs: 3_000, meanDownMs: 800 } : undefined } })];
  const sensors: string[] = [];
  for (let g = 0; g < sh.gateways; g++) {
    nodes.push(node(`gw${g}`, { tier: 'gateway', arch: 'arm64', cores: 1, coreSpeed: 0.5, queueCapacity: sh.queueCapacity, bufferBytes: sh.bufferBytes }));
    links.push(link(`gw${g}`, 'edge', { latencyMs: 2, bandwidthBps: 5e6, loss: sh.loss }));
    for (let k = 0; k < sh.sensorsPerGw; k++) {
      const id = `s${g}-${k}`;
      sensors.push(id);
      nodes.push(node(id, { tier: 'sensor', arch: 'microcontroller', bufferBytes: sh.bufferBytes > 0 ? 4_000 : 0 }));
      links.push(link(id, `gw${g}`, { type: 'wifi', latencyMs: 3, bandwidthBps: 1e6, loss: sh.loss }));
    }
  }
  const svcs = [
    service('detect', { cpuWorkMs: 3, placement: ['edge'], next: sh.fanout ? ['store', 'train'] : ['store'], outputRatio: 0.5 }),
    service('store', { cpuWorkMs: 1, placement: ['cloud'] }),
    ...(sh.fanout ? [service('train', { cpuWorkMs: 5, placement: ['cloud'] })] : []),
  ];
  const faults: FaultModel[] = [];
  if (sh.crash) faults.push({ kind: 'node', target: 'edge', atMs: 7_000, forMs: 3_000, spec: 'node:edge@7s+3s' });
  if (sh.power) faults.push({ kind: 'power', target: 'gw0', atMs: 12_000, forMs: 2_000, spec: 'power:gw0@12s+2s' });
  if (sh.partition) faults.push({ kind: 'partition', target: 'r2', atMs: 3_000, forMs: 2_500, spec: 'partition:r2@3s+2.5s' });
  if (sh.degrade) faults.push({ kind: 'link', target: 'gw0~edge', atMs: 1_000, forMs: 6_000, degrade: { latencyFactor: 3, bandwidthFactor: 0.1, loss: 0.05 }, spec: 'link:gw0~edge@1s+6s:latency=x3,bandwidth=x0.1,loss=0.05' });
  return scenario({
    seed: sh.seed, durationMs: 20_000,
    regions: [{ id: 'r1', zones: ['r1-a'] }, { id: 'r2', zones: ['r2-a'] }],
    nodes, links, faults,
    apps: [app('vision', svcs)],
    streams: [stream('frames', 'vision', 'detect', sensors, {
      arrival: { kind: 'poisson', ratePerS: sh.ratePerS }, sizeBytes: { dist: 'uniform', min: 500, max: 3_000 },
      filter: sh.keepFraction < 1 ? { keepFraction: sh.keepFraction } : {}, ttlMs: sh.ttlMs,
      store: { lifespanMs: 4_000, replicas: 1, criticalAbove: 0.8 }, actuationBytes: sh.actuation ? 64 : undefined,
    })],
  });
}

/** Shapes over the knobs' interesting values. */
export const shapeArb: fc.Arbitrary<Shape> = fc.record({
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  gateways: fc.integer({ min: 1, max: 3 }),
  sensorsPerGw: fc.integer({ min: 1, max: 6 }),
  ratePerS: fc.constantFrom(1, 5, 40),
  queueCapacity: fc.constantFrom(2, 50, 1e9),
  bufferBytes: fc.constantFrom(0, 20_000, 10_000_000),
  loss: fc.constantFrom(0, 0, 0.02),
  outage: fc.boolean(), markov: fc.boolean(), crash: fc.boolean(), power: fc.boolean(),
  fanout: fc.boolean(), actuation: fc.boolean(), ps: fc.boolean(),
  ttlMs: fc.constantFrom(Infinity, 200, 2_000),
  keepFraction: fc.constantFrom(1, 0.5),
  partition: fc.boolean(), degrade: fc.boolean(),
});
