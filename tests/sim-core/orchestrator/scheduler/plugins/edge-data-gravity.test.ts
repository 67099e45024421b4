/** EdgeDataGravity: latency-weighted distance to sources and consumers (sources shared with placed replicas), hand arithmetic. */
import { describe, expect, it } from 'vitest';
import type { Pod } from '../../../../../sim-core/orchestrator/scheduler/api-types.ts';
import { ClusterState } from '../../../../../sim-core/orchestrator/scheduler/state.ts';
import { newPodInfo } from '../../../../../sim-core/orchestrator/scheduler/pod-info.ts';
import { gravityCost, newEdgeDataGravity } from '../../../../../sim-core/orchestrator/scheduler/plugins/edge-data-gravity.ts';
import { normalizeLowerIsBetter } from '../../../../../sim-core/orchestrator/scheduler/plugins/edge-attrs.ts';
import type { AnyPlugin, CycleState, SchedulingHost } from '../../../../../sim-core/orchestrator/scheduler/types.ts';
import { node, pod } from '../helpers.ts';

const LAT: Record<string, Record<string, number>> = {
  cam: { a: 1, b: 10, c: 20, d: 5 },
  mic: { a: 30, b: 10, c: 20, d: Infinity },
  dash: { a: 40, b: 20, c: 0, d: 5 },
};
const host: SchedulingHost = { latencyMs: (s, _i, n) => LAT[s]![n]! };

/** PreScore + Score + NormalizeScore over every node with a host. */
function scoreWith(plugin: AnyPlugin, state: ClusterState, p: Pod, h: SchedulingHost): Record<string, number> | 'skip' {
  const info = newPodInfo(p);
  const cycle: CycleState = { state, pod: info, host: h, nsLabels: {}, data: new Map() };
  const nodes = Int32Array.from(state.names.keys());
  if (plugin.preScore?.(cycle, nodes, nodes.length)?.code === 'Skip') return 'skip';
  const out = new Float64Array(nodes.length);
  plugin.score!(cycle, nodes, nodes.length, out);
  plugin.normalizeScore?.(cycle, nodes, nodes.length, out);
  return Object.fromEntries(state.names.map((n, i) => [n, out[i]!]));
}

describe('lower-is-better normalization', () => {
  it.each([
    [[10, 20, 30], [100, 50, 0]],
    [[10, 13, 40], [100, 90, 0]], // (40-13)/30 = 0.9
    [[7, 7], [100, 100]],
    [[5, Infinity, 15], [100, 0, 0]],
    [[Infinity, NaN], [0, 0]],
  ])('%j → %j', (v, want) => {
    const a = Float64Array.from(v);
    normalizeLowerIsBetter(a, a.length);
    expect([...a]).toEqual(want);
  });
});

describe('EdgeDataGravity', () => {
  const state = ClusterState.from(['a', 'b', 'c', 'd'].map((n) => node(n)));
  it('gravityCost is Σ weight × latency; an unreachable weighted endpoint is Infinity', () => {
    expect(gravityCost([1, 30], [3, 1])).toBe(33);
    expect(gravityCost([1, Infinity], [3, 0])).toBe(3); // weight 0 ignores the endpoint
    expect(gravityCost([1, Infinity], [3, 1])).toBe(Infinity);
  });
  it('weights per source (message rate): the heavy camera pulls the pod to a', () => {
    // cost = 10·cam + 1·mic: a 10+30=40, b 100+10=110, c 200+20=220, d ∞ → a 100, b (220-110)/180 = 61, c 0, d 0
    expect(scoreWith(newEdgeDataGravity(), state, pod({ edge: { dataSourceNodes: ['cam', 'mic'], dataSourceWeights: { cam: 10 } } }), host)).toEqual({ a: 100, b: 61, c: 0, d: 0 });
    // equal weights: a 31, b 20, c 40 → b 100, a (40-31)/20 = 45, c 0
    expect(scoreWith(newEdgeDataGravity(), state, pod({ edge: { dataSourceNodes: ['cam', 'mic'] } }), host)).toEqual({ a: 45, b: 100, c: 0, d: 0 });
  });
  it('consumers count too, scaled by consumerWeight', () => {
    // source cam + consumer dash: a 41, b 30, c 20, d 10 → d 100, c (41-20)/31 = 67, b 35, a 0
    expect(scoreWith(newEdgeDataGravity(), state, pod({ edge: { dataSourceNodes: ['cam'], consumerNodes: ['dash'] } }), host)).toEqual({ a: 0, b: 35, c: 67, d: 100 });
    // consumerWeight 0: only cam → a 1, b 10, c 20, d 5 → a 100, b (20-10)/19 = 52, c 0, d 78
    expect(scoreWith(newEdgeDataGravity({ consumerWeight: 0 }), state, pod({ edge: { dataSourceNodes: ['cam'], consumerNodes: ['dash'] } }), host)).toEqual({ a: 100, b: 52, c: 0, d: 78 });
  });
  it('gravityCost caps each endpoint at its nearest placed replica', () => {
    expect(gravityCost([10, 10], [1, 1], [1, 30])).toBe(11);
    expect(gravityCost([Infinity, 10], [1, 1], [5, Infinity])).toBe(15); // unreachable from the node, served by the replica
    expect(gravityCost([Infinity, 10], [1, 1], [Infinity, Infinity])).toBe(Infinity);
  });
  it('a second replica goes where the first serves its sources worst', () => {
    const svc = { 'edgetwin.io/service': 'det' };
    const replica = (extra: Partial<Pod> = {}) => pod({ labels: svc, edge: { dataSourceNodes: ['cam', 'mic'] }, ...extra });
    const st = ClusterState.from(['a', 'b', 'c', 'd'].map((n) => node(n)));
    // First replica: a 31, b 20, c 40, d ∞ (as without replicas) → b 100, a 45, c 0, d 0.
    expect(scoreWith(newEdgeDataGravity(), st, replica(), host)).toEqual({ a: 45, b: 100, c: 0, d: 0 });
    // A replica on a serves cam at 1 ms, mic at 30: a min(1,1)+min(30,30) = 31, b 1+10 = 11, c 1+20 = 21,
    // d 1+30 = 31 (mic unreachable from d, but served by a) → b 100, c 50, a 0, d 0.
    st.addPod(replica(), 'a');
    expect(scoreWith(newEdgeDataGravity(), st, replica(), host)).toEqual({ a: 0, b: 100, c: 50, d: 0 });
    // Other services, other namespaces and a custom serviceLabel that the pods lack do not count.
    const other = ClusterState.from(['a', 'b', 'c', 'd'].map((n) => node(n)));
    other.addPod(pod({ labels: { 'edgetwin.io/service': 'other' } }), 'a');
    other.addPod(replica({ namespace: 'elsewhere' }), 'a');
    expect(scoreWith(newEdgeDataGravity(), other, replica(), host)).toEqual({ a: 45, b: 100, c: 0, d: 0 });
    expect(scoreWith(newEdgeDataGravity({ serviceLabel: 'team' }), st, replica(), host)).toEqual({ a: 45, b: 100, c: 0, d: 0 });
    expect(() => newEdgeDataGravity({ serviceLabel: '' })).toThrow(/serviceLabel: must be a non-empty string/);
  });
  it('skips pods with no endpoints; validates args', () => {
    expect(scoreWith(newEdgeDataGravity(), state, pod(), host)).toBe('skip');
    expect(() => newEdgeDataGravity({ consumerWeight: -1 })).toThrow(/consumerWeight: must be a finite number >= 0, got -1/);
    expect(() => scoreWith(newEdgeDataGravity(), state, pod({ edge: { dataSourceNodes: ['cam'], dataSourceWeights: { cam: -2 } } }), host)).toThrow(/dataSourceWeights.cam/);
  });
});
