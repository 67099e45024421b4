import { describe, expect, it } from 'vitest';
import { observationOf, observePush } from '../../../connectors/push/observation.ts';
import type { PushNodeRow } from '../../../connectors/push/store.ts';
import { initRollout } from '../../../sim-core/orchestrator/rollout/controller.ts';
import { DEFAULT_GATE_THRESHOLDS } from '../../../sim-core/orchestrator/rollout/gates.ts';
import { parseWaves, planWaves } from '../../../sim-core/orchestrator/rollout/waves.ts';
import { appMetrics, blankNode, fakeFleet } from './support/fixtures.ts';

const row = (node: string, over: Partial<PushNodeRow> = {}): PushNodeRow => ({
  node, wave: 0, state: 'delivered', target: ['shop/api'], previous: [], version: 3, desired: null, deliveredAtMs: 1000, confirmedVersion: null,
  rollbackVersion: null, rollbackDesired: null, rollbackDeliveredAtMs: null, ...over,
});

describe('observationOf', () => {
  it('metrics count only when measured after the version was handed over', () => {
    const n = { ...blankNode('a'), state: 'ready' as const, runningVersion: 3, metrics: { v: 1 as const, node: 'a', atMs: 999, intervalMs: 1000, cpuUtilization: 0, memoryBytes: 0, apps: { 'shop/api': appMetrics(500, 0) } } };
    expect(observationOf(n, 1000).apps).toBeNull();
    expect(observationOf({ ...n, metrics: { ...n.metrics, atMs: 1000 } }, 1000).apps).toEqual({ 'shop/api': { requests: 100, errorRate: 0, latencyMsP95: 500 } });
    expect(observationOf(n, null).apps).toBeNull();
  });
});

describe('observePush', () => {
  const rollout = () => {
    const s = initRollout(planWaves(['a', 'b', 'c'], parseWaves('100%')), DEFAULT_GATE_THRESHOLDS);
    for (const n of ['a', 'b', 'c']) s.nodes[n] = { wave: 0, state: 'delivered', version: 3, rollbackVersion: null };
    return s;
  };

  it('a node seen on its version is reported as newly confirmed; one confirmed before stands in for a report the fleet lost', () => {
    const fleet = fakeFleet();
    fleet.set('a', { state: 'ready', runningVersion: 3 }); // seen now
    fleet.set('b', { state: 'ready', runningVersion: 0 }); // a restarted fleet that missed b's report
    fleet.set('c', { state: 'ready', runningVersion: 0 }); // c really has not taken it yet
    const r = observePush([row('a'), row('b', { confirmedVersion: 3 }), row('c')], rollout(), fleet);
    expect(r.confirmed).toEqual([{ node: 'a', version: 3 }]);
    expect(r.nodes.map((o) => [o.node, o.runningVersion])).toEqual([['a', 3], ['b', 3], ['c', 0]]);
  });

  it('nodes not delivered yet, or unknown to the fleet, are left out (the gate says "no telemetry yet")', () => {
    const fleet = fakeFleet();
    fleet.set('a', { state: 'ready', runningVersion: 3 });
    const s = rollout();
    s.nodes.a!.state = 'delivering';
    expect(observePush([row('a'), row('b')], s, fleet)).toEqual({ nodes: [], confirmed: [] });
  });
});
