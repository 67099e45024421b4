/** The audit entries of a push's transitions: one per wave change, gate verdict and end (deliveries are audited where they are signed and handed over). */
import type { RolloutAction } from '../../sim-core/orchestrator/rollout/controller.ts';
import type { AuditInput } from '../gateway/context.ts';

/** The entry for one controller action (null for deliveries; pure). */
export function auditForAction(p: { id: string; planHash: string }, a: RolloutAction, actor: string): AuditInput | null {
  switch (a.type) {
    case 'deliver': return null;
    case 'wave': return { actor, action: 'push.wave', target: p.id, outcome: 'ok', reason: `wave ${a.index} ${a.state}`, detail: { planHash: p.planHash, wave: a.index, state: a.state } };
    case 'gate': return { actor, action: 'push.gate', target: p.id, outcome: a.verdict === 'pass' ? 'ok' : 'failed', reason: `wave ${a.index} gate ${a.verdict}${a.reasons.length ? `: ${a.reasons.join('; ')}` : ''}`, detail: { wave: a.index, verdict: a.verdict, reasons: a.reasons } };
    case 'finished': return a.phase === 'done'
      ? { actor, action: 'push.done', target: p.id, outcome: 'ok', reason: `every wave passed its gate; plan ${p.planHash} is live` }
      : { actor, action: 'push.rolled-back', target: p.id, outcome: 'ok', reason: `rolled back: ${a.reason ?? 'no reason given'}` };
  }
}

/** The entry for a gate that stays inconclusive with new reasons (pure). */
export function gateWaitingAudit(id: string, wave: number, reasons: readonly string[], actor: string): AuditInput {
  return { actor, action: 'push.gate', target: id, outcome: 'ok', reason: `wave ${wave} gate inconclusive: ${reasons.join('; ')}`, detail: { wave, verdict: 'inconclusive', reasons: [...reasons] } };
}
