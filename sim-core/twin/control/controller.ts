/**
 * Controllers: a failure detector per watched node (fed by heartbeats over the simulated
 * network), declaration of failures (true detections and false suspicions), and the reply that
 * carries the desired-state CRDT delta back. What happens after a declaration lives in
 * relocation.ts; the desired-vs-observed loop in reconcile.ts.
 */
import { byteSize } from '../../orchestrator/crdt/sync-wire.ts';
import { isSuspected, newHistory, phi, recordHeartbeat, suspicionTimeMs } from '../../orchestrator/detector/failure-detector.ts';
import type { DetectionReason } from '../decision-log.ts';
import { sendControl } from '../control-transport.ts';
import { HEARTBEAT_HEADER_BYTES, COMMAND_HEADER_BYTES } from './agent.ts';
import { publishCp } from './cp-state.ts';
import type { ControlPlane, Monitor } from './cp-state.ts';
import { masterOf } from './roles.ts';

/** Heartbeat payload: observed-state delta, ack of the last desired delta, and whether the agent waits for a start command. */
export interface Heartbeat { delta: unknown; ack: unknown; needsStart: boolean }

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
export function onHeartbeat(cp: ControlPlane, controller: number, member: number, hb: Heartbeat): void {
  const s = cp.s;
  if (cp.masterDown > 0 && controller === masterOf(cp)) return; // the master is unreachable: nothing is processed
  const now = s.kernel.nowMs;
  const m = monitorOf(cp, controller, member);
  recordHeartbeat(m.history, now);
  if (m.declared) undeclare(cp, m);
  const agent = cp.agents[member]!;
  let ack: unknown = null;
  if (hb.delta) {
    cp.metrics.crdtMerges++;
    const r = cp.cpObserved[member]!.receive(hb.delta, now);
    if (r.ok && r.kind === 'payload') ack = r.ack;
  }
  if (hb.ack) { cp.metrics.crdtMerges++; cp.cpDesired[member]!.receive(hb.ack, now); }
  const delta = cp.cpDesired[member]!.messageFor(agent.id) ?? null;
  const reply = { delta, ack };
  sendControl(s, {
    from: controller, to: member, kind: 'ack', payload: reply,
    sizeBytes: HEARTBEAT_HEADER_BYTES + (delta ? byteSize(delta) : 0) + (ack ? byteSize(ack) : 0),
  });
  if (hb.needsStart) {
    const start = [...cp.desiredOf[member]!].sort((a, b) => a - b);
    sendCommand(cp, controller, member, start, []);
  }
}

/** A member's gossip heartbeat reached another member (decentralized membership: detector only). */
export function onGossip(cp: ControlPlane, controller: number, member: number): void {
  const m = monitorOf(cp, controller, member);
  recordHeartbeat(m.history, cp.s.kernel.nowMs);
  if (m.declared) undeclare(cp, m);
}

/** Sends a start/stop command from a controller to an agent (a control message). */
export function sendCommand(cp: ControlPlane, controller: number, node: number, start: number[], stop: number[]): void {
  const keys = [...start, ...stop].map((svc) => cp.s.graph.services[svc]!.key);
  const cmd = { start, stop };
  cp.metrics.commands++;
  sendControl(cp.s, {
    from: controller, to: node, kind: 'command', payload: cmd,
    sizeBytes: COMMAND_HEADER_BYTES + byteSize(keys),
  });
}

/** Detector check event for monitor `id` armed at generation `gen`. */
export function onCheck(cp: ControlPlane, id: number, gen: number): void {
  const m = cp.monitors[id]!;
  if (m.gen !== gen || m.declared) return;
  const now = cp.s.kernel.nowMs;
  if (!isSuspected(cp.cfg.detector, m.history, now)) { armCheck(cp, m); return; }
  if (cp.masterDown > 0 && m.controller === masterOf(cp)) { cp.s.kernel.schedule(cp.cfg.heartbeatEveryMs, cp.kinds.check, m.id, m.gen); return; }
  if (handedOver(cp, m)) { m.gen++; return; }
  declare(cp, m);
}

/** The member now reports to another controller and could have told this one: stop watching instead of suspecting. */
function handedOver(cp: ControlPlane, m: Monitor): boolean {
  const agent = cp.agents[m.member]!;
  const s = cp.s;
  if (agent.controller === m.controller || agent.controller < 0 || cp.members.includes(m.member)) return false;
  if (!s.fabric.topology.isNodeUp(m.member) || !cp.reach.reaches(m.member, m.controller)) return false;
  cp.watching.get(m.controller)!.delete(m.member);
  return true;
}

/** What the detector saw when it declared `m.member` failed (read-only: computing it changes nothing). */
function detectionOf(cp: ControlPlane, m: Monitor, now: number): DetectionReason {
  const s = cp.s;
  const det = cp.cfg.detector;
  const silentMs = now - m.history.lastMs;
  const downSince = s.faults.nodeDownSince[m.member]!;
  const out: DetectionReason = {
    by: s.fabric.topology.nodeId(m.controller), atMs: now, detector: det.kind,
    afterMs: downSince >= 0 ? now - downSince : silentMs,
    missedBeats: Math.floor(silentMs / cp.cfg.heartbeatEveryMs),
  };
  if (det.kind === 'phi') out.phi = phi(det, m.history, now);
  return out;
}

function declare(cp: ControlPlane, m: Monitor): void {
  const s = cp.s;
  const now = s.kernel.nowMs;
  m.detection = detectionOf(cp, m, now);
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
