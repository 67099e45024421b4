/**
 * Security rules: attestation (sensitive workloads only on attested nodes) and least privilege
 * between services (`talk`: same app, or an explicit allow rule; otherwise default deny).
 */
import { Verdict, type CompiledPolicy } from './compiled.ts';
import { compileEntity } from './match.ts';
import type { DecisionRequest, PolicySpec } from './types.ts';

const { None: NONE, Allow: ALLOW, Deny: DENY, Obligate: OBLIGATE } = Verdict;

type SecuritySpec = Extract<PolicySpec, { type: 'attestation' | 'talk' }>;

/** Builds the compiled form of an attestation or talk policy; `selects` picks the workloads it guards. */
export function buildSecurityRule(id: string, s: SecuritySpec, selects: (req: DecisionRequest) => boolean): CompiledPolicy {
  if (s.type === 'attestation') {
    return {
      id, type: s.type, actions: ['place', 'migrate'], grants: false,
      // Anything but an explicit `attested: true` counts as unattested (fail closed).
      check: (req) => (selects(req) && req.node?.attested !== true ? DENY : NONE),
    };
  }
  const sameApp = s.sameApp, rules = s.allow.map((r) => ({ from: compileEntity(r.from), to: compileEntity(r.to) }));
  return {
    id, type: s.type, actions: ['talk'], grants: true,
    check(req: DecisionRequest): Verdict {
      const from = req.principal, to = req.workload;
      if (!from || !to) return NONE;
      if (sameApp && from.app !== undefined && from.app === to.app) return ALLOW;
      for (const r of rules) if (r.from(from) && r.to(to)) return ALLOW;
      return NONE;
    },
  };
}
