/** TaintToleration, NodeAffinity, NodeName, NodeUnschedulable, NodePorts: kube-style tables. */
import { describe, expect, it } from 'vitest';
import { ClusterState } from '../../../../../sim-core/orchestrator/scheduler/state.ts';
import { newTaintToleration } from '../../../../../sim-core/orchestrator/scheduler/plugins/taint-toleration.ts';
import { newNodeAffinity } from '../../../../../sim-core/orchestrator/scheduler/plugins/node-affinity.ts';
import { newNodeName } from '../../../../../sim-core/orchestrator/scheduler/plugins/node-name.ts';
import { newNodeUnschedulable } from '../../../../../sim-core/orchestrator/scheduler/plugins/node-unschedulable.ts';
import { newNodePorts } from '../../../../../sim-core/orchestrator/scheduler/plugins/node-ports.ts';
import { toleratesTaint } from '../../../../../sim-core/orchestrator/scheduler/plugins/taints.ts';
import type { Status } from '../../../../../sim-core/orchestrator/scheduler/types.ts';
import { node, pod, runFilter, runScore } from '../helpers.ts';

const failed = (m: Map<string, Status> | 'skip') => (m === 'skip' ? 'skip' : Object.fromEntries([...m].map(([n, s]) => [n, `${s.code}: ${s.reasons.join('; ')}`])));

describe('toleration matching (core/v1 ToleratesTaint)', () => {
  const taint = { key: 'k', value: 'v', effect: 'NoSchedule' as const };
  it.each([
    [{ key: 'k', operator: 'Equal' as const, value: 'v', effect: 'NoSchedule' as const }, true],
    [{ key: 'k', value: 'v' }, true], // empty operator = Equal, empty effect = any
    [{ key: 'k', value: 'x' }, false],
    [{ key: 'k', operator: 'Exists' as const }, true],
    [{ operator: 'Exists' as const }, true], // empty key + Exists tolerates everything
    [{ key: 'k', operator: 'Exists' as const, effect: 'NoExecute' as const }, false],
    [{ key: 'other', operator: 'Exists' as const }, false],
  ])('%j → %s', (tol, want) => expect(toleratesTaint(tol, taint)).toBe(want));
});

describe('TaintToleration', () => {
  const state = ClusterState.from([
    node('clean'),
    node('hard', {}, { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }, { key: 'x', value: '', effect: 'NoExecute' }] }),
    node('soft', {}, { taints: [{ key: 'a', value: '1', effect: 'PreferNoSchedule' }, { key: 'b', value: '2', effect: 'PreferNoSchedule' }] }),
    node('soft1', {}, { taints: [{ key: 'a', value: '1', effect: 'PreferNoSchedule' }] }),
  ]);
  it('filter names the first untolerated hard taint, unresolvable', () => {
    expect(failed(runFilter(newTaintToleration(), state, pod()))).toEqual({ hard: 'UnschedulableAndUnresolvable: node(s) had untolerated taint {dedicated: gpu}' });
    expect(failed(runFilter(newTaintToleration(), state, pod({ tolerations: [{ key: 'dedicated', operator: 'Exists' }] })))).toEqual({ hard: 'UnschedulableAndUnresolvable: node(s) had untolerated taint {x: }' });
  });
  it('score counts intolerable PreferNoSchedule taints, reversed: 100 - 100*count/max', () => {
    // counts: clean 0, hard 0, soft 2, soft1 1 → 100, 100, 0, 50
    expect(runScore(newTaintToleration(), state, pod())).toEqual({ clean: 100, hard: 100, soft: 0, soft1: 50 });
    // a NoSchedule-only toleration does not count for PreferNoSchedule
    expect(runScore(newTaintToleration(), state, pod({ tolerations: [{ key: 'a', operator: 'Exists', effect: 'NoSchedule' }] }))).toEqual({ clean: 100, hard: 100, soft: 0, soft1: 50 });
    // tolerating a: counts 0,0,1,0 → soft 0, others 100
    expect(runScore(newTaintToleration(), state, pod({ tolerations: [{ key: 'a', operator: 'Exists' }] }))).toEqual({ clean: 100, hard: 100, soft: 0, soft1: 100 });
  });
});

describe('NodeAffinity', () => {
  const state = ClusterState.from([
    node('a', {}, { labels: { zone: 'z1', gen: '3', disk: 'ssd' } }),
    node('b', {}, { labels: { zone: 'z2', gen: '5' } }),
    node('c', {}, { labels: { zone: 'z3', gen: 'x' } }),
  ]);
  const req = (terms: unknown[]) => pod({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms as never } } } });
  const pass = (p: ReturnType<typeof pod>) => {
    const f = runFilter(newNodeAffinity(), state, p);
    return f === 'skip' ? 'skip' : state.names.filter((n) => !f.has(n));
  };
  it.each([
    ['In', [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['z1', 'z3'] }] }], ['a', 'c']],
    ['NotIn matches a missing key', [{ matchExpressions: [{ key: 'disk', operator: 'NotIn', values: ['ssd'] }] }], ['b', 'c']],
    ['Exists', [{ matchExpressions: [{ key: 'disk', operator: 'Exists' }] }], ['a']],
    ['DoesNotExist', [{ matchExpressions: [{ key: 'disk', operator: 'DoesNotExist' }] }], ['b', 'c']],
    ['Gt (non-integer label never matches)', [{ matchExpressions: [{ key: 'gen', operator: 'Gt', values: ['3'] }] }], ['b']],
    ['Lt', [{ matchExpressions: [{ key: 'gen', operator: 'Lt', values: ['5'] }] }], ['a']],
    ['terms are ORed', [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['z1'] }] }, { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['b'] }] }], ['a', 'b']],
    ['expressions in a term are ANDed', [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['z1', 'z2'] }, { key: 'gen', operator: 'Gt', values: ['4'] }] }], ['b']],
    ['an empty term matches nothing', [{}], []],
    ['matchFields NotIn', [{ matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['b'] }] }], ['a', 'c']],
  ])('%s', (_name, terms, want) => expect(pass(req(terms))).toEqual(want));

  it('nodeSelector ANDs with affinity; no selector and no affinity → Skip', () => {
    expect(pass(pod({ nodeSelector: { zone: 'z2' } }))).toEqual(['b']);
    expect(pass(pod())).toBe('skip');
    const f = runFilter(newNodeAffinity(), state, pod({ nodeSelector: { zone: 'z9' } })) as Map<string, Status>;
    expect(f.get('a')!.reasons).toEqual(["node(s) didn't match Pod's node affinity/selector"]);
    expect(f.get('a')!.code).toBe('UnschedulableAndUnresolvable');
  });

  it('addedAffinity is enforced with its own reason', () => {
    const pl = newNodeAffinity({ addedAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['z1'] }] }] } } });
    expect(failed(runFilter(pl, state, pod()))).toEqual({
      b: "UnschedulableAndUnresolvable: node(s) didn't match scheduler-enforced node affinity",
      c: "UnschedulableAndUnresolvable: node(s) didn't match scheduler-enforced node affinity",
    });
  });

  it('preferred terms: sum of matching weights, scaled by the max', () => {
    const p = pod({ affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [
      { weight: 2, preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['z1', 'z2'] }] } },
      { weight: 6, preference: { matchExpressions: [{ key: 'disk', operator: 'Exists' }] } },
      { weight: 0, preference: { matchExpressions: [{ key: 'zone', operator: 'Exists' }] } },
    ] } } });
    // raw a = 8, b = 2, c = 0 → 100*8/8 = 100, 100*2/8 = 25, 0
    expect(runScore(newNodeAffinity(), state, p)).toEqual({ a: 100, b: 25, c: 0 });
    expect(runScore(newNodeAffinity(), state, pod())).toBe('skip');
  });
});

describe('NodeName, NodeUnschedulable, NodePorts', () => {
  const state = ClusterState.from([node('a'), node('b', {}, { unschedulable: true })]);
  it('NodeName keeps only the named node', () => {
    expect(failed(runFilter(newNodeName(), state, pod({ nodeName: 'b' })))).toEqual({ a: "UnschedulableAndUnresolvable: node(s) didn't match the requested node name" });
    expect(failed(runFilter(newNodeName(), state, pod()))).toEqual({});
  });
  it('NodeUnschedulable rejects cordoned nodes unless the pod tolerates node.kubernetes.io/unschedulable', () => {
    expect(failed(runFilter(newNodeUnschedulable(), state, pod()))).toEqual({ b: 'UnschedulableAndUnresolvable: node(s) were unschedulable' });
    expect(failed(runFilter(newNodeUnschedulable(), state, pod({ tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }] })))).toEqual({});
  });
  it('NodePorts: 0.0.0.0 conflicts with any IP on the same protocol/port', () => {
    const s = ClusterState.from([node('a'), node('b'), node('c')]);
    s.addPod(pod({ containers: [{ hostPorts: [{ port: 8080, hostIP: '10.0.0.1' }] }] }), 'a');
    s.addPod(pod({ containers: [{ hostPorts: [{ port: 8080, protocol: 'UDP' }] }] }), 'b');
    expect(failed(runFilter(newNodePorts(), s, pod({ containers: [{ hostPorts: [{ port: 8080 }] }] })))).toEqual({ a: "Unschedulable: node(s) didn't have free ports for the requested pod ports" });
    expect(failed(runFilter(newNodePorts(), s, pod({ containers: [{ hostPorts: [{ port: 8080, hostIP: '10.0.0.2' }] }] })))).toEqual({});
    expect(runFilter(newNodePorts(), s, pod())).toBe('skip');
  });
});
