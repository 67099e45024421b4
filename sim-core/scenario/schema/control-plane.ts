/**
 * Surface schema of resilience: the control plane (who watches whom, how failures are detected,
 * how fast it relocates, what agents do on their own) and stochastic faults (random node and
 * failure-domain outages). Defaults are applied by resolve/control-plane.ts and documented here.
 */
import { z } from 'zod';
import { TIERS } from '../model.ts';
import { showValue } from '../../text/units.ts';
import { zDist } from './dist.ts';
import { zBool, zDurationMs, zEnum, zFraction, zId, zInt, zLabels, zList, zNumber, zObj } from './quantities.ts';
import { BOUNDS } from './bounds.ts';
import { zStochasticPrecursor } from './prediction.ts';

const tiers = TIERS as unknown as readonly [string, ...string[]];

/** spec.controlPlane.detector: a fixed timeout or phi accrual. */
export const zDetector = z.union([
  zObj({ timeout: zDurationMs({ positive: true }).describe('Declare a node failed after this long without a heartbeat.') }),
  zObj({
    phi: zObj({
      threshold: zNumber(BOUNDS.phiThreshold).optional().describe('Suspect when phi ≥ threshold (default 8: about 1 false suspicion in 10^8 heartbeats).'),
      window: zInt(BOUNDS.phiWindow).optional().describe('Inter-arrival times kept per node (default 100).'),
      minSd: zDurationMs({ positive: true }).optional().describe('Floor on the standard deviation of inter-arrival times (default heartbeatEvery / 10).'),
    }).describe('Phi accrual detector (Hayashibara et al. 2004): adapts to jitter and congestion.'),
  }),
], { error: (iss) => `expected {timeout: 5s} or {phi: {threshold, window}}, got ${showValue(iss.input)}` });

/** spec.controlPlane. */
export const zControlPlane = zObj({
  model: zEnum(['none', 'centralized', 'hierarchical', 'decentralized']).optional()
    .describe('none: static placement, no detection (the behaviour without this section); centralized: one master (default when the section is present); hierarchical: a regional orchestrator per region under a global one; decentralized: members elect a leader that needs a majority quorum.'),
  master: zId().optional().describe('Centralized master, and the global orchestrator of a hierarchy (default: the first cloud node, else the first regional, else the first non-sensor node).'),
  regional: z.record(zId(), zId(), { error: (iss) => `expected a mapping {<region>: <node>}, got ${showValue(iss.input)}` }).optional()
    .describe('Hierarchical: {<region>: <node>} regional orchestrators (default: the first regional-tier node of each region, else its first edge node).'),
  members: zList(zId()).optional().describe('Decentralized: voting members (default: every edge-tier node).'),
  heartbeatEvery: zDurationMs({ positive: true }).optional().describe('Agent heartbeat period (default 1s).'),
  detector: zDetector.optional().describe('Failure detector: {timeout: 5s} (default) or {phi: {threshold: 8, window: 100}}.'),
  gracePeriod: zDurationMs().optional().describe('Wait after declaring a node failed before relocating its replicas, like tolerationSeconds (default 30s).'),
  reconcileEvery: zDurationMs({ positive: true }).optional().describe('Period of the desired-vs-observed reconciliation loop (default 10s).'),
  decisionTime: zDurationMs().optional().describe('Time one placement decision takes (default 5ms).'),
  startupTime: zDurationMs().optional().describe('Time from a start command or local restart to a running replica (default 2s).'),
  autonomy: zObj({
    restartLocally: zBool().optional().describe('A node that comes back restarts its services itself (default true); otherwise it waits for a command from its controller.'),
    shedLowPriorityAbove: zFraction('a queue fraction')
      .optional().describe('An autonomous node (no word from its controller for 3 heartbeats) drops low-priority messages while its queue is fuller than this fraction (default 0.8; 0 disables).'),
  }).optional().describe('What an agent does on its own when cut off from its controller.'),
});

/** One spec.stochasticFaults entry: `select` nodes failing independently, or a `domain` failing as a whole. */
export const zStochasticFault = zObj({
  select: zObj({
    tier: zEnum(tiers).optional().describe('Nodes of this tier.'),
    nodes: zList(zId()).optional().describe('These nodes.'),
    labels: zLabels().optional().describe('Nodes carrying all these labels.'),
  }).optional().describe('Nodes that fail independently, each with its own random stream (criteria combine with AND).'),
  domain: zEnum(['zone', 'region']).optional().describe('Correlated failures: every zone (or region) fails as a whole, all its nodes together.'),
  mtbf: zDurationMs({ positive: true }).describe('Mean time between failures, e.g. 24h (time to failure is exponential).'),
  mttr: zDist(() => zDurationMs({ positive: true }), 'a duration', 'RepairTimeDistribution')
    .describe('Repair time: a duration like 30m (constant) or a distribution, e.g. {dist: lognormal, mean: 30m, sd: 10m}.'),
  kind: zEnum(['node', 'power']).optional().describe('node: crash (default); power: crash that also wipes volatile storage.'),
  precursor: zStochasticPrecursor.optional().describe('select only: before each failure the node\'s telemetry signal rises ({lead, signal, peak, noise}, as on a scripted fault).'),
});

/** spec.stochasticFaults. */
export const zStochasticFaults = zList(zStochasticFault);

export type ControlPlaneInput = z.output<typeof zControlPlane>;
export type StochasticFaultInput = z.output<typeof zStochasticFault>;
