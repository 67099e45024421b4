/**
 * reconcileStep leaves out services whose replicas already match the plan. That is exact only if
 * services do not interact in the reconciler under the plan-only profile: checked against the
 * reconciler given every service, over random fleets, plans and reports.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reconcileStep } from '../../../../sim-core/orchestrator/control/reconcile-step.ts';
import { reconcile } from '../../../../sim-core/orchestrator/placement/reconciler.ts';
import type { Profile } from '../../../../sim-core/orchestrator/scheduler/profile.ts';

const PLAN_ONLY: Profile = { schedulerName: 'x', preFilter: [], filter: [], postFilter: [], preScore: [], score: [], reserve: [], bind: [], instances: new Map() };
const SERVICES = ['a/x', 'a/y', 'b/z', 'c/w'];

/** The reconciler's start/stop commands with every service given to it. */
function everyService(nodes: string[], desired: Record<string, string[]>, running: Record<string, string[]>): string[] {
  const plans = new Map<string, string[]>();
  const replicas: Record<string, string[]> = {};
  for (const n of nodes) {
    for (const s of desired[n] ?? []) plans.set(s, [...(plans.get(s) ?? []), n]);
    for (const s of running[n] ?? []) (replicas[s] ??= []).push(n);
  }
  for (const s of Object.keys(replicas)) if (!plans.has(s)) plans.set(s, []);
  const r = reconcile({ services: [...plans].map(([service, ns]) => ({ service, nodes: ns, template: { namespace: 'default', containers: [{}] } })) }, { replicas, health: {} }, { nodes: nodes.map((name) => ({ name, allocatable: {} })), profile: PLAN_ONLY });
  return r.actions.flatMap((a) => (a.type === 'migrate' ? [`stop ${a.service} ${a.from}`, `start ${a.service} ${a.to}`] : a.type === 'place' ? [`start ${a.service} ${a.to}`] : [`stop ${a.service} ${a.from}`]));
}

describe('reconcileStep', () => {
  it('gives the reconciler’s own commands, in its order, whichever services already match', () => {
    const subset = fc.subarray(SERVICES);
    fc.assert(fc.property(fc.integer({ min: 1, max: 7 }), fc.array(fc.tuple(subset, subset), { minLength: 7, maxLength: 7 }), (n, per) => {
      const nodes = Array.from({ length: n }, (_, i) => `n${i}`);
      const desired = Object.fromEntries(nodes.map((id, i) => [id, per[i]![0]]));
      const running = Object.fromEntries(nodes.map((id, i) => [id, per[i]![1]]));
      const got = reconcileStep('m', { nodes, desired: (x) => desired[x]!, running: (x) => running[x]! })
        .map((a) => (a.kind === 'reconcile' ? `${a.op} ${a.service} ${a.node}` : a.kind));
      expect(got).toEqual(everyService(nodes, desired, running));
    }), { numRuns: 300 });
  });

  it('a fleet where every node runs what is desired needs no command', () => {
    const desired = { n0: ['a/x'], n1: ['a/x', 'b/z'] } as Record<string, string[]>;
    expect(reconcileStep('m', { nodes: ['n0', 'n1'], desired: (x) => desired[x]!, running: (x) => desired[x]! })).toEqual([]);
  });
});
