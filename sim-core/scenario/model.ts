/**
 * The resolved scenario model: what `parseScenario()` returns and what `twin/` builds a
 * Simulation from. Every quantity is already in base units (ms, bytes, bits/s, watts, USD);
 * node classes and generators are already expanded; every reference is already checked.
 * This is a stable contract between scenario/, twin/, whatif/, workers/ and app/: add fields,
 * never rename.
 */
import type { DistSpec } from '../des/dist-spec.ts';
import type { RateCurve } from '../workload/rate-curve.ts';

export type Tier = 'sensor' | 'gateway' | 'edge' | 'regional' | 'cloud';
export const TIERS: readonly Tier[] = ['sensor', 'gateway', 'edge', 'regional', 'cloud'];

export type Arch = 'x86_64' | 'arm64' | 'armv7' | 'microcontroller';
export const ARCHES: readonly Arch[] = ['x86_64', 'arm64', 'armv7', 'microcontroller'];

/** Precursor signals (a per-node telemetry value): their normal and critical values and unit. */
export const PRECURSOR_SIGNALS = {
  temperature: { normal: 45, critical: 85, unit: '°C' },
  errorRate: { normal: 0.001, critical: 0.05, unit: 'ratio' },
  /** Measured, not synthetic: the node's waiting jobs / queueCapacity (1 = full); its precursor slows the node (twin/queue-growth.ts). */
  queueGrowth: { normal: 0, critical: 1, unit: 'queue fill' },
} as const;
export type PrecursorSignal = keyof typeof PRECURSOR_SIGNALS;

export type LinkType = 'fibre' | 'ethernet' | '5g' | 'lte' | 'wifi' | 'lora' | 'satellite';
export const LINK_TYPES: readonly LinkType[] = ['fibre', 'ethernet', '5g', 'lte', 'wifi', 'lora', 'satellite'];

export type Priority = 'high' | 'normal' | 'low';

export interface Taint { key: string; value?: string; effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute' }

export interface Accelerator { type: string; count: number }

export interface NodeModel {
  id: string;
  tier: Tier;
  arch: Arch;
  /** Number of cores; each is one server of the node's processing queue. */
  cores: number;
  /** Speed of one core relative to the reference core (1.0); service time = cpuWorkMs / coreSpeed. */
  coreSpeed: number;
  /** Allocatable CPU in millicores, for the scheduler (defaults to cores * 1000). */
  cpuMillicores: number;
  memoryBytes: number;
  gpus: number;
  accelerators: Accelerator[];
  storageBytes: number;
  /** Volatile storage is wiped by a power fault. */
  storageVolatile: boolean;
  idleWatts: number;
  maxWatts: number;
  costPerHourUsd: number;
  /** Kubernetes-style labels; region and zone are also mirrored into topology.kubernetes.io/{region,zone}. */
  labels: Record<string, string>;
  taints: Taint[];
  region: string;
  zone: string;
  attested: boolean;
  /** Position in km on the map (x east, y north); used by mobility and the 3D view. */
  position: { xKm: number; yKm: number };
  /** Where the position came from: the scenario or a generator ('given'), or the resolver's default row layout ('layout'). */
  positionSource?: 'given' | 'layout';
  /** The node class it was made from, if any. */
  className?: string;
  /** Max queued messages waiting for a core before new ones are dropped (queue-full). */
  queueCapacity: number;
  /** Processor discipline: FIFO over `cores` parallel servers, or processor sharing. */
  discipline: 'fifo' | 'ps';
  /** Store-and-forward buffer for messages waiting on a down uplink, in bytes. */
  bufferBytes: number;
  /** What a full buffer drops: the arriving message, the oldest held, or the lowest priority. */
  bufferDrop: 'newest' | 'oldest' | 'lowest-priority';
}

export interface LinkAvailabilityModel {
  /** Scheduled outages: down from atMs for forMs. */
  outages: { atMs: number; forMs: number }[];
  /** Markov on/off intermittency: exponential up and down periods. */
  markov?: { meanUpMs: number; meanDownMs: number };
}

export interface LinkModel {
  id: string;
  a: string;
  b: string;
  type: LinkType;
  latencyMs: number;
  /** Extra one-way delay per message, drawn per message (added to latencyMs, clamped at >= 0). */
  jitter?: DistSpec;
  /** Capacity of each direction (links are full duplex). */
  bandwidthBps: number;
  /** Per-message loss probability in [0, 1). */
  loss: number;
  costPerGbUsd: number;
  availability: LinkAvailabilityModel;
}

export interface Waypoint { xKm: number; yKm: number }

export interface MobilityModel {
  node: string;
  /** Path followed at `speedMps`, looping back to the start when `loop` is set. */
  waypoints: Waypoint[];
  speedMps: number;
  loop: boolean;
  /** Candidate attachment points (node ids, e.g. cell towers); the nearest within range is used. */
  attachTo: string[];
  rangeKm: number;
  /** A new attachment must be closer by this margin before a handover (hysteresis). */
  handoverMarginKm: number;
  /** Period of position updates. */
  updateEveryMs: number;
  /** Radio link template used for the attachment (a, b are filled at run time). */
  link: Omit<LinkModel, 'id' | 'a' | 'b' | 'availability'>;
}

export interface ServiceModel {
  id: string;
  /** CPU work per message on a reference core, in ms; service time = cpuWorkMs / coreSpeed. */
  cpuWorkMs: number;
  /** Shape of the service time around its mean (default exponential). The mean is cpuWorkMs / coreSpeed. */
  serviceTime: 'exponential' | 'constant' | { dist: 'lognormal'; cv: number };
  requests: { cpuMillicores: number; memoryBytes: number; gpus: number };
  /** Accelerator type required, if any. */
  accelerator?: string;
  /** Image platforms this service is built for; a node's arch must match one. */
  arches: Arch[];
  replicas: number;
  /** Static placement (node ids), one per replica. Empty: first-fit by the placement seam. */
  placement: string[];
  /** Output message size as a fraction of the input size (e.g. 0.01 for video → detections). */
  outputRatio: number;
  /** Services the output goes to (dataflow edges); empty: this is a sink. */
  next: string[];
  /** Sensitive services may only run on attested nodes. */
  sensitive: boolean;
  labels: Record<string, string>;
  /** The image it runs at the start (absent: {name: id, version: 1}, healthy); spec.releases change it. */
  image?: ImageModel;
}

/** An immutable image version: a name and a whole-number version. */
export interface ImageModel { name: string; version: number }

/** What a version does to the messages it serves (the same name and version always behave the same). */
export interface ImageVersionModel extends ImageModel {
  /** Fraction of messages it fails (lost as service-error). */
  errorRate: number;
  /** Service time × this. */
  latencyFactor: number;
  /** CPU work × this (compounds with latencyFactor). */
  cpuWorkFactor: number;
  /** Never becomes ready: restarts forever, serves nothing. */
  crashLoop: boolean;
}

/** One gradual rollout of a service (spec.releases). */
export interface ReleaseModel {
  app: string;
  service: string;
  atMs: number;
  /** The version it runs before (the image, or the previous release's target). */
  from: ImageVersionModel;
  to: ImageVersionModel;
  strategy: 'all-at-once' | 'canary';
  /** Cumulative setWeight percentages, in step order (all-at-once: [100]). */
  weights: number[];
  /** The pause after each weight (ms; 0 when none). */
  pausesMs: number[];
  /** The gate (null: no analysis, pauses only). */
  analysis: { maxErrorRate: number; latencyMsP95: number; timeoutMs: number } | null;
  restartDelayMs: number;
  observeEveryMs: number;
}

export interface SloModel {
  /** End-to-end latency target, emit → sink (or → actuation when the stream acts). */
  latencyMs: number;
  /** Percentile the target applies to, e.g. 95. */
  percentile: number;
}

export interface AppModel {
  id: string;
  services: ServiceModel[];
  slo: SloModel;
  labels: Record<string, string>;
}

export type ArrivalModel =
  | { kind: 'periodic'; periodMs: number; jitterMs: number }
  | { kind: 'poisson'; ratePerS: number }
  /** Markov-modulated Poisson: state i has rate ratesPerS[i] and mean sojourn meanStateMs[i]. */
  | { kind: 'mmpp'; ratesPerS: number[]; meanStateMs: number[] }
  /** Replays inter-arrival gaps in ms, wrapping around. */
  | { kind: 'trace'; gapsMs: number[] }
  /** Non-homogeneous Poisson following a rate curve; with traceFile, the curve's trace (points empty) is read from that file at build time. */
  | { kind: 'curve'; curve: RateCurve; traceFile?: string };

/** From atMs on, the sources (node ids; absent: all of the stream's) emit at factor × their arrival's rate. */
export interface RateChangeModel { atMs: number; factor: number; sources?: string[] }

export interface FilterModel {
  /** Keep this fraction of messages (drawn at random), or */
  keepFraction?: number;
  /** keep only messages whose value is above/below a threshold. */
  threshold?: { above?: number; below?: number };
  /** Quality tagging: values outside [min, max] are suspect; counted, and dropped when `drop`. */
  quality?: { min?: number; max?: number; drop?: boolean };
}

export interface StreamModel {
  id: string;
  app: string;
  /** Entry service of the app that receives the stream. */
  entry: string;
  /** Source nodes (sensors); each one emits independently. */
  sources: string[];
  arrival: ArrivalModel;
  /** Rate multipliers over time, ascending atMs (absent: none). */
  rateChanges?: RateChangeModel[];
  sizeBytes: DistSpec;
  /** Reading carried by each message, compared against filter thresholds. */
  value: DistSpec;
  filter: FilterModel;
  priority: Priority;
  /** Messages older than this are expired instead of processed. Infinity: no deadline. */
  ttlMs: number;
  /** Data residency/tags used by policies (e.g. "pii", "eu-only"). */
  tags: string[];
  store: { lifespanMs: number; replicas: number; criticalAbove?: number };
  /** When set, the sink sends an actuation message of this size back to the source. */
  actuationBytes?: number;
}

export interface FaultModel {
  kind: 'node' | 'link' | 'partition' | 'control-plane' | 'power';
  /** Node id, "a~b" link, region or zone; empty for control-plane. */
  target: string;
  atMs: number;
  /** Infinity: never recovers. */
  forMs: number;
  /** For link degradations: multipliers and loss. Absent: the link is cut. */
  degrade?: { latencyFactor?: number; bandwidthFactor?: number; loss?: number };
  /** Original text of the spec, for reports. */
  spec: string;
}

export interface RegionModel { id: string; zones: string[] }

/** spec.orchestrator, resolved. Files are relative to the scenario and read by the caller. */
export interface OrchestratorModel {
  /** scheduler: the production scheduler places unpinned services; static: lists, else first-fit. */
  placement: 'scheduler' | 'static';
  /** Built-in scheduler profile. */
  profile: 'default' | 'edge';
  /** KubeSchedulerConfiguration file overriding `profile`. */
  schedulerConfig?: string;
  /** Policy files. */
  policies: string[];
}

/** Failure detector of the control plane (the shape of orchestrator/detector's DetectorSpec). */
export type ControlDetectorModel =
  | { kind: 'timeout'; timeoutMs: number }
  | { kind: 'phi'; threshold: number; windowSize: number; minSdMs: number; firstIntervalMs: number };

/** How the fleet is controlled: none (static placement, no detection) or one of three control planes. */
export type ControlPlaneKind = 'none' | 'centralized' | 'hierarchical' | 'decentralized';

/** The control plane: who controls whom, how failures are detected, and how fast it acts. */
export interface ControlPlaneModel {
  model: ControlPlaneKind;
  /** Centralized master, or the global orchestrator of a hierarchy; null for none/decentralized. */
  master: string | null;
  /** Hierarchical: region id → its regional orchestrator node. */
  regional: Record<string, string>;
  /** Decentralized: the voting members (quorum over them). */
  members: string[];
  heartbeatEveryMs: number;
  detector: ControlDetectorModel;
  /** Wait after declaring a node failed before relocating its replicas (like tolerationSeconds). */
  gracePeriodMs: number;
  /** Period of the desired-vs-observed reconciliation loop. */
  reconcileEveryMs: number;
  /** Time a controller takes to make one placement decision. */
  decisionTimeMs: number;
  /** Time from a start command (or a local restart) to a running replica. */
  startupTimeMs: number;
  autonomy: { restartLocally: boolean; shedLowPriorityAbove: number };
}

/** Random failures: independent per node, or correlated over a whole zone or region. */
export interface StochasticFaultModel {
  kind: 'node' | 'power';
  /** Nodes failing independently (one renewal process each); empty for a domain. */
  nodes: string[];
  /** Set for correlated failures: every zone (or region) fails as a whole. */
  domain?: 'zone' | 'region';
  /** Mean time between failures (exponential time to failure). */
  mtbfMs: number;
  /** Repair time distribution, in ms. */
  mttrMs: DistSpec;
  /** Telemetry rise before each failure (select only). */
  precursor?: StochasticPrecursorModel;
}

/** A stochastic fault's precursor: the rise starts `leadMs` before each drawn failure time (at the draw when sooner). */
export interface StochasticPrecursorModel { leadMs: number; signal: PrecursorSignal; peak: number; noise: number }

/** A fault's precursor, resolved: the node's `signal` rises linearly from normal at startMs to `peak` at faultAtMs. */
export interface PrecursorModel {
  node: string;
  signal: PrecursorSignal;
  startMs: number;
  faultAtMs: number;
  peak: number;
  /** Standard deviation of the noise during the rise, in the signal's unit. */
  noise: number;
  /** false: no failure follows (the fault is not applied). */
  fails: boolean;
  /** Index of spec.faults entry it came from. */
  entry: number;
}

/** spec.prediction, resolved. */
export interface PredictionModel {
  enabled: boolean;
  everyMs: number;
  windowMs: number;
  horizonMs: number;
  minSamples: number;
  /** Baseline noise as a fraction of the normal-to-critical span. */
  noise: number;
  action: 'migrate' | 'alarm';
}

/** A service that live-migrates to stay near a mobile node (spec.continuum.follow, resolved). */
export interface FollowModel {
  /** `<app>/<service>` key. */
  service: string;
  /** The mobile node followed. */
  node: string;
  stateSizeBytes: number;
  /** Node ids the service may run on. */
  candidates: string[];
  policy: 'nearest' | 'lowest-latency';
  maxHops: number;
  /** Infinity: no latency trigger. */
  latencyAboveMs: number;
  mode: 'pre-copy' | 'stop-and-copy';
  dirtyBytesPerS: number;
  restoreTimeMs: number;
  checkEveryMs: number;
}

/** spec.continuum, resolved: QoS weights per stream, and following services. */
export interface ContinuumModel {
  /** Per stream (index as in streams): its class and flow weight; null without spec.continuum.qos. */
  qos: { classes: { id: string; weight: number }[]; streamClass: (string | null)[]; streamWeight: number[] } | null;
  follow: FollowModel[];
}

export interface ScenarioModel {
  apiVersion: string;
  name: string;
  description: string;
  seed: number;
  durationMs: number;
  regions: RegionModel[];
  nodes: NodeModel[];
  links: LinkModel[];
  mobility: MobilityModel[];
  apps: AppModel[];
  streams: StreamModel[];
  faults: FaultModel[];
  /** How services are placed, with which scheduler profile and which policy files. */
  orchestrator: OrchestratorModel;
  /** The resolver fills every field; a partial one (built in code) gets the same defaults in the twin, and {} means none. */
  controlPlane: Partial<ControlPlaneModel>;
  /** Random node and failure-domain faults (absent: none). */
  stochasticFaults?: StochasticFaultModel[];
  /** QoS classes and migrating services (absent: none). */
  continuum?: ContinuumModel;
  /** Gradual rollouts of new image versions (absent: none). */
  releases?: ReleaseModel[];
  /** Fault precursors (present only when some fault has one). */
  precursors?: PrecursorModel[];
  /** spec.prediction (present only when the scenario has the section). */
  prediction?: PredictionModel;
  /** Stream value drift (absent: none; schema/mlops.ts). */
  drift?: DriftModel[];
  /** Versioned, retrained models of services (absent: none; schema/mlops.ts). */
  models?: MlModel[];
  /** Sample period for time series in the report and trace. */
  sampleEveryMs: number;
  /** Horizontal pod autoscalers (absent or empty: none). */
  autoscalers?: AutoscalerModel[];
  /** Node pools whose nodes (already in `nodes`) start unprovisioned (absent or empty: none). */
  nodePools?: NodePoolModel[];
}

/** One HPA of spec.autoscalers, with the EdgeTwin extension resolved. */
export interface AutoscalerModel {
  hpa: import('../orchestrator/autoscale/hpa-types.ts').HpaSpec;
  /** The scale target: "<app>/<service>". */
  service: string;
  syncPeriodMs: number;
  startupDelayMs: number;
  tolerance: number;
  predictive: PredictiveModel | null;
  /** How the service's messages pick a replica: round-robin (a Kubernetes Service) or the twin's nearest replica. */
  routing: 'round-robin' | 'nearest';
}

/** Predictive scaling: a forecaster per metric of the metric's usage. */
export type PredictiveModel =
  | { method: 'ewma'; leadTimeMs: number; alpha: number; beta: number }
  | { method: 'holt-winters'; leadTimeMs: number; alpha: number; beta: number; gamma: number; seasonMs: number; everyMs: number; history: number[] };

/** One node pool: its nodes in order (the first `min` provisioned from the start). */
export interface NodePoolModel {
  name: string;
  nodes: string[];
  min: number;
  provisioningDelayMs: number;
  releaseAfterMs: number;
  costPerHourUsd: number;
}

/** A stream's readings shift from atMs on by step + shiftPerHour · hours since atMs. */
export interface DriftModel { stream: string; atMs: number; shiftPerHour: number; step: number }

/** A service's model: what version 1 was trained on, its accuracy proxy, and how it is retrained. */
export interface MlModel {
  /** Model id (default: the service). */
  id: string;
  /** "app/service". */
  service: string;
  trainedOn: { mean: number; sd: number };
  accuracy: { base: number; sensitivity: number };
  retrain: {
    policy: 'periodic' | 'drift';
    everyMs: number;
    checkMs: number;
    driftThreshold: number;
    driftTolerance: number;
    minGapMs: number;
    /** Candidate training nodes, sorted by id (the selector expanded). */
    sites: string[];
    sampleBytes: number;
    trainCpuMs: number;
    modelSizeBytes: number;
    waves: string;
    /** Soak of each wave's gate (ms; 0: pass as soon as the wave's nodes run the version). */
    soakMs: number;
  };
}
