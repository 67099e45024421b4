/**
 * After a node is declared failed and its grace period passed, its controller relocates every
 * replica the desired state puts there. The decisions are the orchestrator's
 * (orchestrator/control/relocate.ts: authority, scope, escalation to the master, refusal
 * reasons), with targets from the twin's placement seam (the production scheduler); this file
 * keeps the virtual time (`decisionTime` per service), carries out the actions (desired state,
 * start command, decision log, events) and counts refusals, which the reconcile loop retries.
 */
import type { Action } from '../../orchestrator/control/actions.ts';
import { authorityOf } from '../../orchestrator/control/authority.ts';
import { relocateStep, type Placer } from '../../orchestrator/control/relocate.ts';
import { clearPlacement, setPlacement } from '../../orchestrator/crdt/fleet-state.ts';
import type { Monitor } from './cp-state.ts';
import { publishCp, refuse, type ControlPlane } from './cp.ts';
import { sendCommand } from './controller.ts';

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
  const s = cp.s;
  const services = [...cp.desiredOf[m.member]!].sort((a, b) => a - b);
  if (services.length === 0) { m.relocationDue = false; return; }
  const by = s.fabric.topology.nodeId(m.controller);
  const auth = authorityOf(cp.controller, cp.view, by);
  if (!auth.ok) {
    for (const svc of services) {
      refused(cp, { kind: 'refuse', by, reason: auth.reason, service: s.graph.services[svc]!.key, node: s.fabric.topology.nodeId(m.member), detail: auth.detail });
    }
    return;
  }
  services.forEach((service, k) => {
    const slot = cp.decisionsInFlight.length;
    cp.decisionsInFlight.push({ monitor: m.id, gen: m.gen, service, controller: m.controller, dueAtMs: m.dueAtMs });
    s.kernel.schedule(cp.cfg.decisionTimeMs * (k + 1), cp.kinds.decide, slot);
  });
  m.relocationDue = false; // decisions are under way; a refusal below sets it again
}

/** Decision event: the controller's relocation step picks a target (or refuses); carry it out. */
export function onDecide(cp: ControlPlane, slot: number): void {
  const d = cp.decisionsInFlight[slot]!;
  cp.decisionsInFlight[slot] = null;
  const m = cp.monitors[d.monitor]!;
  if (m.gen !== d.gen || !m.declared || !cp.desiredOf[m.member]!.has(d.service)) return;
  const s = cp.s;
  const a = relocateStep(cp.controller, cp.view, cp.relocation, s.fabric.topology.nodeId(d.controller), s.graph.services[d.service]!.key, s.fabric.topology.nodeId(m.member), seamPlacer(cp));
  if (a.kind === 'refuse') { refused(cp, a); m.relocationDue = true; return; }
  if (a.kind !== 'relocate') throw new Error(`relocation step returned ${a.kind}`);
  commit(cp, a, d.dueAtMs, m);
}

/** The twin's placement seam as the controller's Placer (ids in, ids out, the seam's explanation as the reason). */
export function seamPlacer(cp: ControlPlane): Placer {
  const s = cp.s;
  const topo = s.fabric.topology;
  return (service, lost, allowed) => {
    const target = s.placement.seam.relocate(s.graph.serviceIndex.get(service)!, topo.nodeIndex(lost), (n) => allowed(topo.nodeId(n)));
    if (target < 0) return null;
    const why = s.placement.seam.lastExplanation?.() ?? null;
    return {
      node: topo.nodeId(target),
      reason: {
        scores: why?.scores ?? {}, total: why?.total ?? null, ...(why?.runnerUp ? { runnerUp: why.runnerUp } : {}),
        feasibleNodes: why?.feasibleNodes ?? 0, evaluatedNodes: why?.evaluatedNodes ?? 0, policies: why?.policies ?? [], message: why?.message ?? '',
      },
    };
  };
}

function refused(cp: ControlPlane, a: Extract<Action, { kind: 'refuse' }>): void {
  refuse(cp, a.reason);
  publishCp(cp, () => ({ t: cp.s.kernel.nowMs, type: 'relocation-refused', service: a.service!, node: a.node!, by: a.by, reason: a.reason, detail: a.detail }));
}

/** Carries out a relocate action: desired state moves, the target is told to start; `m` is the monitor whose declaration led here. */
export function commit(cp: ControlPlane, a: Extract<Action, { kind: 'relocate' }>, dueAtMs: number, m?: Monitor): void {
  const s = cp.s;
  const topo = s.fabric.topology;
  const now = s.kernel.nowMs;
  const controller = topo.nodeIndex(a.by), lost = topo.nodeIndex(a.from), target = topo.nodeIndex(a.to);
  const svc = s.graph.serviceIndex.get(a.service)!;
  const key = a.service;
  cp.metrics.decisions++;
  cp.metrics.decisionLatenciesMs.push(now - dueAtMs);
  cp.desiredOf[lost]!.delete(svc);
  clearPlacement(cp.cpDesired[lost]!, key, now);
  cp.desiredOf[target]!.add(svc);
  setPlacement(cp.cpDesired[target]!, key, a.to, now);
  cp.pending.set(target * cp.runningOn.length + svc, now + cp.cfg.startupTimeMs + cp.cfg.reconcileEveryMs);
  // The lost node's data: critical replicas it held are copied again elsewhere (best effort: counted).
  if (!topo.isNodeUp(lost)) {
    const f = s.faults.nodeDownBy[lost]!;
    if (f >= 0 && s.faults.log[f]!.detectedAfterMs === null) s.faults.log[f]!.detectedAfterMs = now - s.faults.log[f]!.atMs;
    if (cp.desiredOf[lost]!.size === 0) cp.metrics.reReplicatedBytes += s.storage.table.usedBytes[lost]!;
  }
  const r = a.reason;
  const decision = s.placement.decisionLog.add({
    atMs: now, service: key, kind: 'relocated', node: a.to, from: a.from, by: a.by,
    scores: r.scores, total: r.total, ...(r.runnerUp ? { runnerUp: r.runnerUp } : {}), feasibleNodes: r.feasibleNodes, evaluatedNodes: r.evaluatedNodes,
    policies: r.policies, message: a.escalatedFrom ? `${r.message} (escalated by ${a.escalatedFrom}: its region had no room)` : r.message,
    ...(m?.detection ? { detection: m.detection } : {}),
  });
  publishCp(cp, () => ({ t: now, type: 'relocated', service: key, from: a.from, to: a.to, by: a.by, decisionMs: now - dueAtMs, decision }));
  sendCommand(cp, controller, target, [svc], []);
}
