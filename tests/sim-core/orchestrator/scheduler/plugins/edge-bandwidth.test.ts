/** EdgeBandwidth: residual path bandwidth vs the pod's ingress share, bottleneck path wins. */
import { describe, expect, it } from 'vitest';
import { ClusterState } from '../../../../../sim-core/orchestrator/scheduler/state.ts';
import { ingressShares, newEdgeBandwidth, pathHeadroomScore } from '../../../../../sim-core/orchestrator/scheduler/plugins/edge-bandwidth.ts';
import type { SchedulingHost } from '../../../../../sim-core/orchestrator/scheduler/types.ts';
import type { Pod } from '../../../../../sim-core/orchestrator/scheduler/api-types.ts';
import { newPodInfo } from '../../../../../sim-core/orchestrator/scheduler/pod-info.ts';
import type { AnyPlugin, CycleState } from '../../../../../sim-core/orchestrator/scheduler/types.ts';
import { node, pod } from '../helpers.ts';

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

const MBPS = 1e6;
const BW: Record<string, Record<string, number>> = {
  cam: { a: Infinity, b: 100 * MBPS, c: 20 * MBPS, d: 50 * MBPS },
  mic: { a: 10 * MBPS, b: 100 * MBPS, c: 100 * MBPS, d: NaN },
};
const host: SchedulingHost = { bandwidthBps: (s, _i, n) => BW[s]![n]! };

describe('path arithmetic', () => {
  it.each([
    [100 * MBPS, 25 * MBPS, 75], [20 * MBPS, 25 * MBPS, 0], [25 * MBPS, 25 * MBPS, 0], [Infinity, 1e12, 100], [NaN, 1, 0], [0, 0, 0], [30, 10, 66],
  ])('residual %d, need %d → %i', (r, n, want) => expect(pathHeadroomScore(r, n)).toBe(want));
  it('splits ingress by weight, equally when weights are all zero', () => {
    expect(ingressShares(40, [3, 1])).toEqual([30, 10]);
    expect(ingressShares(40, [0, 0])).toEqual([20, 20]);
  });
});

describe('EdgeBandwidth', () => {
  const state = ClusterState.from(['a', 'b', 'c', 'd'].map((n) => node(n)));
  it('one source, 25 Mbps: a local (∞) 100, b (100-25)/100 = 75, c 20 < 25 → 0, d (50-25)/50 = 50', () => {
    expect(scoreWith(newEdgeBandwidth(), state, pod({ edge: { dataSourceNodes: ['cam'], ingressBps: 25 * MBPS } }), host)).toEqual({ a: 100, b: 75, c: 0, d: 50 });
  });
  it('two sources split 3:1 of 40 Mbps (30, 10): node scores its bottleneck', () => {
    // a: cam ∞ → 100, mic 10 ≤ 10 → 0 → 0; b: 70, 90 → 70; c: 20 < 30 → 0; d: mic unknown → 0
    expect(scoreWith(newEdgeBandwidth(), state, pod({ edge: { dataSourceNodes: ['cam', 'mic'], dataSourceWeights: { cam: 3, mic: 1 }, ingressBps: 40 * MBPS } }), host)).toEqual({ a: 0, b: 70, c: 0, d: 0 });
  });
  it('skips pods without ingress or sources; needs host.bandwidthBps', () => {
    expect(scoreWith(newEdgeBandwidth(), state, pod({ edge: { dataSourceNodes: ['cam'] } }), host)).toBe('skip');
    expect(scoreWith(newEdgeBandwidth(), state, pod({ edge: { ingressBps: 5 } }), host)).toBe('skip');
    expect(() => scoreWith(newEdgeBandwidth(), state, pod({ edge: { dataSourceNodes: ['cam'], ingressBps: 5 } }), {})).toThrow(/provides no bandwidthBps/);
    expect(() => scoreWith(newEdgeBandwidth(), state, pod({ edge: { dataSourceNodes: ['cam'], ingressBps: -5 } }), host)).toThrow(/ingressBps must be a finite number >= 0, got -5/);
  });
});
