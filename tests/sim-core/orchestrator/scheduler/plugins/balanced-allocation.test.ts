import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ClusterState } from '../../../../../sim-core/orchestrator/scheduler/state.ts';
import { newBalancedAllocation } from '../../../../../sim-core/orchestrator/scheduler/plugins/balanced-allocation.ts';
import { balancedDeltaScore, balancedStdScore } from '../../../../../sim-core/orchestrator/scheduler/plugins/resource-scorers.ts';
import { node, pod, runScore } from '../helpers.ts';

describe('NodeResourcesBalancedAllocation', () => {
  it('three resources use the population standard deviation (std era)', () => {
    const state = ClusterState.from([node('a', { cpu: 1000, memory: 1000, 'nvidia.com/gpu': 4 })]);
    const args = { formula: 'std' as const, resources: [{ name: 'cpu', weight: 1 }, { name: 'memory', weight: 1 }, { name: 'nvidia.com/gpu', weight: 1 }] };
    // fractions 0.5, 0.2, 0.75: mean 0.48333; var = (0.0002778+0.0802778+0.0711111)/3 = 0.050556; std 0.22485 → int(77.51) = 77
    expect(runScore(newBalancedAllocation(args), state, pod({}, { cpu: 500, memory: 200, 'nvidia.com/gpu': 3 }))).toEqual({ a: 77 });
  });

  it('best-effort pods are skipped (kube #129138); requests are not non-zero-defaulted', () => {
    const state = ClusterState.from([node('a', { cpu: 1000, memory: 1000 })]);
    expect(runScore(newBalancedAllocation(), state, pod())).toBe('skip');
    // cpu 500/1000 = .5, memory 0 (missing → 0, not 200MB): std .25 → S(with) 75; S(without) 100 → 50 + (50+75-100)/2 = 62
    expect(runScore(newBalancedAllocation(), state, pod({}, { cpu: 500 }))).toEqual({ a: 62 });
  });

  it('delta era stays within 50..100, property', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.integer({ min: 1, max: 1e9 }), fc.integer({ min: 0, max: 2e9 }), fc.integer({ min: 0, max: 2e9 })), { minLength: 1, maxLength: 4 }), (rs) => {
      const alloc = rs.map((r) => r[0]), without = rs.map((r) => r[1]), withPod = rs.map((r) => r[1] + r[2]);
      const d = balancedDeltaScore(balancedStdScore(withPod, alloc), balancedStdScore(without, alloc));
      return d >= 50 && d <= 100 && Number.isInteger(d);
    }));
  });

  it('rejects an unknown formula', () => {
    expect(() => newBalancedAllocation({ formula: 'new' as never })).toThrow(/unknown "new" \(delta, std\)/);
  });
});
