/**
 * Determinism: the same scenario and seed give the same trace hash and report; another seed
 * gives another hash; driving the simulation in small steps gives the same result as one run;
 * common random numbers: a change of placement does not change what the sensors emit.
 */
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../../sim-core/twin/simulation.ts';
import { app, link, node, scenario, service, stream } from '../../helpers/model-builder.ts';

function model(seed: number, placement = 'edge') {
  return scenario({
    seed, durationMs: 30_000, sampleEveryMs: 1_000,
    regions: [{ id: 'r1', zones: ['r1-a'] }, { id: 'r2', zones: ['r2-a'] }],
    nodes: [
      node('cloud', { tier: 'cloud', cores: 16, region: 'r2', zone: 'r2-a' }),
      node('edge', { tier: 'edge', cores: 2 }),
      node('gw', { tier: 'gateway', bufferBytes: 1e6 }),
      node('cam1', { tier: 'sensor' }), node('cam2', { tier: 'sensor' }),
    ],
    links: [
      link('edge', 'cloud', { latencyMs: 25, bandwidthBps: 50e6, jitter: { dist: 'exponential', mean: 2 }, availability: { outages: [], markov: { meanUpMs: 8_000, meanDownMs: 1_000 } } }),
      link('gw', 'edge', { latencyMs: 1, loss: 0.01 }),
      link('cam1', 'gw', { type: 'wifi', latencyMs: 2, bandwidthBps: 20e6 }),
      link('cam2', 'gw', { type: 'wifi', latencyMs: 2, bandwidthBps: 20e6 }),
    ],
    apps: [app('vision', [service('detect', { cpuWorkMs: 20, placement: [placement] })])],
    streams: [stream('frames', 'vision', 'detect', ['cam1', 'cam2'], {
      arrival: { kind: 'mmpp', ratesPerS: [5, 30], meanStateMs: [4_000, 1_000] },
      sizeBytes: { dist: 'lognormal', mean: 200_000, sd: 50_000 },
    })],
  });
}

describe('determinism', () => {
  it('same scenario + seed → identical trace hash and report', () => {
    const a = new Simulation(model(42)); a.runToEnd();
    const b = new Simulation(model(42)); b.runToEnd();
    expect(a.traceHash).toBe(b.traceHash);
    expect(a.report()).toEqual(b.report());
    expect(a.report().apps[0]!.completed).toBeGreaterThan(100);
  });

  it('different seeds → different trace hashes', () => {
    const hashes = new Set([1, 2, 3].map((seed) => { const s = new Simulation(model(seed)); s.runToEnd(); return s.traceHash; }));
    expect(hashes.size).toBe(3);
  });

  it('stepping in small chunks equals one run', () => {
    const a = new Simulation(model(5)); a.runToEnd();
    const b = new Simulation(model(5));
    while (!b.done) b.advanceEvents(97);
    const c = new Simulation(model(5));
    for (let t = 0; t <= 30_000; t += 333) c.advanceTo(t);
    c.advanceTo(30_000);
    expect(b.traceHash).toBe(a.traceHash);
    expect(c.traceHash).toBe(a.traceHash);
  });

  it('common random numbers: moving the service does not change what sensors emit', () => {
    const edge = new Simulation(model(8, 'edge')); edge.runToEnd();
    const cloud = new Simulation(model(8, 'cloud')); cloud.runToEnd();
    expect(edge.report().conservation.emitted).toBe(cloud.report().conservation.emitted);
    expect(edge.traceHash).not.toBe(cloud.traceHash);
    // and it shows: the cloud pays the WAN round trip on every frame
    expect(cloud.report().apps[0]!.latencyMs.p50).toBeGreaterThan(edge.report().apps[0]!.latencyMs.p50);
    expect(cloud.report().network.wanBytes).toBeGreaterThan(edge.report().network.wanBytes);
  });
});
