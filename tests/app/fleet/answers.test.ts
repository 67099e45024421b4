/**
 * The Fleet panel's checks of the gateway's answers: what the real routes' pure builders produce
 * (fleetNodeJson, pushView over a real rollout state) passes unchanged; answers of the wrong
 * shape are refused with the route and the field path, never passed on to crash the render.
 */
import { describe, expect, it } from 'vitest';
import { AnswerError, checkDryRun, checkFleet, checkPlans, checkPush, checkPushes, checkShadow, checkStarted, checkWhoAmI } from '../../../app/fleet/answers.ts';
import { emptyNode } from '../../../connectors/live/fleet-store.ts';
import { fleetNodeJson } from '../../../connectors/live/live-snapshot.ts';
import { pushView, type PushRecord } from '../../../connectors/push/store.ts';
import { initRollout, rolloutStep } from '../../../sim-core/orchestrator/rollout/controller.ts';
import { DEFAULT_GATE_THRESHOLDS } from '../../../sim-core/orchestrator/rollout/gates.ts';
import { parseWaves, planWaves } from '../../../sim-core/orchestrator/rollout/waves.ts';

/** A push as the store shows it after its start: the canary delivering. */
function realPushView() {
  const nodes = ['a', 'b', 'c'];
  const rollout = rolloutStep(initRollout(planWaves(nodes, parseWaves('1,100%')), DEFAULT_GATE_THRESHOLDS), { type: 'start', atMs: 1 }).state;
  const record: PushRecord = {
    id: 'push-0123456789abcdef', planHash: 'f'.repeat(64), via: 'mqtt', wavesSpec: '1,100%', state: rollout.phase, reason: null,
    createdAt: 't0', createdBy: 'olga', updatedAt: 't1', rollout,
    nodes: nodes.map((node) => ({ node, wave: rollout.nodes[node]!.wave, state: rollout.nodes[node]!.state, target: ['shop/api'], previous: [], version: null, desired: null, deliveredAtMs: null, confirmedVersion: null, rollbackVersion: null, rollbackDesired: null, rollbackDeliveredAtMs: null })),
  };
  return pushView(record);
}

const refused = (f: () => unknown): string => {
  try { f(); } catch (e) { if (e instanceof AnswerError) return e.message; throw e; }
  throw new Error('not refused');
};

describe('answer checks', () => {
  it('what the real routes build passes unchanged', () => {
    const node = { ...fleetNodeJson({ ...emptyNode('edge-1'), state: 'ready', sources: ['mqtt'], lastSeenMs: 5, heartbeatLagMs: 2, runningVersion: 3, running: ['shop/api'] }) };
    expect(checkFleet({ nodes: [node], malformed: 0, malformedBy: {}, atMs: 9 })).toEqual({ nodes: [node], malformed: 0, malformedBy: {}, atMs: 9 });
    const push = realPushView();
    expect(push.state).toBe('delivering');
    expect(checkPush(push)).toEqual(push);
    expect(checkPushes({ pushes: [push] })).toEqual({ pushes: [push] });
    expect(checkStarted({ pushId: push.id, state: push.state, push })).toEqual({ pushId: push.id, state: push.state, push });
    expect(checkWhoAmI({ name: 'vera', role: 'viewer' })).toEqual({ name: 'vera', role: 'viewer' });
    expect(checkPlans({ plans: [{ hash: 'h', variant: 'v', experiment: 'e', status: 'approvable', createdAt: 't', createdBy: 'pat', approvals: [], approved: false }] }).plans).toHaveLength(1);
    expect(checkShadow({ windowS: 300, nodes: [{ node: 'a', signal: 'cpu', mape: null, samples: 0 }], apps: [], links: [] }).windowS).toBe(300);
    expect(checkDryRun({ dryRun: true, waves: [{ index: 0, nodes: ['a'], cumulative: 1 }], nodes: { a: { from: [], to: ['x'], added: ['x'], removed: [], wave: 0, nextVersion: 1 } } }).waves).toHaveLength(1);
  });

  it('an older gateway\'s node without workloads or labels reads as empty lists, not a crash', () => {
    expect(checkFleet({ nodes: [{ id: 'n', state: 'ready' }] }).nodes[0]).toMatchObject({ workloads: [], labels: {}, runningVersion: 0, lastSeenMs: null, heartbeatLagMs: null });
  });

  it.each([
    ['a proxy page answering 200', () => checkFleet('<html>'), 'GET /api/v1/fleet: the answer: expected an object, got string'],
    ['no nodes list', () => checkFleet({ nodes: null }), 'GET /api/v1/fleet: nodes: expected an array, got null'],
    ['a node without an id', () => checkFleet({ nodes: [{ id: 'a', state: 'ready' }, { state: 'ready' }] }), 'GET /api/v1/fleet: nodes[1].id: expected a string, got undefined'],
    ['workloads that are not strings', () => checkFleet({ nodes: [{ id: 'a', state: 'ready', workloads: [1] }] }), 'GET /api/v1/fleet: nodes[0].workloads[0]: expected a string, got number'],
    ['a lag as text', () => checkFleet({ nodes: [{ id: 'a', state: 'ready', heartbeatLagMs: '3' }] }), 'GET /api/v1/fleet: nodes[0].heartbeatLagMs: expected a number or null, got string'],
    ['an unknown role', () => checkWhoAmI({ name: 'x', role: 'admin' }), 'GET /api/v1/whoami: role: expected viewer, planner or operator, got string'],
    ['a push wave without nodes', () => checkPushes({ pushes: [{ ...realPushView(), waves: [{ index: 0, state: 'pending' }] }] }), 'GET /api/v1/pushes: pushes[0].waves[0].nodes: expected an array, got undefined'],
    ['a push node without a state', () => checkPush({ ...realPushView(), nodes: { a: {} } }), 'GET /api/v1/pushes/:id: nodes.a.state: expected a string, got undefined'],
    ['shadow rows not a list', () => checkShadow({ windowS: 1, nodes: {}, apps: [] }), 'GET /api/v1/shadow: nodes: expected an array, got object'],
    ['plans without approvals', () => checkPlans({ plans: [{ hash: 'h', variant: 'v', status: 's' }] }), 'GET /api/v1/plans: plans[0].approvals: expected an array, got undefined'],
    ['a dry run node without its change', () => checkDryRun({ waves: [], nodes: { a: { added: ['x'] } } }), 'POST /api/v1/plans/:hash/pushes (dry run): nodes.a.removed: expected an array, got undefined'],
    ['a started push without its push', () => checkStarted({ pushId: 'push-1' }), 'POST /api/v1/plans/:hash/pushes: push: expected an object, got undefined'],
  ])('refuses %s, naming the field', (_what, f, message) => {
    expect(refused(f)).toBe(message);
  });
});
