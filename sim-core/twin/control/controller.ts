/**
 * The controllers' simulated side: a monitor (heartbeat history) per watched node, fed by
 * heartbeats over the simulated network; a check timer per monitor at the detector's suspicion
 * time, where the orchestrator's detection step (orchestrator/control/detect.ts) decides, and
 * this file carries out its action (declare, re-check, unwatch) and keeps the twin's accounting
 * (true detections, false suspicions, the faults blamed); the reply that carries the
 * desired-state CRDT delta back. After a declaration: relocation.ts; the loop: reconcile.ts.
 */
import type { AckMessage } from '../../orchestrator/crdt/sync-wire.ts';
import type { DetectionFacts } from '../../orchestrator/control/actions.ts';
import { aliveStep, detectStep } from '../../orchestrator/control/detect.ts';
import { CONTROL_WIRE_VERSION, frameBytes, type AckFrame, type CommandFrame, type HeartbeatFrame } from '../../orchestrator/control/wire.ts';
import { newHistory, recordHeartbeat, suspicionTimeMs } from '../../orchestrator/detector/failure-detector.ts';
import type { DetectionReason } from '../decision-log.ts';
import { sendControl } from '../control-transport.ts';
import type { Monitor } from './cp-state.ts';
import { publishCp, type ControlPlane } from './cp.ts';
import { watchedOf } from './observe.ts';

/** The monitor of `member` at `controller`, created (history starting now) when missing. */
export function monitorOf(cp: ControlPlane, controller: number, member: number): Monitor {
  let watching = cp.watching.get(controller);
  if (!watching) cp.watching.set(controller, (watching = new Map()));
  const id = watching.get(member);
  if (id !== undefined) return cp.monitors[id]!;
  const m: Monitor = {
    id: cp.monitors.length, controller, member, history: newHistory(cp.cfg.detector, cp.s.kernel.nowMs),
    declared: false, declaredAtMs: -1, gen: 0, relocationDue: false, dueAtMs: -1, faults: [], detection: null,
  };
  cp.monitors.push(m);
  watching.set(member, m.id);
  armCheck(cp, m);
  return m;
}

function armCheck(cp: ControlPlane, m: Monitor): void {
  const at = Math.max(suspicionTimeMs(cp.cfg.detector, m.history), cp.s.kernel.nowMs + 1e-3);
  cp.s.kernel.scheduleAt(at, cp.kinds.check, m.id, m.gen);
}

/** A heartbeat from `member` reached `controller`: detector, CRDT merge, reply. */
export function onHeartbeat(cp: ControlPlane, controller: number, member: number, hb: HeartbeatFrame): void {
  const s = cp.s;
  if (cp.view.isControllerDown(s.fabric.topology.nodeId(controller))) return; // the master is unreachable: nothing is processed
  const now = s.kernel.nowMs;
  const m = monitorOf(cp, controller, member);
  heard(cp, m, now);
  const agent = cp.agents[member]!;
  let ack: AckMessage | null = null;
  if (hb.observed) {
    cp.metrics.crdtMerges++;
    const r = cp.cpObserved[member]!.receive(hb.observed, now);
    if (r.ok && r.kind === 'payload') ack = r.ack;
  }
  if (hb.ack) { cp.metrics.crdtMerges++; cp.cpDesired[member]!.receive(hb.ack, now); }
  const desired = cp.cpDesired[member]!.messageFor(agent.id) ?? null;
  const reply: AckFrame = { v: CONTROL_WIRE_VERSION, kind: 'ack', from: s.fabric.topology.nodeId(controller), to: agent.id, atMs: now, desired, ack };
  sendControl(s, { from: controller, to: member, kind: 'ack', payload: reply, sizeBytes: frameBytes(reply) });
  if (hb.needsStart) {
    const start = [...cp.desiredOf[member]!].sort((a, b) => a - b);
    sendCommand(cp, controller, member, start, []);
  }
}

/** A member's gossip heartbeat reached another member (decentralized membership: detector only). */
export function onGossip(cp: ControlPlane, controller: number, member: number): void {
  heard(cp, monitorOf(cp, controller, member), cp.s.kernel.nowMs);
}

function heard(cp: ControlPlane, m: Monitor, now: number): void {
  recordHeartbeat(m.history, now);
  const alive = aliveStep(cp.s.fabric.topology.nodeId(m.controller), watchedOf(cp, m), now);
  if (alive) undeclare(cp, m);
}

/** Sends a start/stop command (a control frame naming services by key) from a controller to an agent. */
export function sendCommand(cp: ControlPlane, controller: number, node: number, start: number[], stop: number[]): void {
  const s = cp.s;
  const key = (svc: number) => s.graph.services[svc]!.key;
  const frame: CommandFrame = { v: CONTROL_WIRE_VERSION, kind: 'command', from: s.fabric.topology.nodeId(controller), to: s.fabric.topology.nodeId(node), atMs: s.kernel.nowMs, start: start.map(key), stop: stop.map(key) };
  cp.metrics.commands++;
  sendControl(s, { from: controller, to: node, kind: 'command', payload: frame, sizeBytes: frameBytes(frame) });
}

/** Detector check event for monitor `id` armed at generation `gen`: the controller's detection step decides. */
export function onCheck(cp: ControlPlane, id: number, gen: number): void {
  const m = cp.monitors[id]!;
  if (m.gen !== gen || m.declared) return;
  const s = cp.s;
  const now = s.kernel.nowMs;
  const by = s.fabric.topology.nodeId(m.controller);
  const w = watchedOf(cp, m);
  const a = detectStep(cp.controller, by, w, now, { canAct: !cp.view.isControllerDown(by), reachable: cp.view.reaches(w.node, by), isMember: cp.members.includes(m.member) });
  if (a === null) { armCheck(cp, m); return; }
  switch (a.kind) {
    case 'suspect': s.kernel.schedule(cp.cfg.heartbeatEveryMs, cp.kinds.check, m.id, m.gen); return;
    case 'unwatch': cp.watching.get(m.controller)!.delete(m.member); m.gen++; return;
    case 'declare-failed': declare(cp, m, a.detection); return;
    default: throw new Error(`detection step returned ${a.kind}`);
  }
}

/** The twin's account of a detection: the controller's facts, and the time since the node really failed (ground truth the controller cannot know). */
function detectionReason(cp: ControlPlane, m: Monitor, d: DetectionFacts, now: number): DetectionReason {
  const downSince = cp.s.faults.nodeDownSince[m.member]!;
  const out: DetectionReason = {
    by: cp.s.fabric.topology.nodeId(m.controller), atMs: now, detector: d.detector,
    afterMs: downSince >= 0 ? now - downSince : d.silentMs, missedBeats: d.missedBeats,
  };
  if (d.phi !== undefined) out.phi = d.phi;
  return out;
}

function declare(cp: ControlPlane, m: Monitor, facts: DetectionFacts): void {
  const s = cp.s;
  const now = s.kernel.nowMs;
  m.detection = detectionReason(cp, m, facts, now);
  m.declared = true;
  m.declaredAtMs = now;
  m.gen++;
  m.faults = [];
  if (!s.fabric.topology.isNodeUp(m.member)) {
    cp.metrics.detections++;
    const f = s.faults.nodeDownBy[m.member]!;
    if (f >= 0 && s.faults.log[f]!.detectedAfterMs === null) s.faults.log[f]!.detectedAfterMs = now - s.faults.log[f]!.atMs;
  } else {
    cp.metrics.falseSuspicions++;
    // Blame the network faults in force (a partition or cut link hides a healthy node).
    s.faults.log.forEach((rec, f) => {
      if (rec.kind === 'node' || rec.kind === 'power' || rec.atMs > now || (rec.endMs !== null && rec.endMs <= now)) return;
      if (rec.detectedAfterMs === null) rec.detectedAfterMs = now - rec.atMs;
      m.faults.push(f);
    });
  }
  const detection = m.detection;
  publishCp(cp, () => ({ t: now, type: 'declared-failed', node: s.fabric.topology.nodeId(m.member), by: s.fabric.topology.nodeId(m.controller), up: s.fabric.topology.isNodeUp(m.member), detection }));
  s.kernel.schedule(cp.cfg.gracePeriodMs, cp.kinds.relocate, m.id, m.gen);
}

function undeclare(cp: ControlPlane, m: Monitor): void {
  const s = cp.s;
  m.declared = false;
  m.relocationDue = false;
  m.gen++;
  armCheck(cp, m);
  publishCp(cp, () => ({ t: s.kernel.nowMs, type: 'declared-alive', node: s.fabric.topology.nodeId(m.member), by: s.fabric.topology.nodeId(m.controller) }));
  const blamed = m.faults;
  m.faults = [];
  for (const f of blamed) settleNetworkFault(cp, f);
}

/** A network fault is recovered once it ended and no declaration it caused is still open. */
export function settleNetworkFault(cp: ControlPlane, f: number): void {
  const s = cp.s;
  const rec = s.faults.log[f]!;
  if (rec.recoveredAfterMs !== null || rec.endMs === null || rec.endMs > s.kernel.nowMs) return;
  if (cp.monitors.some((m) => m.declared && m.faults.includes(f))) return;
  rec.recoveredAfterMs = s.kernel.nowMs - rec.atMs;
}
