/**
 * Node classes change no decision: a scheduler that groups equal empty nodes ('always') and one
 * that evaluates every node ('never') return the same result — selected node, feasible count,
 * status and FitError histogram, skipped score plugins — for every pod of random workloads with
 * binds, pod removals (nodes becoming empty again), node replacement and removal, with the
 * default and the edge profile, seeded and injected tie-breaking. Cluster shapes repeat so most
 * nodes share a class. Also checks the class bookkeeping itself on a small cluster.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ClusterState } from '../../../../sim-core/orchestrator/scheduler/state.ts';
import { Scheduler, type ScheduleResult } from '../../../../sim-core/orchestrator/scheduler/framework.ts';
import { buildProfile, defaultProfileSpec } from '../../../../sim-core/orchestrator/scheduler/profile.ts';
import { edgeProfileSpec, edgeRegistry } from '../../../../sim-core/orchestrator/scheduler/plugins/edge-profile.ts';
import { NodeClasses } from '../../../../sim-core/orchestrator/scheduler/node-classes.ts';
import { STATIC_ONLY, type SchedulingHost } from '../../../../sim-core/orchestrator/scheduler/types.ts';
import type { Node, Pod } from '../../../../sim-core/orchestrator/scheduler/api-types.ts';
import { seededIntn } from '../../../../sim-core/orchestrator/scheduler/select-host.ts';
import { compileLabelSelector } from '../../../../sim-core/orchestrator/scheduler/labels.ts';

const GI = 1024 ** 3, MI = 1024 ** 2;

/** Few shapes, so many nodes are equal but for name and hostname; `zonePerNode` gives every node its own zone. */
function nodeOf(i: number, shape: number, zonePerNode = false): Node {
  return {
    name: `n${i}`,
    // Zone and rack vary within a shape (by index), so equal static nodes still differ in labels;
    // `site` is unique per node, like hostname, but not named hostname.
    labels: { 'kubernetes.io/hostname': `n${i}`, site: `s${i}`, 'topology.kubernetes.io/zone': zonePerNode ? `zone-of-n${i}` : `z${(shape + (i % 2)) % 3}`, ...(shape % 4 === 0 ? {} : { rack: `r${(shape + (i % 3)) % 5}` }), 'kubernetes.io/arch': shape % 5 === 4 ? 'arm64' : 'amd64' },
    allocatable: { pods: 3 + (shape % 4), cpu: 1000 * (1 + (shape % 2)), memory: (1 + (shape % 3)) * GI, ...(shape % 6 === 0 ? { 'nvidia.com/gpu': 2 } : {}) },
    taints: shape % 7 === 0 ? [{ key: 'gpu', value: 'y', effect: 'NoSchedule' }] : shape % 5 === 1 ? [{ key: 'low', value: 'p', effect: 'PreferNoSchedule' }] : [],
    ...(shape % 11 === 3 ? { unschedulable: true } : {}),
    ...(shape % 3 === 0 ? { images: [{ names: [`img${shape % 2}`], sizeBytes: (shape % 8) * 100 * MI }] } : {}),
    edge: {
      arch: shape % 5 === 4 ? 'arm64' : 'amd64', attested: shape % 4 !== 0,
      ...(shape % 5 === 0 ? {} : { idleWatts: 5 + (shape % 3), maxWatts: 40 }),
      ...(shape % 6 === 1 ? {} : { costPerHour: (shape % 3) / 10 }),
      ...(shape % 2 === 0 ? { zone: `z${shape % 3}`, region: `r${shape % 2}` } : {}),
      ...(shape % 6 === 0 ? { accelerators: ['nvidia.com/gpu'] } : {}),
    },
  };
}

function podOf(i: number, kind: number, cpu: number, app: number): Pod {
  const labels = { app: `a${app}`, 'edgetwin.io/service': `s${app}` };
  const base: Pod = { name: `p${i}`, namespace: `ns${app % 2}`, labels, containers: [{ image: `img${kind % 2}`, requests: { cpu, memory: cpu * MI } }] };
  const sel = { matchLabels: { app: labels.app } };
  switch (kind % 14) {
    case 0: return base;
    case 1: return { ...base, containers: [{}] };
    case 2: return { ...base, topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: sel }, { maxSkew: 2, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: sel }] };
    case 3: return { ...base, topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'rack', whenUnsatisfiable: 'DoNotSchedule', labelSelector: sel }] };
    case 4: return { ...base, affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 50, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: sel } }] } } };
    case 5: return { ...base, affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'topology.kubernetes.io/zone', labelSelector: sel }] } } };
    case 6: return { ...base, tolerations: [{ key: 'gpu', operator: 'Exists' }], containers: [{ requests: { cpu, 'nvidia.com/gpu': 1 } }] };
    case 7: if (cpu % 2) return { ...base, affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 20, podAffinityTerm: { topologyKey: 'rack', labelSelector: { matchLabels: { app: 'a1' } } } }] } } };
      return { ...base, affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 3, preference: { matchExpressions: [{ key: 'rack', operator: 'In', values: ['r1', 'r2'] }] } }] } } };
    case 8: return { ...base, nodeSelector: { 'topology.kubernetes.io/zone': 'z1' }, affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: sel }] } } };
    case 9: return { ...base, nodeName: `n${cpu % 7}` };
    case 10: return { ...base, affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1', 'n2', 'n3'] }] }] } } } };
    case 11: return { ...base, containers: [{ requests: { cpu: 50_000 } }] }; // fits nowhere: FitError histogram
    case 12: if (cpu % 2) return { ...base, topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'site', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: sel }] };
      return { ...base, nodeSelector: { 'kubernetes.io/hostname': `n${cpu % 5}` } };
    default: return { ...base, edge: { sensitive: true, arch: 'arm64', latencyBudgetMs: cpu % 2 ? 40 : undefined, dataSourceNodes: cpu % 2 ? ['src'] : undefined } };
  }
}

/** A host whose latency depends on the node: grouping must step aside for pods naming sources. */
const host: SchedulingHost = { latencyMs: (_s, n) => 10 + (n % 5) * 10, bandwidthBps: (_s, n) => 1e6 * (1 + (n % 3)) };

function comparable(r: ScheduleResult) {
  return { selected: r.selected, feasible: r.feasibleCount, code: r.status.code, reasons: r.status.reasons, counts: [...r.reasonCounts].sort(), skipped: r.skippedScore };
}

const workload = fc.record({
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  shapes: fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 6 }),
  nodes: fc.integer({ min: 1, max: 60 }),
  pods: fc.array(fc.tuple(fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 1200 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 12 })), { maxLength: 70 }),
  defaultSpread: fc.boolean(),
  zonePerNode: fc.boolean(),
  edge: fc.boolean(),
  injected: fc.boolean(),
});

describe('node classes: grouped and per-node cycles agree (property, 150 runs)', () => {
  it('same result for every pod, with binds, removals, node changes', () => {
    fc.assert(fc.property(workload, ({ seed, shapes, nodes: count, pods, defaultSpread, zonePerNode, edge, injected }) => {
      const nodeAt = (i: number, shape: number) => nodeOf(i, shape, zonePerNode);
      const nodes = Array.from({ length: count }, (_, i) => nodeAt(i, shapes[i % shapes.length]!));
      // A third state the same schedulers visit now and then: same nodes (same nodesVersion), other pods.
      const states = [ClusterState.from(nodes), ClusterState.from(nodes)], probes = [ClusterState.from(nodes), ClusterState.from(nodes)];
      for (const st of probes) st.addPod({ name: 'probe-base', namespace: 'ns0', containers: [{ requests: { cpu: 300 } }] }, 'n0');
      if (defaultSpread) for (const st of [...states, ...probes]) st.defaultSpreadSelector = (p) => compileLabelSelector({ matchLabels: { app: p.labels!.app! } });
      const profile = () => (edge ? buildProfile(edgeProfileSpec(), edgeRegistry()) : buildProfile(defaultProfileSpec()));
      // An injected Intn (not a seededIntn) makes the grouped cycle expand to the per-node list.
      const tie = () => { const r = seededIntn(seed); return injected ? { intn: (n: number) => r(n) } : { seed }; };
      const grouped = new Scheduler(profile(), { ...tie(), host, nodeClasses: 'always' });
      const plain = new Scheduler(profile(), { ...tie(), host, nodeClasses: 'never' });
      const placed: string[] = [];
      pods.forEach(([kind, cpu, app, churn], i) => {
        const p = podOf(i, kind, cpu, app);
        const a = grouped.schedule(states[0]!, p), b = plain.schedule(states[1]!, p);
        expect(comparable(a)).toEqual(comparable(b));
        if (churn === 5) expect(comparable(grouped.schedule(probes[0]!, p))).toEqual(comparable(plain.schedule(probes[1]!, p)));
        if (a.selected) { for (const st of states) st.addPod({ ...p }, a.selected); placed.push(`${p.namespace}/${p.name}`); }
        if (churn <= 1 && placed.length > 0) { const key = placed.splice(churn === 0 ? 0 : placed.length - 1, 1)[0]!; for (const st of states) st.removePod(key); }
        if (churn === 2) { const j = (i * 7) % count; for (const st of states) st.addNode(nodeAt(j, shapes[(j + i) % shapes.length]!)); }
        if (churn === 3 && count > 1) { const j = (i * 5) % count; for (const st of states) if (st.indexOf(`n${j}`) >= 0) st.removeNode(`n${j}`); }
        if (churn === 4) { const j = count + i; for (const st of states) st.addNode(nodeAt(j, shapes[i % shapes.length]!)); }
      });
    }), { numRuns: 150 });
  });

  it("'auto' groups a large cluster and still agrees with per-node scheduling", () => {
    const nodes = Array.from({ length: 400 }, (_, i) => nodeOf(i, [2, 5, 8, 10][i % 4]!));
    const states = [ClusterState.from(nodes), ClusterState.from(nodes)];
    const auto = new Scheduler(buildProfile(defaultProfileSpec()), { seed: 9 });
    const plain = new Scheduler(buildProfile(defaultProfileSpec()), { seed: 9, nodeClasses: 'never' });
    for (let i = 0; i < 300; i++) {
      const p = podOf(i, i % 9, 100 + (i % 7) * 100, i % 4);
      const a = auto.scheduleAndAssume(states[0]!, p), b = plain.scheduleAndAssume(states[1]!, p);
      expect(comparable(a)).toEqual(comparable(b));
    }
  });
});

describe('node classes: cases a review found (each once gave a different pick)', () => {
  const agree = (run: (s: Scheduler) => ScheduleResult | null) => {
    const r = (['always', 'never'] as const).map((mode) => run(new Scheduler(buildProfile(defaultProfileSpec()), { seed: 1, nodeClasses: mode })));
    expect(comparable(r[0]!)).toEqual(comparable(r[1]!));
  };
  const MI = 2 ** 20, small = { requests: { cpu: 100, memory: 100 * MI } };
  const spreadCluster = (key: string) => {
    const s = ClusterState.from(Array.from({ length: 10 }, (_, i): Node => ({
      name: `n${i}`, labels: { [key]: `s${i}` }, allocatable: { pods: 110, cpu: 4000, memory: 4096 * MI },
      ...(i >= 3 ? { taints: [{ key: 'low', value: 'p', effect: 'PreferNoSchedule' as const }] } : {}),
    })));
    s.addPod({ name: 'a', namespace: 'd', labels: { app: 'x' }, containers: [small] }, 'n0');
    s.addPod({ name: 'b', namespace: 'd', labels: { app: 'x' }, containers: [{}] }, 'n1');
    s.addPod({ name: 'c', namespace: 'd', labels: { app: 'x' }, containers: [{}] }, 'n1');
    s.addPod({ name: 'y', namespace: 'd', labels: { app: 'y' }, containers: [{ requests: { cpu: 3600, memory: 3600 * MI } }] }, 'n2');
    return s;
  };

  it('spreading on a key with one node per value counts its domains node by node', () => {
    const pod: Pod = { name: 'new', namespace: 'd', labels: { app: 'x' }, containers: [small],
      topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'site', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { app: 'x' } } }] };
    agree((s) => s.schedule(spreadCluster('site'), pod));
  });

  it('default spreading over single-node zones', () => {
    const pod: Pod = { name: 'new', namespace: 'd', labels: { app: 'x' }, containers: [small] };
    agree((s) => {
      const st = spreadCluster('topology.kubernetes.io/zone');
      st.defaultSpreadSelector = (p) => compileLabelSelector({ matchLabels: { app: p.labels!.app! } });
      return s.schedule(st, pod);
    });
  });

  it('one scheduler, two states with the same nodes', () => {
    const nodes: Node[] = Array.from({ length: 4 }, (_, i) => ({ name: `n${i}`, labels: {}, allocatable: { pods: 110, cpu: 1000, memory: 2 ** 30 } }));
    const pod: Pod = { name: 'new', namespace: 'd', containers: [{ requests: { cpu: 500 } }] };
    agree((s) => {
      const a = ClusterState.from(nodes);
      a.addPod({ name: 'x', namespace: 'd', containers: [{}] }, 'n1');
      s.schedule(a, pod);
      const b = ClusterState.from(nodes);
      b.addPod({ name: 'big', namespace: 'd', containers: [{ requests: { cpu: 900 } }] }, 'n2');
      return s.schedule(b, pod);
    });
  });

  it('many tied classes, then the cluster grows', () => {
    const base = { allocatable: { pods: 110, cpu: 4000, memory: 2 ** 32 } };
    const tainted = (i: number): Node => ({ name: `n${i}`, labels: {}, ...base, taints: [{ key: 't', value: 'v', effect: 'PreferNoSchedule' }] });
    const other = (i: number): Node => ({ name: `n${i}`, labels: {}, ...base, edge: { foo: i } });
    for (let seed = 0; seed < 8; seed++) {
      const r = (['always', 'never'] as const).map((mode) => {
        const st = ClusterState.from([tainted(0), other(1), other(2), other(3), other(4), other(5), tainted(6)]);
        const s = new Scheduler(buildProfile(defaultProfileSpec()), { seed, nodeClasses: mode });
        s.schedule(st, { name: 'p1', namespace: 'd', containers: [{}], tolerations: [{ key: 't', operator: 'Exists' }] });
        st.addNode(tainted(7));
        return s.schedule(st, { name: 'p2', namespace: 'd', containers: [{}] });
      });
      expect(comparable(r[0]!)).toEqual(comparable(r[1]!));
    }
  });
});

describe('NodeClasses bookkeeping', () => {
  const twins = (n: number) => ClusterState.from(Array.from({ length: n }, (_, i) => nodeOf(i, 2)));

  it('equal empty nodes collapse into one representative carrying the class size', () => {
    const st = twins(50), nc = new NodeClasses();
    expect(nc.candidates(st, STATIC_ONLY)).toBe(1);
    expect([...nc.candidateList()]).toEqual([0]);
    expect(nc.multiplicity[0]).toBe(50);
  });

  it('a bind splits the node off; the next member represents the class; a removal brings it back', () => {
    const st = twins(6), nc = new NodeClasses();
    nc.candidates(st, STATIC_ONLY);
    st.addPod({ name: 'a', namespace: 'd', containers: [{}] }, 'n0');
    expect(nc.candidates(st, STATIC_ONLY)).toBe(2);
    expect([...nc.candidateList()]).toEqual([0, 1]);
    expect([nc.multiplicity[0], nc.multiplicity[1]]).toEqual([1, 5]);
    st.addPod({ name: 'b', namespace: 'd', containers: [{}] }, 'n3');
    nc.candidates(st, STATIC_ONLY);
    expect([...nc.candidateList()]).toEqual([0, 1, 3]);
    expect(nc.multiplicity[1]).toBe(4);
    st.removePod('d/a');
    nc.candidates(st, STATIC_ONLY);
    expect([...nc.candidateList()]).toEqual([0, 3]);
    expect(nc.multiplicity[0]).toBe(5);
  });

  it('a value key splits classes by label value; a label every node has does not', () => {
    const st = ClusterState.from(Array.from({ length: 9 }, (_, i) => ({ ...nodeOf(i, 2), labels: { 'kubernetes.io/hostname': `n${i}`, zone: `z${i % 3}` } })));
    const nc = new NodeClasses();
    expect(nc.candidates(st, { valueKeys: ['zone'], domainKeys: [] })).toBe(3);
    expect([...nc.candidateList()]).toEqual([0, 1, 2]);
    expect(nc.candidates(st, { valueKeys: [], domainKeys: ['kubernetes.io/hostname'] })).toBe(1);
    expect(nc.candidates(st, { valueKeys: ['kubernetes.io/hostname'], domainKeys: [] })).toBe(9);
  });
});
