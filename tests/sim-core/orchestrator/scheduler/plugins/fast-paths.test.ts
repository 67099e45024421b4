/** The unrolled two-resource loops (the default profile's hot path) equal the general pure functions. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { newNodeResourcesFit } from '../../../../../sim-core/orchestrator/scheduler/plugins/node-resources-fit.ts';
import { newBalancedAllocation } from '../../../../../sim-core/orchestrator/scheduler/plugins/balanced-allocation.ts';
import { balancedDeltaScore, balancedStdScore, strategyScore } from '../../../../../sim-core/orchestrator/scheduler/plugins/resource-scorers.ts';
import { pod, runScore, stateWithRequests } from '../helpers.ts';

const res = fc.record({ ac: fc.integer({ min: 0, max: 64000 }), am: fc.integer({ min: 0, max: 2 ** 40 }), rc: fc.integer({ min: 0, max: 64000 }), rm: fc.integer({ min: 0, max: 2 ** 40 }) });

describe('fast paths (property, 200 runs each)', () => {
  it('LeastAllocated cpu+memory equals strategyScore', () => {
    fc.assert(fc.property(res, fc.integer({ min: 0, max: 8000 }), fc.integer({ min: 0, max: 2 ** 34 }), (n, pc, pm) => {
      const state = stateWithRequests([{ name: 'a', allocatable: { pods: 110, cpu: n.ac, memory: n.am } }], { a: { cpu: n.rc, memory: n.rm } });
      const got = runScore(newNodeResourcesFit(), state, pod({}, { cpu: pc, memory: pm })) as Record<string, number>;
      expect(got.a).toBe(strategyScore('LeastAllocated', [n.rc + pc, n.rm + pm], [n.ac, n.am], [1, 1]));
    }), { numRuns: 200 });
  });
  it('BalancedAllocation two resources equals balancedStdScore / balancedDeltaScore', () => {
    fc.assert(fc.property(res, fc.integer({ min: 1, max: 8000 }), fc.integer({ min: 0, max: 2 ** 34 }), (n, pc, pm) => {
      const state = stateWithRequests([{ name: 'a', allocatable: { pods: 110, cpu: n.ac, memory: n.am } }], { a: { cpu: n.rc, memory: n.rm } });
      const withPod = balancedStdScore([n.rc + pc, n.rm + pm], [n.ac, n.am]);
      const std = runScore(newBalancedAllocation({ formula: 'std' }), state, pod({}, { cpu: pc, memory: pm })) as Record<string, number>;
      const delta = runScore(newBalancedAllocation(), state, pod({}, { cpu: pc, memory: pm })) as Record<string, number>;
      expect(std.a).toBe(withPod);
      expect(delta.a).toBe(balancedDeltaScore(withPod, balancedStdScore([n.rc, n.rm], [n.ac, n.am])));
    }), { numRuns: 200 });
  });
});
