/** Per-wave pauses and waves without analysis (issue 12): Argo Rollouts' pause steps over the one controller. */
import { describe, expect, it } from 'vitest';
import { initRollout, rolloutStep, type RolloutAction, type RolloutEvent, type RolloutState } from '../../../../sim-core/orchestrator/rollout/controller.ts';
import type { GateThresholds, NodeObservation } from '../../../../sim-core/orchestrator/rollout/gates.ts';
import { parseWaves, planWaves } from '../../../../sim-core/orchestrator/rollout/waves.ts';

const T: GateThresholds = { sloLatencyMsP95: 100, maxErrorRate: 0.05, timeoutMs: 10_000, minSoakMs: 0, requireMetrics: true };
const obs = (node: string, v: number, errorRate: number, p95: number | null = 10, state: NodeObservation['state'] = 'ready'): NodeObservation =>
  ({ node, state, runningVersion: v, report: { version: v, outcome: 'applied', reason: null }, apps: { app: { requests: 100, errorRate, latencyMsP95: p95 } } });
function run(state: RolloutState, events: RolloutEvent[]): { state: RolloutState; actions: RolloutAction[]; ignored: (string | undefined)[] } {
  const actions: RolloutAction[] = [];
  const ignored: (string | undefined)[] = [];
  for (const e of events) { const r = rolloutStep(state, e); state = r.state; actions.push(...r.actions); ignored.push(r.ignored); }
  return { state, actions, ignored };
}
const waves = () => planWaves(['a', 'b', 'c', 'd'], parseWaves('1,100%')); // [a], [b,c,d]

describe('wave options', () => {
  it('a wave pause is the soak of its gate: healthy observations before it stay inconclusive, the first after it passes', () => {
    const s0 = initRollout(waves(), T, [{ pauseMs: 500 }, { pauseMs: 0 }]);
    expect(s0.waves.map((w) => w.pauseMs)).toEqual([500, 0]);
    const r = run(s0, [
      { type: 'start', atMs: 0 },
      { type: 'delivered', node: 'a', purpose: 'apply', version: 2, atMs: 100 },
      { type: 'observation', atMs: 599, nodes: [obs('a', 2, 0)] }, // 499 ms into the gate: soaking
    ]);
    expect(r.state.phase).toBe('gating');
    expect(r.state.gate!.reasons).toEqual(['soaking: 499 of 500 ms']);
    const r2 = run(r.state, [{ type: 'observation', atMs: 600, nodes: [obs('a', 2, 0)] }]);
    expect(r2.state.wave).toBe(1);
    expect(r2.state.phase).toBe('delivering');
  });

  it('a failing observation during the pause aborts at once and rolls back only what was pushed', () => {
    const r = run(initRollout(waves(), T, [{ pauseMs: 60_000 }]), [
      { type: 'start', atMs: 0 },
      { type: 'delivered', node: 'a', purpose: 'apply', version: 2, atMs: 0 },
      { type: 'observation', atMs: 10, nodes: [obs('a', 2, 0.2)] },
    ]);
    expect(r.state.phase).toBe('rolling-back');
    expect(r.actions.filter((a) => a.type === 'deliver').map((a) => a.type === 'deliver' && `${a.purpose}:${a.node}`)).toEqual(['apply:a', 'rollback:a']);
    expect(r.state.waves.map((w) => w.state)).toEqual(['rolling-back', 'skipped']);
    expect(r.state.reason).toBe('wave 0 gate failed: a: app error rate 20% is over the maximum of 5%');
  });

  it('inconclusive pauses: a not-ready canary keeps gating until a later observation passes it, or the timeout fails it', () => {
    const s = run(initRollout(waves(), T, [{ pauseMs: 0 }]), [
      { type: 'start', atMs: 0 },
      { type: 'delivered', node: 'a', purpose: 'apply', version: 2, atMs: 0 },
      { type: 'observation', atMs: 5_000, nodes: [obs('a', 2, 0, 10, 'down')] },
      { type: 'timeout-tick', atMs: 9_999 },
    ]).state;
    expect(s.phase).toBe('gating');
    expect(s.gate!.verdict).toBe('inconclusive');
    expect(run(s, [{ type: 'observation', atMs: 9_999, nodes: [obs('a', 2, 0)] }]).state.wave).toBe(1);
    const failed = run(s, [{ type: 'timeout-tick', atMs: 10_000 }]).state;
    expect(failed.phase).toBe('rolling-back');
    expect(failed.reason).toMatch(/^wave 0 gate failed: gate timed out after 10000 ms \(limit 10000 ms\); a: down, not ready/);
  });

  it('analysis: false passes after the pause whatever the nodes report, on an observation or a tick, and never times out', () => {
    const s0 = initRollout(waves(), T, [{ pauseMs: 1_000, analysis: false }, { analysis: false }]);
    const r = run(s0, [
      { type: 'start', atMs: 0 },
      { type: 'delivered', node: 'a', purpose: 'apply', version: 2, atMs: 0 },
      { type: 'observation', atMs: 999, nodes: [obs('a', 2, 0.9, 10_000, 'down')] },
    ]);
    expect(r.state.phase).toBe('gating');
    expect(r.state.gate!.reasons).toEqual(['pausing: 999 of 1000 ms (no analysis)']);
    const r2 = run(r.state, [{ type: 'timeout-tick', atMs: 1_000 }]);
    expect(r2.state.wave).toBe(1);
    const done = run(r2.state, [
      { type: 'delivered', node: 'b', purpose: 'apply', version: 2, atMs: 1_000 },
      { type: 'delivered', node: 'c', purpose: 'apply', version: 2, atMs: 1_000 },
      { type: 'delivered', node: 'd', purpose: 'apply', version: 2, atMs: 1_000 },
      { type: 'observation', atMs: 1_000, nodes: [obs('b', 2, 1, null, 'down')] },
    ]).state;
    expect(done.phase).toBe('done');
    // Far past the timeout, a gated-without-analysis wave still only waits for its pause.
    const late = run(initRollout(waves(), T, [{ pauseMs: 50_000, analysis: false }]), [
      { type: 'start', atMs: 0 },
      { type: 'delivered', node: 'a', purpose: 'apply', version: 2, atMs: 0 },
      { type: 'timeout-tick', atMs: 20_000 },
    ]);
    expect(late.state.phase).toBe('gating');
    expect(late.ignored.at(-1)).toBe('timeout-tick: pausing 20000 of 50000 ms');
  });

  it('without options the state is what it was before (no pauseMs/analysis keys: the live push stores it as is)', () => {
    const s = initRollout(waves(), T);
    expect(Object.keys(s.waves[0]!).sort()).toEqual(['index', 'nodes', 'state']);
    expect(() => initRollout(waves(), T, [{ pauseMs: -1 }])).toThrow('initRollout: wave 0 pauseMs must be a number of ms >= 0, got -1');
  });
});
