/** EdgeCost: costPerHour × dominant requested fraction; cheapest → 100. */
import { describe, expect, it } from 'vitest';
import { ClusterState } from '../../../../../sim-core/orchestrator/scheduler/state.ts';
import { costShareUsdPerHour, newEdgeCost, requestedFraction } from '../../../../../sim-core/orchestrator/scheduler/plugins/edge-cost.ts';
import { node, pod, runScore } from '../helpers.ts';

const GI = 1024 ** 3;

describe('cost share', () => {
  it.each([
    [1000, 4000, 1 * GI, 8 * GI, 0.25], // cpu dominates
    [1000, 8000, 4 * GI, 8 * GI, 0.5], // memory dominates
    [1000, 0, 1 * GI, 4 * GI, 0.25], // no cpu column: memory only
  ])('fraction(%d/%d cpu, %d/%d mem) = %d', (c, ac, m, am, want) => expect(requestedFraction(c, ac, m, am)).toBe(want));
  it('USD/h = price × fraction', () => expect(costShareUsdPerHour(0.8, 0.25)).toBe(0.2));
});

describe('EdgeCost', () => {
  const state = ClusterState.from([
    node('cloud', { cpu: 16000, memory: 64 * GI }, { edge: { costPerHour: 0.8 } }),
    node('edge', { cpu: 4000, memory: 8 * GI }, { edge: { costPerHour: 0.1 } }),
    node('region', { cpu: 8000, memory: 32 * GI }, { edge: { costPerHour: 0.3 } }),
    node('free', { cpu: 2000, memory: 2 * GI }, { edge: { costPerHour: 0 } }),
    node('unpriced', { cpu: 2000, memory: 2 * GI }),
  ]);
  it('pod 1000m / 2Gi: cloud 0.8×1/16 = 0.05, edge 0.1×1/4 = 0.025, region 0.3×1/8 = 0.0375, free 0 → 100 − 100c/0.05', () => {
    // min 0 (free), max 0.05 (cloud): cloud 0, edge 100(0.05-0.025)/0.05 = 50, region 100(0.05-0.0375)/0.05 = 25
    const s = runScore(newEdgeCost(), state, pod({}, { cpu: 1000, memory: 2 * GI })) as Record<string, number>;
    expect(s.cloud).toBe(0);
    expect(s.edge).toBe(50);
    expect(s.region).toBe(25);
    expect(s.free).toBe(100);
    expect(s.unpriced).toBe(0);
  });
  it('the fraction, not the price, decides: a dear big node can beat a cheap small one', () => {
    const st = ClusterState.from([
      node('big', { cpu: 64000, memory: 256 * GI }, { edge: { costPerHour: 2 } }), // 2 × 1/64 = 0.03125
      node('small', { cpu: 2000, memory: 4 * GI }, { edge: { costPerHour: 0.1 } }), // 0.1 × 1/2 = 0.05
    ]);
    expect(runScore(newEdgeCost(), st, pod({}, { cpu: 1000, memory: 1 * GI }))).toEqual({ big: 100, small: 0 });
  });
});
