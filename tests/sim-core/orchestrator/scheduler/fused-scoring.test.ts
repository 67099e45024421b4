/**
 * The fast paths change no decision: a scheduler that always explains with fresh plugin
 * instances each cycle (every plugin's score → normalize → range check → weighted sum, as
 * before the fused path) and one that never
 * does (fused weighted scoring, constant-score plugins skipped, cached per-node values) pick the
 * same node for every pod of a random workload with binds, pod removals and node changes, seed
 * for seed. Cached per-node values are also checked against a fresh plugin instance.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ClusterState } from '../../../../sim-core/orchestrator/scheduler/state.ts';
import { Scheduler } from '../../../../sim-core/orchestrator/scheduler/framework.ts';
import { buildProfile, defaultProfileSpec } from '../../../../sim-core/orchestrator/scheduler/profile.ts';
import { edgeProfileSpec, edgeRegistry } from '../../../../sim-core/orchestrator/scheduler/plugins/edge-profile.ts';
import type { SchedulingHost } from '../../../../sim-core/orchestrator/scheduler/types.ts';
import { isFusedScorer } from '../../../../sim-core/orchestrator/scheduler/score-math.ts';
import { newPodInfo, type PodInfo } from '../../../../sim-core/orchestrator/scheduler/pod-info.ts';
import { marginalWatts, nodeLoad, powerFacts, powerModel } from '../../../../sim-core/orchestrator/scheduler/plugins/edge-energy.ts';
import { podCostOnNode } from '../../../../sim-core/orchestrator/scheduler/plugins/edge-cost.ts';
import { normalizeLowerIsBetter } from '../../../../sim-core/orchestrator/scheduler/plugins/edge-attrs.ts';
import { balancedDeltaScore, balancedStdScore, strategyScore } from '../../../../sim-core/orchestrator/scheduler/plugins/resource-scorers.ts';
import { newBalancedAllocation } from '../../../../sim-core/orchestrator/scheduler/plugins/balanced-allocation.ts';
import type { Node, Pod } from '../../../../sim-core/orchestrator/scheduler/api-types.ts';
import { seededIntn, selectHost } from '../../../../sim-core/orchestrator/scheduler/select-host.ts';
import { compileLabelSelector } from '../../../../sim-core/orchestrator/scheduler/labels.ts';
import { pod, runScore } from './helpers.ts';

const GI = 1024 ** 3, MI = 1024 ** 2;

function nodeOf(i: number, shape: number): Node {
  return {
    name: `n${i}`,
    labels: { 'kubernetes.io/hostname': `n${i}`, 'topology.kubernetes.io/zone': `z${shape % 3}`, ...(shape % 4 === 0 ? {} : { rack: `r${shape % 5}` }) },
    allocatable: { pods: 4 + (shape % 5), cpu: 1000 * (1 + (shape % 4)), memory: (1 + (shape % 3)) * GI, ...(shape % 6 === 0 ? { 'nvidia.com/gpu': 2 } : {}) },
    taints: shape % 7 === 0 ? [{ key: 'gpu', value: 'y', effect: 'NoSchedule' }]
      : shape % 5 === 1 ? [{ key: 'low', value: 'p', effect: 'PreferNoSchedule' }]
        : shape % 5 === 2 ? [{ key: 'low', value: 'p', effect: 'PreferNoSchedule' }, { key: 'old', value: '', effect: 'PreferNoSchedule' }] : [],
    ...(shape % 11 === 3 ? { unschedulable: true } : {}),
    ...(shape % 3 === 0 ? { images: [{ names: [`img${shape % 2}`], sizeBytes: (shape % 8) * 100 * MI }] } : {}),
  };
}

function podOf(i: number, kind: number, cpu: number, app: number): Pod {
  const labels = { app: `a${app}` };
  const base: Pod = { name: `p${i}`, namespace: `ns${app % 2}`, labels, containers: [{ image: `img${kind % 2}`, requests: { cpu, memory: cpu * MI } }] };
  const sel = { matchLabels: labels };
  switch (kind % 9) {
    case 0: return base;
    case 1: return { ...base, containers: [{}] }; // best-effort: BalancedAllocation skips
    case 2: return { ...base, topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: sel }, { maxSkew: 2, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: sel }] };
    case 3: return { ...base, topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'rack', whenUnsatisfiable: 'DoNotSchedule', labelSelector: sel }] };
    case 4: return { ...base, affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 50, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: sel } }] } } };
    case 5: return { ...base, affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'topology.kubernetes.io/zone', labelSelector: sel }] } } };
    case 6: return { ...base, tolerations: [{ key: 'gpu', operator: 'Exists' }], containers: [{ requests: { cpu, 'nvidia.com/gpu': 1 } }] };
    case 7: return { ...base, affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 3, preference: { matchExpressions: [{ key: 'rack', operator: 'In', values: ['r1', 'r2'] }] } }] } } };
    default: return { ...base, nodeSelector: { 'topology.kubernetes.io/zone': 'z1' }, affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: sel }] } } };
  }
}

const workload = fc.record({
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  shapes: fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 24 }),
  pods: fc.array(fc.tuple(fc.integer({ min: 0, max: 8 }), fc.integer({ min: 0, max: 1200 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 9 })), { maxLength: 60 }),
  defaultSpread: fc.boolean(),
});

describe('fused scoring picks what the explained cycle picks (property, 80 runs)', () => {
  it('same node for every pod, with binds, removals and node replacement', () => {
    fc.assert(fc.property(workload, ({ seed, shapes, pods, defaultSpread }) => {
      const nodes = shapes.map((s, i) => nodeOf(i, s));
      const states = [ClusterState.from(nodes), ClusterState.from(nodes)];
      // Default spreading as for pods of one Service per app (system constraints: hostname and zone).
      if (defaultSpread) for (const st of states) st.defaultSpreadSelector = (p) => compileLabelSelector({ matchLabels: { app: p.labels!.app! } });
      const fast = new Scheduler(buildProfile(defaultProfileSpec()), { seed });
      // The reference gets fresh plugin instances every cycle: no scratch buffer or cache survives.
      const seeded = seededIntn(seed);
      const intn = (n: number) => seeded(n); // a plain IntnFn: the reference draws one by one
      const slow = { schedule: (st: ClusterState, p: Pod, o: { explain: boolean }) => new Scheduler(buildProfile(defaultProfileSpec()), { intn }).schedule(st, p, o) };
      const placed: string[] = [];
      pods.forEach(([kind, cpu, app, churn], i) => {
        const p = podOf(i, kind, cpu, app);
        // Spreading that filters (DoNotSchedule PreFilter) runs before scoring in the same plugin.
        if (kind === 2 && churn > 5) p.topologySpreadConstraints!.push({ maxSkew: 3, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: p.labels! } });
        const a = fast.schedule(states[0]!, p);
        const b = slow.schedule(states[1]!, p, { explain: true });
        expect(a.selected).toBe(b.selected);
        expect(a.status.reasons).toEqual(b.status.reasons);
        if (a.selected) { for (const st of states) st.addPod({ ...p }, a.selected); placed.push(`${p.namespace}/${p.name}`); }
        if (churn === 0 && placed.length > 0) { const key = placed.shift()!; for (const st of states) st.removePod(key); }
        if (churn === 1) { const j = (i * 7) % nodes.length; for (const st of states) st.addNode(nodeOf(j, shapes[j]! + i)); }
      });
    }), { numRuns: 80 });
  });

  it('TaintToleration normalizes by the feasible nodes\' maximum, not the cluster\'s', () => {
    // "two" (2 intolerable PreferNoSchedule taints) is full, so the feasible maximum is 1: "one"
    // scores 0, "free" 100 (×3 = 300 apart). "one" wins NodeAffinity (2 × 100) and NodeResourcesFit
    // (99 vs 11): 373 vs 385, so "free" wins; normalizing by 2 would give "one" 150 more and the pod.
    const prefer = (key: string) => ({ key, value: '', effect: 'PreferNoSchedule' as const });
    const nodes: Node[] = [
      { name: 'two', labels: {}, allocatable: { pods: 110, cpu: 0, memory: GI }, taints: [prefer('a'), prefer('b')] },
      { name: 'one', labels: { big: 'yes' }, allocatable: { pods: 110, cpu: 10000, memory: 10 * GI }, taints: [prefer('a')] },
      { name: 'free', labels: {}, allocatable: { pods: 110, cpu: 1000, memory: GI } },
    ];
    const state = ClusterState.from(nodes);
    state.addPod({ name: 'busy', namespace: 'd', containers: [{ requests: { cpu: 800, memory: 800 * MI } }] }, 'free');
    const p = pod({ affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, preference: { matchExpressions: [{ key: 'big', operator: 'Exists' }] } }] } } }, { cpu: 100, memory: 100 * MI });
    const explained = new Scheduler(buildProfile(defaultProfileSpec()), { seed: 1 }).schedule(state, p, { explain: true });
    expect(explained.nodes!.map((n) => n.total)).toEqual([0, 373, 385]);
    expect(explained.selected).toBe('free');
    expect(new Scheduler(buildProfile(defaultProfileSpec()), { seed: 1 }).schedule(state, p).selected).toBe('free');
  });

  it('BalancedAllocation\'s cached per-node scores equal a fresh instance after binds and node changes (property, 60 runs)', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 0, max: 2 })), { maxLength: 40 }), (ops) => {
      const state = ClusterState.from(Array.from({ length: 6 }, (_, i) => nodeOf(i, i * 13)));
      const cached = newBalancedAllocation();
      ops.forEach(([n, cpu, op], i) => {
        if (op === 2) state.addNode({ ...nodeOf(n, n * 13), allocatable: { pods: 110, cpu: 500 + cpu, memory: GI } });
        else state.addPod(pod({ labels: { x: 'y' } }, { cpu, memory: cpu * 3 * MI }), `n${n}`);
        const incoming = pod({}, { cpu: 100 + (i % 7) * 100, memory: 256 * MI });
        expect(runScore(cached, state, incoming)).toEqual(runScore(newBalancedAllocation(), state, incoming));
      });
    }), { numRuns: 60 });
  });

  it('edge profile: fused edge plugins pick what the explained cycle picks (property, 100 runs)', () => {
    // Edge facts vary by shape: arch, attestation, power model or none, price or none, zone/region,
    // accelerators; the host's latency and bandwidth depend on (source, node) and include
    // unreachable (Infinity) and co-located (Infinity bandwidth) paths.
    const edgeNode = (i: number, shape: number): Node => {
      const n = nodeOf(i, shape);
      return {
        ...n,
        edge: {
          arch: shape % 3 === 0 ? 'arm64' : 'amd64', attested: shape % 4 !== 0,
          ...(shape % 5 === 0 ? {} : { idleWatts: 5 + (shape % 7), maxWatts: 20 + (shape % 13) * 10 }),
          ...(shape % 6 === 1 ? {} : { costPerHour: (shape % 9) / 10 }),
          ...(shape % 7 === 2 ? { utilization: (shape % 10) / 10 } : {}),
          ...(shape % 2 === 0 ? { zone: `z${shape % 3}`, region: `r${shape % 2}` } : {}),
          ...(shape % 3 === 1 ? { accelerators: Array.from({ length: 1 + (shape % 4) }, () => 'tpu') } : {}), // one tpu per entry
        },
      };
    };
    const hash = (a: string, b: string) => { let h = 7; for (const c of a + '|' + b) h = (h * 31 + c.charCodeAt(0)) >>> 0; return h; };
    const host: SchedulingHost = {
      latencyMs: (s, _i, n) => (s === n ? 0 : hash(s, n) % 17 === 0 ? Infinity : hash(s, n) % 40),
      bandwidthBps: (s, _i, n) => (s === n ? Infinity : hash(n, s) % 11 === 0 ? 0 : (hash(n, s) % 50) * 1e6),
    };
    const edgePod = (i: number, kind: number, cpu: number, app: number, extra: number, count: number): Pod => {
      const p = podOf(i, kind, cpu, app);
      const sources = Array.from({ length: extra % 3 }, (_, j) => `n${(i + j * 5) % count}`);
      return {
        ...p,
        labels: { ...p.labels, ...(extra % 2 === 0 ? { 'edgetwin.io/service': `s${app}` } : {}) },
        edge: {
          ...(extra % 4 === 1 ? { arch: 'arm64' } : {}),
          ...(extra % 5 === 2 ? { sensitive: true } : {}),
          ...(extra % 6 === 3 ? { accelerator: 'tpu' } : {}),
          ...(sources.length ? { dataSourceNodes: sources, ingressBps: (extra % 7) * 1e6, ...(extra % 3 === 2 ? { latencyBudgetMs: 25 } : {}) } : {}),
          ...(extra % 8 === 5 ? { consumerNodes: [`n${(i * 3) % count}`] } : {}),
        },
      };
    };
    // Arbitrary shapes, and node pools (few distinct shapes: per-class fast paths such as EdgeCost's engage).
    const pools = fc.oneof(fc.constant((s: number) => s), fc.constant((s: number) => [0, 12, 30][s % 3]!));
    fc.assert(fc.property(workload, fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 60, maxLength: 60 }), pools, ({ seed, shapes: rawShapes, pods }, extras, pool) => {
      const shapes = rawShapes.map(pool);
      const nodes = shapes.map((s, i) => edgeNode(i, s));
      const states = [ClusterState.from(nodes), ClusterState.from(nodes)];
      const profile = () => buildProfile(edgeProfileSpec(), edgeRegistry());
      const fast = new Scheduler(profile(), { seed, host });
      const seeded = seededIntn(seed);
      const intn = (n: number) => seeded(n); // a plain IntnFn: the reference draws one by one
      const placed: string[] = [];
      pods.forEach(([kind, cpu, app, churn], i) => {
        const p = edgePod(i, kind, cpu, app, extras[i]!, nodes.length);
        const a = fast.schedule(states[0]!, p);
        const b = new Scheduler(profile(), { intn, host }).schedule(states[1]!, p, { explain: true });
        expect(a.selected).toBe(b.selected);
        expect(a.status.reasons).toEqual(b.status.reasons);
        if (a.selected) { for (const st of states) st.addPod({ ...p }, a.selected); placed.push(`${p.namespace}/${p.name}`); }
        if (churn === 0 && placed.length > 0) { const key = placed.shift()!; for (const st of states) st.removePod(key); }
        if (churn === 1) { const j = (i * 7) % nodes.length; for (const st of states) st.addNode(edgeNode(j, shapes[j]! + i)); }
      });
    }), { numRuns: 100 });
  });
});

describe('selectHost on a seededIntn (random-access draws) equals drawing one by one', () => {
  it('same pick and same generator state afterwards (property, 300 runs)', () => {
    // Few distinct values so ties, superseded tie groups and long final groups all occur.
    const totals = fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 300 });
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.array(totals, { minLength: 1, maxLength: 5 }), (seed, rounds) => {
      const fast = seededIntn(seed), inner = seededIntn(seed);
      const slow = (n: number) => inner(n); // not a seededIntn: the sequential path
      for (const t of rounds) {
        const arr = Float64Array.from(t);
        expect(selectHost(arr, arr.length, fast)).toBe(selectHost(arr, arr.length, slow));
      }
      expect(fast(1000003)).toBe(inner(1000003)); // both generators advanced by the same draws
    }), { numRuns: 300 });
  });
});

const lowerIsBetter = (raw: Float64Array) => { normalizeLowerIsBetter(raw, raw.length); return raw; };

/** Normalized scores from the plugins' exported per-node pure functions, one node at a time. */
const reference: Record<string, (st: ClusterState, p: PodInfo, cand: Int32Array) => Float64Array> = {
  EdgeEnergy: (st, p, cand) => lowerIsBetter(Float64Array.from(cand, (n) => {
    const m = powerModel(st.nodes[n]!);
    if (!m) return Infinity;
    const { on, utilization } = nodeLoad(st, powerFacts(st), n);
    const alloc = st.alloc[0]![n]!;
    return marginalWatts(m, on, utilization, alloc > 0 ? p.nonZeroCpuMilli / alloc : 0);
  })),
  EdgeCost: (st, p, cand) => lowerIsBetter(Float64Array.from(cand, (n) => { const c = podCostOnNode(st, n, p.nonZeroCpuMilli, p.nonZeroMemoryBytes); return Number.isNaN(c) ? Infinity : c; })),
  // LeastAllocated over cpu and memory with non-zero requests, weights 1 (resource-scorers.ts).
  NodeResourcesFit: (st, p, cand) => Float64Array.from(cand, (n) => strategyScore(
    'LeastAllocated', [st.nonZeroCpu[n]! + p.nonZeroCpuMilli, st.nonZeroMem[n]! + p.nonZeroMemoryBytes], [st.alloc[0]![n]!, st.alloc[1]![n]!], [1, 1],
  )),
  // Delta era over cpu and memory with actual requests (resource-scorers.ts).
  NodeResourcesBalancedAllocation: (st, p, cand) => Float64Array.from(cand, (n) => {
    const alloc = [st.alloc[0]![n]!, st.alloc[1]![n]!], without = [st.requested[0]![n]!, st.requested[1]![n]!];
    const withPod = [without[0]! + (p.requests.get('cpu') ?? 0), without[1]! + (p.requests.get('memory') ?? 0)];
    return balancedDeltaScore(balancedStdScore(withPod, alloc), balancedStdScore(without, alloc));
  }),
};

describe('FusedScorer contract: addWeightedScores adds weight × normalized score − one constant', () => {
  it('every fused kube and edge plugin, on node pools with bound pods (property, 60 runs)', () => {
    const hash = (a: string, b: string) => { let h = 11; for (const c of a + '|' + b) h = (h * 31 + c.charCodeAt(0)) >>> 0; return h; };
    const host: SchedulingHost = {
      latencyMs: (s, _i, n) => (s === n ? 0 : hash(s, n) % 13 === 0 ? Infinity : hash(s, n) % 30),
      bandwidthBps: (s, _i, n) => (s === n ? Infinity : (hash(n, s) % 20) * 1e6),
    };
    fc.assert(fc.property(
      fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 2, maxLength: 30 }),
      fc.array(fc.tuple(fc.integer({ min: 0, max: 8 }), fc.integer({ min: 0, max: 1200 }), fc.integer({ min: 0, max: 3 })), { maxLength: 25 }),
      fc.integer({ min: 0, max: 8 }), fc.integer({ min: 1, max: 7 }),
      (poolOf, bound, kind, weight) => {
        // Few pools (identical nodes but for the name) so class-based and cached paths engage.
        const nodes: Node[] = poolOf.map((p, i) => ({
          ...nodeOf(i, [0, 12, 30, 41][p]!),
          edge: { arch: p % 2 ? 'arm64' : 'amd64', attested: true, zone: `z${p % 2}`, idleWatts: 5 + p, maxWatts: 50 + 10 * p, costPerHour: p / 10 },
        }));
        const state = ClusterState.from(nodes);
        bound.forEach(([k, cpu, app], i) => {
          const n = nodes[(i * 7 + cpu) % nodes.length]!.name;
          state.addPod({ ...podOf(1000 + i, k, cpu, app), labels: { app: `a${app}`, 'edgetwin.io/service': `s${app}` } }, n);
        });
        const incoming: Pod = {
          ...podOf(0, kind, 100 + kind * 50, kind % 4),
          labels: { app: `a${kind % 4}`, 'edgetwin.io/service': `s${kind % 4}` },
          edge: { dataSourceNodes: [nodes[0]!.name], ingressBps: 5e6, consumerNodes: [nodes[nodes.length - 1]!.name] },
        };
        const profile = buildProfile(edgeProfileSpec(), edgeRegistry());
        const info = newPodInfo(incoming);
        const cycle = { state, pod: info, host, nsLabels: state.namespaceLabels(info.namespace), data: new Map<string, unknown>(), candidatesSorted: true };
        const cand = state.liveNodes().slice(), k = cand.length;
        for (const p of profile.preFilter) p.preFilter(cycle);
        const skipped = new Set(profile.preScore.filter((p) => p.preScore(cycle, cand, k)?.code === 'Skip').map((p) => p.name));
        for (const { plugin } of profile.score) {
          if (skipped.has(plugin.name) || !isFusedScorer(plugin)) continue;
          const normalized = new Float64Array(k);
          plugin.score(cycle, cand, k, normalized);
          plugin.normalizeScore?.(cycle, cand, k, normalized);
          const totals = new Float64Array(k).fill(1000);
          plugin.addWeightedScores(cycle, cand, k, weight, totals, new Float64Array(k));
          // The pool- and class-based plugins also match their per-node pure functions.
          const ref = reference[plugin.name]?.(state, info, cand);
          if (ref) expect(Array.from(normalized), plugin.name).toEqual(Array.from(ref));
          const shift = totals[0]! - weight * normalized[0]!;
          for (let i = 0; i < k; i++) expect(totals[i]! - weight * normalized[i]!, `${plugin.name} at ${state.names[cand[i]!]}`).toBe(shift);
        }
      },
    ), { numRuns: 60 });
  });
});
