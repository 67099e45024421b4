/**
 * The human summary of `edgetwin plan`: headline, placement diff, policies, validation, the gates
 * (named, bounded and valued as `compare`'s gates table shows them; gates-text.ts), status.
 */
import type { Plan } from '../../sim-core/whatif/plan/plan.ts';
import { gateHeader, gateValue } from './gates-text.ts';
import { renderTable } from './table.ts';

/** The human summary: headline, diff, policies, gates table, status and blockers. */
export function summarizePlan(p: Plan): string {
  const out: string[] = [];
  out.push(`plan for variant ${p.variant} of ${p.experiment.name} (scenario ${p.scenario.name})  hash ${p.hash}`);
  out.push(`against ${p.against.kind === 'snapshot' ? `snapshot ${p.against.source}${p.against.takenAt ? ` taken ${p.against.takenAt}` : ''}` : `baseline variant ${p.against.source}`}`);
  out.push('');
  const d = p.diff;
  const rows: string[][] = [
    ...d.added.map((a) => ['+ added', a.service, '', a.nodes.join(', ')]),
    ...d.removed.map((r) => ['- removed', r.service, r.nodes.join(', '), '']),
    ...d.moved.map((m) => ['~ moved', m.service, m.from.join(', '), m.to.join(', ')]),
    ...d.unchanged.map((s) => ['= unchanged', s, p.target[s]!.join(', '), p.target[s]!.join(', ')]),
  ];
  out.push(renderTable(['change', 'service', 'from', 'to'], rows));
  out.push('');
  out.push(`policies   ${p.policies.evaluated ? `satisfied: ${p.policies.satisfied.join(', ') || 'none'}; ${p.policies.note}` : p.policies.note}`);
  for (const v of p.policies.violations) out.push(`           DENIED ${v.service} on ${v.node} by ${v.policyIds.join(', ') || v.basis}`);
  const sweep = p.sweep ? ` at ${p.sweep.path}=${String(p.sweep.value)}` : '';
  out.push(`validation ${p.validation.runs} runs${sweep}: fault sets ${p.validation.faultSets.map((f) => f.name).join(', ')} × seeds ${p.validation.seeds.join(', ')}`);
  out.push('');
  out.push('gates (spec.gates, the same `compare` calls a variant feasible by): every run must pass');
  out.push(renderTable(['gate', 'check', 'worst', { header: 'runs passed', right: true }, 'result', 'worst run'], p.gates.results.map((g) => [
    g.id, g.enabled ? gateHeader(g) : `${gateHeader(g)} (off)`, g.enabled ? gateValue(g, g.worst) : '—',
    `${g.runs.filter((r) => r.pass).length}/${g.runs.length}`, g.pass ? 'PASS' : 'FAIL', g.worstAt,
  ])));
  out.push('');
  out.push(p.status === 'approvable' ? 'status     APPROVABLE: every gate passed' : `status     BLOCKED:\n${p.blockers.map((b) => `  - ${b}`).join('\n')}`);
  return out.join('\n');
}
