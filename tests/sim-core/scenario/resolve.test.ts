import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../../sim-core/scenario/parse.ts';

const doc = (spec: string) => `apiVersion: edgetwin.io/v1alpha1\nkind: Scenario\nmetadata: {name: r}\nspec:\n${spec}`;

describe('resolution: defaults, classes, generators, overrides', () => {
  const m = parseScenario(doc(`
  regions: [{id: eu, zones: [eu-a, eu-b]}, {id: us}]
  nodeClasses:
    gw: {tier: gateway, cores: 2, labels: {role: gw, rack: 3}, power: {idle: 2}}
  nodes:
    - {id: g1, class: gw, cores: 6, labels: {rack: 4}, zone: eu-b}
    - {id: u1, tier: regional, region: us}
  links:
    - {a: g1, b: u1, type: lte}
  apps:
    - id: a
      slo: {latency: 1s}
      services:
        - {id: x, cpuWork: 5ms, platforms: [linux/arm64, linux/arm64/v8], placement: [g1, u1], next: [y]}
        - {id: y, cpuWork: 1ms, serviceTime: {dist: lognormal, cv: 0.5}}
  generators:
    - id: p
      sites: 3
      regions: [eu]
      gateway: {class: gw}
      edge: {link: {type: ethernet}}
      sensors: {count: 2, link: {type: wifi}}
      uplink: {to: "u1", link: {type: fibre, latency: 7ms}}
  streams:
    - {id: s, app: a, sources: {generator: p}, arrival: {poisson: {rate: 2}}, size: 2KiB, value: {dist: uniform, min: 0, max: 1}}
  faults:
    - {link: "g1~u1", at: 1m, for: 30s, degrade: {latency: 3}}
`), 'r.yaml', { faults: ['control-plane@5m'], seed: 99, durationMs: 60_000 });

  it('node fields override the class; labels merge; topology labels are added; cpu defaults to cores × 1000', () => {
    const g1 = m.nodes.find((n) => n.id === 'g1')!;
    expect(g1).toMatchObject({ tier: 'gateway', arch: 'arm64', cores: 6, cpuMillicores: 6000, idleWatts: 2, maxWatts: 7, region: 'eu', zone: 'eu-b', bufferBytes: 64 * 2 ** 20, queueCapacity: 1000, discipline: 'fifo' });
    expect(g1.labels).toEqual({ role: 'gw', rack: '4', 'topology.kubernetes.io/region': 'eu', 'topology.kubernetes.io/zone': 'eu-b' });
  });

  it('regions without zones get "<region>-a"; a region id defaults to the first region', () => {
    expect(m.regions).toEqual([{ id: 'eu', zones: ['eu-a', 'eu-b'] }, { id: 'us', zones: ['us-a'] }]);
  });

  it('links default by type and id "<a>~<b>"', () => {
    expect(m.links.find((l) => l.id === 'g1~u1')).toMatchObject({ type: 'lte', latencyMs: 25, bandwidthBps: 20e6, loss: 0, costPerGbUsd: 0.5, availability: { outages: [] } });
  });

  it('services: platforms map to arches (deduplicated), replicas follow placement, kube-scheduler default requests', () => {
    const [x, y] = m.apps[0]!.services;
    expect(x).toMatchObject({ arches: ['arm64'], replicas: 2, requests: { cpuMillicores: 100, memoryBytes: 200 * 2 ** 20, gpus: 0 }, serviceTime: 'exponential', outputRatio: 1 });
    expect(y).toMatchObject({ serviceTime: { dist: 'lognormal', cv: 0.5 }, arches: ['x86_64', 'arm64'], replicas: 1, next: [] });
    expect(m.apps[0]!.slo).toEqual({ latencyMs: 1000, percentile: 95 });
  });

  it('generators: stable ids, zones round-robin, role tiers, links to the uplink target', () => {
    const ids = m.nodes.map((n) => n.id).filter((id) => id.startsWith('p-'));
    expect(ids).toEqual(['p-1-gw', 'p-1-edge', 'p-1-s1', 'p-1-s2', 'p-2-gw', 'p-2-edge', 'p-2-s1', 'p-2-s2', 'p-3-gw', 'p-3-edge', 'p-3-s1', 'p-3-s2']);
    expect(['p-1-gw', 'p-2-gw', 'p-3-gw'].map((id) => m.nodes.find((n) => n.id === id)!.zone)).toEqual(['eu-a', 'eu-b', 'eu-a']);
    expect(m.nodes.find((n) => n.id === 'p-1-edge')!.tier).toBe('edge');
    expect(m.nodes.find((n) => n.id === 'p-1-s1')!.tier).toBe('sensor');
    expect(m.links.filter((l) => l.id.startsWith('p-1')).map((l) => l.id)).toEqual(['p-1-gw~p-1-edge', 'p-1-s1~p-1-gw', 'p-1-s2~p-1-gw', 'p-1-edge~u1']);
    expect(m.links.find((l) => l.id === 'p-1-edge~u1')!.latencyMs).toBe(7);
  });

  it('streams: generator sources, arrival, size shorthand → constant, defaults', () => {
    expect(m.streams[0]).toMatchObject({
      entry: 'x', sources: ['p-1-s1', 'p-1-s2', 'p-2-s1', 'p-2-s2', 'p-3-s1', 'p-3-s2'],
      arrival: { kind: 'poisson', ratePerS: 2 }, sizeBytes: { dist: 'constant', value: 2048 }, value: { dist: 'uniform', min: 0, max: 1 },
      priority: 'normal', ttlMs: Infinity, tags: [], store: { lifespanMs: Infinity, replicas: 1 }, filter: {},
    });
  });

  it('faults: object form and --fault share the grammar; --seed and --until override', () => {
    expect(m.faults).toEqual([
      { kind: 'link', target: 'g1~u1', atMs: 60_000, forMs: 30_000, degrade: { latencyFactor: 3 }, spec: 'link:g1~u1@1m+30s:latency=x3' },
      { kind: 'control-plane', target: '', atMs: 300_000, forMs: Infinity, spec: 'control-plane@5m' },
    ]);
    expect([m.seed, m.durationMs, m.sampleEveryMs]).toEqual([99, 60_000, 10_000]);
  });
});
