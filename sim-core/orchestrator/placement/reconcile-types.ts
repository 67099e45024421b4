/**
 * The reconciler's vocabulary: desired state (per service a replica count, or an explicit list
 * of nodes from a plan), observed state (where each service's replicas run, how each node is),
 * and the actions that take one to the other, plus applyActions, the pure "what the fleet looks
 * like once the actions are done" used by callers and by the idempotence check.
 */
import type { Pod } from '../scheduler/api-types.ts';

/** Node health as observed: down nodes run nothing; cordoned nodes keep running but take nothing new. */
export type NodeHealth = 'up' | 'down' | 'cordoned';

/** Declared intent: keep `replicas` copies of the template running wherever the scheduler finds best. */
export interface ServiceIntent { service: string; replicas: number; template: Omit<Pod, 'name'> }

/** Explicit plan: run one replica on each listed node (a node may repeat). */
export interface ServicePlan { service: string; nodes: string[]; template: Omit<Pod, 'name'> }

/** Everything that should run. */
export interface DesiredState { services: readonly (ServiceIntent | ServicePlan)[] }

/** What runs now: service → node per running replica, and node health (a node absent from `health` is up). */
export interface ObservedState { replicas: Readonly<Record<string, readonly string[]>>; health: Readonly<Record<string, NodeHealth>> }

/** Kinds of action: start a replica, move one, remove one from a bad node, remove a surplus one. */
export type ActionType = 'place' | 'migrate' | 'evict' | 'scale';

/** One step; `from` for migrate/evict/scale, `to` for place/migrate. */
export interface Action { type: ActionType; service: string; from?: string; to?: string; reason: string }

/** A desired replica the reconciler could not realize now, with why (not an action: nothing to do). */
export interface Blocked { service: string; node?: string; reason: string }

/** Actions in execution order, and what is blocked. */
export interface ReconcileResult { actions: Action[]; blocked: Blocked[] }

/** Whether a desired entry is an explicit plan. */
export function isPlan(s: ServiceIntent | ServicePlan): s is ServicePlan {
  return Array.isArray((s as ServicePlan).nodes);
}

/** The observed state after `actions` (pure); throws when an action removes a replica that is not there. */
export function applyActions(observed: ObservedState, actions: readonly Action[]): ObservedState {
  const replicas: Record<string, string[]> = {};
  for (const [s, nodes] of Object.entries(observed.replicas)) replicas[s] = [...nodes];
  const take = (a: Action) => {
    const list = replicas[a.service] ?? [];
    const i = a.from === undefined ? -1 : list.indexOf(a.from);
    if (i < 0) throw new Error(`applyActions: ${a.type} ${a.service} from ${JSON.stringify(a.from)}: no such replica`);
    list.splice(i, 1);
  };
  const put = (a: Action) => {
    if (a.to === undefined) throw new Error(`applyActions: ${a.type} ${a.service} needs a target node`);
    (replicas[a.service] ??= []).push(a.to);
  };
  for (const a of actions) {
    if (a.type === 'evict' || a.type === 'scale') take(a);
    else if (a.type === 'place') put(a);
    else if (a.type === 'migrate') { take(a); put(a); }
    else throw new Error(`applyActions: unknown action type ${JSON.stringify((a as Action).type)}`);
  }
  for (const s of Object.keys(replicas)) if (replicas[s]!.length === 0) delete replicas[s];
  return { replicas, health: { ...observed.health } };
}
