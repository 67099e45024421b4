/**
 * The placement seam: where each service's replicas run, and which replica serves a message.
 * The foundation ships static placement (from the scenario, else first-fit); the orchestrator
 * replaces it through this same interface.
 */
import type { NodeModel, ScenarioModel } from '../scenario/model.ts';
import type { TwinState } from './state.ts';
import type { PlacementExplanation, PlacementSeam } from './placement-seam.ts';


/** Whether a node can host a service at all (arch, accelerator, attestation, not a sensor). */
export function canHost(node: NodeModel, svc: ScenarioModel['apps'][number]['services'][number]): boolean {
  if (node.tier === 'sensor' && node.arch !== 'microcontroller') return false;
  if (!svc.arches.includes(node.arch)) return false;
  if (svc.accelerator && !node.accelerators.some((a) => a.type === svc.accelerator && a.count > 0)) return false;
  if (svc.requests.gpus > node.gpus) return false;
  if (svc.sensitive && !node.attested) return false;
  return true;
}

/**
 * Static placement: a service's `placement` list when given, otherwise first-fit over the nodes
 * in scenario order, tracking CPU and memory already requested. Replica choice: the up replica
 * with the least route latency from the message's node (ties: first listed).
 */
export function staticPlacement(s: TwinState): PlacementSeam {
  const { model, graph, fabric: { topology, router } } = s;
  const freeCpu = model.nodes.map((n) => n.cpuMillicores);
  const freeMem = model.nodes.map((n) => n.memoryBytes);
  const replicas: Int32Array[] = graph.services.map((svc) => {
    const m = svc.model;
    if (m.placement.length > 0) {
      const idx = m.placement.map((id) => {
        const i = topology.nodeIndex(id);
        if (i < 0) throw new Error(`service ${svc.key} is placed on unknown node '${id}'`);
        freeCpu[i]! -= m.requests.cpuMillicores;
        freeMem[i]! -= m.requests.memoryBytes;
        return i;
      });
      return Int32Array.from(idx);
    }
    const chosen: number[] = [];
    for (let i = 0; i < model.nodes.length && chosen.length < m.replicas; i++) {
      const node = model.nodes[i]!;
      if (!canHost(node, m) || freeCpu[i]! < m.requests.cpuMillicores || freeMem[i]! < m.requests.memoryBytes) continue;
      freeCpu[i]! -= m.requests.cpuMillicores;
      freeMem[i]! -= m.requests.memoryBytes;
      chosen.push(i);
    }
    return Int32Array.from(chosen);
  });
  graph.services.forEach((svc, i) => {
    const pinned = svc.model.placement.length > 0;
    for (const n of replicas[i]!) {
      s.placement.decisionLog.add({
        atMs: 0, service: svc.key, kind: 'initial', node: model.nodes[n]!.id, from: null, by: pinned ? 'scenario' : 'static',
        scores: {}, total: null, feasibleNodes: 0, evaluatedNodes: 0, policies: [],
        message: pinned ? 'pinned by the scenario' : 'first node in scenario order with CPU and memory to spare (static placement)',
      });
    }
  });
  const candidates: number[][] = replicas.map((r) => Array.from(r));
  const hostable: number[][] = graph.services.map((svc) => model.nodes.flatMap((n, i) => (canHost(n, svc.model) ? [i] : [])));
  const data = { freeCpu, freeMem, candidates, last: null as PlacementExplanation | null };
  return {
    data,
    relocate(service, lostNode, allowed) {
      // Nearest hostable node (by route latency from the lost one) with CPU and memory to spare.
      const m = graph.services[service]!.model;
      const current = new Set(replicas[service]);
      const ok = hostable[service]!.filter((n) => !current.has(n) && allowed(n) && topology.isNodeUp(n)
        && freeCpu[n]! >= m.requests.cpuMillicores && freeMem[n]! >= m.requests.memoryBytes);
      const target = ok.length === 0 ? -1 : router.nearest(lostNode, ok) >= 0 ? router.nearest(lostNode, ok) : ok[0]!;
      if (target >= 0) { freeCpu[target]! -= m.requests.cpuMillicores; freeMem[target]! -= m.requests.memoryBytes; }
      data.last = { scores: {}, total: null, feasibleNodes: ok.length, evaluatedNodes: hostable[service]!.length,
        message: target >= 0 ? `nearest of ${ok.length} hostable node(s) with CPU and memory to spare (static placement)` : 'no hostable node with CPU and memory to spare' };
      return target;
    },
    lastExplanation: () => data.last,
    replicas,
    chooseReplica(service, fromNode, stream) {
      return nearestReplica(s, candidates[service]!, fromNode, stream);
    },
    setReplicas(service, nodes) {
      replicas[service] = Int32Array.from(nodes);
      candidates[service] = [...nodes];
    },
  };
}

/** chooseReplica's answer when policies deny every reachable replica. */
export const POLICY_DENIED = -2;

/**
 * The nearest up replica from `fromNode` that the policy gate allows for this stream (one
 * replica: no latency comparison, an unreachable one is found by the transport).
 */
export function nearestReplica(s: TwinState, candidates: readonly number[], fromNode: number, stream: number): number {
  const gate = s.placement.policyGate;
  let list = candidates;
  if (gate) {
    // Runs per message: allocate a filtered list only when some replica is denied.
    let denied = 0;
    for (const n of candidates) if (!gate.routeAllowed(stream, fromNode, n)) denied++;
    if (denied > 0) {
      if (denied === candidates.length) return POLICY_DENIED;
      list = candidates.filter((n) => gate.routeAllowed(stream, fromNode, n));
    }
  }
  if (list.length === 1) return s.fabric.topology.isNodeUp(list[0]!) ? list[0]! : -1;
  return s.fabric.router.nearest(fromNode, list);
}
