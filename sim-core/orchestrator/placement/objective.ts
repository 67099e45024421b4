/**
 * The placement objective the improvement pass lowers: a weighted sum of SLO risk (per pod, the
 * worst data source's latency as a fraction of the pod's budget), cost (per pod, its USD/h share
 * of its node, as EdgeCost computes it) and energy (the fleet's draw in watts, as EdgeEnergy's
 * power model computes it). Weights turn the three units into one number: by default one whole
 * latency budget weighs as much as 1 USD/h or 100 W.
 */
import type { PodInfo } from '../scheduler/pod-info.ts';
import type { ClusterState } from '../scheduler/state.ts';
import { RES_CPU } from '../scheduler/state.ts';
import type { SchedulingHost } from '../scheduler/types.ts';
import { hostLatency, podLatencyBudgetMs, podSources } from '../scheduler/plugins/edge-attrs.ts';
import { podCostOnNode } from '../scheduler/plugins/edge-cost.ts';
import { powerFacts, powerWatts, type PowerFacts } from '../scheduler/plugins/edge-energy.ts';

/** Weights of the three terms (per unit of SLO risk, per USD/h, per W). */
export interface ObjectiveWeights { sloRisk: number; costPerHourUsd: number; energyWatts: number }

/** Default weights: 1 per whole budget, 1 per USD/h, 0.01 per W. */
export const DEFAULT_OBJECTIVE_WEIGHTS: Readonly<ObjectiveWeights> = Object.freeze({ sloRisk: 1, costPerHourUsd: 1, energyWatts: 0.01 });

/** The three terms in their own units. */
export interface ObjectiveTerms { sloRisk: number; costPerHourUsd: number; energyWatts: number }

/** Checks weights are finite and >= 0; throws naming the bad one. */
export function validateWeights(w: ObjectiveWeights): ObjectiveWeights {
  for (const k of ['sloRisk', 'costPerHourUsd', 'energyWatts'] as const) {
    if (typeof w[k] !== 'number' || !Number.isFinite(w[k]) || w[k] < 0) throw new Error(`objective weight ${k} must be a finite number >= 0, got ${JSON.stringify(w[k])}`);
  }
  return w;
}

/** Weighted sum of terms. Pure. */
export function objectiveValue(t: ObjectiveTerms, w: ObjectiveWeights): number {
  return w.sloRisk * t.sloRisk + w.costPerHourUsd * t.costPerHourUsd + w.energyWatts * t.energyWatts;
}

/** SLO risk of one placement: max latency / budget over the sources (0 without a budget or sources; Infinity if unreachable). Pure. */
export function sloRisk(latenciesMs: ArrayLike<number>, budgetMs: number | undefined): number {
  if (budgetMs === undefined) return 0;
  let worst = 0;
  for (let i = 0; i < latenciesMs.length; i++) {
    const l = latenciesMs[i]!;
    if (!(l >= 0) || l === Infinity) return Infinity;
    if (l > worst) worst = l;
  }
  return worst / budgetMs;
}

/** Per-pod facts read once: its sources and budget. */
export interface PodFacts { sources: string[]; budgetMs: number | undefined }

const factsCache = new WeakMap<PodInfo, PodFacts>();

/** The pod's sources and budget (cached per PodInfo). */
export function podFacts(p: PodInfo): PodFacts {
  let f = factsCache.get(p);
  if (!f) { f = { sources: podSources(p.pod).map((s) => s.node), budgetMs: podLatencyBudgetMs(p.pod) }; factsCache.set(p, f); }
  return f;
}

/** SLO risk of pod p on node n, asking the host for latencies. */
export function podRiskOn(state: ClusterState, host: SchedulingHost, p: PodInfo, n: number): number {
  const f = podFacts(p);
  if (f.budgetMs === undefined || f.sources.length === 0) return 0;
  const latencyMs = hostLatency(host, 'objective');
  let worst = 0;
  for (const s of f.sources) {
    const l = latencyMs(s, n, state.names[n]!);
    if (!(l >= 0) || l === Infinity) return Infinity;
    if (l > worst) worst = l;
  }
  return worst / f.budgetMs;
}

/** USD/h share of pod p on node n (0 when the node has no price: unknown cost is not counted). */
export function podCostOn(state: ClusterState, p: PodInfo, n: number): number {
  const c = podCostOnNode(state, n, p.nonZeroCpuMilli, p.nonZeroMemoryBytes);
  return Number.isNaN(c) ? 0 : c;
}

/** Watts node n would draw after adding dCpuMilli of non-zero cpu and dPods pods (negative = removing). */
export function wattsAfter(state: ClusterState, n: number, dCpuMilli: number, dPods: number, facts: PowerFacts = powerFacts(state)): number {
  const m = facts.models[n];
  if (!m) return 0;
  const alloc = state.alloc[RES_CPU]![n]!;
  const pods = state.podCount[n]! + dPods;
  const u = facts.baseUtilization[n]! + (alloc > 0 ? Math.max(0, state.nonZeroCpu[n]! + dCpuMilli) / alloc : 0);
  return powerWatts(m, facts.forcedOn[n] === 1 || pods > 0, u);
}

/** The objective's terms over `pods` (assigned in `state`) and the whole fleet's draw. */
export function evaluateObjective(state: ClusterState, host: SchedulingHost, pods: Iterable<PodInfo>): ObjectiveTerms {
  let risk = 0, cost = 0, watts = 0;
  for (const p of pods) {
    if (p.nodeIndex < 0) continue;
    risk += podRiskOn(state, host, p, p.nodeIndex);
    cost += podCostOn(state, p, p.nodeIndex);
  }
  const facts = powerFacts(state);
  for (let n = 0; n < state.nodeCount; n++) if (state.live[n]) watts += wattsAfter(state, n, 0, 0, facts);
  return { sloRisk: risk, costPerHourUsd: cost, energyWatts: watts };
}
