/**
 * The computing continuum's state in a running twin (spec.continuum): per-stream QoS flow
 * weights, and one record per following service with its migration in progress and totals.
 * Created by continuum-install.ts only when the scenario declares spec.continuum; written by
 * continuum-migration.ts; read by transport.ts (weights) and the report hook.
 */
import type { Route } from '../fabric/routing.ts';
import type { FollowModel } from '../scenario/model.ts';

/** Where a following service's migration is. */
export type MigrationPhase = 'idle' | 'pre-copy' | 'stop-and-copy' | 'restore';

/** One service following a mobile node. */
export interface Follower {
  model: FollowModel;
  service: number;
  /** Index in model.mobility of the node followed, and its node index. */
  mobile: number;
  vehicle: number;
  candidates: number[];
  phase: MigrationPhase;
  from: number;
  to: number;
  /** Active flow id of the state transfer, else -1. */
  flow: number;
  route: Route | null;
  bytesInFlight: number;
  /** State bytes sent by the migration in progress (or the last one). */
  bytesThisMigration: number;
  migrationStartMs: number;
  phaseStartMs: number;
  /** When the service stopped (downtime start), else -1. */
  downSinceMs: number;
  latencyBeforeMs: number;
  /** Totals. */
  started: number;
  completed: number;
  aborted: number;
  bytesMoved: number;
  downtimeMs: number;
  /** Messages held in store-and-forward buffers when the service restarted (waited out a downtime). */
  heldDuringDowntime: number;
  latencyBeforeSumMs: number;
  latencyAfterSumMs: number;
}

/** One finished migration, for the report. */
export interface MigrationRecord {
  service: string;
  atMs: number;
  from: string;
  to: string;
  bytes: number;
  downtimeMs: number;
  pathLatencyBeforeMs: number;
  pathLatencyAfterMs: number;
}

/** spec.continuum in a running twin. */
export interface ContinuumState {
  /** Flow weight per stream index; null without QoS classes (then every flow weighs 1). */
  streamWeight: Float64Array | null;
  followers: Follower[];
  /** Kernel event kinds, registered only when something follows (-1 otherwise). */
  kinds: { check: number; arrive: number };
  /** The first MAX_RECORDS finished migrations. */
  records: MigrationRecord[];
}

/** Records kept in the report. */
export const MAX_MIGRATION_RECORDS = 200;
