/**
 * Placement view of the policy set, shaped for a scheduler: Filter (feasible, with the denying
 * policy ids) and Score (preference 0..100 from weighted `prefer` terms).
 */
import { decide } from './decide.ts';
import type { PolicySet } from './compile.ts';
import type { DecisionBasis, PolicyError, PolicyNode, PolicyWorkload } from './types.ts';

/** Result of checking one workload against one node. */
export interface PlacementVerdict {
  /** False when a policy denies placing here (require, attestation, access deny) or place is guarded and not allowed. */
  feasible: boolean;
  /** Ids of the policies that made it infeasible (empty when feasible or denied by default). */
  reasons: string[];
  basis: DecisionBasis;
  /** floor(100 × matched weight / total weight) over the selecting placement policies; 0 when none apply. */
  preferenceScore: number;
  errors: PolicyError[];
}

/**
 * Filter + Score for `workload` on `node` (action `place`; pass action `migrate` for relocation).
 * A placement policy whose selector or preference fails to evaluate is left out of the score
 * entirely (numerator and denominator) and reported.
 */
export function placementConstraints(set: PolicySet, workload: PolicyWorkload, node: PolicyNode, action: 'place' | 'migrate' = 'place'): PlacementVerdict {
  const d = decide(set, { action, workload, node });
  const pref = preferenceScore(set, workload, node, action);
  const errors = [...d.errors, ...pref.errors].sort((a, b) => (a.policyId < b.policyId ? -1 : a.policyId > b.policyId ? 1 : 0));
  return {
    feasible: d.decision === 'allow',
    reasons: d.decision === 'deny' ? d.policyIds : [],
    basis: d.basis,
    preferenceScore: pref.score,
    errors,
  };
}

/** The Score half alone: floor(100 × matched / total weight) over selecting placement policies, with their errors. */
export function preferenceScore(set: PolicySet, workload: PolicyWorkload, node: PolicyNode, action: 'place' | 'migrate' = 'place'): { score: number; errors: PolicyError[] } {
  const req = { action, workload, node };
  const errors: PolicyError[] = [];
  let matched = 0;
  let total = 0;
  for (const p of set.placement) {
    try {
      if (!p.selects(req)) continue;
      let m = 0, t = 0;
      for (const pref of p.prefer) {
        t += pref.weight;
        if (pref.test(req)) m += pref.weight;
      }
      matched += m;
      total += t;
    } catch (e) {
      errors.push({ policyId: p.id, message: e instanceof Error ? e.message : String(e) });
    }
  }
  return { score: total === 0 ? 0 : Math.floor((100 * matched) / total), errors };
}
