/**
 * What a controller knows: plain observed state, the same whether it comes from the twin's
 * simulated agents or from real edge agents over MQTT. Nodes and services are named by id
 * (node id, "app/service" key); nothing here refers to a simulator.
 */
import type { DetectorSpec, HeartbeatHistory } from '../detector/failure-detector.ts';

/** The three control-plane models of the seed: configurations of one controller. */
export type ControlModel = 'centralized' | 'hierarchical' | 'decentralized';

/** Who controls whom, and the controller's timings. */
export interface ControllerConfig {
  model: ControlModel;
  /** Centralized master, or the global master of a hierarchy; null when decentralized. */
  master: string | null;
  /** Hierarchical: region id → its regional orchestrator node. */
  regional: Readonly<Record<string, string>>;
  /** Decentralized: the voting members, in id order (majority quorum over them; agents report to the first they reach). */
  members: readonly string[];
  heartbeatEveryMs: number;
  detector: DetectorSpec;
  /** Wait after declaring a node failed before relocating its replicas. */
  gracePeriodMs: number;
}

/** What one controller knows of one node it watches. */
export interface WatchedNode {
  node: string;
  /** Heartbeat arrivals the controller saw from it (feeds the failure detector). */
  history: HeartbeatHistory;
  /** When the controller declared it failed; null while it is not declared. */
  declaredAtMs: number | null;
  /** The controller the node last said it reports to (null: unknown). */
  reportsTo: string | null;
}

/** Connectivity and placement facts as the control plane sees them now (methods: the twin answers them without copying). */
export interface FleetView {
  /** Whether the node is up as far as the controller can tell (it reaches the fleet). */
  isUp(node: string): boolean;
  /** Whether a route exists between two up nodes. */
  reaches(a: string, b: string): boolean;
  regionOf(node: string): string;
  /** Whether `node` has an agent (can run replicas). */
  hasAgent(node: string): boolean;
  /** Whether `node` could host `service` at all (arch, accelerator, attestation), ignoring load. */
  canHost(node: string, service: string): boolean;
  /** Controllers that are unreachable now (a control-plane outage): they decide nothing. */
  isControllerDown(node: string): boolean;
}

/** The observed state as plain data: what decide() takes (see view.ts for the FleetView over it). */
export interface ObservedState {
  /** Every node with an agent, with its region, whether it is up and its connectivity component (-1 when down). */
  nodes: readonly { id: string; region: string; component: number; hostable?: readonly string[] }[];
  /** Controllers unreachable now. */
  controllersDown?: readonly string[];
  /** Per controller: the nodes it watches. */
  watched: Readonly<Record<string, readonly WatchedNode[]>>;
  /** Desired services per node (the control plane's truth). */
  desired: Readonly<Record<string, readonly string[]>>;
  /** Services each node reports running. */
  running: Readonly<Record<string, readonly string[]>>;
}
