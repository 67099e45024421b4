/**
 * Relocation decisions: where a replica of a node declared failed goes. The target comes from
 * the placement seam passed in (the production scheduler, in the twin and in the gateway: no
 * second scheduler here), restricted to the nodes the controller may use; a regional
 * orchestrator keeps to its region and escalates what its region cannot hold to the master.
 */
import type { Action, PlacementReason } from './actions.ts';
import { authorityOf, escalationTarget, scopeOf, type Scope } from './authority.ts';
import type { ControllerConfig, FleetView } from './observed.ts';

/** A target and the scheduler's reasons for it. */
export interface PlacementChoice { node: string; reason: PlacementReason }

/** Picks a node for a replacement replica of `service` (lost on `lost`) among those `allowed` accepts; null when none fits. */
export type Placer = (service: string, lost: string, allowed: (node: string) => boolean) => PlacementChoice | null;

/** What the relocation step reads besides the fleet view. */
export interface RelocateContext {
  /** Nodes with an agent. */
  nodes: readonly string[];
  /** Whether the desired state already puts `service` on `node`. */
  desiredHas(node: string, service: string): boolean;
  /** Nodes running `service` now. */
  runningNodes(service: string): readonly string[];
  /** Whether `controller` has declared `node` failed. */
  isDeclared(controller: string, node: string): boolean;
}

/** Where `controller` may place a replacement of `service` lost on `lost`, within `scope`. */
export function allowedTargets(view: FleetView, ctx: RelocateContext, controller: string, scope: Scope, service: string, lost: string): (node: string) => boolean {
  const region = view.regionOf(controller);
  return (n) => n !== lost && !ctx.desiredHas(n, service) && view.hasAgent(n) && view.reaches(controller, n)
    && (scope === 'global' || view.regionOf(n) === region) && !ctx.isDeclared(controller, n);
}

/**
 * One relocation decision by `by` for `service` lost on `lost`: relocate (with the scheduler's
 * reasons, and who escalated), or refuse (no-feasible-node when no up node could host it at all,
 * controller-unreachable when one could but this controller cannot reach or trust it).
 */
export function relocateStep(cfg: ControllerConfig, view: FleetView, ctx: RelocateContext, by: string, service: string, lost: string, placer: Placer): Action {
  const scope = scopeOf(cfg, by);
  let controller = by;
  let choice = placer(service, lost, allowedTargets(view, ctx, by, scope, service, lost));
  if (choice === null && scope === 'region') {
    const master = escalationTarget(cfg, view, by);
    if (master !== null) {
      controller = master;
      choice = placer(service, lost, allowedTargets(view, ctx, master, 'global', service, lost));
    }
  }
  if (choice !== null) {
    return { kind: 'relocate', by: controller, service, from: lost, to: choice.node, ...(controller !== by ? { escalatedFrom: by } : {}), reason: choice.reason };
  }
  const running = new Set(ctx.runningNodes(service));
  const hostable = ctx.nodes.some((n) => n !== lost && !running.has(n) && view.isUp(n) && view.canHost(n, service));
  return hostable
    ? { kind: 'refuse', by: controller, reason: 'controller-unreachable', service, node: lost, detail: `a node could host ${service}, but ${controller} cannot reach or trust one${scope === 'region' ? ' (its region is full and the master cannot take it)' : ''}` }
    : { kind: 'refuse', by: controller, reason: 'no-feasible-node', service, node: lost, detail: `no up node can host ${service}` };
}

/** Authority first: a controller that may not decide refuses every relocation it was asked for. */
export function relocationsOf(cfg: ControllerConfig, view: FleetView, ctx: RelocateContext, by: string, lost: string, services: readonly string[], placer: Placer): Action[] {
  const auth = authorityOf(cfg, view, by);
  if (!auth.ok) return services.map((service) => ({ kind: 'refuse', by, reason: auth.reason, service, node: lost, detail: auth.detail }));
  return services.map((service) => relocateStep(cfg, view, ctx, by, service, lost, placer));
}
