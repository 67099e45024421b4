/**
 * The live fleet in memory: a map of FleetNode (fleet-node.ts) updated from decoded telemetry,
 * implementing FleetView for the push gates, live mode and shadow mode. It keeps no clock: every
 * update carries its receive time and sweep(nowMs) is called by whoever owns the timer (the live
 * module, with the gateway's injectable clock), so tests drive time by hand.
 *
 * State rules (pure, below): a heartbeat means the agent is alive (ready, or draining when its
 * last status said so); a status frame sets ready / draining, and 'down' — what the agent's last
 * will says, retained — makes the node offline; a node whose agent has been silent for more than
 * `silentHeartbeats` heartbeat intervals (5 × 1 s by default) is swept to offline.
 */
import type { HeartbeatFrame, StatusFrame } from '../../sim-core/orchestrator/control/wire.ts';
import type { ApplyReport, MetricsReport } from '../mqtt/reports.ts';
import type { FleetNode, FleetNodeState, FleetView } from './fleet-node.ts';

/** The agents' heartbeat period the sweep assumes (topics.ts: 1 Hz by default). */
export const DEFAULT_HEARTBEAT_INTERVAL_MS = 1000;
/** Missed heartbeats after which a silent node is offline. */
export const DEFAULT_SILENT_HEARTBEATS = 5;

/** How the store judges silence. */
export interface FleetStoreOptions { heartbeatIntervalMs?: number; silentHeartbeats?: number }

/** Connector sources of a node. */
export type FleetSource = FleetNode['sources'][number];

/** The fleet store: FleetView plus the writes connectors make. Returned nodes are the store's own objects: read, do not mutate. */
export interface FleetStore extends FleetView {
  /** Silence (ms) after which an MQTT node is offline: heartbeatIntervalMs × silentHeartbeats. */
  readonly offlineAfterMs: number;
  /** A decoded heartbeat from `node` received at receivedMs (wall clock). */
  heartbeat(frame: HeartbeatFrame, receivedMs: number): FleetNode;
  /** A decoded status frame; `retained` when the broker replayed it on subscribe (its age is then frame.atMs). */
  status(frame: StatusFrame, receivedMs: number, retained: boolean): FleetNode;
  metrics(report: MetricsReport, receivedMs: number): FleetNode;
  report(report: ApplyReport, receivedMs: number): FleetNode;
  /** Another connector's facts about a node (Kubernetes, Prometheus): merged in, the source added. */
  merge(id: string, source: FleetSource, patch: Partial<Pick<FleetNode, 'state' | 'running' | 'labels' | 'runningVersion'>>, seenMs: number | null): FleetNode;
  /** Marks silent MQTT nodes offline at nowMs; returns the nodes it changed. */
  sweep(nowMs: number): FleetNode[];
  /** Replaces the whole fleet (a restarted gateway restoring its last snapshot); listeners are not called. */
  restore(nodes: FleetNode[]): void;
  /** Increases on every change (a persister saves only when it moved). */
  changes(): number;
  /** Nodes known. */
  size(): number;
}

/** The state a heartbeat leaves: alive; draining only when the agent's last status said draining. */
export function stateAfterHeartbeat(lastStatus: StatusFrame['state'] | null): FleetNodeState {
  return lastStatus === 'draining' ? 'draining' : 'ready';
}

/** The state a status frame sets: 'down' is the agent saying (or its last will saying) it is gone. */
export function stateAfterStatus(reported: StatusFrame['state']): FleetNodeState {
  return reported === 'down' ? 'offline' : reported;
}

/** True when a node last heard over MQTT at lastMqttMs is silent at nowMs. */
export function isSilent(lastMqttMs: number, nowMs: number, offlineAfterMs: number): boolean {
  return nowMs - lastMqttMs > offlineAfterMs;
}

/** A node nobody has heard from yet. */
export function emptyNode(id: string): FleetNode {
  return { id, state: 'unknown', sources: [], lastSeenMs: null, heartbeatLagMs: null, runningVersion: 0, running: [], lastReport: null, metrics: null, labels: {} };
}

/** A fresh, empty store. */
export function createFleetStore(opts: FleetStoreOptions = {}): FleetStore {
  const intervalMs = opts.heartbeatIntervalMs ?? DEFAULT_HEARTBEAT_INTERVAL_MS;
  const silent = opts.silentHeartbeats ?? DEFAULT_SILENT_HEARTBEATS;
  if (!(intervalMs > 0) || !(silent > 0)) throw new Error(`createFleetStore: heartbeatIntervalMs and silentHeartbeats must be > 0, got ${intervalMs} and ${silent}`);
  const offlineAfterMs = intervalMs * silent;
  const nodes = new Map<string, FleetNode>();
  /** Per node: when MQTT telemetry last came, and the state of its last status frame. */
  const lastMqttMs = new Map<string, number>();
  const lastStatus = new Map<string, StatusFrame['state']>();
  const listeners = new Set<(n: FleetNode) => void>();
  let changeCount = 0;

  const get = (id: string): FleetNode => {
    let n = nodes.get(id);
    if (!n) { n = emptyNode(id); nodes.set(id, n); }
    return n;
  };
  const changed = (n: FleetNode): FleetNode => {
    changeCount++;
    for (const l of [...listeners]) {
      try { l(n); } catch { /* one broken listener must not stop telemetry */ }
    }
    return n;
  };
  const seenOverMqtt = (n: FleetNode, atMs: number) => {
    if (!n.sources.includes('mqtt')) n.sources = [...n.sources, 'mqtt'];
    n.lastSeenMs = Math.max(n.lastSeenMs ?? atMs, atMs);
    lastMqttMs.set(n.id, Math.max(lastMqttMs.get(n.id) ?? atMs, atMs));
  };

  return {
    offlineAfterMs,
    node: (id) => nodes.get(id),
    nodes: () => [...nodes.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    onChange(l) { listeners.add(l); return () => { listeners.delete(l); }; },
    changes: () => changeCount,
    size: () => nodes.size,

    heartbeat(frame, receivedMs) {
      const n = get(frame.from);
      seenOverMqtt(n, receivedMs);
      n.heartbeatLagMs = receivedMs - frame.atMs;
      n.state = stateAfterHeartbeat(lastStatus.get(n.id) ?? null);
      return changed(n);
    },

    status(frame, receivedMs, retained) {
      const n = get(frame.from);
      // A retained frame is as old as the agent said when it sent it, not as new as its delivery.
      seenOverMqtt(n, retained ? Math.min(frame.atMs, receivedMs) : receivedMs);
      lastStatus.set(n.id, frame.state);
      n.state = stateAfterStatus(frame.state);
      // A last will's service list is what ran when the agent connected: keep the last real one.
      if (frame.state !== 'down') n.running = [...frame.running].sort();
      return changed(n);
    },

    metrics(report, receivedMs) {
      const n = get(report.node);
      seenOverMqtt(n, receivedMs);
      n.metrics = report;
      return changed(n);
    },

    report(report, receivedMs) {
      const n = get(report.node);
      seenOverMqtt(n, receivedMs);
      n.lastReport = report;
      n.runningVersion = report.runningVersion;
      n.running = report.workloads.map((w) => w.service).sort();
      return changed(n);
    },

    merge(id, source, patch, seenMs) {
      const n = get(id);
      if (!n.sources.includes(source)) n.sources = [...n.sources, source];
      if (seenMs !== null) n.lastSeenMs = Math.max(n.lastSeenMs ?? seenMs, seenMs);
      if (patch.state !== undefined) n.state = patch.state;
      if (patch.running !== undefined) n.running = [...patch.running].sort();
      if (patch.runningVersion !== undefined) n.runningVersion = patch.runningVersion;
      if (patch.labels !== undefined) n.labels = { ...n.labels, ...patch.labels };
      return changed(n);
    },

    sweep(nowMs) {
      const out: FleetNode[] = [];
      for (const [id, at] of lastMqttMs) {
        const n = nodes.get(id);
        if (!n || n.state === 'offline' || !isSilent(at, nowMs, offlineAfterMs)) continue;
        n.state = 'offline';
        out.push(changed(n));
      }
      return out;
    },

    restore(list) {
      nodes.clear(); lastMqttMs.clear(); lastStatus.clear();
      for (const n of list) {
        nodes.set(n.id, { ...n, sources: [...n.sources], running: [...n.running], labels: { ...n.labels } });
        // A restored MQTT node is judged from when it was last heard: silent ones go offline on the first sweep.
        if (n.sources.includes('mqtt') && n.lastSeenMs !== null) lastMqttMs.set(n.id, n.lastSeenMs);
      }
      changeCount++;
    },
  };
}
