/**
 * One node of the live fleet as the gateway knows it, merged from every connector (MQTT agents,
 * Kubernetes, Prometheus). The telemetry ingest writes it; the push's health gates, live mode,
 * shadow mode and the web app read it.
 */
import type { ApplyReport, MetricsReport } from '../mqtt/reports.ts';

/** Liveness: ready / draining / down as the node reports it; offline when its last will fired or it fell silent; unknown before any telemetry. */
export type FleetNodeState = 'ready' | 'draining' | 'down' | 'offline' | 'unknown';

/** A node of the live fleet. */
export interface FleetNode {
  id: string;
  state: FleetNodeState;
  /** Which connector(s) reported it. */
  sources: ('mqtt' | 'kubernetes' | 'prometheus')[];
  /** Wall-clock ms of the last telemetry of any kind (null before any). */
  lastSeenMs: number | null;
  /** Receive time minus the frame's atMs for the last heartbeat, ms (telemetry lag). */
  heartbeatLagMs: number | null;
  /** The desired-state version the agent says it runs (0 before any). */
  runningVersion: number;
  /** Services the node runs now ("app/service"). */
  running: string[];
  /** The last apply report and metrics report (null before any). */
  lastReport: ApplyReport | null;
  metrics: MetricsReport | null;
  /** Labels (Kubernetes node labels, topology.kubernetes.io/*, or from the agent). */
  labels: Record<string, string>;
}

/** Read access to the fleet: what the push, live mode and shadow mode use. */
export interface FleetView {
  node(id: string): FleetNode | undefined;
  nodes(): FleetNode[];
  /** Calls `listener` after every change to a node; returns the unsubscribe function. */
  onChange(listener: (node: FleetNode) => void): () => void;
}
