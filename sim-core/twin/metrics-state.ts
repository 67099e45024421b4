/**
 * What a running twin measures for the report, the frames and the time series (a record of
 * TwinState, state.ts). Nothing in the simulation reads these back to decide anything.
 *
 * Owners, the only writers: terminal.ts (latencies, SLO violations, drops and losses per app);
 * transport.ts (WAN bytes, transfer cost); sampling.ts (time series); mobility.ts (handovers).
 */
import type { LatencyLog } from './latency-log.ts';

/** A periodic sample of the whole twin, for time-series charts. */
export interface TimeSample {
  tMs: number;
  inFlight: number;
  delivered: number;
  dropped: number;
  lost: number;
  queued: number;
  wanBytes: number;
  nodesDown: number;
  linksDown: number;
}

/** Per-app outcomes, network totals and the time series. */
export interface MetricsState {
  /** Per app: end-to-end latencies, SLO violations, messages dropped and lost. */
  latency: LatencyLog[];
  sloViolations: Float64Array;
  appDropped: Float64Array;
  appLost: Float64Array;
  /** Bytes over WAN links (counted per link crossed) and the transfer cost of metered links. */
  wanBytes: number;
  transferCostUsd: number;
  timeSeries: TimeSample[];
  /** Radio handovers of mobile nodes. */
  handovers: number;
}
