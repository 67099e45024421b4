/**
 * Scheduler profiles the twin builds by name: kube-scheduler's default, or the edge profile
 * (the defaults plus the edge plugins). Policies, when present, join either profile as the
 * EdgePolicy plugin (filter + score), exactly as the live extender would run them.
 */
import type { PolicySet } from '../orchestrator/policy/compile.ts';
import { NAME as POLICY_PLUGIN, newPolicyPlugin } from '../orchestrator/policy/scheduler-adapter.ts';
import { buildProfile, defaultProfileSpec, defaultRegistry, type Profile, type ProfileSpec, type Registry } from '../orchestrator/scheduler/profile.ts';
import { edgeProfileSpec, edgeRegistry } from '../orchestrator/scheduler/plugins/edge-profile.ts';

/** Weight of the policy preference score among the other score plugins. */
export const POLICY_SCORE_WEIGHT = 3;

/** Adds the policy plugin to a profile spec and registry (filter + score). */
export function withPolicies(spec: ProfileSpec, registry: Registry, set: PolicySet): ProfileSpec {
  registry.set(POLICY_PLUGIN, () => newPolicyPlugin(set));
  const points = new Map(spec.points);
  points.set('filter', [...(points.get('filter') ?? []), { name: POLICY_PLUGIN, weight: 0 }]);
  points.set('score', [...(points.get('score') ?? []), { name: POLICY_PLUGIN, weight: POLICY_SCORE_WEIGHT }]);
  return { ...spec, points };
}

/** The profile named by a scenario ('default' | 'edge'), with policies when given. */
export function builtinProfile(name: 'default' | 'edge', policies?: PolicySet): Profile {
  const registry = name === 'edge' ? edgeRegistry() : defaultRegistry();
  let spec = name === 'edge' ? edgeProfileSpec(registry) : defaultProfileSpec(registry);
  if (policies) spec = withPolicies(spec, registry, policies);
  return buildProfile(spec, registry);
}
