/**
 * A release (ReleaseModel) as the rollout controller takes it: the service's replica nodes (the
 * controller's delivery units, sorted by id so the canary is stable), the waves planned from the
 * cumulative setWeight steps, each wave's pause and whether it has an analysis, and the gate
 * thresholds. Pure over its inputs; no twin state.
 */
import { initRollout, type RolloutState, type WaveOptions } from '../orchestrator/rollout/controller.ts';
import { DEFAULT_GATE_THRESHOLDS, type GateThresholds } from '../orchestrator/rollout/gates.ts';
import { parseWaves, planWaves, stepCount, type PlannedWave } from '../orchestrator/rollout/waves.ts';
import type { ReleaseModel } from '../scenario/model.ts';

/** The controller's input for one release over `nodes` (distinct node ids, any order). */
export interface ReleasePlan { nodes: string[]; waves: PlannedWave[]; options: WaveOptions[]; thresholds: GateThresholds }

/** Weights as a wave spec ('10%,50%,100%'; weights with up to two decimals). */
export function waveSpecOf(weights: readonly number[]): string {
  return weights.map((w) => `${Math.round(w * 100) / 100}%`).join(',');
}

/** Plans a release over its replica nodes. */
export function planRelease(r: ReleaseModel, replicaNodes: readonly string[]): ReleasePlan {
  const nodes = [...new Set(replicaNodes)].sort();
  const spec = parseWaves(waveSpecOf(r.weights));
  const waves = planWaves(nodes, spec);
  // A planned wave stands for every setWeight that reaches its cumulative count (planWaves drops
  // weights that add no replica): it pauses for all of their pauses.
  const counts = spec.steps.map((st) => stepCount(st, nodes.length));
  const options = waves.map((w): WaveOptions => {
    let pauseMs = 0;
    counts.forEach((c, k) => { if (c === w.cumulative.length) pauseMs += r.pausesMs[k] ?? 0; });
    return { pauseMs, analysis: r.analysis !== null };
  });
  const thresholds: GateThresholds = r.analysis
    ? { sloLatencyMsP95: r.analysis.latencyMsP95, maxErrorRate: r.analysis.maxErrorRate, timeoutMs: r.analysis.timeoutMs, minSoakMs: 0, requireMetrics: false }
    : { ...DEFAULT_GATE_THRESHOLDS };
  return { nodes, waves, options, thresholds };
}

/** A fresh controller state for the plan. */
export function initReleaseRollout(p: ReleasePlan): RolloutState {
  return initRollout(p.waves, p.thresholds, p.options);
}
