/**
 * The finite range of every numeric field of the scenario format, in one place (the JSON Schema
 * carries them as minimum / maximum; messages name them). The ranges are wide enough for any
 * real fabric and chosen so that no product the engine forms can overflow or lose its meaning:
 *
 *   transfer time   = size × 8 / bandwidth              ≤ 2^60 B × 8 / 1 bps        ≈ 9.2e18 s
 *   service time    = cpuWork / coreSpeed × draw         ≤ 3.2e11 ms / 0.001 × 1e16 ≈ 3e30 ms
 *   energy          = watts × time                       ≤ 1e7 W × 3.2e11 ms / 3.6e6 ≈ 8.8e11 Wh a node
 *   cost            = USD/h × hours, bytes × USD/GB      ≤ 1e6 × 8.8e4 h, 2^60 B × 1e6 / 1e9 ≈ 1.2e15 USD
 *   ingress         = sources × rate × mean size × 8     ≤ 2e5 × 1e9 /s × 2^60 B × 8 ≈ 1.8e33 bit/s
 *   event times     = now + delay                        ≤ 3650 d + the delays above, far from 2^53 ms
 *
 * so every sum over a run, and every square the statistics take of it, stays below 1e150.
 * Draw factors: an exponential draw is at most 37 × its mean (uniforms have 53 bits), a
 * lognormal one at most e^(8.6 σ) with σ ≤ 3.8 (sd ≤ 1000 × mean), a Weibull one 37^(1/shape)
 * (shape ≥ 0.1), a Pareto one 2^(53/shape) (shape > 1, which also keeps its mean finite).
 * Lower bounds on rates (a period, a heartbeat) are left to the work estimate (work-estimate.ts):
 * a tiny period is legal, but the run it asks for is refused as too large.
 */

const DAY_MS = 86_400_000;

/** A closed range; `exclusiveMin` makes the lower end open. */
export interface Range { min: number; max: number; exclusiveMin?: boolean; unit?: string }

/** The ranges, by kind of quantity (base units: ms, bytes, bits/s, millicores, W, USD, km, m/s). */
export const BOUNDS = {
  /** Any duration: 0 .. 3650 days. */
  durationMs: { min: 0, max: 3650 * DAY_MS },
  /** The simulated time of a run (spec.duration, --until): 1 ms .. 3650 days. */
  runMs: { min: 1, max: 3650 * DAY_MS },
  /** Any size: 0 .. 1 EiB. */
  bytes: { min: 0, max: 2 ** 60 },
  /** A link's capacity: 1 bps .. 10 Tbps. */
  bitrateBps: { min: 1, max: 1e13 },
  /** CPU (allocatable or requested): 0 .. 100,000 cores. */
  cpuMillicores: { min: 0, max: 1e8 },
  /** Cores of a node. */
  cores: { min: 1, max: 100_000 },
  /** Speed of a core against the reference core. */
  coreSpeed: { min: 0.001, max: 1000 },
  /** GPUs and accelerators of a node or a request. */
  devices: { min: 0, max: 10_000 },
  /** Power draw: 0 .. 10 MW. */
  watts: { min: 0, max: 1e7, unit: 'W' },
  /** Node cost per hour, link cost per GB: 0 .. 1,000,000 USD. */
  usd: { min: 0, max: 1e6, unit: 'USD' },
  /** Messages waiting for a core. */
  queueCapacity: { min: 0, max: 1e9 },
  /** Map coordinates (km east / north of the origin). */
  positionKm: { min: -1e6, max: 1e6, unit: 'km' },
  /** Distances in km (site spacing, radio range, handover margin). */
  distanceKm: { min: 0, max: 1e6, unit: 'km' },
  /** Speed of a moving node, m/s. */
  speedMps: { min: 0, max: 1e5, unit: 'm/s' },
  /** Sites of a generator, sensors of a site (the node limit applies to their product first). */
  generated: { min: 1, max: 10_000_000 },
  /** Replicas of a service. */
  replicas: { min: 1, max: 100_000 },
  /** Copies of a stored result. */
  storeReplicas: { min: 1, max: 100 },
  /** Messages per second of one source (the event limit applies to their sum first). */
  ratePerS: { min: 0, max: 1e9, unit: 'messages/s' },
  /** Output size as a fraction of the input. */
  outputRatio: { min: 0, max: 1000 },
  /** Coefficient of variation of a service time. */
  cv: { min: 0, max: 100, exclusiveMin: true },
  /** Readings, thresholds and their distribution parameters (unitless). */
  reading: { min: -1e15, max: 1e15 },
  /** Weights of an empirical distribution. */
  weight: { min: 0, max: 1e15 },
  /** Shape of a Weibull distribution. */
  weibullShape: { min: 0.1, max: 100 },
  /** Shape of a Pareto distribution (> 1: a finite mean). */
  paretoShape: { min: 1, max: 100, exclusiveMin: true },
  /** Most sd / mean of a lognormal distribution. */
  lognormalCv: { min: 0, max: 1000 },
  /** Latency and bandwidth factors of a link degradation. */
  degradeFactor: { min: 0.001, max: 1000 },
  /** Phi accrual threshold. */
  phiThreshold: { min: 0, max: 1000, exclusiveMin: true },
  /** Phi accrual window (inter-arrival times kept per node). */
  phiWindow: { min: 2, max: 1000 },
} as const satisfies Record<string, Range>;
