/**
 * Surface schema of the computing continuum (spec.continuum): QoS classes that weight the
 * bandwidth share of a stream's flows (weighted max-min), and services that follow a mobile node
 * from tower to tower by live migration. Defaults are applied by resolve/continuum.ts.
 */
import { z } from 'zod';
import { showValue } from '../../text/units.ts';
import { zBytes, zDurationMs, zEnum, zId, zInt, zLabels, zList, zNumber, zObj } from './quantities.ts';

/** One QoS class: its weight and the streams it applies to. */
export const zQosClass = zObj({
  weight: zNumber({ min: 0, max: 1e6, exclusiveMin: true }).describe('Share weight of the class in weighted max-min (default class: 1). 8 gets 8× the bandwidth of weight 1 on a saturated link.'),
  streams: zList(zId()).optional().describe('Streams whose messages are in this class.'),
  priority: zEnum(['high', 'normal', 'low']).optional().describe('Also every stream of this priority (a stream listed by id in another class wins).'),
});

/** spec.continuum.qos. */
export const zQos = zObj({
  classes: z.record(zId(), zQosClass, { error: (iss) => `expected a mapping {<class>: {weight, streams}}, got ${showValue(iss.input)}` })
    .describe('Named classes: {critical: {weight: 8, streams: [awareness]}, bulk: {weight: 0.25, priority: low}}. Streams in no class weigh 1.'),
});

/** One spec.continuum.follow entry: a service that migrates to stay near a mobile node. */
export const zFollow = zObj({
  service: zId().describe('The service, as <app>/<service>.'),
  node: zId().describe('The mobile node it follows (one of spec.mobility).'),
  stateSize: zBytes().describe('State moved per migration, e.g. 64MiB (sent as a real flow over the links between the two nodes).'),
  candidates: z.union([
    zList(zId()),
    zObj({ tier: zEnum(['sensor', 'gateway', 'edge', 'regional', 'cloud']).optional(), labels: zLabels().optional() }),
  ], { error: (iss) => `expected a list of node ids or a selector {tier, labels}, got ${showValue(iss.input)}` })
    .optional().describe("Nodes the service may run on (default: the mobile node's attachment points)."),
  policy: zEnum(['nearest', 'lowest-latency']).optional()
    .describe('nearest: the candidate closest to the vehicle (km); lowest-latency: the one with the least link latency from its attachment point (default).'),
  maxHops: zInt({ min: 0, max: 64 }).optional().describe('Migrate when the replica is more than this many hops from the attachment point (default 0: always on it).'),
  latencyAbove: zDurationMs({ positive: true }).optional().describe('Also migrate when the path latency from the attachment point to the replica exceeds this.'),
  mode: zEnum(['pre-copy', 'stop-and-copy']).optional()
    .describe('stop-and-copy: stop, send the whole state, restart (downtime = the whole transfer); pre-copy (default): send the state while serving, then stop and send what was dirtied meanwhile.'),
  dirtyRate: zBytes().optional().describe('Pre-copy: bytes of state dirtied per second while the first copy runs (default 0; the final copy is capped at stateSize).'),
  restoreTime: zDurationMs().optional().describe('Time to restore the state and restart once it has arrived (default 0).'),
  checkEvery: zDurationMs({ positive: true }).optional().describe("How often the placement is checked against the vehicle's attachment (default: the mobile node's updateEvery)."),
});

/** spec.continuum. */
export const zContinuum = zObj({
  qos: zQos.optional().describe('Bandwidth QoS classes (weighted max-min shares).'),
  follow: zList(zFollow).optional().describe('Services that live-migrate to follow a mobile node.'),
});
