import { describe, expect, it } from 'vitest';
import { initRollout, pendingDeliveries, rolloutStep, type RolloutAction, type RolloutEvent, type RolloutState } from '../../../../sim-core/orchestrator/rollout/controller.ts';
import type { GateThresholds, NodeObservation } from '../../../../sim-core/orchestrator/rollout/gates.ts';
import { parseWaves, planWaves } from '../../../../sim-core/orchestrator/rollout/waves.ts';

const T: GateThresholds = { sloLatencyMsP95: 100, maxErrorRate: 0.05, timeoutMs: 1000, minSoakMs: 0, requireMetrics: false };
const ready = (node: string, v: number): NodeObservation => ({ node, state: 'ready', runningVersion: v, report: { version: v, outcome: 'applied', reason: null }, apps: null });

/** Runs events through the controller, collecting every action. */
function run(state: RolloutState, events: RolloutEvent[]): { state: RolloutState; actions: RolloutAction[] } {
  const actions: RolloutAction[] = [];
  for (const e of events) { const r = rolloutStep(state, e); state = r.state; actions.push(...r.actions); }
  return { state, actions };
}
const deliveries = (a: RolloutAction[]) => a.filter((x) => x.type === 'deliver').map((x) => x.type === 'deliver' && `${x.purpose}:${x.node}`);

// Four nodes a,b,c,d with '1,50%': waves [a], [b], [c,d] (ceil(4*50%)=2 cumulative, then all).
const fresh = () => initRollout(planWaves(['a', 'b', 'c', 'd'], parseWaves('1,50%')), T);

describe('rolloutStep', () => {
  it('waves in order: each wave is delivered, gated, passed; then done', () => {
    const s0 = fresh();
    expect(s0.waves.map((w) => w.nodes)).toEqual([['a'], ['b'], ['c', 'd']]);
    const { state, actions } = run(s0, [
      { type: 'start', atMs: 0 },
      { type: 'delivered', node: 'a', purpose: 'apply', version: 5, atMs: 10 },
      { type: 'observation', atMs: 20, nodes: [ready('a', 5)] },
      { type: 'delivered', node: 'b', purpose: 'apply', version: 2, atMs: 30 },
      { type: 'observation', atMs: 40, nodes: [ready('a', 5), ready('b', 2)] },
      { type: 'delivered', node: 'c', purpose: 'apply', version: 1, atMs: 50 },
      { type: 'delivered', node: 'd', purpose: 'apply', version: 1, atMs: 51 },
      { type: 'observation', atMs: 60, nodes: [ready('a', 5), ready('b', 2), ready('c', 1), ready('d', 1)] },
    ]);
    expect(deliveries(actions)).toEqual(['apply:a', 'apply:b', 'apply:c', 'apply:d']);
    expect(actions.filter((a) => a.type === 'wave').map((a) => a.type === 'wave' && `${a.index}:${a.state}`)).toEqual([
      '0:delivering', '0:gating', '0:passed', '1:delivering', '1:gating', '1:passed', '2:delivering', '2:gating', '2:passed',
    ]);
    expect(actions.at(-1)).toEqual({ type: 'finished', phase: 'done', reason: null });
    expect(state.phase).toBe('done');
    expect(Object.values(state.nodes).map((n) => n.version)).toEqual([5, 2, 1, 1]);
  });

  it('the next wave waits until every node of the wave is delivered and the gate passes', () => {
    let s = run(fresh(), [{ type: 'start', atMs: 0 }, { type: 'delivered', node: 'a', purpose: 'apply', version: 1, atMs: 0 }, { type: 'observation', atMs: 1, nodes: [ready('a', 1)] }, { type: 'delivered', node: 'b', purpose: 'apply', version: 1, atMs: 2 }, { type: 'observation', atMs: 3, nodes: [ready('a', 1), ready('b', 1)] }]).state;
    expect(s.wave).toBe(2);
    s = run(s, [{ type: 'delivered', node: 'c', purpose: 'apply', version: 1, atMs: 4 }]).state;
    expect(s.phase).toBe('delivering'); // d not yet
    // an observation while delivering changes nothing
    const r = rolloutStep(s, { type: 'observation', atMs: 5, nodes: [] });
    expect(r.ignored).toMatch(/not gating/);
    expect(r.state).toBe(s);
    // inconclusive (c still on the old version) keeps gating with the reason
    s = run(s, [{ type: 'delivered', node: 'd', purpose: 'apply', version: 1, atMs: 6 }, { type: 'observation', atMs: 7, nodes: [ready('a', 1), ready('b', 1), ready('c', 0), ready('d', 1)] }]).state;
    expect(s.phase).toBe('gating');
    expect(s.gate).toEqual({ sinceMs: 6, verdict: 'inconclusive', reasons: ['c: runs version 0, waiting for 1'] });
  });

  it('a failed gate rolls back every wave already pushed (not the ones never started)', () => {
    const { state, actions } = run(fresh(), [
      { type: 'start', atMs: 0 },
      { type: 'delivered', node: 'a', purpose: 'apply', version: 3, atMs: 0 },
      { type: 'observation', atMs: 1, nodes: [ready('a', 3)] },
      { type: 'delivered', node: 'b', purpose: 'apply', version: 7, atMs: 2 },
      { type: 'observation', atMs: 3, nodes: [ready('a', 3), { ...ready('b', 7), apps: { 'shop/api': { requests: 9, errorRate: 0.5, latencyMsP95: 10 } } }] },
    ]);
    expect(actions.find((a) => a.type === 'gate' && a.verdict === 'fail')).toEqual({ type: 'gate', index: 1, verdict: 'fail', reasons: ['b: shop/api error rate 50% is over the maximum of 5%'] });
    expect(state.phase).toBe('rolling-back');
    expect(state.reason).toBe('wave 1 gate failed: b: shop/api error rate 50% is over the maximum of 5%');
    expect(deliveries(actions).filter((d) => d && d.startsWith('rollback'))).toEqual(['rollback:a', 'rollback:b']);
    expect(state.waves.map((w) => w.state)).toEqual(['rolling-back', 'rolling-back', 'skipped']);
    expect(pendingDeliveries(state)).toEqual([{ node: 'a', purpose: 'rollback' }, { node: 'b', purpose: 'rollback' }]);
    const end = run(state, [
      { type: 'delivered', node: 'a', purpose: 'rollback', version: 4, atMs: 5 },
      { type: 'delivered', node: 'b', purpose: 'rollback', version: 8, atMs: 6 },
    ]);
    expect(end.state.phase).toBe('rolled-back');
    expect(end.state.nodes.a).toEqual({ wave: 0, state: 'rolled-back', version: 3, rollbackVersion: 4 });
    expect(end.state.nodes.c!.state).toBe('pending');
    expect(end.actions.at(-1)).toEqual({ type: 'finished', phase: 'rolled-back', reason: state.reason });
  });

  it('a gate that stays inconclusive fails on the timeout tick', () => {
    let s = run(fresh(), [{ type: 'start', atMs: 100 }, { type: 'delivered', node: 'a', purpose: 'apply', version: 1, atMs: 100 }, { type: 'observation', atMs: 200, nodes: [] }]).state;
    expect(rolloutStep(s, { type: 'timeout-tick', atMs: 1099 }).ignored).toBe('timeout-tick: 999 of 1000 ms');
    const r = rolloutStep(s, { type: 'timeout-tick', atMs: 1100 });
    s = r.state;
    expect(s.phase).toBe('rolling-back');
    expect(s.reason).toBe('wave 0 gate failed: gate timed out after 1000 ms (limit 1000 ms); a: no telemetry yet');
  });

  it('abort (operator rollback) from done rolls back every node; a second abort is ignored', () => {
    const done = run(initRollout(planWaves(['a', 'b'], parseWaves('100%')), T), [
      { type: 'start', atMs: 0 },
      { type: 'delivered', node: 'a', purpose: 'apply', version: 1, atMs: 0 },
      { type: 'delivered', node: 'b', purpose: 'apply', version: 1, atMs: 0 },
      { type: 'observation', atMs: 1, nodes: [ready('a', 1), ready('b', 1)] },
    ]).state;
    expect(done.phase).toBe('done');
    const r = rolloutStep(done, { type: 'abort', atMs: 2, reason: 'operator olga' });
    expect(deliveries(r.actions)).toEqual(['rollback:a', 'rollback:b']);
    expect(rolloutStep(r.state, { type: 'abort', atMs: 3, reason: 'again' }).ignored).toBe('abort: already rolling-back');
  });

  it('abort while the first wave is still delivering rolls back the node being delivered; a late apply keeps its version', () => {
    const s = run(fresh(), [{ type: 'start', atMs: 0 }, { type: 'abort', atMs: 1, reason: 'stop' }]);
    expect(deliveries(s.actions)).toEqual(['apply:a', 'rollback:a']);
    const late = run(s.state, [{ type: 'delivered', node: 'a', purpose: 'apply', version: 9, atMs: 2 }, { type: 'delivered', node: 'a', purpose: 'rollback', version: 10, atMs: 3 }]);
    expect(late.state.nodes.a).toEqual({ wave: 0, state: 'rolled-back', version: 9, rollbackVersion: 10 });
    expect(late.state.phase).toBe('rolled-back');
  });

  it('abort before start finishes at once with nothing to deliver', () => {
    const r = rolloutStep(fresh(), { type: 'abort', atMs: 0, reason: 'never mind' });
    expect(r.state.phase).toBe('rolled-back');
    expect(deliveries(r.actions)).toEqual([]);
    expect(r.state.waves.every((w) => w.state === 'skipped')).toBe(true);
  });

  it('events for unknown nodes or in the wrong state are ignored, never thrown; the input state is untouched', () => {
    const s = fresh();
    const copy = JSON.stringify(s);
    expect(rolloutStep(s, { type: 'delivered', node: 'zz', purpose: 'apply', version: 1, atMs: 0 }).ignored).toMatch(/not part/);
    expect(rolloutStep(s, { type: 'delivered', node: 'a', purpose: 'apply', version: 1, atMs: 0 }).ignored).toMatch(/pending, not delivering/);
    rolloutStep(s, { type: 'start', atMs: 0 });
    expect(JSON.stringify(s)).toBe(copy);
    expect(rolloutStep(rolloutStep(s, { type: 'start', atMs: 0 }).state, { type: 'start', atMs: 0 }).ignored).toBe('start: already delivering');
  });

  it('a rollout over no nodes is done at start', () => {
    expect(rolloutStep(initRollout([], T), { type: 'start', atMs: 0 }).state.phase).toBe('done');
  });
});
