/**
 * The reconciliation loop's simulated side: every `reconcileEvery`, each controller asks the
 * orchestrator's reconcile step (orchestrator/control/reconcile-step.ts, through the one
 * reconciler) for the start/stop actions that take what its (not failed) agents report running,
 * through the CRDT mirror of their observed documents, to the desired state, and sends them as
 * commands. A command is not repeated while it is expected to take effect (`pending`). A
 * mismatch is drift: counted when found, and counted as corrected (with the time since it began)
 * once the reports match again. Relocations that were refused are retried here too.
 */
import { reconcileStep } from '../../orchestrator/control/reconcile-step.ts';
import { lwwLive } from '../../orchestrator/crdt/lww-map.ts';
import { RUNNING } from './agent.ts';
import { pairKey, type ControlPlane } from './cp.ts';
import { sendCommand } from './controller.ts';
import { tryRelocate } from './relocation.ts';
import { masterOf } from './roles.ts';

/** Services an agent reports running (through the control plane's mirror), with the time each started. */
export function observedRunning(cp: ControlPlane, node: number): Map<number, number> {
  const out = new Map<number, number>();
  const map = cp.cpObserved[node]!.doc.maps.get(RUNNING);
  if (!map) return out;
  for (const [key, v] of lwwLive(map)) {
    const svc = cp.s.graph.serviceIndex.get(key);
    if (svc !== undefined) out.set(svc, (v as { sinceMs?: number }).sinceMs ?? 0);
  }
  return out;
}

/** Reconcile event of `controller`: corrective commands for drift, retries of refused relocations. */
export function onReconcile(cp: ControlPlane, controller: number): void {
  const s = cp.s;
  s.kernel.schedule(cp.cfg.reconcileEveryMs, cp.kinds.reconcile, controller);
  const watching = cp.watching.get(controller);
  if (!watching || !s.fabric.topology.isNodeUp(controller)) return;
  if (cp.masterDown > 0 && controller === masterOf(cp)) return;
  const now = s.kernel.nowMs;
  const topo = s.fabric.topology;
  const members = [...watching].sort((a, b) => a[0] - b[0]);
  const healthy = members.filter(([, id]) => !cp.monitors[id]!.declared).map(([n]) => n);
  const observed = new Map(healthy.map((n) => [n, observedRunning(cp, n)]));
  const keys = (svcs: Iterable<number>) => [...svcs].map((svc) => s.graph.services[svc]!.key);
  const actions = reconcileStep(topo.nodeId(controller), {
    nodes: healthy.map((n) => topo.nodeId(n)),
    desired: (id) => keys(cp.desiredOf[topo.nodeIndex(id)]!),
    running: (id) => keys(observed.get(topo.nodeIndex(id))!.keys()),
  });
  const wrong = new Set<number>(); // pair keys the reconciler wants changed
  for (const a of actions) if (a.kind === 'reconcile') wrong.add(pairKey(cp, topo.nodeIndex(a.node), s.graph.serviceIndex.get(a.service)!));
  for (const [member, id] of members) {
    const m = cp.monitors[id]!;
    if (m.declared) { if (m.relocationDue) tryRelocate(cp, m); continue; }
    const running = observed.get(member)!;
    const desired = cp.desiredOf[member]!;
    const start: number[] = [];
    const stop: number[] = [];
    for (const svc of desired) {
      if (wrong.has(pairKey(cp, member, svc))) consider(cp, member, svc, now, start, now);
      else settle(cp, member, svc, now);
    }
    for (const [svc, sinceMs] of running) {
      if (wrong.has(pairKey(cp, member, svc))) { if (!desired.has(svc)) consider(cp, member, svc, sinceMs, stop, now); }
      else settle(cp, member, svc, now);
    }
    if (cp.drift.size > 0) {
      for (let svc = 0; svc < cp.runningOn.length; svc++) {
        if (cp.drift.has(pairKey(cp, member, svc)) && !wrong.has(pairKey(cp, member, svc))) settle(cp, member, svc, now);
      }
    }
    if (start.length + stop.length > 0) sendCommand(cp, controller, member, start.sort((a, b) => a - b), stop.sort((a, b) => a - b));
  }
}

/** A mismatch on (node, svc): skip it while a command is expected to take effect, else count it and correct it. */
function consider(cp: ControlPlane, node: number, svc: number, sinceMs: number, into: number[], now: number): void {
  const key = pairKey(cp, node, svc);
  const until = cp.pending.get(key);
  if (until !== undefined && until > now) return;
  cp.pending.set(key, now + cp.cfg.startupTimeMs + cp.cfg.reconcileEveryMs);
  if (!cp.drift.has(key)) {
    cp.drift.set(key, { sinceMs: Math.min(sinceMs, now), detectedAtMs: now });
    cp.metrics.driftDetected++;
  }
  into.push(svc);
}

/** (node, svc): close its drift episode and pending command, if any. */
function settle(cp: ControlPlane, node: number, svc: number, now: number): void {
  const key = pairKey(cp, node, svc);
  cp.pending.delete(key);
  const ep = cp.drift.get(key);
  if (!ep) return;
  cp.drift.delete(key);
  cp.metrics.driftCorrected++;
  cp.metrics.driftCorrectionMs.push(now - ep.sinceMs);
}
