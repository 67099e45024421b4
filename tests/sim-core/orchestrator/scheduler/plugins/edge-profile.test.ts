/** The edge profile: kube defaults + edge plugins; latency-sensitive pods go near their data, batch pods to the cheapest node. */
import { describe, expect, it } from 'vitest';
import type { Node } from '../../../../../sim-core/orchestrator/scheduler/api-types.ts';
import { ClusterState } from '../../../../../sim-core/orchestrator/scheduler/state.ts';
import { Scheduler } from '../../../../../sim-core/orchestrator/scheduler/framework.ts';
import { buildProfile, defaultRegistry, DEFAULT_PLUGINS } from '../../../../../sim-core/orchestrator/scheduler/profile.ts';
import { EDGE_PLUGINS, EDGE_PROFILE, edgeProfileSpec, edgeRegistry } from '../../../../../sim-core/orchestrator/scheduler/plugins/edge-profile.ts';
import type { SchedulingHost } from '../../../../../sim-core/orchestrator/scheduler/types.ts';
import { pod } from '../helpers.ts';

const GI = 1024 ** 3;
const mk = (name: string, cpu: number, memGi: number, edge: Node['edge']): Node => ({ name, labels: { 'kubernetes.io/hostname': name }, allocatable: { cpu, memory: memGi * GI, pods: 110 }, edge });
const NODES: Node[] = [
  mk('gateway', 4000, 8, { arch: 'arm64', zone: 'site-a', region: 'north', costPerHour: 0.2, idleWatts: 5, maxWatts: 15, poweredOn: true }),
  mk('edge-1', 16000, 64, { arch: 'x86_64', zone: 'site-a', region: 'north', costPerHour: 0.9, idleWatts: 80, maxWatts: 250, poweredOn: true, accelerators: [{ type: 'gpu', count: 1 }] as never }),
  mk('regional', 32000, 128, { arch: 'x86_64', zone: 'metro', region: 'north', costPerHour: 1.2, idleWatts: 150, maxWatts: 400, poweredOn: true }),
  mk('cloud', 64000, 256, { arch: 'x86_64', zone: 'cloud-1', region: 'cloud', costPerHour: 1.6, idleWatts: 200, maxWatts: 500, poweredOn: true }),
];
// one-way latency from the camera to each node, and residual bandwidth of that path
const LAT: Record<string, number> = { gateway: 1, 'edge-1': 3, regional: 15, cloud: 60 };
const BW: Record<string, number> = { gateway: 100e6, 'edge-1': 1e9, regional: 500e6, cloud: 200e6 };
const host: SchedulingHost = { latencyMs: (_s, _i, n) => LAT[n]!, bandwidthBps: (_s, _i, n) => BW[n]! };

describe('edge profile', () => {
  it('is the kube defaults followed by the edge plugins, every edge plugin registered by name', () => {
    expect(EDGE_PROFILE.map((p) => p.name)).toEqual([...DEFAULT_PLUGINS, ...EDGE_PLUGINS].map((p) => p.name));
    for (const p of EDGE_PLUGINS) expect(defaultRegistry().has(p.name)).toBe(true);
    const spec = edgeProfileSpec();
    expect(spec.points.get('filter')!.map((e) => e.name)).toEqual(expect.arrayContaining(['EdgeArchitecture', 'EdgeAttestation', 'EdgeAccelerator', 'EdgeLatencyBudget', 'NodeResourcesFit']));
    expect(spec.points.get('score')!.filter((e) => e.name.startsWith('Edge'))).toEqual([
      { name: 'EdgeAccelerator', weight: 2 }, { name: 'EdgeDataGravity', weight: 5 }, { name: 'EdgeBandwidth', weight: 2 },
      { name: 'EdgeEnergy', weight: 1 }, { name: 'EdgeCost', weight: 3 }, { name: 'EdgeFailureDomainSpread', weight: 2 },
    ]);
  });

  const scheduler = () => new Scheduler(buildProfile(edgeProfileSpec(), edgeRegistry()), { host, seed: 1 });

  it('places a latency-sensitive pod near its sources (gateway is arm64, so the x86 edge server)', () => {
    const p = pod({ name: 'detector', edge: { arches: ['x86_64'], dataSourceNodes: ['cam'], latencyBudgetMs: 20, ingressBps: 50e6 } }, { cpu: 2000, memory: 4 * GI });
    const r = scheduler().schedule(ClusterState.from(NODES), p, { explain: true });
    expect(r.selected).toBe('edge-1');
    const v = Object.fromEntries(r.nodes!.map((n) => [n.name, n]));
    expect(v.gateway!.reasons).toEqual(['node(s) have arch arm64, not among the image platforms x86_64']);
    expect(v.cloud!.reasons).toEqual(['node(s) exceed the 20ms latency budget from data source cam']);
    // gravity among the feasible (edge-1 3 ms, regional 15 ms): nearest 100, other 0
    expect(v['edge-1']!.scores.EdgeDataGravity).toBe(100);
    expect(v.regional!.scores.EdgeDataGravity).toBe(0);
  });

  it('a multi-arch latency pod takes the gateway, the nearest node', () => {
    const p = pod({ name: 'filter', edge: { arches: ['x86_64', 'arm64'], dataSourceNodes: ['cam'], latencyBudgetMs: 20 } }, { cpu: 500, memory: 1 * GI });
    expect(scheduler().schedule(ClusterState.from(NODES), p).selected).toBe('gateway');
  });

  it('places a batch pod (no sources) on the cheapest node for its share', () => {
    // 4000m / 8 Gi: gateway does not fit; cost share edge-1 0.9/4 = 0.225, regional 1.2/8 = 0.15, cloud 1.6/16 = 0.1 → cloud
    const p = pod({ name: 'report', edge: { arches: ['x86_64'] } }, { cpu: 4000, memory: 8 * GI });
    const r = scheduler().schedule(ClusterState.from(NODES), p, { explain: true });
    expect(r.selected).toBe('cloud');
    expect(r.nodes!.find((n) => n.name === 'cloud')!.scores.EdgeCost).toBe(100);
    expect(r.skippedScore).toEqual(expect.arrayContaining(['EdgeDataGravity', 'EdgeBandwidth', 'EdgeAccelerator']));
  });
});
