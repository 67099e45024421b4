/**
 * Surface schema of the workload: apps (dataflow graphs of services with an SLO) and the
 * streams of messages that feed them.
 */
import { ARCHES } from '../model.ts';
import { zDist } from './dist.ts';
import {
  zBool, zBytes, zCpuMillicores, zDurationMs, zEnum, zFraction, zId, zInt, zLabels, zList, zNonNegative, zNumber, zObj, zPositive, zText,
} from './quantities.ts';
import { BOUNDS } from './bounds.ts';
import { zCurve, zRateChanges } from './rate-curve.ts';
import { z } from 'zod';

const arches = ARCHES as unknown as readonly [string, ...string[]];

/** OCI platforms and the node arch each maps to. */
export const PLATFORM_ARCH = {
  'linux/amd64': 'x86_64', 'linux/arm64': 'arm64', 'linux/arm64/v8': 'arm64', 'linux/arm/v7': 'armv7', 'linux/arm': 'armv7',
} as const;
const platforms = Object.keys(PLATFORM_ARCH) as [string, ...string[]];

/** One service of an app. */
export const zService = zObj({
  id: zId().describe('Service id, unique within the app.'),
  cpuWork: zDurationMs({ positive: true }).describe('CPU time per message on a reference core (coreSpeed 1), e.g. 20ms; the service time mean is cpuWork / coreSpeed.'),
  serviceTime: z.union([
    zEnum(['exponential', 'constant']),
    zObj({ dist: z.literal('lognormal'), cv: zNumber(BOUNDS.cv).describe('Coefficient of variation (sd / mean).') }),
  ], { error: () => 'expected exponential, constant, or {dist: lognormal, cv: <number>}' })
    .optional().describe('Shape of the service time around its mean: exponential (default), constant, or {dist: lognormal, cv}.'),
  requests: zObj({
    cpu: zCpuMillicores().optional().describe('CPU request (default 100m, kube-scheduler\'s non-zero default).'),
    memory: zBytes().optional().describe('Memory request (default 200Mi, kube-scheduler\'s non-zero default).'),
    gpus: zInt(BOUNDS.devices).optional().describe('GPUs (default 0).'),
  }).optional().describe('Resource requests per replica.'),
  accelerator: zId().optional().describe('Accelerator type required on the node (default none).'),
  arch: zList(zEnum(arches)).min(1).optional().describe('Architectures the image is built for (default x86_64 and arm64).'),
  platforms: zList(zEnum(platforms)).min(1).optional().describe('Alternative to arch: OCI platforms (linux/amd64 → x86_64, linux/arm64 → arm64, linux/arm/v7 → armv7).'),
  replicas: zInt(BOUNDS.replicas).optional().describe('Replicas (default: the length of placement, or 1).'),
  placement: zList(zId()).optional().describe('Static placement: one node id per replica. Default: chosen by the scheduler.'),
  outputRatio: zNonNegative(BOUNDS.outputRatio).optional().describe('Output size as a fraction of the input (default 1; e.g. 0.01 for video → detections).'),
  next: zList(zId()).optional().describe('Services the output goes to (default none: a sink).'),
  sensitive: zBool().optional().describe('Sensitive services only run on attested nodes (default false).'),
  labels: zLabels().optional(),
});

/** An app: services and an SLO. */
export const zApp = zObj({
  id: zId().describe('App id.'),
  slo: zObj({
    latency: zDurationMs({ positive: true }).describe('End-to-end latency target, emit → sink (or → actuation).'),
    percentile: zNumber({ min: 0, max: 100, exclusiveMin: true })
      .optional().describe('Percentile the target applies to (default 95).'),
  }).describe('Service level objective.'),
  services: zList(zService).min(1, { error: 'an app needs at least one service' }).describe('Services; the first is the default entry of streams.'),
  labels: zLabels().optional(),
});

/** Arrival process of each source: exactly one of periodic, poisson, mmpp, trace, curve. */
export const zArrival = zObj({
  periodic: zObj({
    period: zDurationMs({ positive: true }).describe('Time between messages.'),
    jitter: zDurationMs().optional().describe('Uniform jitter added to each period (default 0).'),
  }).optional(),
  poisson: zObj({ rate: zPositive(BOUNDS.ratePerS).describe('Messages per second.') }).optional(),
  mmpp: zObj({
    rates: zList(zNonNegative(BOUNDS.ratePerS)).min(1).describe('Message rate per second in each state.'),
    meanState: zList(zDurationMs({ positive: true })).min(1).describe('Mean sojourn in each state.'),
  }).optional().describe('Markov-modulated Poisson (bursty sources).'),
  trace: zObj({ gaps: zList(zDurationMs()).min(1).describe('Inter-arrival gaps, replayed in order and wrapping around.') }).optional(),
  curve: zCurve.optional(),
});

/** Which nodes emit the stream. */
export const zSources = z.union([
  zList(zId()).min(1, { error: 'needs at least one source node' }),
  zObj({
    selector: zObj({
      tier: zEnum(['sensor', 'gateway', 'edge', 'regional', 'cloud']).optional(),
      labels: zLabels().optional(),
      region: zId().optional(),
    }).optional().describe('Every node matching all given criteria.'),
    generator: zId().optional().describe('Every sensor made by this generator.'),
  }),
], { error: (iss) => `expected a list of node ids, {selector: {tier, labels, region}} or {generator: <id>}, got ${JSON.stringify(iss.input)}` });

/** A stream of messages from sources into an app. */
export const zStream = zObj({
  id: zId().describe('Stream id.'),
  app: zId().describe('App that processes the stream.'),
  entry: zId().optional().describe('Entry service (default: the app\'s first service).'),
  sources: zSources.describe('Source nodes: ids, {selector: {tier, labels, region}} or {generator: <id>}.'),
  arrival: zArrival.describe('Arrival process per source: {periodic: {period, jitter}} | {poisson: {rate}} | {mmpp: {rates, meanState}} | {trace: {gaps}} | {curve: {piecewiseLinear|sinusoidal|step|trace|flashCrowd: …}}.'),
  rateChanges: zRateChanges.optional().describe('Rate multipliers over time, e.g. a production batch: [{at: 2h, factor: 3, sources: {selector: {labels: {line: a}}}}, {at: 4h, factor: 1}].'),
  size: zDist(() => zBytes(), 'a size like 2KiB', 'SizeDistribution').describe('Message size (bytes), e.g. 2KiB or {dist: lognormal, mean: 200KiB, sd: 80KiB}.'),
  value: zDist(() => zNumber(BOUNDS.reading), 'a number', 'ValueDistribution').optional().describe('Reading carried by each message, compared by threshold filters (default constant 0).'),
  filter: zObj({
    keepFraction: zFraction().optional().describe('Keep this fraction at random.'),
    threshold: zObj({ above: zNumber(BOUNDS.reading).optional(), below: zNumber(BOUNDS.reading).optional() }).optional().describe('Keep only readings above / below.'),
    quality: zObj({
      min: zNumber(BOUNDS.reading).optional().describe('Readings below this are implausible (e.g. a sensor fault).'),
      max: zNumber(BOUNDS.reading).optional().describe('Readings above this are implausible.'),
      drop: zBool().optional().describe('Drop suspect readings at ingest (filtered) instead of only tagging them (default false).'),
    }).optional().describe('Quality tagging at ingest: readings outside [min, max] are tagged suspect and counted (lifecycle.suspect); suspect readings skip threshold filtering so faults are not hidden.'),
  }).optional().describe('Ingest filter at the first hop (default: keep all).'),
  priority: zEnum(['high', 'normal', 'low']).optional().describe('Priority (default normal).'),
  ttl: zDurationMs({ positive: true, infinite: true }).optional().describe('Messages older than this expire (default never).'),
  tags: zList(zText()).optional().describe('Data tags used by policies, e.g. pii, eu-only (default none).'),
  store: zObj({
    lifespan: zDurationMs({ positive: true, infinite: true }).optional().describe('How long results are kept (default never expires).'),
    replicas: zInt(BOUNDS.storeReplicas).optional().describe('Copies kept (default 1).'),
    criticalAbove: zNumber(BOUNDS.reading).optional().describe('Results with a value above this are critical and replicated across zones.'),
  }).optional(),
  actuation: zObj({ size: zBytes({ positive: true }).describe('Size of the actuation message back to the source.') }).optional()
    .describe('When set, the sink sends an actuation message back to the source (closed loop).'),
});
