/**
 * The state of one running twin: what every part shares (scenario, seed, kernel and its event
 * kinds, the app graph, random streams, event bus, hooks) and one record per owner (fabric,
 * placement, messages, storage, buffers, faults, control, metrics), each in its own file whose
 * comment names the modules that write it. Built once by `buildTwin()`; the behaviour lives in
 * small modules (lifecycle, transport, links, faults, mobility) that read and mutate this state.
 */
import type { Kernel } from '../des/kernel.ts';
import type { Rng } from '../des/rng.ts';
import type { ScenarioModel, StochasticPrecursorModel } from '../scenario/model.ts';
import type { AppGraph } from '../workload/app-graph.ts';
import type { TwinEventBus } from './events.ts';
import type { ControlMessage } from './control-message.ts';
import type { KeyedStreams } from './keyed-streams.ts';
import type { FabricState } from './fabric-state.ts';
import type { PlacementState } from './placement-state.ts';
import type { MessageState } from './message-state.ts';
import type { StorageState } from './storage-state.ts';
import type { BufferState } from './buffer-state.ts';
import type { FaultState } from './fault-state.ts';
import type { ControlState } from './control-state.ts';
import type { MetricsState } from './metrics-state.ts';
import type { ContinuumState } from './continuum-state.ts';

export type { FabricState, MobileTowers } from './fabric-state.ts';
export type { PlacementState } from './placement-state.ts';
export type { MessageState, SourceTable } from './message-state.ts';
export type { StorageState, ReplicaJob } from './storage-state.ts';
export type { BufferState } from './buffer-state.ts';
export type { FaultState, FaultRecord } from './fault-state.ts';
export type { ControlState } from './control-state.ts';
export type { MetricsState, TimeSample } from './metrics-state.ts';

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

/** Everything a running twin holds: what every part shares at the top, then one record per owner. */
export interface TwinState {
  model: ScenarioModel;
  seed: number;
  kernel: Kernel;
  kinds: EventKinds;
  graph: AppGraph;
  rngs: TwinRngs;
  events: TwinEventBus;
  /** Whether message-level events go to subscribers (costly; off unless asked). */
  messageEvents: boolean;
  /** Extension points for subsystems layered on the twin (control plane, orchestrator). */
  hooks: TwinHooks;
  /** Topology, routes, flows and link bookkeeping (fabric-state.ts). */
  fabric: FabricState;
  /** The placement seam, the policy gate, the decision log (placement-state.ts). */
  placement: PlacementState;
  /** Data messages, their sources and the processors that serve them (message-state.ts). */
  messages: MessageState;
  /** Stored results and replica transfers (storage-state.ts). */
  storage: StorageState;
  /** Store-and-forward buffers (buffer-state.ts). */
  buffers: BufferState;
  /** The fault log and what faults hold down (fault-state.ts). */
  faults: FaultState;
  /** Control messages in flight, their counters, the control plane (control-state.ts). */
  control: ControlState;
  /** Per-app outcomes, network totals, time series (metrics-state.ts). */
  metrics: MetricsState;
  /** QoS weights and following services (continuum-state.ts); absent unless the scenario declares spec.continuum. */
  continuum?: ContinuumState;
  /** Releases' rollout data (rollout.ts), held here so a checkpoint copies it; absent without spec.releases. */
  releases?: object;
  /** Failure prediction's data (twin/prediction.ts: reachable here so checkpoints copy it); absent without spec.prediction. */
  prediction?: object;
  /** The autoscalers' run data (twin/autoscaler.ts), held here so a checkpoint copies it; absent without spec.autoscalers. */
  autoscaling?: object;
  /** Node pools' run data (twin/node-pools.ts), held here so a checkpoint copies it; absent without spec.nodePools. */
  nodePools?: object;
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
  /** Releases (rollout.ts): the service work of message m on `node` given its drawn work; null: unchanged. */
  serviceWork?: ((m: number, node: number, workMs: number) => number) | null;
  /** Releases: m finished service on `node`; true when the hook ended it (the version failed it). Null: none. */
  served?: ((m: number, node: number) => boolean) | null;
  /** Releases: m was delivered with this end-to-end latency (before its slot is freed). Null: none. */
  delivered?: ((m: number, latencyMs: number) => void) | null;
  /** A stochastic failure with a precursor was drawn for `node` at `atMs` (failure prediction listens); absent: nobody listens. */
  failureAhead?: ((node: number, atMs: number, precursor: StochasticPrecursorModel) => void)[];
  /** Billed time of node n up to now (node pools bill only while provisioned); absent: every node the whole run. */
  nodeBilledMs?: (node: number, nowMs: number) => number;
}
