/**
 * State of the simulated control plane, as data: one agent per non-sensor node, the controllers'
 * monitors (one failure detector per watched node), the desired state the control plane keeps
 * per agent, CRDT replicas on both sides, outage bookkeeping and the figures the report shows.
 * TwinState holds it (field `controlPlane`); the functions that run it take cp.ts's ControlPlane,
 * which adds the twin it runs in. This file imports nothing of the twin's state, so no circle.
 */
import type { DocReplica } from '../../orchestrator/crdt/doc-replica.ts';
import type { AckMessage } from '../../orchestrator/crdt/sync-wire.ts';
import type { ControllerConfig } from '../../orchestrator/control/observed.ts';
import type { HeartbeatHistory } from '../../orchestrator/detector/failure-detector.ts';
import type { ControlPlaneModel } from '../../scenario/model.ts';
import type { DetectionReason } from '../decision-log.ts';
import type { Reachability } from './reachability.ts';

/** The agent on one node. */
export interface Agent {
  node: number;
  id: string;
  /** Services running here (in the placement seam). */
  running: Set<number>;
  /** Services starting here: service → start job id. */
  starting: Map<number, number>;
  /** Last time a reply from its controller arrived (or boot). */
  lastAckMs: number;
  /** Start of the current autonomous spell, -1 when not autonomous. */
  autonomousSince: number;
  /** Rebooted without restartLocally: serves nothing until a command arrives. */
  awaitingCommand: boolean;
  /** The controller it last sent a heartbeat to (-1: none) and when. */
  controller: number;
  lastSentMs: number;
  /** Its own observed state (sent up) and its copy of the desired state (received). */
  observed: DocReplica;
  desired: DocReplica;
  /** Ack of the last desired delta, sent with the next heartbeat. */
  desiredAck: AckMessage | null;
}

/** One controller watching one node. */
export interface Monitor {
  id: number;
  controller: number;
  member: number;
  history: HeartbeatHistory;
  declared: boolean;
  declaredAtMs: number;
  /** Bumped on every declare/undeclare so stale timer events are ignored. */
  gen: number;
  /** Relocation is due (declared + grace passed) and not yet done for every service. */
  relocationDue: boolean;
  dueAtMs: number;
  /** Faults (faultLog indices) this declaration is attributed to, while it lasts. */
  faults: number[];
  /** How the current (or last) declaration came about, for decisions and events. */
  detection: DetectionReason | null;
}

/** A reconciliation mismatch being corrected. */
export interface DriftEpisode { sinceMs: number; detectedAtMs: number }

/** Figures for the report's controlPlane section. */
export interface ControlPlaneMetrics {
  decisions: number;
  refused: Record<string, number>;
  decisionLatenciesMs: number[];
  falseSuspicions: number;
  detections: number;
  autonomousMs: number;
  shed: number;
  driftDetected: number;
  driftCorrected: number;
  driftCorrectionMs: number[];
  crdtMerges: number;
  commands: number;
  reReplicatedBytes: number;
}

/** One fault's node losses: the nodes it took down and what they ran. */
export interface NodeLoss { node: number; services: number[]; counts: number[]; recoveredAtMs: number }

/** Outage bookkeeping for one twin (see accounting.ts). */
export interface Outages {
  /** faultLog index → the nodes it took down and what they ran. */
  byFault: Map<number, NodeLoss[]>;
  /** Per app: available now, time available so far, when it was last updated. */
  appUp: boolean[];
  appUpMs: number[];
  lastMs: number;
  /** Per app: its source nodes and the services it needs. */
  appSources: number[][];
  appServices: number[][];
}

/** Everything the control plane holds for one twin (data; cp.ts's ControlPlane adds the twin). */
export interface ControlPlaneState {
  cfg: ControlPlaneModel;
  /** The same configuration as the orchestrator's controller reads it (ids, members in id order). */
  controller: ControllerConfig;
  reach: Reachability;
  /** Decentralized voting members (node indices, id order); empty otherwise. */
  members: number[];
  /** Agents by node index (null for sensors), and the ids of the nodes that have one (index order). */
  agents: (Agent | null)[];
  agentIds: string[];
  /** Monitors by id; per controller node: member → monitor id. */
  monitors: Monitor[];
  watching: Map<number, Map<number, number>>;
  /** Desired services per node (the control plane's truth) and its CRDT side. */
  desiredOf: Set<number>[];
  cpDesired: (DocReplica | null)[];
  cpObserved: (DocReplica | null)[];
  /** Running replicas per service, in a stable order (what the placement seam is told). */
  runningOn: number[][];
  /** Replica count each service should have. */
  targetCount: number[];
  /** Pending commands: key node*S+service → until when they are expected to take effect. */
  pending: Map<number, number>;
  drift: Map<number, DriftEpisode>;
  /** Open control-plane faults (count) and the faultLog index of each. */
  masterDown: number;
  /** faultLog indices of control-plane faults seen so far; agents autonomous right now. */
  cpFaults: number[];
  autonomousCount: number;
  outages: Outages;
  /** Event kinds registered by the control plane. */
  kinds: { tick: number; check: number; relocate: number; decide: number; started: number; reconcile: number; drift: number };
  /** Start jobs and decisions in flight (slot arrays). */
  startJobs: ({ node: number; service: number } | null)[];
  decisionsInFlight: ({ monitor: number; gen: number; service: number; controller: number; dueAtMs: number } | null)[];
  metrics: ControlPlaneMetrics;
}

/** Fresh metrics. */
export function newMetrics(): ControlPlaneMetrics {
  return {
    decisions: 0, refused: {}, decisionLatenciesMs: [], falseSuspicions: 0, detections: 0, autonomousMs: 0, shed: 0,
    driftDetected: 0, driftCorrected: 0, driftCorrectionMs: [], crdtMerges: 0, commands: 0, reReplicatedBytes: 0,
  };
}
