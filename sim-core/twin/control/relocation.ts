/**
 * After a node is declared failed and its grace period passed, its controller relocates every
 * replica the desired state puts there: check authority (quorum, reachability), take
 * `decisionTime`, ask the placement seam for a target it may use, update the desired state and
 * send a start command. A regional orchestrator keeps to its region and escalates what its
 * region cannot hold to the global master. Refusals are counted by reason and retried by the
 * reconcile loop.
 */
import { clearPlacement, setPlacement } from '../../orchestrator/crdt/fleet-state.ts';
import { canHost } from '../placement.ts';
import { publishCp } from './cp-state.ts';
import type { ControlPlane, Monitor } from './cp-state.ts';
import { refuse } from './cp-state.ts';
import { sendCommand } from './controller.ts';
import { allowedTargets, authority, masterOf } from './roles.ts';

/** Relocation event: the grace period of monitor `id`'s declaration (generation `gen`) is over. */
export function onRelocate(cp: ControlPlane, id: number, gen: number): void {
  const m = cp.monitors[id]!;
  if (m.gen !== gen || !m.declared) return;
  m.relocationDue = true;
  m.dueAtMs = cp.s.kernel.nowMs;
  tryRelocate(cp, m);
}

/** Tries to relocate everything still desired on a declared node; schedules one decision per service. */
export function tryRelocate(cp: ControlPlane, m: Monitor): void {
  const services = [...cp.desiredOf[m.member]!].sort((a, b) => a - b);
  if (services.length === 0) { m.relocationDue = false; return; }
  const auth = authority(cp, m.controller);
  if (!auth.ok) {
    for (const svc of services) { refuse(cp, auth.reason); publishRefusal(cp, m.member, svc, m.controller, auth.reason); }
    return;
  }
  const scope = cp.cfg.model === 'hierarchical' && m.controller !== masterOf(cp) ? 'region' : 'global';
  services.forEach((service, k) => {
    const slot = cp.decisionsInFlight.length;
    cp.decisionsInFlight.push({ monitor: m.id, gen: m.gen, service, controller: m.controller, dueAtMs: m.dueAtMs, scope });
    cp.s.kernel.schedule(cp.cfg.decisionTimeMs * (k + 1), cp.kinds.decide, slot);
  });
  m.relocationDue = false; // decisions are under way; a refusal below sets it again
}

/** Decision event: pick a target and commit (or refuse). */
export function onDecide(cp: ControlPlane, slot: number): void {
  const d = cp.decisionsInFlight[slot]!;
  cp.decisionsInFlight[slot] = null;
  const m = cp.monitors[d.monitor]!;
  if (m.gen !== d.gen || !m.declared || !cp.desiredOf[m.member]!.has(d.service)) return;
  let controller = d.controller;
  let target = pick(cp, controller, m.member, d.service, d.scope);
  if (target < 0 && d.scope === 'region') {
    // Escalate to the global master, if the region can still talk to it.
    const master = masterOf(cp);
    if (master >= 0 && cp.reach.reaches(controller, master) && authority(cp, master).ok) {
      controller = master;
      target = pick(cp, master, m.member, d.service, 'global');
    }
  }
  if (target < 0) {
    const reason = refusalReason(cp, m.member, d.service);
    refuse(cp, reason);
    publishRefusal(cp, m.member, d.service, controller, reason);
    m.relocationDue = true;
    return;
  }
  commit(cp, controller, m.member, d.service, target, d.dueAtMs, m);
}

function publishRefusal(cp: ControlPlane, node: number, svc: number, controller: number, reason: string): void {
  const s = cp.s;
  publishCp(cp, () => ({ t: s.kernel.nowMs, type: 'relocation-refused', service: s.graph.services[svc]!.key, node: s.fabric.topology.nodeId(node), by: s.fabric.topology.nodeId(controller), reason }));
}

function pick(cp: ControlPlane, controller: number, lost: number, svc: number, scope: 'region' | 'global'): number {
  const allowed = allowedTargets(cp, controller, scope);
  return cp.s.placement.seam.relocate(svc, lost, (n) => n !== lost && !cp.desiredOf[n]!.has(svc) && allowed(n));
}

/** no-capacity when no up node could host the service at all; otherwise the controller could not reach or trust one. */
function refusalReason(cp: ControlPlane, lost: number, svc: number): 'no-capacity' | 'controller-unreachable' {
  const s = cp.s;
  const model = s.graph.services[svc]!.model;
  const current = new Set(cp.runningOn[svc]);
  for (let n = 0; n < s.model.nodes.length; n++) {
    if (n === lost || current.has(n) || !cp.agents[n] || !s.fabric.topology.isNodeUp(n)) continue;
    if (canHost(s.model.nodes[n]!, model)) return 'controller-unreachable';
  }
  return 'no-capacity';
}

/** Moves `svc` from `lost` to `target` in the desired state and tells the target to start it; `m` is the monitor whose declaration led here. */
export function commit(cp: ControlPlane, controller: number, lost: number, svc: number, target: number, dueAtMs: number, m?: Monitor): void {
  const s = cp.s;
  const now = s.kernel.nowMs;
  const key = s.graph.services[svc]!.key;
  cp.metrics.decisions++;
  cp.metrics.decisionLatenciesMs.push(now - dueAtMs);
  cp.desiredOf[lost]!.delete(svc);
  clearPlacement(cp.cpDesired[lost]!, key, now);
  cp.desiredOf[target]!.add(svc);
  setPlacement(cp.cpDesired[target]!, key, s.fabric.topology.nodeId(target), now);
  cp.pending.set(target * cp.runningOn.length + svc, now + cp.cfg.startupTimeMs + cp.cfg.reconcileEveryMs);
  // The lost node's data: critical replicas it held are copied again elsewhere (best effort: counted).
  if (!s.fabric.topology.isNodeUp(lost)) {
    const f = s.faults.nodeDownBy[lost]!;
    if (f >= 0 && s.faults.log[f]!.detectedAfterMs === null) s.faults.log[f]!.detectedAfterMs = now - s.faults.log[f]!.atMs;
    if (cp.desiredOf[lost]!.size === 0) cp.metrics.reReplicatedBytes += s.storage.table.usedBytes[lost]!;
  }
  const why = s.placement.seam.lastExplanation?.() ?? null;
  const decision = s.placement.decisionLog.add({
    atMs: now, service: key, kind: 'relocated', node: s.fabric.topology.nodeId(target), from: s.fabric.topology.nodeId(lost), by: s.fabric.topology.nodeId(controller),
    scores: why?.scores ?? {}, total: why?.total ?? null, ...(why?.runnerUp ? { runnerUp: why.runnerUp } : {}), feasibleNodes: why?.feasibleNodes ?? 0, evaluatedNodes: why?.evaluatedNodes ?? 0,
    policies: [], message: why?.message ?? '', ...(m?.detection ? { detection: m.detection } : {}),
  });
  publishCp(cp, () => ({ t: now, type: 'relocated', service: key, from: s.fabric.topology.nodeId(lost), to: s.fabric.topology.nodeId(target), by: s.fabric.topology.nodeId(controller), decisionMs: now - dueAtMs, decision }));
  sendCommand(cp, controller, target, [svc], []);
}
