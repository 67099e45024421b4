/**
 * The "edge" profile: kube-scheduler's default plugins with their weights, then the edge
 * plugins. Filters (arch, attestation, accelerator, latency budget) carry weight 0; among the
 * scores data gravity weighs most (keep latency-sensitive pods near their data), then cost,
 * bandwidth, accelerator load and failure-domain spread, then energy.
 */
import { DEFAULT_PLUGINS, defaultRegistry, expandMultiPoint, type ProfileSpec, type Registry } from '../profile.ts';
import { EDGE_PLUGIN_FACTORIES } from './edge-registry.ts';

/** Scheduler name of the edge profile. */
export const EDGE_SCHEDULER_NAME = 'edgetwin-edge';

/** The edge plugins in run order with their score weights (0 = filter only). */
export const EDGE_PLUGINS: readonly { name: string; weight: number }[] = Object.freeze([
  { name: 'EdgeArchitecture', weight: 0 },
  { name: 'EdgeAttestation', weight: 0 },
  { name: 'EdgeAccelerator', weight: 2 },
  { name: 'EdgeLatencyBudget', weight: 0 },
  { name: 'EdgeDataGravity', weight: 5 },
  { name: 'EdgeBandwidth', weight: 2 },
  { name: 'EdgeEnergy', weight: 1 },
  { name: 'EdgeCost', weight: 3 },
  { name: 'EdgeFailureDomainSpread', weight: 2 },
]);

/** The whole edge profile as multiPoint entries: DEFAULT_PLUGINS then EDGE_PLUGINS. */
export const EDGE_PROFILE: readonly { name: string; weight: number }[] = Object.freeze([...DEFAULT_PLUGINS, ...EDGE_PLUGINS]);

/** A registry with the kube and the edge plugins (independent of whether profile.ts registers the edge ones). */
export function edgeRegistry(): Registry {
  const r = defaultRegistry();
  for (const [name, f] of EDGE_PLUGIN_FACTORIES) if (!r.has(name)) r.set(name, f);
  return r;
}

/** The edge profile spec, ready for buildProfile(spec, edgeRegistry()). */
export function edgeProfileSpec(registry: Registry = edgeRegistry(), schedulerName = EDGE_SCHEDULER_NAME): ProfileSpec {
  return { schedulerName, points: expandMultiPoint(EDGE_PROFILE, registry), pluginArgs: new Map() };
}
