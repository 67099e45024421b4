import { describe, expect, it } from 'vitest';
import { ClusterState } from '../../../../../sim-core/orchestrator/scheduler/state.ts';
import { newInterPodAffinity } from '../../../../../sim-core/orchestrator/scheduler/plugins/inter-pod-affinity.ts';
import type { Status } from '../../../../../sim-core/orchestrator/scheduler/types.ts';
import type { Pod, PodAffinityTerm } from '../../../../../sim-core/orchestrator/scheduler/api-types.ts';
import { node, pod, runFilter, runScore } from '../helpers.ts';

const ZONE = 'zone', HOST = 'kubernetes.io/hostname';
const term = (labels: Record<string, string>, topologyKey: string, extra: Partial<PodAffinityTerm> = {}): PodAffinityTerm => ({ labelSelector: { matchLabels: labels }, topologyKey, ...extra });
function cluster(): ClusterState {
  return ClusterState.from([node('n1', {}, { labels: { zone: 'a' } }), node('n2', {}, { labels: { zone: 'a' } }), node('n3', {}, { labels: { zone: 'b' } }), node('n4')]);
}
const failures = (m: Map<string, Status> | 'skip') => (m === 'skip' ? 'skip' : Object.fromEntries([...m].map(([n, s]) => [n, `${s.code}: ${s.reasons[0]}`])));
const withAffinity = (a: Pod['affinity'], labels: Record<string, string> = {}) => pod({ labels, affinity: a });

describe('InterPodAffinity filter', () => {
  it('required affinity: the node\'s domain must hold a matching pod; nodes without the key fail', () => {
    const s = cluster();
    s.addPod(pod({ labels: { app: 'db' } }), 'n1');
    const p = withAffinity({ podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'db' }, ZONE)] } });
    expect(failures(runFilter(newInterPodAffinity(), s, p))).toEqual({
      n3: "UnschedulableAndUnresolvable: node(s) didn't match pod affinity rules",
      n4: "UnschedulableAndUnresolvable: node(s) didn't match pod affinity rules",
    });
  });
  it('the first pod of a self-affine group may go to any node with the topology label', () => {
    const s = cluster();
    const p = withAffinity({ podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'db' }, ZONE)] } }, { app: 'db' });
    expect(failures(runFilter(newInterPodAffinity(), s, p))).toEqual({ n4: "UnschedulableAndUnresolvable: node(s) didn't match pod affinity rules" });
    // not self-matching → nothing fits
    const q = withAffinity({ podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'db' }, ZONE)] } }, { app: 'web' });
    expect(Object.keys(failures(runFilter(newInterPodAffinity(), s, q)))).toEqual(['n1', 'n2', 'n3', 'n4']);
  });
  it('required anti-affinity of the incoming pod', () => {
    const s = cluster();
    s.addPod(pod({ labels: { app: 'web' } }), 'n2');
    const p = withAffinity({ podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'web' }, ZONE)] } });
    expect(failures(runFilter(newInterPodAffinity(), s, p))).toEqual({
      n1: "Unschedulable: node(s) didn't match pod anti-affinity rules",
      n2: "Unschedulable: node(s) didn't match pod anti-affinity rules",
    });
  });
  it('existing pods\' required anti-affinity against the incoming pod (namespace-scoped)', () => {
    const s = cluster();
    s.addPod(withAffinity({ podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'foo' }, ZONE)] } }), 'n1');
    expect(failures(runFilter(newInterPodAffinity(), s, pod({ labels: { app: 'foo' } })))).toEqual({
      n1: "Unschedulable: node(s) didn't satisfy existing pods anti-affinity rules",
      n2: "Unschedulable: node(s) didn't satisfy existing pods anti-affinity rules",
    });
    // another namespace is not matched by a term without namespaces
    expect(runFilter(newInterPodAffinity(), s, pod({ namespace: 'other', labels: { app: 'foo' } }))).toBe('skip');
    // ...unless the term selects namespaces by label ({} = all)
    s.addPod(withAffinity({ podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'foo' }, HOST, { namespaceSelector: {} })] } }), 'n3');
    expect(failures(runFilter(newInterPodAffinity(), s, pod({ namespace: 'other', labels: { app: 'foo' } })))).toEqual({
      n3: "Unschedulable: node(s) didn't satisfy existing pods anti-affinity rules",
    });
  });
  it('no affinity anywhere → Skip', () => {
    expect(runFilter(newInterPodAffinity(), cluster(), pod())).toBe('skip');
  });
});

describe('InterPodAffinity score', () => {
  it('preferred affinity and anti-affinity of the incoming pod, min-max normalized', () => {
    const s = cluster();
    s.addPod(pod({ labels: { app: 'db' } }), 'n1');
    s.addPod(pod({ labels: { app: 'web' } }), 'n2');
    const p = withAffinity({
      podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 5, podAffinityTerm: term({ app: 'db' }, ZONE) }] },
      podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, podAffinityTerm: term({ app: 'web' }, HOST) }] },
    });
    // zone a +5 (n1, n2); host n2 -10 → raw n1 5, n2 -5, n3 0, n4 0; min -5 max 5 → 100, 0, 50, 50
    expect(runScore(newInterPodAffinity(), s, p)).toEqual({ n1: 100, n2: 0, n3: 50, n4: 50 });
  });
  it('existing pods\' preferred terms and required affinity (hardPodAffinityWeight) count toward the incoming pod', () => {
    const s = cluster();
    s.addPod(withAffinity({ podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 20, podAffinityTerm: term({ app: 'foo' }, HOST) }] } }), 'n3');
    s.addPod(withAffinity({ podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'foo' }, ZONE)] } }), 'n1');
    // zone a +1 (hard weight 1), host n3 -20 → n1 1, n2 1, n3 -20, n4 0; min -20 max 1 diff 21
    // → n1 100, n2 100, n3 0, n4 int(100*20/21 = 95.2) = 95
    expect(runScore(newInterPodAffinity(), s, pod({ labels: { app: 'foo' } }))).toEqual({ n1: 100, n2: 100, n3: 0, n4: 95 });
    expect(runScore(newInterPodAffinity({ hardPodAffinityWeight: 0 }), s, pod({ labels: { app: 'foo' } }))).toEqual({ n1: 100, n2: 100, n3: 0, n4: 100 });
    expect(runScore(newInterPodAffinity({ ignorePreferredTermsOfExistingPods: true }), s, pod({ labels: { app: 'foo' } }))).toBe('skip');
  });
  it('nothing matches → Skip', () => {
    expect(runScore(newInterPodAffinity(), cluster(), pod())).toBe('skip');
  });
});
