/** EdgeFailureDomainSpread: replicas of one service spread over zones, then regions. */
import { describe, expect, it } from 'vitest';
import { ClusterState } from '../../../../../sim-core/orchestrator/scheduler/state.ts';
import { newEdgeFailureDomainSpread, spreadPenalty } from '../../../../../sim-core/orchestrator/scheduler/plugins/edge-failure-domain-spread.ts';
import { node, pod, runScore } from '../helpers.ts';

const svc = (name: string, s = 'shop.api', ns = 'default') => pod({ name, namespace: ns, labels: { 'edgetwin.io/service': s } });

describe('EdgeFailureDomainSpread', () => {
  const state = ClusterState.from([
    node('r1z1a', {}, { edge: { region: 'r1', zone: 'z1' } }),
    node('r1z1b', {}, { edge: { region: 'r1', zone: 'z1' } }),
    node('r1z2', {}, { edge: { region: 'r1', zone: 'z2' } }),
    node('r2z3', {}, { edge: { region: 'r2', zone: 'z3' } }),
    node('lone'), // no zone, no region: its own domain
  ]);
  state.addPod(svc('api-0'), 'r1z1a');
  state.addPod(svc('api-1'), 'r1z1b');
  state.addPod(svc('other-0', 'shop.db'), 'r2z3'); // other service: not counted
  state.addPod(svc('api-x', 'shop.api', 'elsewhere'), 'r2z3'); // other namespace: not counted
  it('penalty is zone-major', () => {
    expect(spreadPenalty(1, 1, 2)).toBeGreaterThan(spreadPenalty(0, 2, 2));
    expect(spreadPenalty(0, 2, 2)).toBe(2);
    expect(spreadPenalty(1, 2, 2)).toBe(5);
  });
  it('2 replicas in z1 (r1): z1 nodes 2×3+2 = 8, r1z2 0×3+2 = 2, r2z3 0, lone 0 → 0, 0, 75, 100, 100', () => {
    expect(runScore(newEdgeFailureDomainSpread(), state, svc('api-2'))).toEqual({ r1z1a: 0, r1z1b: 0, r1z2: 75, r2z3: 100, lone: 100 });
  });
  it('an emptier zone in the same region beats a fuller zone: one replica in z2 only', () => {
    const st = ClusterState.from([node('a', {}, { edge: { region: 'r1', zone: 'z1' } }), node('b', {}, { edge: { region: 'r1', zone: 'z2' } }), node('c', {}, { edge: { region: 'r2', zone: 'z3' } })]);
    st.addPod(svc('api-0'), 'b');
    // total 1: a 0×2+1 = 1, b 1×2+1 = 3, c 0 → a (3-1)/3 = 66, b 0, c 100
    expect(runScore(newEdgeFailureDomainSpread(), st, svc('api-1'))).toEqual({ a: 66, b: 0, c: 100 });
  });
  it('reads zone/region from kube labels too, and a custom service label', () => {
    const st = ClusterState.from([
      node('a', {}, { labels: { 'topology.kubernetes.io/zone': 'z1', 'topology.kubernetes.io/region': 'r1' } }),
      node('b', {}, { labels: { 'topology.kubernetes.io/zone': 'z2', 'topology.kubernetes.io/region': 'r1' } }),
    ]);
    st.addPod(pod({ name: 'x0', labels: { app: 'x' } }), 'a');
    expect(runScore(newEdgeFailureDomainSpread({ serviceLabel: 'app' }), st, pod({ labels: { app: 'x' } }))).toEqual({ a: 0, b: 100 });
    expect(() => newEdgeFailureDomainSpread({ serviceLabel: '' })).toThrow(/serviceLabel/);
  });
  it('pods without the service label skip it', () => {
    expect(runScore(newEdgeFailureDomainSpread(), state, pod())).toBe('skip');
  });
});
