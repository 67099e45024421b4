/**
 * The edge plugins' factories by name, for the scheduler's plugin registry (profile.ts spreads
 * them into defaultRegistry, so a KubeSchedulerConfiguration can enable them by name). Kept apart
 * from edge-profile.ts so profile.ts never imports a module that imports profile.ts.
 */
import type { AnyPlugin } from '../types.ts';
import { NAME as ARCH, newEdgeArchitecture } from './edge-architecture.ts';
import { NAME as ACCEL, newEdgeAccelerator } from './edge-accelerator.ts';
import { NAME as LATENCY, newEdgeLatencyBudget } from './edge-latency-budget.ts';
import { NAME as GRAVITY, newEdgeDataGravity } from './edge-data-gravity.ts';
import { NAME as BANDWIDTH, newEdgeBandwidth } from './edge-bandwidth.ts';
import { NAME as ENERGY, newEdgeEnergy } from './edge-energy.ts';
import { NAME as COST, newEdgeCost } from './edge-cost.ts';
import { NAME as SPREAD, newEdgeFailureDomainSpread } from './edge-failure-domain-spread.ts';
import { NAME as ATTEST, newEdgeAttestation } from './edge-attestation.ts';

/** Edge plugin name → factory (args validated by each constructor). */
export const EDGE_PLUGIN_FACTORIES: readonly (readonly [string, (args: unknown) => AnyPlugin])[] = Object.freeze([
  [ARCH, (a: unknown) => newEdgeArchitecture(a)],
  [ATTEST, (a: unknown) => newEdgeAttestation(a)],
  [ACCEL, (a: unknown) => newEdgeAccelerator(a)],
  [LATENCY, (a: unknown) => newEdgeLatencyBudget(a)],
  [GRAVITY, (a: unknown) => newEdgeDataGravity(a)],
  [BANDWIDTH, (a: unknown) => newEdgeBandwidth(a)],
  [ENERGY, (a: unknown) => newEdgeEnergy(a)],
  [COST, (a: unknown) => newEdgeCost(a)],
  [SPREAD, (a: unknown) => newEdgeFailureDomainSpread(a)],
] as const);
