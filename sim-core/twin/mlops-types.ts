/** The twin's state of each spec.models model (mlops.ts writes it, mlops-report.ts reads it). */
import type { Moments, PageHinkleyState, ValueWindow } from '../orchestrator/mlops/index.ts';
import type { MlModel } from '../scenario/model.ts';
import type { ModelRollout } from './model-rollout.ts';
import type { SiteRefusal } from './training-site.ts';

/** One model version. */
export interface ModelVersion {
  version: number;
  /** When its training data was taken (0 for the initial model). */
  dataAtMs: number;
  trainedOn: Moments;
  site: string | null;
  /** When the rollout finished (done), or null. */
  deployedAtMs: number | null;
  outcome: 'initial' | 'training' | 'rolling-out' | 'deployed' | 'rolled-back';
}

/** The twin's state of one model (read by the report). */
export interface ModelRun {
  /** Index in spec.models. */
  index: number;
  spec: MlModel;
  service: number;
  streams: number[];
  versions: ModelVersion[];
  /** The version fully rolled out (the detector's reference). */
  deployed: number;
  /** Version run by each node that got one (others run `deployed`). */
  nodeVersion: Map<number, number>;
  window: ValueWindow;
  lastWindow: Moments | null;
  detector: PageHinkleyState;
  lastStartMs: number;
  busy: boolean;
  rollout: ModelRollout | null;
  rounds: number;
  retrains: number;
  rolledBack: number;
  refusedRounds: number;
  refusals: Map<string, SiteRefusal & { count: number }>;
  driftAlarms: number;
  bytes: { training: number; trainingWan: number; delivery: number; deliveryWan: number };
  trainCpuMs: number;
  /** Time-weighted sums over checks with readings. */
  accSumMs: number; accMs: number; accMin: number; accLast: number | null;
  staleSumMs: number; staleMaxMs: number;
  /** One row per check: [tMs, accuracy, mean version run, PH statistic]. */
  series: [number, number, number, number][];
}

