/** EdgeEnergy: linear power model, powering on an idle node costs idle watts; least marginal → 100. */
import { describe, expect, it } from 'vitest';
import { ClusterState } from '../../../../../sim-core/orchestrator/scheduler/state.ts';
import { marginalWatts, newEdgeEnergy, nodeWatts, powerModel, powerWatts } from '../../../../../sim-core/orchestrator/scheduler/plugins/edge-energy.ts';
import { node, pod, runScore } from '../helpers.ts';

describe('power model', () => {
  const m = { idleWatts: 40, maxWatts: 140 };
  it.each([
    [true, 0, 40], [true, 0.5, 90], [true, 1, 140], [true, 1.7, 140], [false, 0.5, 0],
  ])('on %s at u=%d → %d W', (on, u, want) => expect(powerWatts(m, on, u)).toBe(want));
  it('marginal watts: on at 50% + 10% → 10 W; off node + 10% → idle 40 + 10 = 50 W; capped at max', () => {
    expect(marginalWatts(m, true, 0.5, 0.1)).toBeCloseTo(10, 12);
    expect(marginalWatts(m, false, 0, 0.1)).toBeCloseTo(50, 12);
    expect(marginalWatts(m, true, 0.95, 0.1)).toBeCloseTo(5, 12);
  });
  it('reads idle/max, or a flat watts, and rejects max < idle', () => {
    expect(powerModel(node('a', {}, { edge: { idleWatts: 5, maxWatts: 15 } }))).toEqual({ idleWatts: 5, maxWatts: 15 });
    expect(powerModel(node('b', {}, { edge: { watts: 12 } }))).toEqual({ idleWatts: 12, maxWatts: 12 });
    expect(powerModel(node('c'))).toBeUndefined();
    expect(() => powerModel(node('d', {}, { edge: { idleWatts: 20, maxWatts: 10 } }))).toThrow(/idle 20, max 10/);
  });
});

describe('EdgeEnergy', () => {
  // every node: 4000m cpu; pod asks 400m = 10% of a node
  const nodes = [
    node('busy', { cpu: 4000 }, { edge: { idleWatts: 40, maxWatts: 140 } }), // on (has a pod): +10 W
    node('off', { cpu: 4000 }, { edge: { idleWatts: 40, maxWatts: 140 } }), // off: 40 + 10 = 50 W
    node('pi', { cpu: 4000 }, { edge: { idleWatts: 2, maxWatts: 7, poweredOn: true } }), // on: 0.5 W
    node('telemetry', { cpu: 4000 }, { edge: { idleWatts: 10, maxWatts: 60, utilization: 0.2 } }), // on by telemetry: 5 W
    node('unknown', { cpu: 4000 }),
  ];
  const state = ClusterState.from(nodes);
  state.addPod(pod({ name: 'load' }, { cpu: 2000 }), 'busy');
  it('current draw: busy at 50% = 90 W, off 0 W, pi idle 2 W, telemetry 10 + 50×0.2 = 20 W', () => {
    expect(['busy', 'off', 'pi', 'telemetry', 'unknown'].map((n) => nodeWatts(state, state.indexOf(n)))).toEqual([90, 0, 2, 20, 0]);
  });
  it('score: marginal W busy 10, off 50, pi 0.5, telemetry 5 → trunc(100(50-m)/49.5): 80, 0, 100, 90 (90.9 truncated); unknown 0', () => {
    expect(runScore(newEdgeEnergy(), state, pod({}, { cpu: 400 }))).toEqual({ busy: 80, off: 0, pi: 100, telemetry: 90, unknown: 0 });
  });
});
