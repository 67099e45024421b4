/**
 * The desired-vs-observed step of a controller, through the one reconciler
 * (orchestrator/placement/reconciler.ts): the desired state per node becomes an explicit plan per
 * service, what the agents report becomes the observed state, and the reconciler's actions
 * (place, migrate, evict, scale) become start/stop commands per node with the reconciler's reason.
 * Feasibility was settled when the desired state was placed (by the scheduler, with its filters),
 * so the plan is checked against the fleet and node health only: a replica the agents do not run
 * is started, one they run unasked is stopped.
 */
import type { Node } from '../scheduler/api-types.ts';
import type { Profile } from '../scheduler/profile.ts';
import { reconcile } from '../placement/reconciler.ts';
import type { Action as ReconcilerAction, ServicePlan } from '../placement/reconcile-types.ts';
import type { Action } from './actions.ts';

/** A profile with no plugins: every node in the fleet that is up accepts a planned replica. */
const PLAN_ONLY: Profile = Object.freeze({
  schedulerName: 'edgetwin-controller', preFilter: [], filter: [], postFilter: [], preScore: [], score: [], reserve: [], bind: [], instances: new Map(),
});

const TEMPLATE = Object.freeze({ namespace: 'default', containers: [{}] });

/** Desired and reported services of the nodes one controller reconciles (nodes it watches and has not declared failed). */
export interface ReconcileInput {
  /** The nodes, in the order commands go out. */
  nodes: readonly string[];
  desired(node: string): Iterable<string>;
  running(node: string): Iterable<string>;
}

/** Start/stop actions taking what `nodes` run to what is desired on them, each with the reconciler's reason. */
export function reconcileStep(by: string, input: ReconcileInput): Action[] {
  const plans = new Map<string, string[]>();
  const replicas: Record<string, string[]> = {};
  const fleet: Node[] = [];
  for (const node of input.nodes) {
    fleet.push({ name: node, allocatable: {} });
    for (const svc of input.desired(node)) {
      let p = plans.get(svc);
      if (!p) plans.set(svc, (p = []));
      p.push(node);
    }
    for (const svc of input.running(node)) (replicas[svc] ??= []).push(node);
  }
  for (const svc of Object.keys(replicas)) if (!plans.has(svc)) plans.set(svc, []);
  // With no plugins and no resources, services do not interact in the reconciler: one whose
  // replicas are exactly where the plan puts them yields no action, so only the others go in
  // (the same actions in the same order; a healthy fleet costs one pass over its nodes).
  const services: ServicePlan[] = [];
  const observed: Record<string, string[]> = {};
  for (const [service, nodes] of plans) {
    const have = replicas[service] ?? [];
    if (sameMembers(nodes, have)) continue;
    services.push({ service, nodes, template: TEMPLATE });
    if (have.length > 0) observed[service] = have;
  }
  if (services.length === 0) return [];
  const r = reconcile({ services }, { replicas: observed, health: {} }, { nodes: fleet, profile: PLAN_ONLY });
  const out: Action[] = [];
  for (const a of r.actions) out.push(...commandsOf(by, a));
  return out;
}

/** Whether two lists hold the same names (each list names a node at most once). */
function sameMembers(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const set = new Set(a);
  for (const x of b) if (!set.has(x)) return false;
  return true;
}

function commandsOf(by: string, a: ReconcilerAction): Action[] {
  const because = `desired ≠ observed: ${a.reason}`;
  switch (a.type) {
    case 'place': return [{ kind: 'reconcile', by, op: 'start', node: a.to!, service: a.service, because }];
    case 'evict': case 'scale': return [{ kind: 'reconcile', by, op: 'stop', node: a.from!, service: a.service, because }];
    case 'migrate': return [
      { kind: 'reconcile', by, op: 'stop', node: a.from!, service: a.service, because },
      { kind: 'reconcile', by, op: 'start', node: a.to!, service: a.service, because },
    ];
  }
}
