import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ClusterState, RES_CPU, RES_MEMORY } from '../../../../sim-core/orchestrator/scheduler/state.ts';
import { Scheduler } from '../../../../sim-core/orchestrator/scheduler/framework.ts';
import { buildProfile, defaultProfileSpec, DEFAULT_PLUGINS } from '../../../../sim-core/orchestrator/scheduler/profile.ts';
import { selectHost, seededIntn } from '../../../../sim-core/orchestrator/scheduler/select-host.ts';
import { node, pod } from './helpers.ts';

const GI = 1024 ** 3;

describe('default profile', () => {
  it('has kube-scheduler\'s plugins and score weights', () => {
    const p = buildProfile(defaultProfileSpec());
    expect(p.filter.map((x) => x.name)).toEqual(['NodeUnschedulable', 'NodeName', 'TaintToleration', 'NodeAffinity', 'NodePorts', 'NodeResourcesFit', 'PodTopologySpread', 'InterPodAffinity']);
    expect(Object.fromEntries(p.score.map((s) => [s.plugin.name, s.weight]))).toEqual({
      TaintToleration: 3, NodeAffinity: 2, NodeResourcesFit: 1, PodTopologySpread: 2, InterPodAffinity: 2, NodeResourcesBalancedAllocation: 1, ImageLocality: 1,
    });
    expect(DEFAULT_PLUGINS.length).toBe(10);
  });
});

describe('selectHost', () => {
  it('picks the highest total', () => {
    expect(selectHost(Float64Array.from([3, 9, 2, 8]), 4, seededIntn(1))).toBe(1);
  });
  it('breaks ties uniformly and deterministically for a seed (seed 7)', () => {
    const totals = Float64Array.from([5, 9, 9, 1, 9]);
    const run = (seed: number) => { const intn = seededIntn(seed); return Array.from({ length: 3000 }, () => selectHost(totals, 5, intn)); };
    const a = run(7);
    expect(run(7)).toEqual(a);
    const hist = [0, 0, 0, 0, 0];
    for (const i of a) hist[i]!++;
    expect(hist[0]).toBe(0); expect(hist[3]).toBe(0);
    for (const i of [1, 2, 4]) expect(Math.abs(hist[i]! - 1000)).toBeLessThan(120); // ±3.8σ of Binomial(3000, 1/3)
  });
});

describe('Scheduler cycle', () => {
  it('places, explains, and reports kube\'s FitError message when nothing fits', () => {
    const state = ClusterState.from([
      node('small', { cpu: 1000, memory: GI }),
      node('big', { cpu: 8000, memory: 8 * GI }),
      node('tainted', { cpu: 8000, memory: 8 * GI }, { taints: [{ key: 'k', value: 'v', effect: 'NoSchedule' }] }),
    ]);
    const s = new Scheduler(buildProfile(defaultProfileSpec()), { seed: 1 });
    const r = s.schedule(state, pod({}, { cpu: 2000, memory: GI }), { explain: true });
    expect(r.selected).toBe('big');
    expect(r.nodes!.map((n) => [n.name, n.feasible, n.reasons])).toEqual([
      ['small', false, ['Insufficient cpu']], ['big', true, []], ['tainted', false, ['node(s) had untolerated taint {k: v}']],
    ]);
    const big = r.nodes![1]!;
    const W: Record<string, number> = { TaintToleration: 3, NodeAffinity: 2, NodeResourcesFit: 1, PodTopologySpread: 2, InterPodAffinity: 2, NodeResourcesBalancedAllocation: 1, ImageLocality: 1 };
    expect(big.total).toBe(Object.entries(big.scores).reduce((t, [k, v]) => t + v * W[k]!, 0));
    expect(big.scores.TaintToleration).toBe(100);
    const none = s.schedule(state, pod({}, { cpu: 9000 }));
    expect(none.selected).toBeNull();
    expect(none.status.reasons[0]).toBe('0/3 nodes are available: 1 node(s) had untolerated taint {k: v}, 2 Insufficient cpu.');
  });

  it('assume updates the columns incrementally; equal to a rebuild from scratch (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.array(fc.tuple(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 0, max: 4 }), fc.boolean()), { maxLength: 40 }), (seed, pods) => {
      const nodes = [node('a', { cpu: 16000, memory: 32 * GI }), node('b', { cpu: 8000, memory: 16 * GI }), node('c', { cpu: 4000, memory: 8 * GI, 'nvidia.com/gpu': 4 })];
      const state = ClusterState.from(nodes);
      const s = new Scheduler(buildProfile(defaultProfileSpec()), { seed });
      const placed: { p: ReturnType<typeof pod>; on: string }[] = [];
      for (const [cpu, gpu, noMem] of pods) {
        const p = pod({ labels: { app: `a${cpu % 3}` } }, { cpu, ...(noMem ? {} : { memory: cpu * 1024 * 1024 }), ...(gpu ? { 'nvidia.com/gpu': gpu } : {}) });
        const r = s.scheduleAndAssume(state, p);
        if (r.selected) placed.push({ p, on: r.selected });
      }
      const rebuilt = ClusterState.from(nodes, placed.map(({ p, on }) => ({ ...p, nodeName: on })));
      for (const r of [RES_CPU, RES_MEMORY, state.resource('nvidia.com/gpu')]) {
        expect([...state.requested[r]!.subarray(0, 3)]).toEqual([...rebuilt.requested[rebuilt.resource(state.resourceNames[r]!)]!.subarray(0, 3)]);
      }
      expect([...state.nonZeroCpu.subarray(0, 3)]).toEqual([...rebuilt.nonZeroCpu.subarray(0, 3)]);
      expect([...state.nonZeroMem.subarray(0, 3)]).toEqual([...rebuilt.nonZeroMem.subarray(0, 3)]);
      expect([...state.podCount.subarray(0, 3)]).toEqual([...rebuilt.podCount.subarray(0, 3)]);
      // never over-commit: the filter saw every bind
      for (let n = 0; n < 3; n++) expect(state.requested[RES_CPU]![n]!).toBeLessThanOrEqual(state.alloc[RES_CPU]![n]!);
    }), { numRuns: 60 });
  });

  it('removePod undoes addPod exactly', () => {
    const state = ClusterState.from([node('a', { cpu: 1000, memory: GI })]);
    const info = state.addPod(pod({ labels: { app: 'x' } }), 'a');
    state.removePod(info.key);
    expect(state.requested[RES_CPU]![0]).toBe(0);
    expect(state.nonZeroMem[0]).toBe(0);
    expect(state.podsWithLabel('app', 'x')).toBeUndefined();
  });

  it('same seed, same placements (ties everywhere)', () => {
    const run = (seed: number) => {
      const state = ClusterState.from(Array.from({ length: 20 }, (_, i) => node(`n${i}`, { cpu: 4000, memory: 8 * GI })));
      const s = new Scheduler(buildProfile(defaultProfileSpec()), { seed });
      return Array.from({ length: 30 }, () => s.scheduleAndAssume(state, pod({}, { cpu: 100, memory: 1000 })).selected);
    };
    expect(run(3)).toEqual(run(3));
    expect(run(3)).not.toEqual(run(4));
  });
});
