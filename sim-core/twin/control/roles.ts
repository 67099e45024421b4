/**
 * Who controls whom and who may decide, for the simulated fleet: node-index adapters over the
 * orchestrator's authority model (orchestrator/control/authority.ts), where centralized,
 * hierarchical and decentralized are configurations of one controller.
 */
import { authorityOf, controllerFor, controllers as controllerIds, regionalController, type Authority } from '../../orchestrator/control/authority.ts';
import type { ControlPlane } from './cp.ts';

/** Node index of the master (centralized / hierarchical global), -1 when none. */
export function masterOf(cp: ControlPlane): number {
  return cp.cfg.master === null ? -1 : cp.s.fabric.topology.nodeIndex(cp.cfg.master);
}

/** Regional orchestrator node of `node`'s region, -1 when none. */
export function regionalOf(cp: ControlPlane, node: number): number {
  const id = regionalController(cp.controller, cp.s.model.nodes[node]!.region);
  return id === null ? -1 : cp.s.fabric.topology.nodeIndex(id);
}

/** The controller the agent on `node` reports to now; `node` itself when it is one; -1 when none is reachable. */
export function controllerOf(cp: ControlPlane, node: number): number {
  const c = controllerFor(cp.controller, cp.view, cp.s.fabric.topology.nodeId(node));
  return c === null ? -1 : cp.s.fabric.topology.nodeIndex(c);
}

/** Nodes that run a controller loop (the master, regional orchestrators, or every member), in index order. */
export function controllerNodes(cp: ControlPlane): number[] {
  const regions = [...new Set(cp.agents.flatMap((a) => (a ? [cp.s.model.nodes[a.node]!.region] : [])))].sort();
  return controllerIds(cp.controller, regions).map((id) => cp.s.fabric.topology.nodeIndex(id)).sort((a, b) => a - b);
}

/** The nodes a controller watches from the start (others join when they first report to it). */
export function initialMembers(cp: ControlPlane, controller: number): number[] {
  const out: number[] = [];
  cp.agents.forEach((agent, n) => {
    if (!agent || n === controller) return;
    if (cp.members.includes(n) || controllerOf(cp, n) === controller) out.push(n);
  });
  return out;
}

/** Whether `controller` may decide now; otherwise the reason it may not. */
export function authority(cp: ControlPlane, controller: number): Authority {
  return authorityOf(cp.controller, cp.view, cp.s.fabric.topology.nodeId(controller));
}
