/**
 * The JSON documents agents publish beside the control wire frames (see topics.ts). Decoders for
 * them validate every field (bytes from the network): a malformed report is counted and ignored.
 */

/** Per-app measurements on one node over the report's interval. */
export interface AppMetrics {
  /** Requests (or messages) handled in the interval. */
  requests: number;
  /** Fraction of them that failed, 0..1. */
  errorRate: number;
  /** Latency percentiles over the interval, ms (null when no request was handled). */
  latencyMsP50: number | null;
  latencyMsP95: number | null;
}

/** `edgetwin/v1/<node>/metrics`: the node's utilisation and per-app measurements. */
export interface MetricsReport {
  v: 1;
  node: string;
  /** Wall-clock ms since the epoch when measured. */
  atMs: number;
  /** Length of the interval the figures cover, ms. */
  intervalMs: number;
  /** CPU utilisation 0..1 over the interval. */
  cpuUtilization: number;
  memoryBytes: number;
  /** "app/service" → measurements. */
  apps: Record<string, AppMetrics>;
}

/** `edgetwin/v1/<node>/report`: what the agent did with a desired state it received. */
export interface ApplyReport {
  v: 1;
  node: string;
  atMs: number;
  /** The desired state's version and push, as received (null when it could not be parsed). */
  version: number | null;
  pushId: string | null;
  planHash: string | null;
  /** applied: running it now; refused: not accepted (reason says why); failed: accepted but a workload would not start. */
  outcome: 'applied' | 'refused' | 'failed';
  /** For refused: bad-signature | unknown-key | not-newer | expired | not-yet-valid | wrong-node | malformed. For failed: the workload and error. */
  reason: string | null;
  /** The version the agent runs after this (unchanged on refusal). */
  runningVersion: number;
  /** Services running with their health. */
  workloads: { service: string; healthy: boolean; pid: number | null }[];
}
