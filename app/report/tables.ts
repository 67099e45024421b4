/**
 * The report's tables: experiment metadata, variants (feasibility, objective, rank), verdicts
 * against the baseline, and constraints. Every number cell carries its exact value in
 * `data-value` so the table can be checked (and copied) without the display rounding; the text
 * uses one format per column (format.ts columnFormat) and "—" for anything missing.
 */
import type { GateResult } from '../../sim-core/whatif/plan/gates.ts';
import type { CellResult, ConstraintResult, ExperimentResult, MetricDef } from '../../sim-core/whatif/result.ts';
import { metricDef } from './bind.ts';
import { NONE, clampInterval, columnFormat, fmtChange, fmtDuration, fmtSig, formatValue, metricBounds } from './format.ts';
import { GATE_SHORT_NAMES, gateColumnFormat, gateHeader, gateValue } from './gate-format.ts';
import { el, esc } from './markup.ts';

/** A numeric cell: display text, exact value in data-value ("" for null). */
export function numCell(v: number | null, text?: string): string {
  return el('td', { class: 'num', 'data-value': v === null ? '' : String(v) }, esc(text ?? (v === null ? NONE : fmtSig(v, 4))));
}

/** A value with its unit for display (bytes in binary units, rates in %, "—" when missing). */
export function withUnit(v: number | null, unit: string): string {
  return formatValue(v, unit);
}

/** What a missing mean says: a latency of no messages is "no completions", anything else "—". */
export function missingText(m: Pick<MetricDef, 'key' | 'unit'>): string {
  return m.unit === 'ms' && /latency/i.test(m.key) ? 'no completions' : NONE;
}

const mark = (ok: boolean) => (ok ? '<span class="ok" aria-label="pass">✓</span>' : '<span class="bad" aria-label="fail">✗</span>');
const VERDICT_MARK = { better: 'better', worse: 'worse', indistinguishable: '≈' } as const;

/** Definition list of what was run: experiment, scenario, hash, seeds, variants, faults, sweep. */
export function metaList(r: ExperimentResult): string {
  const m = r.meta;
  const rows: [string, string][] = [
    ['experiment', `${m.name} (${m.file})`],
    ['scenario', `${m.scenarioName} (${m.scenarioFile})`],
    ['definition hash', m.hash],
    ['baseline', m.baseline],
    ['variants', m.variants.map((v) => v.name).join(', ')],
    ['seeds', `${m.seeds.length}: ${m.seeds.join(', ')}`],
    ['failure suite', m.faultSets.map((f) => (f.faults.length ? `${f.name} [${f.faults.join('; ')}]` : f.name)).join(', ')],
    ['sweep', m.sweep ? `${m.sweep.path} ∈ {${m.sweep.values.join(', ')}}` : 'none'],
    ['simulated time', m.untilMs === null ? 'scenario duration' : `${fmtDuration(m.untilMs)} per run`],
    ['runs', `${m.totalRuns} (${r.failedRuns} failed)`],
  ];
  return `<dl class="meta">${rows.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('')}</dl>`;
}

/** Variants table: feasibility ✓/✗, failed runs, objective value and rank; the best row highlighted. */
export function variantsTable(r: ExperimentResult): string {
  const obj = r.meta.objective;
  const objDef = obj ? metricDef(r, obj.metric) : null;
  const objFmt = objDef ? columnFormat(objDef.unit, r.variants.map((v) => v.objectiveValue)) : null;
  const head = ['variant', 'description', 'feasible', 'failed runs', obj && objDef ? `objective: ${objDef.label} (${obj.direction} is better)` : 'objective', 'rank'];
  const rows = r.variants.map((v) => {
    const desc = r.meta.variants.find((d) => d.name === v.name)?.description ?? '';
    const name = v.name + (v.name === r.meta.baseline ? ' (baseline)' : '') + (v.name === r.best ? ' ★' : '');
    const objText = v.objectiveValue === null ? (objDef ? missingText(objDef) : NONE) : objFmt!.value(v.objectiveValue);
    return el('tr', { class: v.name === r.best ? 'best' : undefined, 'data-variant': v.name },
      el('td', {}, esc(name)), el('td', {}, esc(desc)), el('td', { 'data-pass': String(v.feasible) }, mark(v.feasible)),
      numCell(v.failed, String(v.failed)), numCell(v.objectiveValue, objText), numCell(v.rank, v.rank === null ? NONE : String(v.rank)));
  });
  return table('variants', head, rows);
}

/** One metric's text in a verdict cell: the mean, its clamped CI and the verdict vs the baseline. */
export interface VerdictCellText { mean: string; ci: string; verdict: string; verdictTitle: string }

/** The texts of one cell of a verdict table, formatted with the column's format. */
export function verdictCellText(c: CellResult, m: MetricDef, fmt: ReturnType<typeof columnFormat>, baseline: string): VerdictCellText {
  const s = c.metrics[m.key];
  const cmp = c.vsBaseline[m.key];
  const mean = s?.mean ?? null;
  const ci = s?.ci95 ? clampInterval(s.ci95, metricBounds(m.unit)) : null;
  const out: VerdictCellText = { mean: mean === null ? missingText(m) : fmt.value(mean), ci: ci && mean !== null ? fmt.range(ci[0], ci[1]) : '', verdict: '', verdictTitle: '' };
  if (cmp && c.variant !== baseline) {
    const rel = cmp.relativeDiff === null ? '' : ` ${fmtChange(cmp.relativeDiff)}`;
    out.verdict = `${VERDICT_MARK[cmp.verdict]}${rel}`;
    const diff = cmp.meanDiff === null ? '' : `; difference ${signed(fmt.value(cmp.meanDiff), cmp.meanDiff)}${cmp.ci95 ? ` ${fmt.range(cmp.ci95[0], cmp.ci95[1])}` : ''}`;
    const holm = cmp.pAdjusted !== undefined;
    const adjusted = holm ? `, Holm-adjusted ${pText(cmp.pAdjusted!)}` : '';
    out.verdictTitle = `${cmp.verdict} at 95% ${holm ? 'family-wise ' : ''}confidence (paired t over ${cmp.n} seed${cmp.n === 1 ? '' : 's'}, ${pText(cmp.pValue)}${adjusted})${diff}`;
  }
  return out;
}

const pText = (p: number) => (p < 0.001 ? 'p < 0.001' : `p = ${fmtSig(p, 2)}`);
const signed = (text: string, v: number) => (v > 0 && !text.startsWith('+') ? `+${text}` : text);

/** The column formats of a verdict table: one per metric, from every cell's mean. */
export function verdictFormats(cells: readonly CellResult[], metrics: readonly MetricDef[]): ReturnType<typeof columnFormat>[] {
  return metrics.map((m) => columnFormat(m.unit, cells.map((c) => c.metrics[m.key]?.mean ?? null)));
}

/** Verdicts of one cell group (one sweep point × fault set): rows = variants, columns = metrics. */
export function verdictTable(cells: readonly CellResult[], metrics: readonly MetricDef[], baseline: string, id: string): string {
  const fmts = verdictFormats(cells, metrics);
  const head = [{ html: esc('variant') }, ...metrics.map((m, k) => ({ html: `${esc(m.label)}${fmts[k]!.unit ? `<span class="unit">${esc(fmts[k]!.unit)}</span>` : ''}` }))];
  const rows = cells.map((c) => el('tr', { 'data-variant': c.variant },
    el('td', {}, esc(c.variant === baseline ? `${c.variant} (baseline)` : c.variant)),
    ...metrics.map((m, k) => {
      const t = verdictCellText(c, m, fmts[k]!, baseline);
      const s = c.metrics[m.key];
      const cmp = c.vsBaseline[m.key];
      const mean = s?.mean ?? null;
      const parts = [el('span', { class: 'val' }, esc(t.mean))];
      if (t.ci) parts.push(el('span', { class: 'ci' }, esc(t.ci)));
      if (t.verdict) parts.push(el('span', { class: `verdict v-${cmp!.verdict}`, title: t.verdictTitle }, esc(t.verdict)));
      return el('td', { class: 'num', 'data-metric': m.key, 'data-value': mean === null ? '' : String(mean), 'data-verdict': t.verdict ? cmp!.verdict : undefined }, ...parts);
    })));
  return table(id, head, rows);
}

/** Constraints per variant over all its runs: bound, satisfied/runs, required fraction, ✓/✗. */
export function constraintsTable(r: ExperimentResult): string {
  if (r.meta.constraints.length === 0) return '<p class="sub">The experiment declares no constraints.</p>';
  const head = ['variant', 'metric', 'bound', 'satisfied / runs', 'fraction', 'required', 'pass'];
  const rows = r.variants.flatMap((v) => v.constraints.map((c: ConstraintResult) => {
    const def = metricDef(r, c.metric);
    return el('tr', { 'data-variant': v.name, 'data-metric': c.metric },
      el('td', {}, esc(v.name)), el('td', {}, esc(def.label)), el('td', {}, esc(bound(c, def.unit))),
      numCell(c.satisfied, `${c.satisfied} / ${c.runs}`), numCell(c.fraction, formatValue(c.fraction, 'ratio')), numCell(c.inAtLeast, formatValue(c.inAtLeast, 'ratio')),
      el('td', { 'data-pass': String(c.pass) }, mark(c.pass)));
  }));
  return table('constraints', head, rows);
}

/** A gate value in words (gate-format.ts): "0.635×", "0.045%", "1,234", "not measured". */
export const gateText = gateValue;

/**
 * The validation gates per variant (spec.gates, what `edgetwin plan` applies): each gate's worst
 * run with ✓/✗ (the run in the tooltip), one format per gate column, and whether the variant is feasible.
 */
export function gatesTable(r: ExperimentResult): string {
  const first = r.variants.find((v) => v.gates?.length);
  if (!first) return '<p class="sub">This result carries no gate evaluations (made before gates were measured per run).</p>';
  const head = ['variant', ...first.gates.map((g) => (g.enabled ? gateHeader(g) : `${GATE_SHORT_NAMES[g.id] ?? g.id} (off)`)), 'feasible'];
  const formats = first.gates.map((g, k) => gateColumnFormat(g, r.variants.map((v) => v.gates[k]?.worst ?? null)));
  const rows = r.variants.map((v) => el('tr', { 'data-variant': v.name },
    el('td', {}, esc(v.name + (v.name === r.meta.baseline ? ' (baseline)' : '') + (v.name === r.best ? ' ★' : ''))),
    ...v.gates.map((g, k) => (g.enabled
      ? el('td', { class: 'num', 'data-gate': g.id, 'data-value': g.worst === null ? '' : String(g.worst), 'data-pass': String(g.pass), title: `worst: ${g.worstAt}; ${g.runs.filter((x) => x.pass).length}/${g.runs.length} runs pass` },
        `${esc((formats[k] ?? ((x: number | null) => gateValue(g, x)))(g.worst))} ${mark(g.pass)}`)
      : el('td', { 'data-gate': g.id }, esc(NONE)))),
    el('td', { 'data-pass': String(v.feasible) }, mark(v.feasible))));
  return table('gates', head, rows);
}

function bound(c: ConstraintResult, unit: string): string {
  const f = (v: number) => formatValue(v, unit);
  if (c.min !== null && c.max !== null) return `${f(c.min)} ≤ x ≤ ${f(c.max)}`;
  if (c.max !== null) return `≤ ${f(c.max)}`;
  if (c.min !== null) return `≥ ${f(c.min)}`;
  return 'none';
}

/** A header cell: text (escaped here) or ready markup. */
export type HeadCell = string | { html: string };

/** A table with a header row, in a scroll box so a wide table never overflows its column; `id` names it for tests and anchors. */
export function table(id: string, head: readonly HeadCell[], rows: readonly string[]): string {
  return el('div', { class: 'table-wrap' }, el('table', { id, 'data-table': id.replace(/-\d+$/, '') },
    el('thead', {}, el('tr', {}, ...head.map((h) => el('th', { scope: 'col' }, typeof h === 'string' ? esc(h) : h.html)))),
    el('tbody', {}, ...rows)));
}
