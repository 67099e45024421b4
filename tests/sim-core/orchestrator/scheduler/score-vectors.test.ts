/**
 * Every vector of tests/fixtures/k8s/score-vectors.json (scores asserted by kube-scheduler's own
 * unit tests) run through EdgeTwin's plugins; expectedScore must match exactly.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ClusterState } from '../../../../sim-core/orchestrator/scheduler/state.ts';
import { newNodeResourcesFit } from '../../../../sim-core/orchestrator/scheduler/plugins/node-resources-fit.ts';
import { newBalancedAllocation } from '../../../../sim-core/orchestrator/scheduler/plugins/balanced-allocation.ts';
import { newTaintToleration } from '../../../../sim-core/orchestrator/scheduler/plugins/taint-toleration.ts';
import type { Taint, Toleration } from '../../../../sim-core/orchestrator/scheduler/api-types.ts';
import { pod, runScore, stateWithRequests } from './helpers.ts';

const file = new URL('../../../fixtures/k8s/score-vectors.json', import.meta.url);
const doc = JSON.parse(readFileSync(file, 'utf8')) as { vectors: Vector[] };

interface VNode { name: string; allocatable?: Record<string, number>; existingRequested?: Record<string, number>; taints?: Taint[]; expectedScore: number | Record<string, number> }
interface Vector {
  id: string; plugin: string; podRequest?: Record<string, number>; podTolerations?: Toleration[];
  scoringStrategy?: { type: 'LeastAllocated' | 'MostAllocated' | 'RequestedToCapacityRatio'; resources: { name: string; weight: number }[]; shape?: { utilization: number; score: number }[] };
  args?: { resources: { name: string; weight: number }[] };
  nodes: VNode[];
}

function resourceState(v: Vector): ClusterState {
  return stateWithRequests(
    v.nodes.map((n) => ({ name: n.name, allocatable: { pods: 110, ...n.allocatable } })),
    Object.fromEntries(v.nodes.map((n) => [n.name, n.existingRequested ?? {}])),
  );
}

describe('kube-scheduler score vectors', () => {
  it('covers every vector in the file', () => {
    expect(doc.vectors.length).toBeGreaterThanOrEqual(13);
    expect(new Set(doc.vectors.map((v) => v.plugin))).toEqual(new Set(['NodeResourcesFit', 'NodeResourcesBalancedAllocation', 'TaintToleration']));
  });

  for (const v of doc.vectors) {
    if (v.plugin === 'NodeResourcesFit') {
      it(`${v.id}: NodeResourcesFit ${v.scoringStrategy!.type}`, () => {
        const s = v.scoringStrategy!;
        const plugin = newNodeResourcesFit({
          scoringStrategy: { type: s.type, resources: s.resources, ...(s.shape ? { requestedToCapacityRatio: { shape: s.shape } } : {}) },
        });
        const got = runScore(plugin, resourceState(v), pod({}, v.podRequest));
        expect(got).toEqual(Object.fromEntries(v.nodes.map((n) => [n.name, n.expectedScore])));
      });
    } else if (v.plugin === 'NodeResourcesBalancedAllocation') {
      for (const era of ['std', 'delta'] as const) {
        const expected = v.nodes.map((n) => Object.entries(n.expectedScore as Record<string, number>).find(([k]) => k.startsWith(era))?.[1]);
        if (expected.some((e) => e === undefined)) continue;
        it(`${v.id}: BalancedAllocation ${era} era`, () => {
          const plugin = newBalancedAllocation({ resources: v.args!.resources, formula: era });
          const got = runScore(plugin, resourceState(v), pod({}, v.podRequest));
          expect(got).toEqual(Object.fromEntries(v.nodes.map((n, i) => [n.name, expected[i]])));
        });
      }
    } else if (v.plugin === 'TaintToleration') {
      it(`${v.id}: TaintToleration score`, () => {
        const state = ClusterState.from(v.nodes.map((n) => ({ name: n.name, allocatable: { pods: 110 }, taints: n.taints ?? [] })));
        const got = runScore(newTaintToleration(), state, pod({ tolerations: v.podTolerations ?? [] }));
        expect(got).toEqual(Object.fromEntries(v.nodes.map((n) => [n.name, n.expectedScore])));
      });
    } else {
      it(`${v.id}: unknown plugin ${v.plugin}`, () => { throw new Error(`no runner for ${v.plugin}`); });
    }
  }
});
