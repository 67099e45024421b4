/** The `mlops` section of the run report: one entry per spec.models model (mlops.ts). */
import type { ModelRun } from './mlops-types.ts';
import { versionOn } from './mlops-version.ts';
import type { TwinState } from './state.ts';

const r3 = (x: number) => Math.round(x * 1000) / 1000;

/** One model's report. */
export interface ModelReport {
  id: string;
  service: string;
  policy: 'periodic' | 'drift';
  versions: { version: number; dataAtMs: number; trainedOn: { mean: number; sd: number }; site: string | null; deployedAtMs: number | null; outcome: string }[];
  deployedVersion: number;
  /** The version each replica node of the service runs at the end, by node id. */
  replicaVersions: Record<string, number>;
  /** Rounds that collected data and trained; retrains = those whose rollout finished (done). */
  rounds: number;
  retrains: number;
  rolledBack: number;
  /** Rounds that could not start: no allowed training site, or no replica up. */
  refusedRounds: number;
  residencyRefusals: { site: string; stream: string; from: string; policyIds: string[]; basis: string; count: number }[];
  driftAlarms: number;
  /** Time-weighted over checks, averaged over replicas. */
  accuracy: { mean: number | null; min: number | null; final: number | null };
  /** Time since the deployed model's training data: time-weighted mean and maximum over checks (ms). */
  staleness: { meanMs: number | null; maxMs: number };
  bytes: { training: number; trainingWan: number; delivery: number; deliveryWan: number };
  trainCpuSeconds: number;
  /** Per check: [tMs, accuracy, mean version run, Page-Hinkley statistic]. */
  series: [number, number, number, number][];
}

/** The report entries (exact sums, rounded to 3 decimals where fractional). */
export function mlopsReport(s: TwinState, runs: readonly ModelRun[]): ModelReport[] {
  return runs.map((run) => ({
    id: run.spec.id,
    service: run.spec.service,
    policy: run.spec.retrain.policy,
    versions: run.versions.map((v) => ({ version: v.version, dataAtMs: v.dataAtMs, trainedOn: { mean: r3(v.trainedOn.mean), sd: r3(v.trainedOn.sd) }, site: v.site, deployedAtMs: v.deployedAtMs === null ? null : Math.round(v.deployedAtMs), outcome: v.outcome })),
    deployedVersion: run.deployed,
    replicaVersions: Object.fromEntries([...new Set(s.placement.seam.replicas[run.service] ?? [])].map((n) => [s.fabric.topology.nodeId(n), versionOn(run, n)] as const).sort(([a], [b]) => (a < b ? -1 : 1))),
    rounds: run.rounds,
    retrains: run.retrains,
    rolledBack: run.rolledBack,
    refusedRounds: run.refusedRounds,
    residencyRefusals: [...run.refusals.values()].sort((a, b) => (a.site + a.stream < b.site + b.stream ? -1 : 1)),
    driftAlarms: run.driftAlarms,
    accuracy: run.accMs > 0 ? { mean: run.accSumMs / run.accMs, min: r3(run.accMin), final: run.accLast === null ? null : r3(run.accLast) } : { mean: null, min: null, final: null },
    staleness: { meanMs: run.accMs > 0 ? Math.round(run.staleSumMs / run.accMs) : null, maxMs: run.staleMaxMs },
    bytes: { ...run.bytes },
    trainCpuSeconds: r3(run.trainCpuMs / 1000),
    series: run.series.map(([t, a, v, p]) => [t, r3(a), r3(v), r3(p)]),
  }));
}
