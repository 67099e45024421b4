/**
 * Conservation: every message created ends in exactly one terminal state (delivered, filtered,
 * dropped, expired, lost) or is still in flight — under random fabrics, loads, filters, fan-out,
 * actuation, finite queues and buffers, link outages, Markov intermittency, loss, crashes and
 * power faults. Also checks in-flight counts against a recount of live message slots.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FaultModel, ScenarioModel } from '../../../sim-core/scenario/model.ts';
import { Simulation } from '../../../sim-core/twin/simulation.ts';
import { app, link, node, scenario, service, stream } from '../../helpers/model-builder.ts';

export interface Shape {
  seed: number; gateways: number; sensorsPerGw: number; ratePerS: number; queueCapacity: number; bufferBytes: number;
  loss: number; outage: boolean; markov: boolean; crash: boolean; power: boolean; fanout: boolean; actuation: boolean;
  ps: boolean; ttlMs: number; keepFraction: number; partition: boolean; degrade: boolean;
}

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

const shapeArb: fc.Arbitrary<Shape> = fc.record({
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

describe('conservation of messages', () => {
  it('balances for random fabrics, workloads and faults (property)', () => {
    fc.assert(fc.property(shapeArb, (sh) => {
      const sim = new Simulation(build(sh));
      // Stop part-way too: in-flight messages must be counted at any instant, not only at the end.
      sim.advanceTo(9_000);
      const mid = sim.report().conservation;
      expect(mid.balanced).toBe(true);
      sim.runToEnd();
      const r = sim.report();
      const c = r.conservation;
      expect(c.balanced).toBe(true);
      expect(c.created).toBe(c.delivered + c.filtered + c.dropped + c.expired + c.lost + c.inFlight);
      let alive = 0;
      for (let m = 0; m < sim.state.msgs.capacity; m++) alive += sim.state.msgs.alive[m]!;
      expect(c.inFlight).toBe(alive);
      expect(r.apps.reduce((a, x) => a + x.completed, 0)).toBe(c.delivered);
      expect(r.lifecycle.lost).toBe(c.lost);
      if (!sh.crash && !sh.power && !sh.degrade && sh.loss === 0) expect(c.lost).toBe(0); // degrade adds 5 % loss
      if (sh.keepFraction === 1) expect(c.filtered).toBe(0);
    }), { numRuns: 60 });
  });

  it('a crash loses the queued work on the crashed node and charges it to the fault', () => {
    // 3 gateways × 6 sensors × 40/s × 3 ms = 2.16 busy cores on a 2-core edge: a queue is always there to lose.
    const sh: Shape = { seed: 4, gateways: 3, sensorsPerGw: 6, ratePerS: 40, queueCapacity: 1e9, bufferBytes: 0, loss: 0, outage: false,
      markov: false, crash: true, power: false, fanout: false, actuation: false, ps: false, ttlMs: Infinity, keepFraction: 1, partition: false, degrade: false };
    const sim = new Simulation(build(sh));
    sim.runToEnd();
    const r = sim.report();
    expect(r.conservation.balanced).toBe(true);
    expect(r.conservation.lostBy['node-crash']).toBeGreaterThan(0);
    expect(r.faults[0]!.messagesLost).toBe(r.conservation.lost);
    expect(r.nodes.find((n) => n.id === 'edge')!.downMs).toBe(3_000);
  });

  it('store-and-forward: with a big buffer an outage delays data instead of losing it', () => {
    const base: Shape = { seed: 9, gateways: 1, sensorsPerGw: 4, ratePerS: 5, queueCapacity: 1e9, bufferBytes: 0, loss: 0, outage: true,
      markov: false, crash: false, power: false, fanout: false, actuation: false, ps: false, ttlMs: Infinity, keepFraction: 1, partition: false, degrade: false };
    const without = new Simulation(build(base));
    without.runToEnd();
    const withBuf = new Simulation(build({ ...base, bufferBytes: 10_000_000 }));
    withBuf.runToEnd();
    const a = without.report();
    const b = withBuf.report();
    expect(a.conservation.droppedBy['no-route']).toBeGreaterThan(0);
    expect(b.conservation.dropped).toBe(0);
    expect(b.storage.buffered).toBeGreaterThan(0);
    expect(b.apps[0]!.completed).toBeGreaterThan(a.apps[0]!.completed);
    // Buffered messages waited out the 4 s outage: the tail shows it.
    expect(b.apps[0]!.latencyMs.p99).toBeGreaterThan(1_000);
  });
});
