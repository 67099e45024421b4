/**
 * Surface schema of what changes during a run: mobility and scripted faults.
 */
import { z } from 'zod';
import { FAULT_GRAMMAR } from '../fault-spec.ts';
import { linkTemplateFields, zPosition } from './fabric.ts';
import { zBool, zDurationMs, zEnum, zId, zLabels, zList, zLossProbability, zNonNegative, zNumber, zObj, zPositive, zText } from './quantities.ts';
import { BOUNDS } from './bounds.ts';
import { zPrecursor } from './prediction.ts';

/** A moving node and how it attaches to the fabric. */
export const zMobility = zObj({
  node: zId().describe('The moving node.'),
  waypoints: zList(zPosition).min(1, { error: 'needs at least one waypoint' }).describe('Path in km, followed in order.'),
  speed: zNonNegative(BOUNDS.speedMps).describe('Speed in m/s (e.g. 30 m/s ≈ 108 km/h).'),
  loop: zBool().optional().describe('Return to the first waypoint and repeat (default true).'),
  attachTo: z.union([
    zList(zId()).min(1),
    zObj({ tier: zEnum(['sensor', 'gateway', 'edge', 'regional', 'cloud']).optional(), labels: zLabels().optional() }),
  ], { error: (iss) => `expected a list of node ids or {tier, labels}, got ${JSON.stringify(iss.input)}` })
    .describe('Attachment candidates (e.g. cell towers): node ids or a selector {tier, labels}.'),
  range: zPositive(BOUNDS.distanceKm).optional().describe('Radio range in km (default 5).'),
  handoverMargin: zNonNegative(BOUNDS.distanceKm).optional().describe('Hysteresis in km: a new candidate must be this much closer (default 0.2).'),
  updateEvery: zDurationMs({ positive: true }).optional().describe('Position update period (default 1s).'),
  link: zObj({ ...linkTemplateFields }).describe('Radio link template (type, latency, bandwidth, loss, jitter).'),
});

/** A scripted fault: the --fault text, or an object with exactly one target key. */
export const zFault = z.union([
  zText(),
  zObj({
    node: zId().optional().describe('Crash this node.'),
    power: zId().optional().describe('Power loss: crash and wipe volatile storage.'),
    link: zText().optional().describe('Cut or degrade the link "<a>~<b>".'),
    partition: zId().optional().describe('Cut every link crossing this region or zone.'),
    controlPlane: zBool().optional().describe('The orchestrator master is unreachable.'),
    at: zDurationMs().describe('When the fault starts.'),
    for: zDurationMs({ positive: true, infinite: true }).optional().describe('How long it lasts (default: forever).'),
    degrade: zObj({
      latency: zNumber(BOUNDS.degradeFactor).optional().describe('Latency factor, e.g. 3.'),
      bandwidth: zNumber(BOUNDS.degradeFactor).optional().describe('Bandwidth factor, e.g. 0.1.'),
      loss: zLossProbability().optional(),
    }).optional().describe('Link faults only: degrade instead of cutting.'),
    precursor: zPrecursor.optional().describe('Node and power faults: a telemetry signal rising before the failure ({lead, signal, peak, noise, fails}).'),
  }),
], { error: (iss) => `expected a fault spec (${FAULT_GRAMMAR}) or {node|power|link|partition|controlPlane, at, for}, got ${JSON.stringify(iss.input)}` });
