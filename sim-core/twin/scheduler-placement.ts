/**
 * Placement by the production scheduler: every replica of every service becomes a Pod, the
 * twin's nodes become Nodes, and the production placer places them (pinned replicas keep their
 * node through `nodeName`). The initial placement goes stage by stage in dataflow order (a
 * stage's data sources are where the stages before it run), each stage's replicas of every app
 * at once through the batch placer (orchestrator/placement/batch.ts: most constrained first,
 * then the improvement pass on SLO risk, cost and energy), so the replicas of a service are
 * placed together rather than each one greedily. Relocations after a failure schedule a
 * replacement pod restricted to the nodes the caller allows.
 */
import type { Pod } from '../orchestrator/scheduler/api-types.ts';
import { Scheduler, type ScheduleResult } from '../orchestrator/scheduler/framework.ts';
import type { Profile } from '../orchestrator/scheduler/profile.ts';
import { ClusterState } from '../orchestrator/scheduler/state.ts';
import { intnOver } from '../orchestrator/scheduler/select-host.ts';
import { toK8sNode, toPod } from './k8s-view.ts';
import type { PlacementSeam } from './placement-seam.ts';
import { canHost, nearestReplica } from './placement.ts';
import type { TwinState } from './state.ts';
import { attachmentOf } from './lifecycle.ts';
import { createArrival } from '../workload/arrivals.ts';
import { meanOf } from '../des/distributions.ts';
import { explainChoice, recordingProfile } from '../orchestrator/placement/explain.ts';
import { placeBatch, type PodPlacement } from '../orchestrator/placement/batch.ts';
import type { SchedulingHost } from '../orchestrator/scheduler/types.ts';

/** Builds the scheduler-backed seam. `profile` is already built (default, edge, or from a config). */
export function schedulerPlacement(profile: Profile, seed: number): (s: TwinState) => PlacementSeam {
  return (s) => {
    const { model, graph, fabric: { topology, router } } = s;
    const hostNodes = model.nodes.flatMap((n, i) => (n.tier === 'sensor' ? [] : [i]));
    const clusterIndexOf = new Map(hostNodes.map((n, c) => [n, c]));
    // Every up node of the twin draws its idle power whether or not it runs a replica (report.ts
    // charges idle watts per up node), so the energy terms must not count emptying a node as
    // switching it off: the nodes are powered on.
    const state = ClusterState.from(hostNodes.map((i) => { const k = toK8sNode(model.nodes[i]!); return { ...k, edge: { ...k.edge, poweredOn: true } }; }));
    // Score plugins that keep a copy of their normalized scores, so each decision can say why
    // (the framework runs unchanged: same picks, same tie-break draws).
    const recording = recordingProfile(profile);
    const weights = new Map(profile.score.map((x) => [x.plugin.name, x.weight]));
    const host: SchedulingHost = {
      latencyMs: (src, _nodeIndex, nodeName) => router.latencyMs(topology.nodeIndex(src), topology.nodeIndex(nodeName)),
      bandwidthBps: (src, _nodeIndex, nodeName) => {
        const r = router.route(topology.nodeIndex(src), topology.nodeIndex(nodeName));
        if (!r) return 0;
        let min = Infinity;
        for (const l of r.links) min = Math.min(min, topology.bandwidthBps[l]!);
        return min;
      },
    };
    // Tie-breaks from seededIntn's generator over a state the twin holds as data (a checkpoint
    // copies it); the framework keeps its node-classes fast path for it.
    const tieBreak = { a: seed >>> 0 };
    const scheduler = new Scheduler(recording.profile, { intn: intnOver(tieBreak), host });
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

    /**
     * Pod of the next replica of `svc`. With `share` (initial placement of `share.count`
     * replicas), replica `share.index` is placed for its share of the sources (contiguous in id
     * order, with that share of the ingress), since each source is served by its nearest replica;
     * otherwise (a replacement, a pin) for all of them — with `feeds`, only the sources it
     * accepts (and their share of the ingress).
     */
    const podFor = (svc: number, pinned?: number, share?: { index: number; count: number }, feeds?: (source: string) => boolean): Pod => {
      const c = graph.services[svc]!;
      const app = graph.apps[c.appIndex]!;
      const replica = nextReplica[svc]!++;
      const src = sources(svc);
      let nodes = src.nodes, ingressBps = src.ingressBps;
      if (feeds) {
        const kept = nodes.filter(feeds);
        if (kept.length < nodes.length) { ingressBps = nodes.length > 0 ? (ingressBps * kept.length) / nodes.length : ingressBps; nodes = kept; }
      }
      if (share && share.count > 1 && nodes.length > 1) {
        const n = nodes.length;
        const from = Math.floor((share.index * n) / share.count), to = Math.floor(((share.index + 1) * n) / share.count);
        nodes = to > from ? nodes.slice(from, to) : [nodes[share.index % n]!];
        ingressBps = (src.ingressBps * nodes.length) / n;
      }
      return toPod(app.id, c.model, c.key, replica, { dataSourceNodes: nodes, latencyBudgetMs: app.slo.latencyMs, ingressBps },
        pinned !== undefined ? model.nodes[pinned]!.id : undefined);
    };

    /** The chosen node's scores, total, and its margins over the runner-up, from the cycle just run. */
    const explainCycle = (r: ScheduleResult) => explainChoice(recording, weights, r.selected === null ? -1 : r.nodeIndex, (n) => state.nodes[n]!.name);

    /** Records one replica of the batch placement in the twin's decision log, with the batch placer's reasons. */
    const record = (svc: number, p: PodPlacement, pinned: boolean) => {
      const key = graph.services[svc]!.key;
      const base = { atMs: s.kernel.nowMs, service: key, from: null, by: pinned ? 'scenario' : 'scheduler', feasibleNodes: p.feasibleCount, evaluatedNodes: p.evaluatedCount, policies: [] };
      if (p.node === null) {
        s.placement.decisionLog.add({ ...base, kind: 'unschedulable', node: null, scores: {}, total: null, message: p.status.reasons.join('; ') });
        return;
      }
      // Scores explain the scheduler's choice; a replica the improvement pass moved is explained by the move instead.
      const kept = p.node === p.initialNode;
      const scores = kept ? p.scores : {};
      s.placement.decisionLog.add({
        ...base, kind: 'initial', node: p.node, scores, total: Object.keys(scores).length > 0 ? p.total : null, ...(kept && p.runnerUp ? { runnerUp: p.runnerUp } : {}),
        message: pinned ? 'pinned by the scenario' : p.why.join('; '),
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

    // Dataflow stages: entry services first, then each service after every service that feeds it.
    const stageOf: number[] = graph.services.map(() => -1);
    const stage = (svc: number, depth = 0): number => {
      if (stageOf[svc]! >= 0) return stageOf[svc]!;
      if (depth > graph.services.length) throw new Error(`service ${graph.services[svc]!.key} is in a dataflow cycle`);
      let k = 0;
      graph.services.forEach((up, u) => { if (up.next.includes(svc)) k = Math.max(k, stage(u, depth + 1) + 1); });
      return (stageOf[svc] = k);
    };
    graph.services.forEach((_, svc) => stage(svc));
    const stages = [...new Set(stageOf)].sort((a, b) => a - b);
    for (const k of stages) {
      const pods: Pod[] = [];
      const podSvc: number[] = [];
      const podPinned: boolean[] = [];
      graph.services.forEach((c, svc) => {
        if (stageOf[svc] !== k) return;
        const pins = c.model.placement.map((id) => topology.nodeIndex(id));
        const count = pins.length > 0 ? pins.length : c.model.replicas;
        for (let i = 0; i < count; i++) {
          const pod = podFor(svc, pins[i], pins.length > 0 ? undefined : { index: i, count });
          // Pinned replicas go where the scenario says (the user decided); the others obey residency, as a required node affinity.
          const allowed = pins.length > 0 || !s.placement.policyGate ? null : allowedCluster(svc);
          pods.push(allowed === null || allowed.length === hostNodes.length ? pod : residentPod(pod, allowed.map((c) => state.nodes[c]!.name)));
          podSvc.push(svc);
          podPinned.push(pins.length > 0);
        }
      });
      const batch = placeBatch(state, pods, { profile, host, seed });
      const placed: number[][] = graph.services.map(() => []);
      batch.placements.forEach((p, i) => {
        const svc = podSvc[i]!;
        record(svc, p, podPinned[i]!);
        if (p.node === null) return;
        const node = topology.nodeIndex(p.node);
        podKeys.set(`${svc}@${node}`, p.pod);
        placed[svc]!.push(node);
      });
      graph.services.forEach((_, svc) => { if (stageOf[svc] === k) replicas[svc] = Int32Array.from(placed[svc]!); });
    }

    // The same replicas as plain arrays: the router's nearest() remembers answers per list.
    const lists: number[][] = replicas.map((r) => Array.from(r));
    // What the seam keeps between calls (the closures above read these same objects).
    const data = { tieBreak, state, scheduler, recording, replicas, lists, podKeys, nextReplica, lastCycle: null as ScheduleResult | null };

    const removeReplicaPod = (svc: number, node: number) => {
      const key = podKeys.get(`${svc}@${node}`);
      if (key) { state.removePod(key); podKeys.delete(`${svc}@${node}`); }
    };

    return {
      replicas,
      data,
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
        // A source cut off by the failure from every other node that could run the service (a
        // gateway hanging off the lost node, itself declared failed with it) feeds no
        // replacement wherever it goes, so it does not decide where the replacement goes; kept,
        // its latency budget would filter every candidate. A source that still reaches such a
        // node keeps its say, even where this controller cannot place (a partitioned master
        // does not move replicas away from their data).
        const svcModel = graph.services[service]!.model;
        const runners = hostNodes.filter((n) => n !== lostNode && topology.isNodeUp(n) && canHost(model.nodes[n]!, svcModel));
        const feeds = (id: string) => { const src = topology.nodeIndex(id); return runners.some((n) => n !== src && router.latencyMs(src, n) < Infinity); };
        const pod = podFor(service, undefined, undefined, feeds);
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

/** `pod` with a required node affinity restricting it to `allowed` node names (residency), unless that is every node. */
function residentPod(pod: Pod, allowed: string[]): Pod {
  const required = pod.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  const terms = required?.nodeSelectorTerms ?? [{ matchExpressions: [] }];
  const only = { key: 'kubernetes.io/hostname', operator: 'In' as const, values: allowed };
  return {
    ...pod,
    affinity: {
      ...pod.affinity,
      nodeAffinity: {
        ...pod.affinity?.nodeAffinity,
        requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms.map((t) => ({ ...t, matchExpressions: [...(t.matchExpressions ?? []), only] })) },
      },
    },
  };
}
