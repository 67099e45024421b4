/**
 * Security rules: attestation (sensitive workloads only on attested nodes) and least privilege
 * between services (`talk`: same app, or an explicit allow rule; otherwise default deny).
 */
import { Verdict, type CompiledPolicy } from './compiled.ts';
import { matchEntity } from './match.ts';
import type { DecisionRequest, PolicySpec } from './types.ts';

type SecuritySpec = Extract<PolicySpec, { type: 'attestation' | 'talk' }>;

/** Builds the compiled form of an attestation or talk policy; `selects` picks the workloads it guards. */
export function buildSecurityRule(id: string, s: SecuritySpec, selects: (req: DecisionRequest) => boolean): CompiledPolicy {
  if (s.type === 'attestation') {
    return {
      id, type: s.type, actions: ['place', 'migrate'], grants: false,
      // Anything but an explicit `attested: true` counts as unattested (fail closed).
      check: (req) => (selects(req) && req.node?.attested !== true ? Verdict.Deny : Verdict.None),
    };
  }
  const sameApp = s.sameApp, rules = s.allow;
  return {
    id, type: s.type, actions: ['talk'], grants: true,
    check(req: DecisionRequest): Verdict {
      const from = req.principal, to = req.workload;
      if (!from || !to) return Verdict.None;
      if (sameApp && from.app !== undefined && from.app === to.app) return Verdict.Allow;
      for (const r of rules) if (matchEntity(r.from, from) && matchEntity(r.to, to)) return Verdict.Allow;
      return Verdict.None;
    },
  };
}
