/** EdgeAccelerator: capacity − used by bound pods, filter reasons, least-loaded score (hand arithmetic). */
import { describe, expect, it } from 'vitest';
import { ClusterState } from '../../../../../sim-core/orchestrator/scheduler/state.ts';
import { acceleratorScore, newEdgeAccelerator } from '../../../../../sim-core/orchestrator/scheduler/plugins/edge-accelerator.ts';
import { nodeAcceleratorCapacity } from '../../../../../sim-core/orchestrator/scheduler/plugins/edge-attrs.ts';
import type { Status } from '../../../../../sim-core/orchestrator/scheduler/types.ts';
import { node, pod, runFilter, runScore } from '../helpers.ts';

const failed = (m: Map<string, Status> | 'skip') => (m === 'skip' ? 'skip' : Object.fromEntries([...m].map(([n, s]) => [n, `${s.code}: ${s.reasons.join('; ')}`])));
const gpu = (name: string, count = 1) => pod({ name, edge: { accelerator: 'gpu', acceleratorCount: count } });

describe('accelerator capacity', () => {
  it('reads {type,count} records and k8s resource names (count from allocatable)', () => {
    expect(nodeAcceleratorCapacity(node('a', {}, { edge: { accelerators: [{ type: 'gpu', count: 2 }, { type: 'tpu', count: 1 }, { type: 'gpu', count: 1 }] as never } }))).toEqual(new Map([['gpu', 3], ['tpu', 1]]));
    expect(nodeAcceleratorCapacity(node('b', { 'nvidia.com/gpu': 4 }, { edge: { accelerators: ['nvidia.com/gpu'] } }))).toEqual(new Map([['nvidia.com/gpu', 4]]));
    expect(() => nodeAcceleratorCapacity(node('c', {}, { edge: { accelerators: [{ type: 'gpu', count: -1 }] as never } }))).toThrow(/count must be/);
  });
  it.each([
    [4, 0, 1, 75], // (4-0-1)/4 = 0.75
    [4, 2, 1, 25], // (4-2-1)/4 = 0.25
    [3, 0, 1, 66], // 2/3 = 0.666 → 66 (truncated)
    [1, 0, 1, 0],
    [2, 2, 1, 0], // does not fit
    [0, 0, 1, 0],
  ])('score(cap %i, used %i, need %i) = %i', (c, u, q, want) => expect(acceleratorScore(c, u, q)).toBe(want));
});

describe('EdgeAccelerator', () => {
  const state = ClusterState.from([
    node('big', {}, { edge: { accelerators: [{ type: 'gpu', count: 4 }] as never } }),
    node('small', {}, { edge: { accelerators: [{ type: 'gpu', count: 2 }] as never } }),
    node('tpu', {}, { edge: { accelerators: [{ type: 'tpu', count: 8 }] as never } }),
    node('none'),
  ]);
  state.addPod(gpu('used1', 2), 'big');
  state.addPod(gpu('used2', 1), 'small');
  state.addPod(pod({ name: 'plain' }), 'small'); // no accelerator: uses none
  it('filter: missing type is unresolvable; all taken is Insufficient', () => {
    expect(failed(runFilter(newEdgeAccelerator(), state, gpu('q', 2)))).toEqual({
      small: 'Unschedulable: Insufficient accelerator gpu', // 2 - 1 = 1 free < 2
      tpu: 'UnschedulableAndUnresolvable: node(s) have no gpu accelerator',
      none: 'UnschedulableAndUnresolvable: node(s) have no gpu accelerator',
    });
    expect(failed(runFilter(newEdgeAccelerator(), state, gpu('q1', 1)))).toEqual({
      tpu: 'UnschedulableAndUnresolvable: node(s) have no gpu accelerator',
      none: 'UnschedulableAndUnresolvable: node(s) have no gpu accelerator',
    });
  });
  it('score: least-loaded matching accelerator wins', () => {
    // big: (4-2-1)/4 = 25; small: (2-1-1)/2 = 0
    expect(runScore(newEdgeAccelerator(), state, gpu('q2', 1), ['big', 'small'])).toEqual({ big: 25, small: 0 });
  });
  it('pods without an accelerator skip both points; bad counts throw', () => {
    expect(runFilter(newEdgeAccelerator(), state, pod())).toBe('skip');
    expect(runScore(newEdgeAccelerator(), state, pod())).toBe('skip');
    expect(() => runFilter(newEdgeAccelerator(), state, pod({ edge: { accelerator: 'gpu', acceleratorCount: 0 } }))).toThrow(/acceleratorCount must be an integer >= 1, got 0/);
  });
});
