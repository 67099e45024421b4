/**
 * The state of one running twin: kernel, fabric, apps, message table, processors, storage,
 * counters and the event kinds. Built once by `buildTwin()`; the behaviour lives in small
 * modules (lifecycle, transport, links, faults, mobility) that read and mutate this state.
 */
import type { Kernel } from '../des/kernel.ts';
import type { Rng } from '../des/rng.ts';
import type { FlowNetwork } from '../fabric/flow-network.ts';
import type { Route, Router } from '../fabric/routing.ts';
import type { Topology } from '../fabric/topology.ts';
import type { FaultModel, ScenarioModel } from '../scenario/model.ts';
import type { AppGraph } from '../workload/app-graph.ts';
import type { ArrivalProcess } from '../workload/arrivals.ts';
import type { ServiceTimeDraw } from '../workload/service-time.ts';
import type { LatencyLog } from './latency-log.ts';
import type { LifecycleCounts } from './lifecycle-counts.ts';
import type { MessageTable } from './message-table.ts';
import type { PlacementSeam } from './placement-seam.ts';
import type { PolicyGate } from './policy-gate-types.ts';
import type { Processor } from './processor.ts';
import type { StorageTable } from './storage.ts';
import type { TwinEventBus } from './events.ts';
import type { AttachmentCache } from './attachment.ts';
import type { ControlMessage, ControlTraffic } from './control-message.ts';
import type { DecisionLog } from './decision-log.ts';
import type { KeyedStreams } from './keyed-streams.ts';
import type { DegradedLink } from './degradation-types.ts';
import type { ControlPlaneState } from './control/cp-state.ts';

/** Kernel event kinds used by the twin, registered in this order by buildTwin(). */
export interface EventKinds {
  emit: number;
  flowTimer: number;
  arrive: number;
  serviceDone: number;
  psTimer: number;
  purge: number;
  linkToggle: number;
  fault: number;
  mobility: number;
  sample: number;
  replicaArrive: number;
  controlArrive: number;
}

/** Named random streams: each subsystem draws from its own (CONVENTIONS.md 3). */
export interface TwinRngs {
  arrivals: Rng[];
  sizes: Rng[];
  values: Rng[];
  filters: Rng[];
  /** Per source sensor: the service times of its messages, wherever they are served (`service-times:<sensor>`). */
  service: KeyedStreams;
  /** Per link: data messages' jitter and loss draws (`jitter:<link>`, `loss:<link>`). */
  jitter: KeyedStreams;
  loss: KeyedStreams;
  /** Per link: control messages' jitter and loss draws, apart from data (`control-jitter:<link>`, `control-loss:<link>`). */
  controlJitter: KeyedStreams;
  controlLoss: KeyedStreams;
  links: Rng;
}

/** A sensor (or any node) emitting one stream. */
export interface SourceTable {
  node: Int32Array;
  stream: Int32Array;
  arrival: ArrivalProcess[];
}

/** A replica of a critical result on its way to another node (not a message: no conservation). */
export interface ReplicaJob { node: number; sizeBytes: number; lifespanMs: number; flow: number; route: Route }

/** A mobile model's towers (indices and positions, fixed once computed; mobility.ts). */
export interface MobileTowers { node: number; towers: number[]; positions: { xKm: number; yKm: number }[] }

/** Everything a running twin holds. */
export interface TwinState {
  model: ScenarioModel;
  seed: number;
  kernel: Kernel;
  kinds: EventKinds;
  topology: Topology;
  router: Router;
  flows: FlowNetwork;
  graph: AppGraph;
  placement: PlacementSeam;
  /** Why each replica is where it is (read by the UI and the report, never by the simulation). */
  decisionLog: DecisionLog;
  /** Bumped whenever any service's replica list changes (lets a UI resend placement only then). */
  placementVersion: number;
  /** 1 once a service has had a replica (no replica now means: wait, not: drop). */
  everPlaced: Uint8Array;
  /** 1 for sensor-tier nodes (hot-path test without string compares). */
  isSensor: Uint8Array;
  /** Each sensor's attachment hop, cached per topology version (attachment.ts). */
  attachment: AttachmentCache;
  /** Queue priority code per stream: 0 high, 1 normal, 2 low. */
  streamPriority: Uint8Array;
  /** Per-message policy checks; null without policies. */
  policyGate: PolicyGate | null;
  /** The simulated control plane (set by control/install.ts), null for model none. */
  controlPlane: ControlPlaneState | null;
  msgs: MessageTable;
  counts: LifecycleCounts;
  processors: Processor[];
  storage: StorageTable;
  sources: SourceTable;
  rngs: TwinRngs;
  serviceDraw: ServiceTimeDraw[];
  /** Per stream: sampler for message size and value. */
  sizeDraw: ((r: Rng) => number)[];
  valueDraw: ((r: Rng) => number)[];
  /** Per app: end-to-end latencies and SLO violations. */
  latency: LatencyLog[];
  sloViolations: Float64Array;
  appDropped: Float64Array;
  appLost: Float64Array;
  /** Per-link jitter sampler (null: none) and cost per GB, indexed like the topology's links. */
  linkJitter: (((r: Rng) => number) | null)[];
  linkCostPerGbUsd: number[];
  /** Bytes carried per link (both directions) and WAN flag per link. */
  linkBytes: Float64Array;
  linkIsWan: number[];
  wanBytes: number;
  transferCostUsd: number;
  /** Store-and-forward buffers: bytes used and queued message slots per node. */
  bufferUsedBytes: Float64Array;
  buffers: number[][];
  /** Nodes whose buffer is non-empty, retried when the topology changes. */
  buffering: Set<number>;
  /** Reasons that currently hold a link down (outage, markov, fault); down while > 0. */
  linkDownCauses: Int32Array;
  /** Node down bookkeeping. */
  nodeDownSince: Float64Array;
  nodeDownMs: Float64Array;
  /** Fault (index in faultLog) that took each node down, else -1. */
  nodeDownBy: Int32Array;
  /** Node positions in km (mobility moves them). */
  posX: Float64Array;
  posY: Float64Array;
  /** Mobile nodes: current radio link (or -1) and attachment. */
  mobileLink: Int32Array;
  mobileAttach: Int32Array;
  handovers: number;
  /** Pending flow-timer event and the time it is set for. */
  flowTimerId: number;
  flowTimerAtMs: number;
  /** Per node PS timer event id (-1 when none). */
  psTimer: Float64Array;
  replicaJobs: (ReplicaJob | null)[];
  replicaFree: number[];
  /** Control messages in flight (slots) and the free list. */
  controlMsgs: (ControlMessage | null)[];
  controlFree: number[];
  control: ControlTraffic;
  /** Extension points for subsystems layered on the twin (control plane, orchestrator). */
  hooks: TwinHooks;
  /** Nodes that may hold replicas of critical results (regional and cloud tiers, and edge). */
  replicaCandidates: number[];
  events: TwinEventBus;
  /** Whether message-level events go to subscribers (costly; off unless asked). */
  messageEvents: boolean;
  /** Earliest time at which the topology changed since buffers were last retried. */
  topologyDirty: boolean;
  faultLog: FaultRecord[];
  /** The fault models behind faultLog, same order. */
  faultModels: FaultModel[];
  /** Index in faultLog of the fault being applied right now (losses are charged to it), else -1. */
  activeFault: number;
  timeSeries: TimeSample[];
  /** Partition faults in effect: fault index → the border links it cut (the same links heal at its end). */
  partitionedLinks: Map<number, number[]>;
  /** Node down holds: node → the faults (fault-log indices) holding it down (node-holds.ts). */
  nodeHolds: Map<number, Set<number>>;
  /** Degraded links: link → its base values and active degradations (link-degradation.ts). */
  degradedLinks: Map<number, DegradedLink>;
  /** Per link with Markov availability: its on/off random stream (link-availability.ts). */
  markovRngs: Map<number, Rng>;
  /** Shared one-link routes by directed resource, built on first use (transport.ts). */
  directRoutes: (Route | undefined)[] | null;
  /** Per mobile model: its towers, computed on the first mobility update (mobility.ts). */
  mobileTowers: MobileTowers[] | null;
}

/** One fault as it happened, for the report. */
export interface FaultRecord {
  kind: string;
  target: string;
  atMs: number;
  endMs: number | null;
  detectedAfterMs: number | null;
  recoveredAfterMs: number | null;
  /** Messages lost because of this fault. */
  messagesLost: number;
  /** Set once the fault's end has been applied (an early recovery makes its scheduled end a no-op). */
  cleared?: boolean;
}

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

/** Callbacks that layered subsystems register; the twin calls them at these moments. */
export interface TwinHooks {
  /** A node went down (crash or power) / came back up. */
  nodeDown: ((node: number, power: boolean) => void)[];
  nodeUp: ((node: number) => void)[];
  /** A link went down / came back up (any cause). */
  linkDown: ((link: number) => void)[];
  linkUp: ((link: number) => void)[];
  /**
   * Before a message joins a node's queue: return a drop reason to shed it (local autonomy under
   * overload), or undefined to accept. Called only when registered.
   */
  admit: ((m: number, node: number) => 'load-shed' | undefined)[];
  /** A control message reached its (up) destination. */
  receiveControl: ((msg: ControlMessage) => void)[];
  /** Extra sections for the report (e.g. controlPlane figures), keyed by report field. */
  report: ((out: Record<string, unknown>) => void)[];
  /** What a control-plane fault does (installed by the control plane); null: nothing. */
  controlPlaneFault: ((fault: number, start: boolean) => void) | null;
}
