/**
 * Surface schema of the fabric: regions, node classes, nodes and links. Fields are all
 * optional on classes and nodes (a node inherits its class, then overrides); per-tier defaults
 * are applied by resolve/nodes.ts and documented here so editors show them.
 */
import { z } from 'zod';
import { ARCHES, LINK_TYPES, TIERS } from '../model.ts';
import { zDist } from './dist.ts';
import {
  zBitrateBps, zBool, zBytes, zCpuMillicores, zDurationMs, zEnum, zId, zInt, zLabels, zList, zLossProbability,
  zNonNegative, zNumber, zObj, zText,
} from './quantities.ts';
import { BOUNDS } from './bounds.ts';

const tiers = TIERS as unknown as readonly [string, ...string[]];
const arches = ARCHES as unknown as readonly [string, ...string[]];
const linkTypes = LINK_TYPES as unknown as readonly [string, ...string[]];

/** A region and its zones (zone ids are unique across regions). */
export const zRegion = zObj({
  id: zId().describe('Region id, e.g. eu-west; mirrored into the label topology.kubernetes.io/region.'),
  zones: zList(zId()).optional().describe('Zone ids in this region (default: ["<region>-a"]); mirrored into topology.kubernetes.io/zone.'),
});

/** Fields shared by node classes and nodes (a node's own fields override its class's). */
export const nodeFields = {
  tier: zEnum(tiers).optional().describe(`Tier: ${TIERS.join(', ')}. Required on the node or its class; it selects the defaults below.`),
  arch: zEnum(arches).optional().describe('CPU architecture. Default by tier: sensor microcontroller, gateway arm64, others x86_64.'),
  cores: zInt(BOUNDS.cores).optional().describe('Cores (parallel servers of the node queue). Default by tier: sensor 1, gateway 4, edge 8, regional 32, cloud 64.'),
  coreSpeed: zNumber(BOUNDS.coreSpeed).optional().describe('Speed of one core relative to the reference core (default 1; a Raspberry-Pi-class core is about 0.3).'),
  cpu: zCpuMillicores({ positive: true }).optional().describe('Allocatable CPU for the scheduler, Kubernetes quantity ("3500m", "4"); default cores × 1000m.'),
  memory: zBytes().optional().describe('Memory, e.g. 4Gi. Default by tier: sensor 256Ki, gateway 4Gi, edge 32Gi, regional 256Gi, cloud 512Gi.'),
  gpus: zInt(BOUNDS.devices).optional().describe('GPUs (default 0).'),
  accelerators: zList(zObj({ type: zId().describe('Accelerator type, e.g. nvidia-orin, coral-tpu.'), count: zInt({ ...BOUNDS.devices, min: 1 }).default(1).describe('How many (default 1).') }))
    .optional().describe('Accelerators (default none); services may require one by type.'),
  storage: zObj({
    size: zBytes().optional().describe('Storage size (default by tier: sensor 1Mi, gateway 32Gi, edge 512Gi, regional 10Ti, cloud 1Pi).'),
    volatile: zBool().optional().describe('Volatile storage (RAM disk) is wiped by a power fault (default false).'),
  }).optional().describe('Local storage.'),
  power: zObj({
    idle: zNonNegative(BOUNDS.watts).optional().describe('Idle power draw in watts (at most max).'),
    max: zNonNegative(BOUNDS.watts).optional().describe('Power draw at full CPU in watts (linear in between; at least idle).'),
  }).optional().describe('Power in watts. Default by tier (idle/max): sensor 0.05/0.2, gateway 3/7, edge 25/60, regional 150/400, cloud 0/0 (billed by cost).'),
  costPerHour: zNonNegative(BOUNDS.usd).optional().describe('Cost in USD per hour (default 0, except cloud 0.8: roughly a 16-vCPU on-demand VM).'),
  labels: zLabels().optional().describe('Kubernetes-style labels (merged over the class labels); topology.kubernetes.io/region and /zone are added.'),
  taints: zList(zObj({
    key: zText(),
    value: zText().optional(),
    effect: zEnum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']),
  })).optional().describe('Kubernetes taints (default none).'),
  attested: zBool().optional().describe('Remote attestation passed: only attested nodes may run sensitive services (default false).'),
  queueCapacity: zInt(BOUNDS.queueCapacity).optional().describe('Max messages waiting for a core before new ones are dropped (default 1000).'),
  discipline: zEnum(['fifo', 'ps']).optional().describe('Processor discipline: fifo over the cores (default) or processor sharing.'),
  buffer: zBytes().optional().describe('Store-and-forward buffer for a down uplink (default 64Mi on gateways, 256Mi on edge servers, 0 elsewhere).'),
  bufferDrop: zEnum(['newest', 'oldest', 'lowest-priority']).optional().describe('What a full store-and-forward buffer drops: the arriving message (newest, default), the oldest held one, or the lowest-priority one (then the oldest among equals).'),
};

/** A named bundle of node fields. */
export const zNodeClass = zObj(nodeFields).meta({ id: 'NodeClass' });

/** Position on the map in km. */
export const zPosition = zObj({
  x: zNumber(BOUNDS.positionKm).describe('km east of the origin'),
  y: zNumber(BOUNDS.positionKm).describe('km north of the origin'),
});

/** A node: id, optional class, any class field to override, and its place. */
export const zNode = zObj({
  id: zId().describe('Unique node id.'),
  class: zId().optional().describe('Name of an entry in spec.nodeClasses to inherit from.'),
  ...nodeFields,
  region: zId().optional().describe('Region id (default: the first region).'),
  zone: zId().optional().describe('Zone id within the region (default: the region\'s first zone).'),
  position: zPosition.optional().describe('Map position in km; default: laid out by region (100 km apart on x) and tier (rows on y).'),
});

/** Link fields without identity: used by links, generator link templates and mobility radios. */
export const linkTemplateFields = {
  type: zEnum(linkTypes).describe(`Link technology: ${LINK_TYPES.join(', ')}; sets the default latency and bandwidth.`),
  latency: zDurationMs().optional().describe('One-way latency (default by type: fibre 2ms, ethernet 0.5ms, 5g 10ms, lte 25ms, wifi 3ms, lora 100ms, satellite 300ms — GEO RTT ≈ 600 ms).'),
  jitter: zDist(() => zDurationMs(), 'a duration', 'DurationDistribution').optional().describe('Extra one-way delay per message (a distribution in ms, default none).'),
  bandwidth: zBitrateBps({ positive: true }).optional().describe('Capacity of each direction (default by type: fibre 10Gbps, ethernet 1Gbps, 5g 200Mbps, lte 20Mbps, wifi 100Mbps, lora 5kbps, satellite 20Mbps).'),
  loss: zLossProbability().optional().describe('Per-message loss probability in [0, 1) (default 0).'),
  costPerGb: zNonNegative(BOUNDS.usd).optional().describe('Transfer cost in USD per GB (default by type: lte/5g 0.5, satellite 5, others 0).'),
};

/** Scheduled and random outages of a link. */
export const zAvailability = zObj({
  outages: zList(zObj({ at: zDurationMs().describe('Start of the outage.'), for: zDurationMs({ positive: true }).describe('Length of the outage.') }))
    .optional().describe('Scheduled outages (default none).'),
  markov: zObj({
    meanUp: zDurationMs({ positive: true }).describe('Mean up time (exponential).'),
    meanDown: zDurationMs({ positive: true }).describe('Mean down time (exponential).'),
  }).optional().describe('Random on/off intermittency (e.g. satellite rain fade).'),
}).meta({ id: 'LinkAvailability' });

/** A link between two nodes, by `between: [a, b]` or `a` and `b`. */
export const zLink = zObj({
  id: zId().optional().describe('Unique link id (default "<a>~<b>").'),
  between: zList(zId()).length(2, { error: 'between takes exactly two node ids' }).optional().describe('The two node ids (or give a and b).'),
  a: zId().optional().describe('One end (alternative to between).'),
  b: zId().optional().describe('Other end (alternative to between).'),
  ...linkTemplateFields,
  availability: zAvailability.optional().describe('Outages (default: always up).'),
});

/** A link template (generators): the fields of a link without its ends. */
export const zLinkTemplate = zObj({ ...linkTemplateFields, availability: zAvailability.optional() }).meta({ id: 'LinkTemplate' });
