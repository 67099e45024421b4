/**
 * What the control plane achieved, measured as the twin runs: per fault, time to detection and
 * to recovery (fault start → every affected service back to its replica count, or the node back
 * serving); per app, availability as the exact fraction of time every service had a running
 * replica reachable from the app's sources (updated on every change, no sampling).
 */
import type { TwinState } from '../state.ts';
import type { ControlPlane } from './cp.ts';
import type { NodeLoss, Outages } from './cp-state.ts';

/** Empty bookkeeping for the twin's apps. */
export function newOutages(s: TwinState): Outages {
  const appSources = s.graph.apps.map(() => new Set<number>());
  s.model.streams.forEach((st, i) => {
    const app = s.graph.streamApp[i]!;
    for (const id of st.sources) appSources[app]!.add(s.fabric.topology.nodeIndex(id));
  });
  const appServices = s.graph.apps.map(() => [] as number[]);
  s.graph.services.forEach((svc, i) => appServices[svc.appIndex]!.push(i));
  return {
    byFault: new Map(), appUp: s.graph.apps.map(() => true), appUpMs: s.graph.apps.map(() => 0), lastMs: 0,
    appSources: appSources.map((x) => [...x].sort((a, b) => a - b)), appServices,
  };
}

/** Records that fault f took node n down while it ran `services` (each with `counts` running replicas before). */
export function noteNodeLoss(o: Outages, f: number, node: number, services: number[], counts: number[]): void {
  let list = o.byFault.get(f);
  if (!list) o.byFault.set(f, (list = []));
  list.push({ node, services, counts, recoveredAtMs: -1 });
}

/** Re-evaluates availability and open recoveries after any change to placement or the fabric. */
export function afterChange(cp: ControlPlane, o: Outages): void {
  const s = cp.s;
  const now = s.kernel.nowMs;
  for (let a = 0; a < o.appUp.length; a++) if (o.appUp[a]) o.appUpMs[a] += now - o.lastMs;
  o.lastMs = now;
  for (let a = 0; a < o.appUp.length; a++) o.appUp[a] = appAvailable(cp, o, a);
  for (const [f, losses] of o.byFault) {
    const rec = s.faults.log[f]!;
    if (rec.recoveredAfterMs !== null) { o.byFault.delete(f); continue; }
    let all = true;
    for (const loss of losses) {
      if (loss.recoveredAtMs < 0 && lossRecovered(cp, loss)) loss.recoveredAtMs = now;
      if (loss.recoveredAtMs < 0) all = false;
    }
    if (all) { rec.recoveredAfterMs = now - rec.atMs; o.byFault.delete(f); }
  }
}

function lossRecovered(cp: ControlPlane, loss: NodeLoss): boolean {
  const s = cp.s;
  const up = s.fabric.topology.isNodeUp(loss.node);
  if (loss.services.length === 0) return up;
  const agent = cp.agents[loss.node];
  if (up && agent && loss.services.every((svc) => agent.running.has(svc))) return true;
  return loss.services.every((svc, i) => runningUp(cp, svc) >= loss.counts[i]!);
}

function runningUp(cp: ControlPlane, svc: number): number {
  let n = 0;
  for (const node of cp.runningOn[svc]!) if (cp.s.fabric.topology.isNodeUp(node)) n++;
  return n;
}

function appAvailable(cp: ControlPlane, o: Outages, app: number): boolean {
  const comps = new Set<number>();
  for (const src of o.appSources[app]!) {
    const c = cp.reach.componentOf(src);
    if (c >= 0) comps.add(c);
  }
  if (comps.size === 0) return false;
  for (const svc of o.appServices[app]!) {
    let ok = false;
    for (const node of cp.runningOn[svc]!) if (comps.has(cp.reach.componentOf(node))) { ok = true; break; }
    if (!ok) return false;
  }
  return true;
}

/** Availability per app up to now, in [0, 1]. */
export function availability(cp: ControlPlane, o: Outages): number[] {
  const now = cp.s.kernel.nowMs;
  return o.appUpMs.map((ms, a) => {
    const total = ms + (o.appUp[a] ? now - o.lastMs : 0);
    return now > 0 ? total / now : 1;
  });
}
