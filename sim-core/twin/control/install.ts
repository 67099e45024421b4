/**
 * Installs the control plane on a built twin (scenario `spec.controlPlane`, model ≠ none):
 * agents on every non-sensor node with the initial placement running, desired state and CRDT
 * replicas on both sides, monitors, event kinds, hooks (node and link changes, admission,
 * control-plane faults, report). Nothing is registered for model none, so runs without a
 * control plane keep their exact event sequence.
 */
import { DocReplica } from '../../orchestrator/crdt/doc-replica.ts';
import { setNodeStatus, setPlacement } from '../../orchestrator/crdt/fleet-state.ts';
import { completeControlPlane } from '../../scenario/resolve/control-plane.ts';
import { onControlPlaneFault } from '../faults.ts';
import type { TwinState } from '../state.ts';
import { afterChange, newOutages } from './accounting.ts';
import { agentDown, agentUp, onCommand, onReply, onStarted, onTick, RUNNING, shedLowPriority } from './agent.ts';
import { controlPlaneReport } from './cp-report.ts';
import type { AckFrame, CommandFrame, HeartbeatFrame } from '../../orchestrator/control/wire.ts';
import { type Agent, newMetrics } from './cp-state.ts';
import type { ControlPlane } from './cp.ts';
import { monitorOf, onCheck, onGossip, onHeartbeat, settleNetworkFault } from './controller.ts';
import type { ControlMessage } from '../control-message.ts';
import { onDriftEvent } from './drift.ts';
import { controllerConfigOf, fleetView, relocateContext } from './observe.ts';
import { Reachability } from './reachability.ts';
import { onReconcile } from './reconcile.ts';
import { onDecide, onRelocate } from './relocation.ts';
import { controllerNodes, initialMembers } from './roles.ts';

/** Installs the control plane when the scenario asks for one; returns it (undefined for model none). */
export function installControlPlane(s: TwinState): ControlPlane | undefined {
  const cfg = completeControlPlane(s.model.controlPlane, s.model.nodes);
  if (cfg.model === 'none') return undefined;
  const topo = s.fabric.topology;
  const nNodes = s.model.nodes.length;
  const now = s.kernel.nowMs;
  const cp: ControlPlane = {
    s, cfg, controller: controllerConfigOf(cfg), reach: new Reachability(topo),
    view: undefined as never, relocation: undefined as never,
    members: [...cfg.members].sort().map((id) => topo.nodeIndex(id)), agents: [], agentIds: [], monitors: [], watching: new Map(),
    desiredOf: Array.from({ length: nNodes }, () => new Set<number>()),
    cpDesired: [], cpObserved: [],
    runningOn: s.placement.seam.replicas.map((r) => Array.from(r)),
    targetCount: s.placement.seam.replicas.map((r) => r.length),
    pending: new Map(), drift: new Map(), masterDown: 0, cpFaults: [], autonomousCount: 0,
    outages: newOutages(s),
    kinds: { tick: -1, check: -1, relocate: -1, decide: -1, started: -1, reconcile: -1, drift: -1 },
    startJobs: [], decisionsInFlight: [], metrics: newMetrics(),
  };
  for (let n = 0; n < nNodes; n++) {
    const node = s.model.nodes[n]!;
    if (node.tier === 'sensor') { cp.agents.push(null); cp.cpDesired.push(null); cp.cpObserved.push(null); continue; }
    const agent: Agent = {
      node: n, id: node.id, running: new Set(), starting: new Map(), lastAckMs: now, autonomousSince: -1, awaitingCommand: false,
      controller: -1, lastSentMs: -1, observed: new DocReplica(node.id), desired: new DocReplica(node.id), desiredAck: null,
    };
    setNodeStatus(agent.observed, node.id, { state: 'ready', reportedAtMs: now }, now);
    cp.agents.push(agent);
    cp.agentIds.push(node.id);
    cp.cpDesired.push(new DocReplica(`cp/${node.id}`));
    cp.cpObserved.push(new DocReplica(`cp/${node.id}`));
  }
  cp.view = fleetView(cp);
  cp.relocation = relocateContext(cp);
  // The initial placement is running and desired.
  cp.runningOn.forEach((nodes, svc) => {
    const key = s.graph.services[svc]!.key;
    for (const n of nodes) {
      const agent = cp.agents[n];
      if (!agent) continue;
      agent.running.add(svc);
      agent.observed.set(RUNNING, key, { sinceMs: now }, now);
      cp.desiredOf[n]!.add(svc);
      setPlacement(cp.cpDesired[n]!, key, node(s, n), now);
    }
  });
  const k = s.kernel;
  cp.kinds = {
    tick: k.on((a) => onTick(cp, a)),
    check: k.on((a, b) => onCheck(cp, a, b)),
    relocate: k.on((a, b) => onRelocate(cp, a, b)),
    decide: k.on((a) => onDecide(cp, a)),
    started: k.on((a) => onStarted(cp, a)),
    reconcile: k.on((a) => onReconcile(cp, a)),
    drift: k.on((a, b) => onDriftEvent(cp, a, b)),
  };
  const hb = cfg.heartbeatEveryMs;
  // Heartbeat phases spread over one period (deterministic, no random draw).
  cp.agents.forEach((agent, n) => { if (agent) k.scheduleAt(now + hb * ((n * 0.6180339887) % 1), cp.kinds.tick, n); });
  for (const c of controllerNodes(cp)) {
    for (const member of initialMembers(cp, c)) monitorOf(cp, c, member);
    k.scheduleAt(now + cfg.reconcileEveryMs, cp.kinds.reconcile, c);
  }
  s.hooks.nodeDown.push((n) => { const a = cp.agents[n]; if (a) agentDown(cp, a); else afterChange(cp, cp.outages); });
  s.hooks.nodeUp.push((n) => { const a = cp.agents[n]; if (a) agentUp(cp, a); else afterChange(cp, cp.outages); });
  s.hooks.linkDown.push(() => afterChange(cp, cp.outages));
  s.hooks.linkUp.push(() => {
    afterChange(cp, cp.outages);
    s.faults.log.forEach((rec, f) => { if (rec.kind !== 'node' && rec.kind !== 'power' && rec.detectedAfterMs !== null) settleNetworkFault(cp, f); });
  });
  if (cfg.autonomy.shedLowPriorityAbove > 0) s.hooks.admit.push((m, n) => shedLowPriority(cp, m, n));
  onControlPlaneFault(s, (f, start) => {
    if (start) { cp.masterDown++; if (!cp.cpFaults.includes(f)) cp.cpFaults.push(f); } else cp.masterDown--;
  });
  s.hooks.receiveControl.push((msg) => receive(cp, msg));
  s.hooks.report.push((out) => controlPlaneReport(cp, out));
  s.control.plane = cp;
  return cp;
}

/** A control message reached its destination: hand it to the controller or the agent there. */
function receive(cp: ControlPlane, msg: ControlMessage): void {
  switch (msg.kind) {
    case 'heartbeat': onHeartbeat(cp, msg.to, msg.from, msg.payload as HeartbeatFrame); return;
    case 'gossip': onGossip(cp, msg.to, msg.from); return;
    case 'ack': onReply(cp, cp.agents[msg.to]!, msg.payload as AckFrame); return;
    case 'command': onCommand(cp, cp.agents[msg.to]!, msg.payload as CommandFrame); return;
    default: throw new Error(`control message of unknown kind '${msg.kind}'`);
  }
}

function node(s: TwinState, n: number): string {
  return s.fabric.topology.nodeId(n);
}
