/**
 * The plans the live-fleet benchmark pushes: one service ("bench/edge-svc-<rep>") on every agent
 * node, a new service each push. Its validation evidence (gates, policies) is the real planner's
 * approvable plan-small plan (realPlans(): `edgetwin plan` on the shared fixture), with target,
 * baseline and diff replaced and the whole resealed by sealPlan, so the gateway's hash and
 * status checks accept it as they would a planner's file.
 */
import { diffPlacements, sealPlan, type Plan } from '../../../sim-core/whatif/plan/index.ts';
import { realPlans } from '../../connectors/gateway/support/gateway.ts';

/** The service every node gets in push `rep` (a new one each push, so every push changes every node). */
export const benchService = (rep: number) => `bench/edge-svc-${rep}`;

/** An approvable plan placing benchService(rep) on each of `nodes` (sorted), against an empty live snapshot. */
export function fleetWidePlan(nodes: readonly string[], rep: number): Plan {
  const { hash: _hash, status: _status, blockers: _blockers, ...base } = realPlans().approvable;
  const target = { [benchService(rep)]: [...nodes].sort() };
  const against = { kind: 'snapshot' as const, source: 'live', takenAt: new Date().toISOString(), placements: {} };
  const plan = sealPlan({ ...base, variant: `${base.variant}-bench-${nodes.length}-${rep}`, target, against, diff: diffPlacements(against.placements, target) });
  if (plan.status !== 'approvable') throw new Error(`live-fleet bench: the resealed plan is ${plan.status}: ${plan.blockers.join('; ')}`);
  return plan;
}
