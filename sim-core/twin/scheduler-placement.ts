/**
 * Placement by the production scheduler: every replica of every service becomes a Pod, the
 * twin's nodes become Nodes, and the same Scheduler that serves `edgetwin schedule` and the
 * extender places them (pinned replicas keep their node through `nodeName`). Relocations after a
 * failure schedule a replacement pod restricted to the nodes the caller allows.
 */
import type { Pod } from '../orchestrator/scheduler/api-types.ts';
import { Scheduler, type ScheduleResult } from '../orchestrator/scheduler/framework.ts';
import type { Profile } from '../orchestrator/scheduler/profile.ts';
import { ClusterState } from '../orchestrator/scheduler/state.ts';
import { intnOver } from '../orchestrator/scheduler/select-host.ts';
import { toK8sNode, toPod } from './k8s-view.ts';
import type { PlacementSeam } from './placement.ts';
import { nearestReplica } from './placement.ts';
import type { TwinState } from './state.ts';
import { attachmentOf } from './lifecycle.ts';
import { createArrival } from '../workload/arrivals.ts';
import { meanOf } from '../des/distributions.ts';
import { recordingProfile } from '../orchestrator/placement/explain.ts';
import type { DecisionKind } from './decision-log.ts';

/** Builds the scheduler-backed seam. `profile` is already built (default, edge, or from a config). */
export function schedulerPlacement(profile: Profile, seed: number): (s: TwinState) => PlacementSeam {
  return (s) => {
    const { model, graph, fabric: { topology, router } } = s;
    const hostNodes = model.nodes.flatMap((n, i) => (n.tier === 'sensor' ? [] : [i]));
    const clusterIndexOf = new Map(hostNodes.map((n, c) => [n, c]));
    const state = ClusterState.from(hostNodes.map((i) => toK8sNode(model.nodes[i]!)));
    // Score plugins that keep a copy of their normalized scores, so each decision can say why
    // (the framework runs unchanged: same picks, same tie-break draws).
    const recording = recordingProfile(profile);
    const weights = new Map(profile.score.map((x) => [x.plugin.name, x.weight]));
    // Tie-breaks from seededIntn's generator over a state the twin holds as data (a checkpoint
    // copies it); the framework keeps its node-classes fast path for it.
    const tieBreak = { a: seed >>> 0 };
    const scheduler = new Scheduler(recording.profile, {
      intn: intnOver(tieBreak),
      host: {
        latencyMs: (src, _nodeIndex, nodeName) => router.latencyMs(topology.nodeIndex(src), topology.nodeIndex(nodeName)),
        bandwidthBps: (src, _nodeIndex, nodeName) => {
          const r = router.route(topology.nodeIndex(src), topology.nodeIndex(nodeName));
          if (!r) return 0;
          let min = Infinity;
          for (const l of r.links) min = Math.min(min, topology.bandwidthBps[l]!);
          return min;
        },
      },
    });
    const replicas: Int32Array[] = graph.services.map(() => new Int32Array(0));
    const podKeys = new Map<string, string>(); // `${service}@${node}` → pod key
    const nextReplica = graph.services.map(() => 0);

    // Where each service's input comes from: the ingest nodes of its streams (entry services)
    // or the nodes of the services that feed it (placed earlier in dataflow order).
    const sources = (svc: number): { nodes: string[]; ingressBps: number } => {
      const out = new Set<string>();
      let ingressBps = 0;
      model.streams.forEach((st, i) => {
        if (graph.streamEntry[i] !== svc) return;
        // Expected ingress: sources × mean rate × mean size (what EdgeBandwidth weighs against path headroom).
        ingressBps += st.sources.length * createArrival(st.arrival).meanRatePerS * meanOf(st.sizeBytes) * 8;
        for (const id of st.sources) {
          const n = topology.nodeIndex(id);
          const gw = model.nodes[n]!.tier === 'sensor' ? attachmentOf(s, n) : n;
          if (gw >= 0 && out.size < 32) out.add(model.nodes[gw]!.id);
        }
      });
      graph.services.forEach((up, u) => {
        if (up.next.includes(svc)) for (const n of replicas[u]!) out.add(model.nodes[n]!.id);
      });
      return { nodes: [...out].sort(), ingressBps };
    };

    const podFor = (svc: number, pinned?: number): Pod => {
      const c = graph.services[svc]!;
      const app = graph.apps[c.appIndex]!;
      const replica = nextReplica[svc]!++;
      const src = sources(svc);
      return toPod(app.id, c.model, c.key, replica, { dataSourceNodes: src.nodes, latencyBudgetMs: app.slo.latencyMs, ingressBps: src.ingressBps },
        pinned !== undefined ? model.nodes[pinned]!.id : undefined);
    };

    /** The chosen node's scores, total, and its margins over the runner-up, from the cycle just run. */
    const explainCycle = (r: ScheduleResult) => {
      const scores = r.selected === null ? {} : recording.scoresOf(r.nodeIndex);
      const totalOf = (sc: Record<string, number>) => { let t = 0; for (const [name, v] of Object.entries(sc)) t += v * (weights.get(name) ?? 1); return t; };
      const total = Object.keys(scores).length > 0 ? totalOf(scores) : null;
      let runnerUp: { node: string; total: number; margins: Record<string, number> } | undefined;
      if (r.selected !== null) {
        let best = -1, bestTotal = -Infinity, bestScores: Record<string, number> = {};
        for (const n of recording.scoredNodes()) {
          if (n === r.nodeIndex) continue;
          const sc = recording.scoresOf(n);
          const t = totalOf(sc);
          if (t > bestTotal) { best = n; bestTotal = t; bestScores = sc; }
        }
        if (best >= 0) {
          const margins: Record<string, number> = {};
          for (const [name, v] of Object.entries(scores)) margins[name] = v - (bestScores[name] ?? 0);
          runnerUp = { node: state.nodes[best]!.name, total: bestTotal, margins };
        }
      }
      return { scores, total, runnerUp };
    };

    /** Records the cycle just run (its scores are still in `recording`) in the twin's decision log. */
    const record = (svc: number, r: ScheduleResult, kind: DecisionKind, by: string) => {
      const key = graph.services[svc]!.key;
      if (r.selected === null) {
        s.placement.decisionLog.add({
          atMs: s.kernel.nowMs, service: key, kind: 'unschedulable', node: null, from: null, by, scores: {}, total: null,
          feasibleNodes: r.feasibleCount, evaluatedNodes: r.evaluatedCount, policies: [], message: r.status.reasons.join('; '),
        });
        return;
      }
      const { scores, total, runnerUp } = explainCycle(r);
      s.placement.decisionLog.add({
        atMs: s.kernel.nowMs, service: key, kind, node: r.selected, from: null, by, scores, total, ...(runnerUp ? { runnerUp } : {}),
        feasibleNodes: r.feasibleCount, evaluatedNodes: r.evaluatedCount, policies: [],
        message: r.feasibleCount <= 1 ? (by === 'scenario' ? 'pinned by the scenario' : 'the only feasible node') : `best of ${r.feasibleCount} feasible nodes`,
      });
    };

    const bind = (svc: number, pod: Pod, r: ScheduleResult): number => {
      if (r.selected === null) return -1;
      const node = topology.nodeIndex(r.selected);
      podKeys.set(`${svc}@${node}`, `${pod.namespace}/${pod.name}`);
      return node;
    };

    // Residency applies at placement: a service that will hold an app's tagged data may only
    // run where every stream of that app may be stored (policies apply at placement, routing, storage).
    const appStreams = graph.apps.map((_, a) => model.streams.flatMap((st, i) => (graph.streamApp[i] === a && st.tags.length > 0 ? [i] : [])));
    const residencyOk = (svc: number, n: number): boolean => {
      const gate = s.placement.policyGate;
      if (!gate) return true;
      return appStreams[graph.services[svc]!.appIndex]!.every((st) => gate.storeAllowed(st, n));
    };
    const allowedCluster = (svc: number, extra: (n: number) => boolean = () => true): number[] =>
      hostNodes.flatMap((n) => (topology.isNodeUp(n) && residencyOk(svc, n) && extra(n) ? [clusterIndexOf.get(n)!] : []));
    const place = (svc: number, pod: Pod, only: number[]): ScheduleResult => {
      recording.reset();
      const r = scheduler.schedule(state, pod, { onlyNodes: only });
      if (r.selected !== null) state.addPod(pod, r.selected);
      return r;
    };
    const assume = (pod: Pod): ScheduleResult => {
      recording.reset();
      return scheduler.scheduleAndAssume(state, pod);
    };

    graph.services.forEach((c, svc) => {
      const placed: number[] = [];
      const pins = c.model.placement.map((id) => topology.nodeIndex(id));
      const count = pins.length > 0 ? pins.length : c.model.replicas;
      for (let i = 0; i < count; i++) {
        const pod = podFor(svc, pins[i]);
        // Pinned replicas go where the scenario says (the user decided); the others obey policies.
        const r = pins.length > 0 || !s.placement.policyGate ? assume(pod) : place(svc, pod, allowedCluster(svc));
        record(svc, r, 'initial', pins.length > 0 ? 'scenario' : 'scheduler');
        const node = bind(svc, pod, r);
        if (node >= 0) placed.push(node);
      }
      replicas[svc] = Int32Array.from(placed);
    });

    // The same replicas as plain arrays: the router's nearest() remembers answers per list.
    const lists: number[][] = replicas.map((r) => Array.from(r));
    // What the seam keeps between calls (the closures above read these same objects).
    const data = { tieBreak, state, scheduler, recording, replicas, lists, podKeys, nextReplica, lastCycle: null as ScheduleResult | null };

    const removeReplicaPod = (svc: number, node: number) => {
      const key = podKeys.get(`${svc}@${node}`);
      if (key) { state.removePod(key); podKeys.delete(`${svc}@${node}`); }
    };

    return {
      data,
      replicas,
      chooseReplica(service, fromNode, stream) {
        return nearestReplica(s, lists[service]!, fromNode, stream);
      },
      setReplicas(service, nodes) {
        const before = new Set(replicas[service]);
        const after = new Set(nodes);
        for (const n of before) if (!after.has(n)) removeReplicaPod(service, n);
        for (const n of after) {
          if (before.has(n)) continue;
          const pod = podFor(service, n);
          const r = assume(pod);
          if (r.selected !== null) podKeys.set(`${service}@${n}`, `${pod.namespace}/${pod.name}`);
        }
        replicas[service] = Int32Array.from(nodes);
        lists[service] = [...nodes];
      },
      relocate(service, lostNode, allowed) {
        removeReplicaPod(service, lostNode);
        const current = new Set(replicas[service]);
        const only = allowedCluster(service, (n) => !current.has(n) && allowed(n));
        if (only.length === 0) return -1;
        const pod = podFor(service);
        const r = place(service, pod, only);
        data.lastCycle = r;
        return bind(service, pod, r);
      },
      lastExplanation() {
        if (!data.lastCycle) return null;
        const r = data.lastCycle;
        const { scores, total, runnerUp } = explainCycle(r);
        return { scores, total, ...(runnerUp ? { runnerUp } : {}), feasibleNodes: r.feasibleCount, evaluatedNodes: r.evaluatedCount, message: r.selected === null ? r.status.reasons.join('; ') : `best of ${r.feasibleCount} feasible nodes` };
      },
    };
  };
}
