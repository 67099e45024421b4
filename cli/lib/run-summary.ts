/**
 * The human summary of `edgetwin run`: headline, apps table, lifecycle, network / energy / cost,
 * control plane, faults — and, when something went wrong in a way the numbers alone do not
 * explain, a sentence that does: an app that completed nothing says so with the top drop and
 * loss reasons, and drops that are mostly `policy-denied` name the policies that refused them.
 * Numbers use one format per column (table.ts); nothing prints NaN.
 */
import { fmtCount, fmtDuration, fmtMs as fmtLatency, fmtPercent, fmtUsd, fmtWh } from '../../app/report/format.ts';
import type { ScenarioModel } from '../../sim-core/scenario/model.ts';
import type { BuildOptions } from '../../sim-core/twin/build.ts';
import type { RunReport } from '../../sim-core/twin/report.ts';
import { fmtBytes, fmtMs, renderTable } from './table.ts';

/** What the summary knows beyond the report: the scenario's policies (ids → type) and the files they came from. */
export interface SummaryContext {
  policyTypes?: Readonly<Record<string, string>>;
  policyFiles?: readonly string[];
}

/** The context of a loaded scenario: its compiled policies' types and its policy files. */
export function summaryContext(model: ScenarioModel, build: BuildOptions): SummaryContext {
  return { policyTypes: Object.fromEntries((build.policies?.policies ?? []).map((p) => [p.id, p.type])), policyFiles: model.orchestrator.policies };
}

/** The `policies` section the twin adds to a report when the scenario has policies. */
interface PolicySection { decisions: number; deniedRoutes: Record<string, number> }

const n = (x: number) => fmtCount(x);

/** The top `k` reasons of a by-reason count, largest first: "policy-denied 35,990, queue-full 12". */
export function topReasons(by: Readonly<Record<string, number>>, k = 3, prefix = '', sep = ', '): string {
  return Object.entries(by).filter(([, v]) => v > 0).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, k)
    .map(([reason, v]) => `${prefix}${reason} ${n(v)}`).join(sep);
}

/** Notes explaining outcomes the table cannot: apps with no completed message, drops mostly refused by policy. */
export function explanations(r: RunReport, ctx: SummaryContext = {}): string[] {
  const out: string[] = [];
  const c = r.conservation;
  const reasons = [topReasons(c.droppedBy, 3, 'dropped/'), topReasons(c.lostBy, 2, 'lost/')].filter(Boolean).join(', ');
  for (const a of r.apps) {
    if (a.completed > 0) continue;
    const fate = a.dropped + a.lost > 0 ? `: ${n(a.dropped)} dropped, ${n(a.lost)} lost${reasons ? ` (in the whole run: ${reasons})` : ''}` : c.inFlight > 0 ? `; ${n(c.inFlight)} messages were still in flight at the end (try a longer --until)` : '';
    out.push(`note       ${a.id} completed no message, so it has no latency${fate}`);
  }
  const denied = c.droppedBy['policy-denied'] ?? 0;
  if (denied > 0 && denied * 2 >= c.dropped) {
    const pol = r.policies as PolicySection | undefined;
    const by = pol ? Object.entries(pol.deniedRoutes).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)) : [];
    const names = by.map(([id, routes]) => `${ctx.policyTypes?.[id] ? `${ctx.policyTypes[id]} policy` : 'policy'} ${id} refused ${n(routes)} route${routes === 1 ? '' : 's'}`);
    const files = ctx.policyFiles?.length ? ` (${ctx.policyFiles.join(', ')})` : '';
    out.push(`policies   ${denied === c.dropped ? `all ${n(denied)}` : `${n(denied)} of ${n(c.dropped)}`} drops are policy-denied: ${names.length ? names.join('; ') : 'the scenario\'s policies refused their routes'}${files}`);
    out.push(`           the data may not go where the placement sends it; to run without the policies: --set 'spec.orchestrator.policies=[]'`);
  }
  return out;
}

/** The human summary of one run report. */
export function summarize(r: RunReport, ctx: SummaryContext = {}): string {
  const out: string[] = [];
  out.push(`${r.scenario}  seed ${r.seed}  simulated ${fmtDuration(r.simulatedMs)}  ${n(r.events)} events  trace ${r.traceHash}`);
  out.push('');
  // An app that completed nothing has no latency and no violation rate: "—", not NaN or 0%.
  const done = (a: RunReport['apps'][number], v: number) => (a.completed > 0 && Number.isFinite(v) ? v : null);
  out.push(renderTable(
    ['app', 'completed', { header: 'mean', unit: 'ms' }, { header: 'p50', unit: 'ms' }, { header: 'p95', unit: 'ms' }, { header: 'p99', unit: 'ms' },
      'SLO', { header: 'violations', unit: 'ratio' }, 'dropped', 'lost'],
    r.apps.map((a) => [a.id, a.completed, done(a, a.latencyMs.mean), done(a, a.latencyMs.p50), done(a, a.latencyMs.p95), done(a, a.latencyMs.p99),
      `p${a.slo.percentile} ≤ ${fmtLatency(a.slo.latencyMs)} ${a.slo.met ? 'met' : 'MISSED'}`, done(a, a.sloViolationRate), a.dropped, a.lost]),
  ));
  const c = r.conservation;
  const l = r.lifecycle;
  out.push('');
  out.push(`lifecycle  emitted ${n(c.emitted)}  ingested ${n(l.ingested)}  filtered ${n(l.filtered)}${l.suspect ? `  suspect ${n(l.suspect)}` : ''}  forwarded ${n(l.forwarded)}  processed ${n(l.processed)}  stored ${n(l.stored)}  actions ${n(l.actions)}`);
  out.push(`outcomes   delivered ${n(c.delivered)}  filtered ${n(c.filtered)}  dropped ${n(c.dropped)}  expired ${n(c.expired)}  lost ${n(c.lost)}  in flight ${n(c.inFlight)}  (${c.balanced ? 'balanced' : 'NOT BALANCED'})`);
  const reasons = [topReasons(c.droppedBy, Infinity, 'dropped/', '  '), topReasons(c.lostBy, Infinity, 'lost/', '  ')].filter(Boolean).join('  ');
  if (reasons) out.push(`reasons    ${reasons}`);
  out.push(`network    WAN ${fmtBytes(r.network.wanBytes)}   energy ${fmtWh(r.energyWh)}   cost ${fmtUsd(r.costUsd)}${r.handovers ? `   handovers ${n(r.handovers)}` : ''}`);
  const busiest = r.nodes.filter((x) => x.tier !== 'sensor').sort((a, b) => b.cpuUtilization - a.cpuUtilization).slice(0, 5);
  out.push(`busiest    ${busiest.map((x) => `${x.id} ${fmtPercent(x.cpuUtilization, 2)}`).join('  ')}`);
  const cp = r.controlPlane as { model: string; decisions: number; refused: Record<string, number>; falseSuspicions: number; detections: number; autonomousMs: number } | undefined;
  if (cp) {
    const refused = Object.entries(cp.refused).map(([k, v]) => `${k} ${n(v)}`).join(', ');
    out.push(`control    ${cp.model}: ${n(cp.detections)} detections, ${n(cp.falseSuspicions)} false suspicions, ${n(cp.decisions)} decisions${refused ? `, refused ${refused}` : ''}, autonomous ${fmtMs(cp.autonomousMs)}, traffic ${fmtBytes(r.control.bytes)}`);
  }
  out.push(...explanations(r, ctx));
  if (r.faults.length) {
    out.push('');
    const ms = (x: number | null) => (x === null ? null : fmtMs(x));
    out.push(renderTable(['fault', 'target', { header: 'at', right: true }, { header: 'detected after', right: true }, { header: 'recovered after', right: true }, 'messages lost'],
      r.faults.map((f) => [f.kind, f.target, fmtMs(f.atMs), ms(f.detectedAfterMs), ms(f.recoveredAfterMs), f.messagesLost])));
  }
  return out.join('\n');
}
