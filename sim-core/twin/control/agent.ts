/**
 * The agent on every non-sensor node: starts and stops replicas (the placement seam follows what
 * actually runs), heartbeats its controller with its observed-state CRDT delta, applies the
 * desired state it receives, and falls back to local autonomy when its controller is silent. It
 * speaks the control wire protocol (orchestrator/control/wire.ts): a message costs the encoded
 * length of its frame on the simulated network (IP/TCP/MQTT headers are not counted).
 */
import { placementsOf } from '../../orchestrator/crdt/fleet-state.ts';
import { sendControl } from '../control-transport.ts';
import { healed } from '../fabric-changes.ts';
import { CONTROL_WIRE_VERSION, frameBytes, type AckFrame, type CommandFrame, type GossipFrame, type HeartbeatFrame } from '../../orchestrator/control/wire.ts';
import { afterChange, noteNodeLoss } from './accounting.ts';
import type { Agent } from './cp-state.ts';
import { publishCp, type ControlPlane } from './cp.ts';
import { controllerOf } from './roles.ts';

/** Missed heartbeat periods after which an agent acts on its own. */
export const AUTONOMY_AFTER_HEARTBEATS = 3;

/** Map of the observed document holding running services. */
export const RUNNING = 'running';

/** Starts `svc` on the agent's node after `delayMs` (no-op when it runs or is starting). */
export function startService(cp: ControlPlane, agent: Agent, svc: number, delayMs: number): void {
  if (agent.running.has(svc) || agent.starting.has(svc) || !cp.s.fabric.topology.isNodeUp(agent.node)) return;
  const job = cp.startJobs.length;
  cp.startJobs.push({ node: agent.node, service: svc });
  agent.starting.set(svc, job);
  cp.s.kernel.schedule(delayMs, cp.kinds.started, job);
}

/** Start-job event: the replica is running (unless the job was cancelled meanwhile). */
export function onStarted(cp: ControlPlane, job: number): void {
  const j = cp.startJobs[job];
  cp.startJobs[job] = null;
  if (!j) return;
  const agent = cp.agents[j.node]!;
  if (agent.starting.get(j.service) !== job) return;
  agent.starting.delete(j.service);
  if (!cp.s.fabric.topology.isNodeUp(agent.node)) return;
  markRunning(cp, agent, j.service, true);
}

/** Stops `svc` on the agent's node now (cancels a start in progress). */
export function stopService(cp: ControlPlane, agent: Agent, svc: number): void {
  agent.starting.delete(svc);
  if (agent.running.has(svc)) markRunning(cp, agent, svc, false);
}

/** Records a replica starting or stopping: agent state, observed CRDT, placement seam, availability. */
export function markRunning(cp: ControlPlane, agent: Agent, svc: number, on: boolean): void {
  const s = cp.s;
  const key = s.graph.services[svc]!.key;
  const list = cp.runningOn[svc]!;
  if (on) {
    agent.running.add(svc);
    list.push(agent.node);
    agent.observed.set(RUNNING, key, { sinceMs: s.kernel.nowMs }, s.kernel.nowMs);
  } else {
    agent.running.delete(svc);
    list.splice(list.indexOf(agent.node), 1);
    agent.observed.delete(RUNNING, key, s.kernel.nowMs);
  }
  s.placement.setReplicas(svc, list);
  publishCp(cp, () => ({ t: s.kernel.nowMs, type: on ? 'replica-started' : 'replica-stopped', node: agent.id, service: key }));
  afterChange(cp, cp.outages);
  if (on) healed(s); // data waiting for a replica may move now
}

/** Services the agent's copy of the desired state puts on its node. */
export function locallyDesired(cp: ControlPlane, agent: Agent): number[] {
  const out: number[] = [];
  for (const [key, node] of placementsOf(agent.desired.doc)) {
    if (node === agent.id) out.push(cp.s.graph.serviceIndex.get(key)!);
  }
  return out.sort((a, b) => a - b);
}

/** Brings the node's replicas in line with its copy of the desired state (starts wait for a command after a bare reboot). */
export function applyDesired(cp: ControlPlane, agent: Agent): void {
  const want = new Set(locallyDesired(cp, agent));
  for (const svc of [...agent.running, ...agent.starting.keys()].sort((a, b) => a - b)) if (!want.has(svc)) stopService(cp, agent, svc);
  if (agent.awaitingCommand) return;
  for (const svc of want) startService(cp, agent, svc, cp.cfg.startupTimeMs);
}

/** Heartbeat tick of the agent on `node`: autonomy check, then one heartbeat to its controller. */
export function onTick(cp: ControlPlane, node: number): void {
  const s = cp.s;
  const hb = cp.cfg.heartbeatEveryMs;
  s.kernel.schedule(hb, cp.kinds.tick, node);
  const agent = cp.agents[node]!;
  if (!s.fabric.topology.isNodeUp(node)) return;
  const now = s.kernel.nowMs;
  const c = controllerOf(cp, node);
  agent.controller = c;
  if (cp.members.length > 0 && cp.members.includes(node)) gossip(cp, node, c);
  if (c === node) { agent.lastAckMs = now; if (agent.autonomousSince >= 0) leaveAutonomy(cp, agent); return; }
  if (agent.autonomousSince < 0 && now - agent.lastAckMs >= AUTONOMY_AFTER_HEARTBEATS * hb) enterAutonomy(cp, agent);
  if (c < 0) return;
  const peer = cpPeerId(agent);
  const observed = agent.observed.messageFor(peer) ?? null;
  const ack = agent.desiredAck;
  agent.desiredAck = null;
  agent.lastSentMs = now;
  const frame: HeartbeatFrame = { v: CONTROL_WIRE_VERSION, kind: 'heartbeat', from: agent.id, to: s.fabric.topology.nodeId(c), atMs: now, observed, ack, needsStart: agent.awaitingCommand };
  sendControl(s, { from: node, to: c, kind: 'heartbeat', payload: frame, sizeBytes: frameBytes(frame) });
}

/** Decentralized: a member also tells every other member it is alive (the leader gets the full heartbeat). */
function gossip(cp: ControlPlane, node: number, leader: number): void {
  for (const other of cp.members) {
    if (other === node || other === leader) continue;
    const topo = cp.s.fabric.topology;
    const frame: GossipFrame = { v: CONTROL_WIRE_VERSION, kind: 'gossip', from: topo.nodeId(node), to: topo.nodeId(other), atMs: cp.s.kernel.nowMs };
    sendControl(cp.s, { from: node, to: other, kind: 'gossip', payload: frame, sizeBytes: frameBytes(frame) });
  }
}

/** The control plane's replica id for an agent's documents. */
export function cpPeerId(agent: Agent): string {
  return `cp/${agent.id}`;
}

/** A reply from the controller reached the agent: fresh desired state, ack of its observed delta. */
export function onReply(cp: ControlPlane, agent: Agent, reply: AckFrame): void {
  const s = cp.s;
  if (!s.fabric.topology.isNodeUp(agent.node)) return;
  const now = s.kernel.nowMs;
  agent.lastAckMs = now;
  if (agent.autonomousSince >= 0) leaveAutonomy(cp, agent);
  if (reply.ack) { cp.metrics.crdtMerges++; agent.observed.receive(reply.ack, now); }
  if (reply.desired) {
    cp.metrics.crdtMerges++;
    const r = agent.desired.receive(reply.desired, now);
    if (r.ok && r.kind === 'payload') {
      agent.desiredAck = r.ack;
      if (r.changed) applyDesired(cp, agent);
    }
  }
}

/** A command from a controller: start and stop replicas (by service key; start after startupTime). */
export function onCommand(cp: ControlPlane, agent: Agent, cmd: CommandFrame): void {
  if (!cp.s.fabric.topology.isNodeUp(agent.node)) return;
  agent.awaitingCommand = false;
  const index = cp.s.graph.serviceIndex;
  for (const key of cmd.stop) stopService(cp, agent, index.get(key)!);
  for (const key of cmd.start) startService(cp, agent, index.get(key)!, cp.cfg.startupTimeMs);
}

function enterAutonomy(cp: ControlPlane, agent: Agent): void {
  const s = cp.s;
  agent.autonomousSince = s.kernel.nowMs;
  cp.autonomousCount++;
  for (const f of cp.cpFaults) {
    const rec = s.faults.log[f]!;
    if (rec.detectedAfterMs === null && (rec.endMs === null || rec.endMs > s.kernel.nowMs)) rec.detectedAfterMs = s.kernel.nowMs - rec.atMs;
  }
  publishCp(cp, () => ({ t: s.kernel.nowMs, type: 'autonomous', node: agent.id }));
}

/** Ends an autonomous spell (a reply arrived, or the node went down). */
export function leaveAutonomy(cp: ControlPlane, agent: Agent): void {
  const s = cp.s;
  const now = s.kernel.nowMs;
  cp.metrics.autonomousMs += now - agent.autonomousSince;
  agent.autonomousSince = -1;
  cp.autonomousCount--;
  if (cp.autonomousCount > 0) return;
  for (const f of cp.cpFaults) {
    const rec = s.faults.log[f]!;
    if (rec.detectedAfterMs !== null && rec.recoveredAfterMs === null && rec.endMs !== null && rec.endMs <= now) rec.recoveredAfterMs = now - rec.atMs;
  }
}

/** The node crashed: its replicas are gone (charged to the fault that took it down). */
export function agentDown(cp: ControlPlane, agent: Agent): void {
  const s = cp.s;
  const f = s.faults.nodeDownBy[agent.node]!;
  const services = [...agent.running].sort((a, b) => a - b);
  if (f >= 0) noteNodeLoss(cp.outages, f, agent.node, services, services.map((svc) => cp.runningOn[svc]!.length));
  agent.starting.clear();
  for (const svc of services) markRunning(cp, agent, svc, false);
  if (agent.autonomousSince >= 0) leaveAutonomy(cp, agent);
  afterChange(cp, cp.outages);
}

/** The node is back: restart its services locally, or wait for the controller's command. */
export function agentUp(cp: ControlPlane, agent: Agent): void {
  agent.lastAckMs = cp.s.kernel.nowMs;
  if (cp.cfg.autonomy.restartLocally) {
    agent.awaitingCommand = false;
    for (const svc of locallyDesired(cp, agent)) startService(cp, agent, svc, cp.cfg.startupTimeMs);
  } else {
    agent.awaitingCommand = true;
  }
  afterChange(cp, cp.outages);
}

/** Admission hook: an autonomous node sheds low-priority messages while its queue is too full. */
export function shedLowPriority(cp: ControlPlane, m: number, node: number): 'load-shed' | undefined {
  const agent = cp.agents[node];
  const threshold = cp.cfg.autonomy.shedLowPriorityAbove;
  if (!agent || agent.autonomousSince < 0 || threshold <= 0 || cp.s.messages.table.priority[m] !== 2) return undefined;
  const cap = cp.s.model.nodes[node]!.queueCapacity;
  if (!(cp.s.messages.processors[node]!.waiting > threshold * cap)) return undefined;
  cp.metrics.shed++;
  return 'load-shed';
}

