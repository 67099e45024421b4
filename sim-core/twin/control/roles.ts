/**
 * Who controls whom under each model, and who may decide. Centralized: every agent reports to
 * the master. Hierarchical: agents report to their region's orchestrator (to the global master
 * when it is down or cut off); regional orchestrators report to the global master, which also
 * watches nodes of regions without one. Decentralized: agents report to the lowest-id member
 * they can reach; only the leader of a majority quorum may decide.
 */
import { quorumOf } from '../../orchestrator/detector/quorum.ts';
import type { ControlPlane } from './cp-state.ts';

/** Node index of the master (centralized / hierarchical global), -1 when none. */
export function masterOf(cp: ControlPlane): number {
  return cp.cfg.master === null ? -1 : cp.s.fabric.topology.nodeIndex(cp.cfg.master);
}

/** Regional orchestrator node of `node`'s region, -1 when none. */
export function regionalOf(cp: ControlPlane, node: number): number {
  const id = cp.cfg.regional[cp.s.model.nodes[node]!.region];
  return id === undefined ? -1 : cp.s.fabric.topology.nodeIndex(id);
}

/** Member node indices (decentralized), in id order. */
export function memberNodes(cp: ControlPlane): number[] {
  return cp.members;
}

/** The controller the agent on `node` reports to now; `node` itself when it is one; -1 when none is reachable. */
export function controllerOf(cp: ControlPlane, node: number): number {
  switch (cp.cfg.model) {
    case 'centralized': return masterOf(cp);
    case 'hierarchical': {
      const r = regionalOf(cp, node);
      if (r < 0 || r === node) return masterOf(cp);
      return cp.reach.reaches(node, r) ? r : masterOf(cp);
    }
    case 'decentralized': {
      for (const m of memberNodes(cp)) if (cp.reach.reaches(node, m)) return m;
      return -1;
    }
    default: return -1;
  }
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

/** Whether `controller` may decide for `member` now; otherwise the reason it may not. */
export function authority(cp: ControlPlane, controller: number): { ok: true } | { ok: false; reason: 'no-quorum' | 'controller-unreachable' } {
  if (cp.masterDown > 0 && controller === masterOf(cp)) return { ok: false, reason: 'controller-unreachable' };
  if (cp.cfg.model !== 'decentralized') return { ok: true };
  const topo = cp.s.fabric.topology;
  const q = quorumOf(cp.cfg.members, (id) => topo.isNodeUp(topo.nodeIndex(id)), (a, b) => cp.reach.reaches(topo.nodeIndex(a), topo.nodeIndex(b)));
  return q.canDecide && q.leader === topo.nodeId(controller) ? { ok: true } : { ok: false, reason: 'no-quorum' };
}

/** Where `controller` may place a replacement: up, reachable from it, not declared failed by it, and inside its region when `scope` is 'region'. */
export function allowedTargets(cp: ControlPlane, controller: number, scope: 'region' | 'global'): (node: number) => boolean {
  const watching = cp.watching.get(controller);
  const region = cp.s.model.nodes[controller]!.region;
  return (n) => {
    if (!cp.agents[n] || !cp.reach.reaches(controller, n)) return false;
    if (scope === 'region' && cp.s.model.nodes[n]!.region !== region) return false;
    const mid = watching?.get(n);
    return mid === undefined || !cp.monitors[mid]!.declared;
  };
}
