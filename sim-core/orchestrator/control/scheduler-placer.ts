/**
 * A Placer backed by the production scheduler, for a controller that holds the fleet as
 * Kubernetes-shaped nodes and pods (the gateway; tests): each decision schedules one replica pod
 * from the service's template on the allowed nodes, binds it, and explains itself with the
 * plugin scores of the chosen node and its margins over the runner-up (orchestrator/placement/explain.ts).
 */
import type { Node, Pod } from '../scheduler/api-types.ts';
import { Scheduler } from '../scheduler/framework.ts';
import type { Profile } from '../scheduler/profile.ts';
import { ClusterState } from '../scheduler/state.ts';
import type { SchedulingHost } from '../scheduler/types.ts';
import { explainChoice, recordingProfile } from '../placement/explain.ts';
import { replicaPod } from '../placement/reconciler.ts';
import type { Placer } from './relocate.ts';

/** The fleet a scheduler placer starts from. */
export interface SchedulerPlacerOptions {
  nodes: readonly Node[];
  /** Replicas running now: service → node per replica. */
  running: Readonly<Record<string, readonly string[]>>;
  /** Pod template per service. */
  templates: Readonly<Record<string, Omit<Pod, 'name'>>>;
  profile: Profile;
  host?: SchedulingHost;
  seed?: number;
}

/** A Placer over its own ClusterState (every running replica bound; each placement binds its replica). */
export function schedulerPlacer(opts: SchedulerPlacerOptions): Placer {
  const state = ClusterState.from(opts.nodes);
  const recording = recordingProfile(opts.profile);
  const weights = new Map(opts.profile.score.map((x) => [x.plugin.name, x.weight]));
  const scheduler = new Scheduler(recording.profile, { seed: opts.seed ?? 0, ...(opts.host ? { host: opts.host } : {}) });
  const template = (svc: string) => {
    const t = opts.templates[svc];
    if (!t) throw new Error(`schedulerPlacer: no pod template for service '${svc}'`);
    return t;
  };
  let seq = 0;
  for (const svc of Object.keys(opts.running).sort()) for (const n of opts.running[svc]!) state.addPod(replicaPod(svc, template(svc), seq++), n);
  return (service, lost, allowed) => {
    const pod = replicaPod(service, template(service), seq++);
    const only: number[] = [];
    for (const n of state.liveNodes()) if (allowed(state.names[n]!)) only.push(n);
    if (only.length === 0) return null;
    recording.reset();
    const r = scheduler.schedule(state, pod, { onlyNodes: only });
    if (r.selected === null) return null;
    state.addPod(pod, r.selected);
    const why = explainChoice(recording, weights, r.nodeIndex, (n) => state.names[n]!);
    return {
      node: r.selected,
      reason: {
        ...why, feasibleNodes: r.feasibleCount, evaluatedNodes: r.evaluatedCount, policies: [],
        message: r.feasibleCount <= 1 ? `the only feasible node for a replica lost on ${lost}` : `best of ${r.feasibleCount} feasible nodes for a replica lost on ${lost}`,
      },
    };
  };
}
