/**
 * Batch placement: binds a whole set of pods (a plan of apps × services × replicas) through the
 * scheduler in most-constrained-first order (order.ts), then runs the improvement pass
 * (improve.ts) on the objective (objective.ts). Every placement explains itself: the per-plugin
 * scores that chose its node, the feasible count, and each move or swap made afterwards and why.
 * Deterministic for a given seed. The given ClusterState is the working snapshot and is changed:
 * on return the placed pods are bound in it.
 */
import type { Pod } from '../scheduler/api-types.ts';
import { Scheduler } from '../scheduler/framework.ts';
import { newPodInfo, type PodInfo } from '../scheduler/pod-info.ts';
import type { Profile } from '../scheduler/profile.ts';
import type { ClusterState } from '../scheduler/state.ts';
import { status, type SchedulingHost, type Status } from '../scheduler/types.ts';
import { explainChoice, recordingProfile } from './explain.ts';
import { improvePlacement, type ImproveOptions, type MoveRecord } from './improve.ts';
import { DEFAULT_OBJECTIVE_WEIGHTS, evaluateObjective, objectiveValue, validateWeights, type ObjectiveTerms, type ObjectiveWeights } from './objective.ts';
import { placementOrder } from './order.ts';

/** Options of placeBatch. */
export interface BatchOptions {
  profile: Profile;
  host?: SchedulingHost;
  /** Seeds the scheduler's tie-breaking and the improvement pass's visiting order (default 0). */
  seed?: number;
  weights?: ObjectiveWeights;
  /** false skips the improvement pass. */
  improve?: false | ImproveOptions;
}

/** Where one pod ended up and why. */
export interface PodPlacement {
  pod: string;
  /** Final node, or null when unschedulable. */
  node: string | null;
  /** The node the scheduler chose before the improvement pass. */
  initialNode: string | null;
  /** Position in the placement order (0 = placed first). */
  rank: number;
  /** Normalized score per plugin of the scheduler's chosen node ({} when it was the only feasible node). */
  scores: Record<string, number>;
  /** Σ weight × score of the chosen node. */
  total: number;
  /** The best other scored node, and the chosen node's score minus its score per plugin (absent when only one node was scored). */
  runnerUp?: { node: string; total: number; margins: Record<string, number> };
  feasibleCount: number;
  evaluatedCount: number;
  /** The scheduler's status (Success, or why the pod is unschedulable). */
  status: Status;
  /** Explanation lines: the scheduling decision, then every move that touched the pod. */
  why: string[];
}

/** The objective before and after the improvement pass. */
export interface ObjectiveReport { terms: ObjectiveTerms; value: number }

/** Result of placeBatch; placements are in the input order. */
export interface BatchResult {
  placements: PodPlacement[];
  moves: MoveRecord[];
  before: ObjectiveReport;
  after: ObjectiveReport;
  unschedulable: number;
}

/** Pods whose filters read other pods' placements (re-checked after each improvement step). */
export function crossConstrainedPods(state: ClusterState): PodInfo[] {
  const out: PodInfo[] = [];
  for (const p of state.pods.values()) {
    const spreadHard = (p.pod.topologySpreadConstraints ?? []).some((c) => c.whenUnsatisfiable === 'DoNotSchedule');
    if (p.hasPodAffinity || spreadHard) out.push(p);
  }
  return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** A feasibility check through `scheduler`: null when pod p (not assigned) passes every filter on node n, else the node's reasons. */
export function fitsVia(scheduler: Scheduler, state: ClusterState): (p: PodInfo, n: number) => Status | null {
  const only = new Int32Array(1);
  return (p, n) => {
    only[0] = n;
    const r = scheduler.schedule(state, p, { onlyNodes: only });
    if (r.selected !== null) return null;
    const reasons = [...r.reasonCounts.keys()].sort();
    return reasons.length ? status(r.status.code, r.status.plugin, ...reasons) : r.status;
  };
}

function topContributions(scores: Record<string, number>, weights: ReadonlyMap<string, number>): string {
  return Object.entries(scores)
    .map(([name, s]) => ({ name, s, c: s * (weights.get(name) ?? 1) }))
    .sort((a, b) => b.c - a.c || (a.name < b.name ? -1 : 1))
    .slice(0, 3)
    .map((x) => `${x.name} ${x.s}×${weights.get(x.name) ?? 1}`)
    .join(', ');
}

/** Places `pods` into `state` (binding them), then improves the placement; see the file comment. */
export function placeBatch(state: ClusterState, pods: readonly Pod[], opts: BatchOptions): BatchResult {
  const host = opts.host ?? {};
  const seed = opts.seed ?? 0;
  const weights = validateWeights({ ...(opts.weights ?? DEFAULT_OBJECTIVE_WEIGHTS) });
  const rec = recordingProfile(opts.profile);
  const scheduler = new Scheduler(rec.profile, { seed, host });
  const checker = new Scheduler(opts.profile, { seed, host });
  const infos = pods.map((p) => newPodInfo(p));
  const keys = new Set<string>();
  for (const i of infos) { if (keys.has(i.key)) throw new Error(`placeBatch: pod ${i.key} appears twice`); keys.add(i.key); }
  const weightOf = new Map(opts.profile.score.map((s) => [s.plugin.name, s.weight]));

  const byKey = new Map<string, PodPlacement>();
  const placed: PodInfo[] = [];
  placementOrder(infos).forEach((info, rank) => {
    rec.reset();
    const r = scheduler.scheduleAndAssume(state, info);
    const scores = r.selected === null ? {} : rec.scoresOf(r.nodeIndex);
    let total = 0;
    for (const [name, s] of Object.entries(scores)) total += s * (weightOf.get(name) ?? 1);
    const why = r.selected === null
      ? [`unschedulable: ${r.status.reasons.join('; ')}`]
      : r.feasibleCount === 1
        ? [`scheduled on ${r.selected} (rank ${rank}): the only feasible node of ${r.evaluatedCount}`]
        : [`scheduled on ${r.selected} (rank ${rank}): best total ${total} of ${r.feasibleCount} feasible nodes; top: ${topContributions(scores, weightOf)}`];
    const runnerUp = r.selected === null ? undefined : explainChoice(rec, weightOf, r.nodeIndex, (n) => state.names[n]!).runnerUp;
    byKey.set(info.key, {
      pod: info.key, node: r.selected, initialNode: r.selected, rank, scores, total, ...(runnerUp ? { runnerUp } : {}),
      feasibleCount: r.feasibleCount, evaluatedCount: r.evaluatedCount, status: r.status, why,
    });
    if (r.selected !== null) placed.push(info);
  });

  const before = evaluateObjective(state, host, placed);
  let moves: MoveRecord[] = [];
  if (opts.improve !== false && placed.length > 0) {
    const fits = fitsVia(checker, state);
    // Only pods feasible now are guarded; one already infeasible must not freeze the search.
    const crossChecked = crossConstrainedPods(state).filter((q) => {
      const n = q.nodeIndex;
      state.removePod(q.key);
      const ok = fits(q, n) === null;
      state.addPod(q, state.names[n]!);
      return ok;
    });
    moves = improvePlacement({ state, host, pods: placed, weights, fits, crossChecked, seed }, opts.improve ?? {});
    for (const m of moves) for (const k of m.pods) byKey.get(k)!.why.push(m.reason);
    for (const p of placed) byKey.get(p.key)!.node = state.names[p.nodeIndex]!;
  }
  const after = evaluateObjective(state, host, placed);
  return {
    placements: infos.map((i) => byKey.get(i.key)!),
    moves,
    before: { terms: before, value: objectiveValue(before, weights) },
    after: { terms: after, value: objectiveValue(after, weights) },
    unschedulable: infos.length - placed.length,
  };
}
