/**
 * The report's `prediction` section: alarms scored against the node failures that happened
 * (orchestrator/predict/score.ts), lead times, messages lost at failed nodes, and SLO minutes.
 * An SLO minute is a whole minute in which an app missed its SLO: more than (100 − percentile) %
 * of its messages finished that minute were late, dropped or lost.
 */
import type { Alarm } from '../orchestrator/predict/detector.ts';
import { median, scorePredictions } from '../orchestrator/predict/score.ts';
import type { PrecursorSignal, PredictionModel } from '../scenario/model.ts';
import type { TwinState } from './state.ts';

/** Per-app counters at a minute boundary. */
export interface MinuteSnapshot { tMs: number; completed: number[]; violations: number[]; failed: number[] }

/** What the predictor did during a run. */
export interface PredictionRun {
  alarms: (Alarm & { signal: PrecursorSignal })[];
  /** Replicas moved off alarmed nodes / moves refused (no target, no controller). */
  migrations: number;
  refused: number;
  minutes: MinuteSnapshot[];
  /** Precursors of stochastic failures announced so far. */
  stochasticPrecursors: number;
}

/** The report section. */
export interface PredictionReport {
  enabled: boolean;
  hits: number;
  misses: number;
  falseAlarms: number;
  leadTimeMs: { median: number | null; min: number | null };
  migrations: number;
  refused: number;
  /** Messages lost at the failed nodes (sum over node and power faults). */
  lostAtFailures: number;
  sloMinutes: number;
  /** Scripted precursors, and those of stochastic failures drawn during the run (counted when prediction runs). */
  precursors: number;
  alarms: { node: string; signal: string; atMs: number; predictedFailureAtMs: number; outcome: 'hit' | 'false-alarm' }[];
  failures: { node: string; atMs: number; predicted: boolean; leadMs: number | null; messagesLost: number }[];
}

/** Minutes (whole buckets between snapshots) in which some app missed its SLO. */
export function sloMinutes(minutes: readonly MinuteSnapshot[], percentiles: readonly number[]): number {
  let bad = 0;
  for (let i = 1; i < minutes.length; i++) {
    const a = minutes[i - 1]!, b = minutes[i]!;
    if (b.tMs - a.tMs < 60_000) continue; // the partial minute at the end of the run
    const missed = percentiles.some((pct, app) => {
      const failed = b.failed[app]! - a.failed[app]!;
      const total = b.completed[app]! - a.completed[app]! + failed;
      return total > 0 && (b.violations[app]! - a.violations[app]! + failed) / total > 1 - pct / 100;
    });
    if (missed) bad++;
  }
  return bad;
}

/** Builds the section at report time. */
export function predictionReport(s: TwinState, pm: PredictionModel, run: PredictionRun): PredictionReport {
  const topo = s.fabric.topology;
  const now = s.kernel.nowMs;
  const failures = s.faults.log.flatMap((rec) => ((rec.kind === 'node' || rec.kind === 'power') && rec.atMs <= now && topo.nodeIndex(rec.target) >= 0
    ? [{ target: topo.nodeIndex(rec.target), atMs: rec.atMs, messagesLost: rec.messagesLost }] : []));
  const score = scorePredictions(run.alarms, failures, pm.horizonMs);
  const hitAlarms = new Set(score.matchedAlarm.filter((a) => a >= 0));
  return {
    enabled: pm.enabled,
    hits: score.hits,
    misses: score.misses,
    falseAlarms: score.falseAlarms,
    leadTimeMs: { median: median(score.leadTimesMs), min: score.leadTimesMs.length ? Math.min(...score.leadTimesMs) : null },
    migrations: run.migrations,
    refused: run.refused,
    lostAtFailures: failures.reduce((x, f) => x + f.messagesLost, 0),
    sloMinutes: sloMinutes(run.minutes, s.model.apps.map((a) => a.slo.percentile)),
    precursors: (s.model.precursors ?? []).length + run.stochasticPrecursors,
    alarms: run.alarms.map((a, i) => ({ node: topo.nodeId(a.target), signal: a.signal, atMs: a.atMs, predictedFailureAtMs: a.predictedFailureAtMs, outcome: hitAlarms.has(i) ? 'hit' : 'false-alarm' })),
    failures: failures.map((f, i) => {
      const a = score.matchedAlarm[i]!;
      return { node: topo.nodeId(f.target), atMs: f.atMs, predicted: a >= 0, leadMs: a >= 0 ? f.atMs - run.alarms[a]!.atMs : null, messagesLost: f.messagesLost };
    }),
  };
}
