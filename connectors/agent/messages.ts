/**
 * What the edge agent publishes, built by pure functions: control wire HeartbeatFrame and
 * StatusFrame (sim-core/orchestrator/control/wire.ts) on `heartbeat` and `status`, MetricsReport on
 * `metrics` and ApplyReport on `report` (connectors/mqtt/reports.ts). The agent's frames are
 * addressed to the gateway.
 */
import { CONTROL_WIRE_VERSION, type HeartbeatFrame, type StatusFrame } from '../../sim-core/orchestrator/control/wire.ts';
import type { ApplyReport, AppMetrics, MetricsReport } from '../mqtt/reports.ts';
import type { ReceivedIds } from './accept.ts';
import type { WorkloadHealth } from './runtime.ts';

/** The `to` of every frame the agent sends. */
export const GATEWAY_ID = 'gateway';

/** A heartbeat: alive at atMs (the agent keeps no CRDT observed state, so observed and ack are null). */
export function heartbeatFrame(node: string, atMs: number): HeartbeatFrame {
  return { v: CONTROL_WIRE_VERSION, kind: 'heartbeat', from: node, to: GATEWAY_ID, atMs, observed: null, ack: null, needsStart: false };
}

/** The node's state and the services it runs (healthy ones only). */
export function statusFrame(node: string, state: StatusFrame['state'], workloads: readonly WorkloadHealth[], atMs: number): StatusFrame {
  return { v: CONTROL_WIRE_VERSION, kind: 'status', from: node, to: GATEWAY_ID, atMs, state, running: runningServices(workloads) };
}

/** Services whose workload is healthy, in declared order. */
export function runningServices(workloads: readonly WorkloadHealth[]): string[] {
  return workloads.filter((w) => w.healthy).map((w) => w.service);
}

/** What an apply report says besides the node and time. */
export interface ApplyOutcome {
  received: ReceivedIds;
  outcome: ApplyReport['outcome'];
  reason: string | null;
  runningVersion: number;
  workloads: readonly WorkloadHealth[];
}

/** Longest reason a report carries (the gateway's decoder refuses longer ones). */
export const MAX_REPORT_REASON_CHARS = 2048;

/** The report of what the agent did with one desired state; a long reason is cut to MAX_REPORT_REASON_CHARS. */
export function applyReport(node: string, atMs: number, o: ApplyOutcome): ApplyReport {
  const reason = o.reason !== null && o.reason.length > MAX_REPORT_REASON_CHARS ? `${o.reason.slice(0, MAX_REPORT_REASON_CHARS - 1)}…` : o.reason;
  return {
    v: 1, node, atMs, version: o.received.version, pushId: o.received.pushId, planHash: o.received.planHash,
    outcome: o.outcome, reason, runningVersion: o.runningVersion,
    workloads: o.workloads.map(({ service, healthy, pid }) => ({ service, healthy, pid })),
  };
}

/** CPU use as a fraction 0..1 of the machine: `cpuMicros` of CPU time over `intervalMs` on `cores` cores. */
export function cpuFraction(cpuMicros: number, intervalMs: number, cores: number): number {
  if (!(intervalMs > 0) || !(cores > 0)) return 0;
  return Math.min(1, Math.max(0, cpuMicros / 1000 / intervalMs / cores));
}

/** Per-app figures when the agent measures no traffic: zero requests, no latency. */
export const ZERO_APP_METRICS: Readonly<AppMetrics> = { requests: 0, errorRate: 0, latencyMsP50: null, latencyMsP95: null };

/** The agent's metrics report: its own process CPU and memory, zeros for each declared service. */
export function metricsReport(node: string, atMs: number, intervalMs: number, cpuUtilization: number, memoryBytes: number, services: readonly string[]): MetricsReport {
  const apps: Record<string, AppMetrics> = {};
  for (const s of services) apps[s] = { ...ZERO_APP_METRICS };
  return { v: 1, node, atMs, intervalMs, cpuUtilization, memoryBytes, apps };
}
