import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ClusterState } from '../../../../../sim-core/orchestrator/scheduler/state.ts';
import { newNodeResourcesFit } from '../../../../../sim-core/orchestrator/scheduler/plugins/node-resources-fit.ts';
import { leastRequestedScore, mostRequestedScore, brokenLinear, scaleShape } from '../../../../../sim-core/orchestrator/scheduler/plugins/resource-scorers.ts';
import { node, pod, runFilter, runScore, stateWithRequests } from '../helpers.ts';

const GI = 1024 ** 3;

describe('NodeResourcesFit filter', () => {
  it('lists every insufficient resource in kube order', () => {
    const state = ClusterState.from([
      node('full', { cpu: 1000, memory: GI, pods: 1 }),
      node('small', { cpu: 1000, memory: GI }),
      node('nogpu', { cpu: 8000, memory: 8 * GI }),
      node('gpu', { cpu: 8000, memory: 8 * GI, 'nvidia.com/gpu': 1 }),
    ]);
    state.addPod(pod({}, { cpu: 100 }), 'full');
    const got = runFilter(newNodeResourcesFit(), state, pod({}, { cpu: 2000, memory: 2 * GI, 'nvidia.com/gpu': 1 }));
    expect(got).not.toBe('skip');
    const reasons = Object.fromEntries([...(got as Map<string, { reasons: readonly string[] }>)].map(([n, s]) => [n, s.reasons]));
    expect(reasons).toEqual({
      full: ['Too many pods', 'Insufficient cpu', 'Insufficient memory', 'Insufficient nvidia.com/gpu'],
      small: ['Insufficient cpu', 'Insufficient memory', 'Insufficient nvidia.com/gpu'],
      nogpu: ['Insufficient nvidia.com/gpu'],
    });
  });

  it('counts existing requests and fits exactly at the limit', () => {
    const state = stateWithRequests([node('a', { cpu: 4000, memory: 4 * GI })], { a: { cpu: 3000, memory: GI } });
    expect(runFilter(newNodeResourcesFit(), state, pod({}, { cpu: 1000, memory: 3 * GI }))).toEqual(new Map());
    const over = runFilter(newNodeResourcesFit(), state, pod({}, { cpu: 1001 })) as Map<string, { reasons: readonly string[] }>;
    expect(over.get('a')!.reasons).toEqual(['Insufficient cpu']);
  });

  it('a pod requesting nothing still needs a pod slot', () => {
    const state = ClusterState.from([node('a', { cpu: 1000, pods: 0 })]);
    const got = runFilter(newNodeResourcesFit(), state, pod()) as Map<string, { reasons: readonly string[] }>;
    expect(got.get('a')!.reasons).toEqual(['Too many pods']);
  });

  it('ignoredResources skips an extended resource', () => {
    const state = ClusterState.from([node('a', { cpu: 1000 })]);
    expect(runFilter(newNodeResourcesFit({ ignoredResources: ['example.com/foo'] }), state, pod({}, { 'example.com/foo': 1 }))).toEqual(new Map());
    expect(runFilter(newNodeResourcesFit({ ignoredResourceGroups: ['example.com'] }), state, pod({}, { 'example.com/foo': 1 }))).toEqual(new Map());
  });

  it('sums init containers as kube does: max(sum(app)+sidecars, each init + earlier sidecars)', () => {
    const state = ClusterState.from([node('a', { cpu: 3000, memory: 10 * GI })]);
    const p = pod({
      containers: [{ requests: { cpu: 500 } }, { requests: { cpu: 500 } }],
      initContainers: [{ requests: { cpu: 1000 } }, { requests: { cpu: 200 }, restartPolicy: 'Always' }, { requests: { cpu: 2900 } }],
    });
    // app 1000 + sidecar 200 = 1200; init #3 needs 2900 + sidecar 200 = 3100 > 3000
    const got = runFilter(newNodeResourcesFit(), state, p) as Map<string, { reasons: readonly string[] }>;
    expect(got.get('a')!.reasons).toEqual(['Insufficient cpu']);
  });
});

describe('NodeResourcesFit score (own table; arithmetic in comments)', () => {
  it('missing requests count as 100m / 200MB (NonZeroRequested); explicit zeros stay zero', () => {
    const state = ClusterState.from([node('a', { cpu: 1000, memory: 1000 * 1024 * 1024 })]);
    // cpu: (1000-100)*100/1000 = 90; memory: (1000Mi-200Mi)*100/1000Mi = 80 → (90+80)/2 = 85
    expect(runScore(newNodeResourcesFit(), state, pod())).toEqual({ a: 85 });
    // explicit zeros: 100 and 100 → 100
    expect(runScore(newNodeResourcesFit(), state, pod({}, { cpu: 0, memory: 0 }))).toEqual({ a: 100 });
  });

  it('an extended resource the pod does not request is left out; a requested one is weighted', () => {
    const state = ClusterState.from([node('a', { cpu: 4000, memory: 4 * GI, 'nvidia.com/gpu': 4 })]);
    const args = { scoringStrategy: { type: 'MostAllocated' as const, resources: [{ name: 'cpu', weight: 1 }, { name: 'memory', weight: 1 }, { name: 'nvidia.com/gpu', weight: 2 }] } };
    // cpu 2000/4000 → 50, memory 1Gi/4Gi → 25: (50+25)/2 = 37
    expect(runScore(newNodeResourcesFit(args), state, pod({}, { cpu: 2000, memory: GI }))).toEqual({ a: 37 });
    // + gpu 3/4 → 75 with weight 2: (50 + 25 + 150) / 4 = 56
    expect(runScore(newNodeResourcesFit(args), state, pod({}, { cpu: 2000, memory: GI, 'nvidia.com/gpu': 3 }))).toEqual({ a: 56 });
  });

  it('RequestedToCapacityRatio with an increasing shape and Go rounding', () => {
    const state = ClusterState.from([node('a', { cpu: 4000, memory: 10000 })]);
    const args = { scoringStrategy: { type: 'RequestedToCapacityRatio' as const, resources: [{ name: 'cpu', weight: 1 }, { name: 'memory', weight: 1 }], requestedToCapacityRatio: { shape: [{ utilization: 0, score: 0 }, { utilization: 100, score: 10 }] } } };
    // cpu 3000/4000 = 75% → 75; memory 5000/10000 = 50% → 50: round(125/2 = 62.5) = 63
    expect(runScore(newNodeResourcesFit(args), state, pod({}, { cpu: 3000, memory: 5000 }))).toEqual({ a: 63 });
  });

  it('broken-linear truncates toward zero on a decreasing segment', () => {
    const f = brokenLinear(scaleShape([{ utilization: 0, score: 10 }, { utilization: 30, score: 3 }, { utilization: 100, score: 0 }]));
    // between (0,100) and (30,30): 100 + (30-100)*(7-0)/30 = 100 + trunc(-490/30 = -16.33) = 84 (floor would give 83)
    expect(f(7)).toBe(84);
    expect(f(0)).toBe(100);
    expect(f(150)).toBe(0);
  });

  it('least + most of one resource is 100 or 99 (truncation), property', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 1e12 }), fc.integer({ min: 0, max: 1e12 }), (cap, req) => {
      fc.pre(req <= cap);
      const sum = leastRequestedScore(req, cap) + mostRequestedScore(req, cap);
      return sum === 100 || sum === 99;
    }));
  });

  it('rejects invalid args with the offending value', () => {
    expect(() => newNodeResourcesFit({ scoringStrategy: { resources: [{ name: 'cpu', weight: 0 }] } })).toThrow(/weight of cpu not in valid range \[1, 100\], got 0/);
    expect(() => newNodeResourcesFit({ scoringStrategy: { type: 'Nope' as never } })).toThrow(/unknown "Nope"/);
    expect(() => newNodeResourcesFit({ scoringStrategy: { type: 'RequestedToCapacityRatio' } })).toThrow(/shape/);
    expect(() => newNodeResourcesFit({ scoringStrategy: { type: 'RequestedToCapacityRatio', requestedToCapacityRatio: { shape: [{ utilization: 50, score: 1 }, { utilization: 40, score: 2 }] } } })).toThrow(/increasing/);
  });
});
