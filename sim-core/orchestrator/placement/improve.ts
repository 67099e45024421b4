/**
 * The improvement pass after batch placement: local search that moves one replica to another
 * node, or swaps two replicas, whenever that lowers the objective (see objective.ts) and every
 * filter still passes. A step is taken only when its exact change is negative, so the objective
 * never rises; pods are visited in a seeded order and candidate nodes by (change, index), so the
 * same seed gives the same moves. Feasibility is the scheduler's own Filter verdict for the pod
 * on the target node, plus a re-check of every pod whose filters depend on other pods (required
 * pod (anti-)affinity, DoNotSchedule spreading), which a move could break.
 */
import type { PodInfo } from '../scheduler/pod-info.ts';
import type { ClusterState } from '../scheduler/state.ts';
import type { SchedulingHost, Status } from '../scheduler/types.ts';
import { seededIntn } from '../scheduler/select-host.ts';
import { powerFacts } from '../scheduler/plugins/edge-energy.ts';
import { hostLatency } from '../scheduler/plugins/edge-attrs.ts';
import { nodePrices, requestedFraction } from '../scheduler/plugins/edge-cost.ts';
import { RES_CPU, RES_MEMORY } from '../scheduler/state.ts';
import { podCostOn, podFacts, podRiskOn, wattsAfter, type ObjectiveTerms, type ObjectiveWeights } from './objective.ts';

/** Search limits. */
export interface ImproveOptions {
  /** Passes over all pods (default 4); stops early when a pass changes nothing. */
  maxRounds?: number;
  /** Improving targets checked for feasibility per pod and pass (default 8). */
  maxChecksPerPod?: number;
  /** Nodes whose pods are tried as swap partners per pod and pass (default 3). */
  swapNodes?: number;
}

/** One accepted step, with why it was taken. */
export interface MoveRecord {
  kind: 'move' | 'swap';
  /** The moved pod keys (one for a move, two for a swap). */
  pods: string[];
  from: string[];
  to: string[];
  /** Change of each term (negative = better) and of the weighted objective. */
  delta: ObjectiveTerms;
  deltaObjective: number;
  reason: string;
}

/** What the pass needs: the state (mutated), the movable pods, the host, weights and a feasibility check. */
export interface ImproveContext {
  state: ClusterState;
  host: SchedulingHost;
  pods: readonly PodInfo[];
  weights: ObjectiveWeights;
  /** null when pod p (currently unassigned) passes every filter on node n. */
  fits(p: PodInfo, n: number): Status | null;
  /** Pods whose placement other pods can invalidate; re-checked after each step. */
  crossChecked: readonly PodInfo[];
  seed: number;
}

const EPS = 1e-9;

function fmtDelta(d: ObjectiveTerms, total: number): string {
  const f = (x: number) => (Math.abs(x) < 1e-12 ? '0' : Number(x.toPrecision(3)).toString());
  return `objective ${f(total)} (SLO risk ${f(d.sloRisk)}, cost ${f(d.costPerHourUsd)} USD/h, energy ${f(d.energyWatts)} W)`;
}

/** Runs the local search; returns the accepted steps in order. */
export function improvePlacement(ctx: ImproveContext, opts: ImproveOptions = {}): MoveRecord[] {
  const maxRounds = opts.maxRounds ?? 4, maxChecks = opts.maxChecksPerPod ?? 8, swapNodes = opts.swapNodes ?? 3;
  for (const [k, v] of [['maxRounds', maxRounds], ['maxChecksPerPod', maxChecks], ['swapNodes', swapNodes]] as const) {
    if (!Number.isInteger(v) || v < 0) throw new Error(`improvePlacement: ${k} must be an integer >= 0, got ${v}`);
  }
  const { state, host, weights: w } = ctx;
  const intn = seededIntn(ctx.seed);
  const movable = new Set(ctx.pods);
  const moves: MoveRecord[] = [];
  const risk = new Float64Array(state.nodeCount), cost = new Float64Array(state.nodeCount), delta = new Float64Array(state.nodeCount);
  const order = Int32Array.from(state.names.keys());

  const crossOk = (): boolean => {
    for (const q of ctx.crossChecked) {
      const n = q.nodeIndex;
      if (n < 0) continue;
      state.removePod(q.key);
      const ok = ctx.fits(q, n) === null;
      state.addPod(q, state.names[n]!);
      if (!ok) return false;
    }
    return true;
  };
  const weigh = (d: ObjectiveTerms) => w.sloRisk * d.sloRisk + w.costPerHourUsd * d.costPerHourUsd + w.energyWatts * d.energyWatts;

  const tryMove = (p: PodInfo): boolean => {
    const from = p.nodeIndex, facts = powerFacts(state), cpu = p.nonZeroCpuMilli;
    const rFrom = podRiskOn(state, host, p, from), cFrom = podCostOn(state, p, from);
    const eFrom = wattsAfter(state, from, -cpu, -1, facts) - wattsAfter(state, from, 0, 0, facts);
    delta.fill(Infinity);
    // Hot loop over every node: the same arithmetic as podRiskOn / podCostOn, with lookups hoisted.
    const f = podFacts(p);
    const latencyMs = f.budgetMs !== undefined && f.sources.length > 0 ? hostLatency(host, 'improvePlacement') : undefined;
    const prices = nodePrices(state), allocCpu = state.alloc[RES_CPU]!, allocMem = state.alloc[RES_MEMORY]!, names = state.names;
    for (let m = 0; m < state.nodeCount; m++) {
      if (m === from || !state.live[m]) continue;
      let r = 0;
      if (latencyMs) {
        for (const src of f.sources) {
          const l = latencyMs(src, m, names[m]!);
          if (!(l >= 0) || l === Infinity) { r = Infinity; break; }
          if (l > r) r = l;
        }
        r /= f.budgetMs!;
      }
      const price = prices[m]!;
      const c = Number.isNaN(price) ? 0 : price * requestedFraction(p.nonZeroCpuMilli, allocCpu[m]!, p.nonZeroMemoryBytes, allocMem[m]!);
      risk[m] = r - rFrom;
      cost[m] = c - cFrom;
      const e = eFrom + wattsAfter(state, m, cpu, 1, facts) - wattsAfter(state, m, 0, 0, facts);
      delta[m] = w.sloRisk * risk[m]! + w.costPerHourUsd * cost[m]! + w.energyWatts * e;
    }
    const cands = Array.from(order).filter((m) => delta[m]! < -EPS).sort((a, b) => delta[a]! - delta[b]! || a - b);
    let checks = 0;
    for (const m of cands) {
      if (checks++ >= maxChecks) break;
      const e = eFrom + wattsAfter(state, m, cpu, 1, facts) - wattsAfter(state, m, 0, 0, facts);
      state.removePod(p.key);
      if (ctx.fits(p, m) === null) {
        state.addPod(p, state.names[m]!);
        if (crossOk()) {
          const d = { sloRisk: risk[m]!, costPerHourUsd: cost[m]!, energyWatts: e };
          moves.push({ kind: 'move', pods: [p.key], from: [state.names[from]!], to: [state.names[m]!], delta: d, deltaObjective: delta[m]!,
            reason: `moved ${p.key} ${state.names[from]} → ${state.names[m]}: ${fmtDelta(d, delta[m]!)}` });
          return true;
        }
        state.removePod(p.key);
      }
      state.addPod(p, state.names[from]!);
    }
    // Swaps: partners on the nodes where p alone would be better off (often full, so a move failed).
    const podOnly = Array.from(order).filter((m) => Number.isFinite(delta[m]!) && w.sloRisk * risk[m]! + w.costPerHourUsd * cost[m]! < -EPS)
      .sort((a, b) => (w.sloRisk * risk[a]! + w.costPerHourUsd * cost[a]!) - (w.sloRisk * risk[b]! + w.costPerHourUsd * cost[b]!) || a - b)
      .slice(0, swapNodes);
    for (const m of podOnly) {
      const partners = state.podsOn[m]!.filter((q) => movable.has(q)).sort((a, b) => (a.key < b.key ? -1 : 1));
      for (const q of partners) {
        if (checks++ >= maxChecks * 2) return false;
        const d: ObjectiveTerms = {
          sloRisk: risk[m]! + podRiskOn(state, host, q, from) - podRiskOn(state, host, q, m),
          costPerHourUsd: cost[m]! + podCostOn(state, q, from) - podCostOn(state, q, m),
          energyWatts: wattsAfter(state, from, q.nonZeroCpuMilli - cpu, 0, facts) - wattsAfter(state, from, 0, 0, facts)
            + wattsAfter(state, m, cpu - q.nonZeroCpuMilli, 0, facts) - wattsAfter(state, m, 0, 0, facts),
        };
        const total = weigh(d);
        if (!(total < -EPS)) continue;
        state.removePod(p.key); state.removePod(q.key);
        let placedP = false, placedQ = false;
        if (ctx.fits(p, m) === null) {
          state.addPod(p, state.names[m]!); placedP = true;
          if (ctx.fits(q, from) === null) { state.addPod(q, state.names[from]!); placedQ = true; }
        }
        if (placedP && placedQ && crossOk()) {
          moves.push({ kind: 'swap', pods: [p.key, q.key], from: [state.names[from]!, state.names[m]!], to: [state.names[m]!, state.names[from]!], delta: d, deltaObjective: total,
            reason: `swapped ${p.key} (${state.names[from]} → ${state.names[m]}) with ${q.key} (${state.names[m]} → ${state.names[from]}): ${fmtDelta(d, total)}` });
          return true;
        }
        if (placedQ) state.removePod(q.key);
        if (placedP) state.removePod(p.key);
        state.addPod(p, state.names[from]!); state.addPod(q, state.names[m]!);
      }
    }
    return false;
  };

  const pods = [...ctx.pods];
  for (let round = 0; round < maxRounds; round++) {
    // Seeded Fisher-Yates: the visiting order is the only randomness of the pass.
    for (let i = pods.length - 1; i > 0; i--) { const j = intn(i + 1); [pods[i], pods[j]] = [pods[j]!, pods[i]!]; }
    let changed = false;
    for (const p of pods) if (p.nodeIndex >= 0 && tryMove(p)) changed = true;
    if (!changed) break;
  }
  return moves;
}
