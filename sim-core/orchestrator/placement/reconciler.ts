/**
 * The reconciler: desired state vs observed state → an ordered list of actions. Phases run over
 * all services in name order, nodes in name order, so the output is deterministic:
 *   1. evict replicas on nodes that are down or not in the fleet, or no longer feasible (the
 *      scheduler's filters for the service's template, e.g. cordoned → NodeUnschedulable);
 *   2. scale down surplus replicas (intent; most crowded node first), or for a plan migrate
 *      surplus → missing nodes pairwise and scale away the rest (a surplus replica whose
 *      destination is blocked is scaled away too: the plan is explicit);
 *   3. place missing replicas: via the scheduler for an intent, on the planned node for a plan.
 * A replica that cannot be placed is reported as blocked (not an action), so once the actions are
 * applied, reconciling again yields no actions. A service observed but no longer declared is
 * scaled to zero. Pure apart from the scheduler state it builds for itself.
 */
import type { Node, Pod } from '../scheduler/api-types.ts';
import { Scheduler } from '../scheduler/framework.ts';
import { newPodInfo, type PodInfo } from '../scheduler/pod-info.ts';
import type { Profile } from '../scheduler/profile.ts';
import { ClusterState } from '../scheduler/state.ts';
import type { SchedulingHost } from '../scheduler/types.ts';
import { SERVICE_LABEL } from '../scheduler/plugins/edge-attrs.ts';
import { fitsVia } from './batch.ts';
import {
  isPlan, type Action, type Blocked, type DesiredState, type ObservedState, type ReconcileResult, type ServiceIntent, type ServicePlan,
} from './reconcile-types.ts';

/** The fleet and the scheduler the reconciler places with. */
export interface ReconcileOptions {
  nodes: readonly Node[];
  profile: Profile;
  host?: SchedulingHost;
  /** Seeds the scheduler's tie-breaking (default 0). */
  seed?: number;
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** A replica pod of `service` built from its template, labelled with the service. */
export function replicaPod(service: string, template: Omit<Pod, 'name'>, index: number): Pod {
  return { ...template, name: `${service}-r${index}`, labels: { ...(template.labels ?? {}), [SERVICE_LABEL]: service } };
}

interface Running { service: string; node: string; info: PodInfo | null }

/** Computes the actions taking `observed` to `desired`; see the file comment for the order. */
export function reconcile(desired: DesiredState, observed: ObservedState, opts: ReconcileOptions): ReconcileResult {
  const want = new Map<string, ServiceIntent | ServicePlan>();
  for (const s of desired.services) {
    if (want.has(s.service)) throw new Error(`reconcile: service ${s.service} is declared twice`);
    if (!isPlan(s) && (!Number.isInteger(s.replicas) || s.replicas < 0)) throw new Error(`reconcile: ${s.service} replicas must be an integer >= 0, got ${s.replicas}`);
    want.set(s.service, s);
  }
  const services = [...new Set([...want.keys(), ...Object.keys(observed.replicas)])].sort(byName);
  const health = (n: string) => observed.health[n] ?? 'up';
  const state = new ClusterState();
  const fleet = new Set<string>();
  for (const n of [...opts.nodes].sort((a, b) => byName(a.name, b.name))) {
    fleet.add(n.name);
    const h = health(n.name);
    if (h === 'down') continue;
    state.addNode(h === 'cordoned' ? { ...n, unschedulable: true } : n);
  }
  const scheduler = new Scheduler(opts.profile, { seed: opts.seed ?? 0, ...(opts.host ? { host: opts.host } : {}) });
  const fits = fitsVia(scheduler, state);
  const template = (s: string): Omit<Pod, 'name'> => want.get(s)?.template ?? { namespace: 'default', containers: [{}] };
  let seq = 0;

  // Bind every running replica first, so each feasibility check sees all the others.
  const running = new Map<string, Running[]>();
  for (const s of services) {
    const list = [...(observed.replicas[s] ?? [])].sort(byName).map((node) => {
      const info = state.indexOf(node) >= 0 ? state.addPod(replicaPod(s, template(s), seq++), node) : null;
      return { service: s, node, info };
    });
    running.set(s, list);
  }
  const evicts: Action[] = [], scales: Action[] = [], migrates: Action[] = [], places: Action[] = [];
  const blocked: Blocked[] = [];

  for (const s of services) {
    const kept: Running[] = [];
    for (const r of running.get(s)!) {
      if (!fleet.has(r.node) || health(r.node) === 'down') {
        evicts.push({ type: 'evict', service: s, from: r.node, reason: fleet.has(r.node) ? `node ${r.node} is down` : `node ${r.node} is not in the fleet` });
        continue;
      }
      const n = r.info!.nodeIndex;
      state.removePod(r.info!.key);
      const st = fits(r.info!, n);
      if (st === null) { state.addPod(r.info!, r.node); kept.push(r); continue; }
      evicts.push({ type: 'evict', service: s, from: r.node, reason: `no longer feasible on ${r.node}: ${st.reasons.join('; ')}` });
    }
    running.set(s, kept);
  }

  const missing = new Map<string, string[]>(); // plan targets still to fill, per service
  for (const s of services) {
    const d = want.get(s), kept = running.get(s)!;
    if (d === undefined || !isPlan(d)) {
      const target = d?.replicas ?? 0;
      if (kept.length <= target) continue;
      // Remove where the service is most crowded, then by node name (last first): deterministic and spreading.
      const per = new Map<string, number>();
      for (const r of kept) per.set(r.node, (per.get(r.node) ?? 0) + 1);
      const left = [...kept];
      while (left.length > target) {
        let pick = 0;
        for (let i = 1; i < left.length; i++) {
          const a = left[i]!, b = left[pick]!;
          if (per.get(a.node)! > per.get(b.node)! || (per.get(a.node) === per.get(b.node) && a.node > b.node)) pick = i;
        }
        const [r] = left.splice(pick, 1);
        per.set(r!.node, per.get(r!.node)! - 1);
        state.removePod(r!.info!.key);
        scales.push({ type: 'scale', service: s, from: r!.node, reason: d ? `scale down ${kept.length} → ${target}` : `service ${s} is no longer declared` });
      }
      continue;
    }
    const surplus: Running[] = [];
    const need = [...d.nodes].sort(byName);
    for (const r of kept) {
      const i = need.indexOf(r.node);
      if (i >= 0) need.splice(i, 1); else surplus.push(r);
    }
    const fill: string[] = [];
    for (const to of need) {
      const from = surplus.shift();
      if (from === undefined) { fill.push(to); continue; }
      state.removePod(from.info!.key);
      const info = newPodInfo(replicaPod(s, d.template, seq++));
      const i = state.indexOf(to);
      const st = i < 0 ? null : fits(info, i);
      if (i >= 0 && st === null) {
        state.addPod(info, to);
        migrates.push({ type: 'migrate', service: s, from: from.node, to, reason: `plan moves a replica ${from.node} → ${to}` });
      } else {
        // The plan is explicit: the surplus replica goes even when its destination is blocked.
        blocked.push({ service: s, node: to, reason: i < 0 ? `planned node ${to} is ${fleet.has(to) ? 'down' : 'not in the fleet'}` : `planned node ${to} is infeasible: ${st!.reasons.join('; ')}` });
        scales.push({ type: 'scale', service: s, from: from.node, reason: `plan has no replica on ${from.node} (its destination ${to} is blocked)` });
      }
    }
    for (const r of surplus) { state.removePod(r.info!.key); scales.push({ type: 'scale', service: s, from: r.node, reason: `plan has no replica on ${r.node}` }); }
    missing.set(s, fill);
  }

  for (const s of services) {
    const d = want.get(s);
    if (d === undefined) continue;
    if (isPlan(d)) {
      for (const to of missing.get(s) ?? []) {
        const info = newPodInfo(replicaPod(s, d.template, seq++));
        const i = state.indexOf(to);
        const st = i < 0 ? null : fits(info, i);
        if (i >= 0 && st === null) { state.addPod(info, to); places.push({ type: 'place', service: s, to, reason: `plan places a replica on ${to}` }); }
        else blocked.push({ service: s, node: to, reason: i < 0 ? `planned node ${to} is ${fleet.has(to) ? 'down' : 'not in the fleet'}` : `planned node ${to} is infeasible: ${st!.reasons.join('; ')}` });
      }
      continue;
    }
    const have = running.get(s)!.length;
    for (let k = have; k < d.replicas; k++) {
      const r = scheduler.scheduleAndAssume(state, replicaPod(s, d.template, seq++));
      if (r.selected === null) { blocked.push({ service: s, reason: `replica ${k + 1}/${d.replicas} unschedulable: ${r.status.reasons.join('; ')}` }); break; }
      places.push({ type: 'place', service: s, to: r.selected, reason: `replica ${k + 1}/${d.replicas}: scheduler chose ${r.selected} of ${r.feasibleCount} feasible nodes` });
    }
  }
  return { actions: [...evicts, ...scales, ...migrates, ...places], blocked };
}
