/**
 * What the orchestrator's controller sees of the simulated fleet: the controller configuration
 * from the scenario's control-plane model, and a FleetView answered live from the twin
 * (reachability over up nodes and links, regions, hostability, the control-plane outage), so
 * nothing is copied per decision.
 */
import type { ControllerConfig, FleetView, WatchedNode } from '../../orchestrator/control/observed.ts';
import type { RelocateContext } from '../../orchestrator/control/relocate.ts';
import type { ControlPlaneModel } from '../../scenario/model.ts';
import { canHost } from '../placement.ts';
import type { ControlPlane } from './cp.ts';
import type { Monitor } from './cp-state.ts';

/** The controller's configuration for a scenario's control-plane model (model none has no controller). */
export function controllerConfigOf(cfg: ControlPlaneModel): ControllerConfig {
  if (cfg.model === 'none') throw new Error('controllerConfigOf: model none has no controller');
  return {
    model: cfg.model, master: cfg.master, regional: { ...cfg.regional }, members: [...cfg.members].sort(),
    heartbeatEveryMs: cfg.heartbeatEveryMs, detector: cfg.detector, gracePeriodMs: cfg.gracePeriodMs,
  };
}

/** The fleet as the control plane sees it now, answered from the twin. */
export function fleetView(cp: ControlPlane): FleetView {
  const s = cp.s;
  const topo = s.fabric.topology;
  const ix = (id: string) => topo.nodeIndex(id);
  const master = cp.cfg.master;
  return {
    isUp: (id) => { const n = ix(id); return n >= 0 && topo.isNodeUp(n); },
    reaches: (a, b) => { const x = ix(a), y = ix(b); return x >= 0 && y >= 0 && cp.reach.reaches(x, y); },
    regionOf: (id) => s.model.nodes[ix(id)]!.region,
    hasAgent: (id) => { const n = ix(id); return n >= 0 && cp.agents[n] !== null && cp.agents[n] !== undefined; },
    canHost: (id, service) => canHost(s.model.nodes[ix(id)]!, s.graph.services[s.graph.serviceIndex.get(service)!]!.model),
    isControllerDown: (id) => cp.masterDown > 0 && id === master,
  };
}

/** A monitor as the controller's WatchedNode. */
export function watchedOf(cp: ControlPlane, m: Monitor): WatchedNode {
  const agent = cp.agents[m.member]!;
  return {
    node: agent.id, history: m.history, declaredAtMs: m.declared ? m.declaredAtMs : null,
    reportsTo: agent.controller < 0 ? null : cp.s.fabric.topology.nodeId(agent.controller),
  };
}

/** What relocation decisions read of the control plane's desired state, running replicas and declarations. */
export function relocateContext(cp: ControlPlane): RelocateContext {
  const s = cp.s;
  const topo = s.fabric.topology;
  const svcIx = (key: string) => s.graph.serviceIndex.get(key)!;
  return {
    nodes: cp.agentIds,
    desiredHas: (node, service) => cp.desiredOf[topo.nodeIndex(node)]!.has(svcIx(service)),
    runningNodes: (service) => cp.runningOn[svcIx(service)]!.map((n) => topo.nodeId(n)),
    isDeclared: (controller, node) => {
      const mid = cp.watching.get(topo.nodeIndex(controller))?.get(topo.nodeIndex(node));
      return mid !== undefined && cp.monitors[mid]!.declared;
    },
  };
}
