/** EdgeLatencyBudget: every source within budget by host.latencyMs; unreachable filtered with its reason. */
import { describe, expect, it } from 'vitest';
import type { Pod } from '../../../../../sim-core/orchestrator/scheduler/api-types.ts';
import { ClusterState } from '../../../../../sim-core/orchestrator/scheduler/state.ts';
import { newPodInfo } from '../../../../../sim-core/orchestrator/scheduler/pod-info.ts';
import { budgetVerdict, newEdgeLatencyBudget } from '../../../../../sim-core/orchestrator/scheduler/plugins/edge-latency-budget.ts';
import type { CycleState, SchedulingHost, Status } from '../../../../../sim-core/orchestrator/scheduler/types.ts';
import { node, pod } from '../helpers.ts';

// one-way latency source → node, ms; missing pair = unreachable
const LAT: Record<string, Record<string, number>> = {
  cam: { gw: 2, edge: 8, region: 30, cloud: 90 },
  lidar: { gw: 12, edge: 6, region: 35, cloud: NaN },
};
const host: SchedulingHost = { latencyMs: (s, _i, n) => LAT[s]?.[n] ?? Infinity };

function run(state: ClusterState, p: Pod, h: SchedulingHost = host): Record<string, string> | 'skip' {
  const info = newPodInfo(p);
  const cycle: CycleState = { state, pod: info, host: h, nsLabels: {}, data: new Map() };
  const plugin = newEdgeLatencyBudget();
  if (plugin.preFilter(cycle)?.code === 'Skip') return 'skip';
  const out: Record<string, string> = {};
  const nodes = Int32Array.from(state.names.keys());
  const k = plugin.filter(cycle, nodes, nodes.length, (n, s: Status) => { out[state.names[n]!] = `${s.code}: ${s.reasons.join('; ')}`; });
  for (let i = 0; i < k; i++) out[state.names[nodes[i]!]!] = 'ok';
  return out;
}

describe('budgetVerdict', () => {
  it.each([
    [[2, 8], 10, { ok: true }],
    [[10, 10], 10, { ok: true }], // equal to the budget is within it
    [[12, 6], 10, { ok: false, source: 0, unreachable: false }],
    [[12, 15], 10, { ok: false, source: 1, unreachable: false }], // slowest offender named
    [[12, Infinity], 10, { ok: false, source: 1, unreachable: true }], // unreachable beats slow
    [[NaN], 10, { ok: false, source: 0, unreachable: true }],
    [[-1], 10, { ok: false, source: 0, unreachable: true }],
  ])('%j within %i → %j', (l, b, want) => expect(budgetVerdict(l, b)).toEqual(want));
});

describe('EdgeLatencyBudget', () => {
  const state = ClusterState.from(['gw', 'edge', 'region', 'cloud', 'island'].map((n) => node(n)));
  it('10 ms from cam and lidar: gw (2, 12) fails on lidar, edge (8, 6) passes', () => {
    expect(run(state, pod({ edge: { dataSourceNodes: ['cam', 'lidar'], latencyBudgetMs: 10 } }))).toEqual({
      gw: 'UnschedulableAndUnresolvable: node(s) exceed the 10ms latency budget from data source lidar',
      edge: 'ok',
      region: 'UnschedulableAndUnresolvable: node(s) exceed the 10ms latency budget from data source lidar', // 30, 35 → slowest is lidar
      cloud: 'UnschedulableAndUnresolvable: node(s) are unreachable from data source lidar',
      island: 'UnschedulableAndUnresolvable: node(s) are unreachable from data source cam',
    });
  });
  it('a loose budget admits every reachable node', () => {
    expect(run(state, pod({ edge: { dataSourceNodes: ['cam'], latencyBudgetMs: 100 } }))).toEqual({
      gw: 'ok', edge: 'ok', region: 'ok', cloud: 'ok', island: 'UnschedulableAndUnresolvable: node(s) are unreachable from data source cam',
    });
  });
  it('skips pods without sources or without a budget; a host without latencyMs is a wiring error', () => {
    expect(run(state, pod({ edge: { latencyBudgetMs: 10 } }))).toBe('skip');
    expect(run(state, pod({ edge: { dataSourceNodes: ['cam'] } }))).toBe('skip');
    expect(() => run(state, pod({ edge: { dataSourceNodes: ['cam'], latencyBudgetMs: 10 } }), {})).toThrow(/provides no latencyMs/);
    expect(() => run(state, pod({ edge: { dataSourceNodes: ['cam'], latencyBudgetMs: -3 } }))).toThrow(/latencyBudgetMs must be a number > 0, got -3/);
  });
});
