/**
 * The report's tables: experiment metadata, variants (feasibility, objective, rank), verdicts
 * against the baseline, and constraints. Every number cell carries its exact value in
 * `data-value` so the table can be checked (and copied) without the display rounding.
 */
import type { CellResult, ConstraintResult, ExperimentResult, MetricDef } from '../../sim-core/whatif/result.ts';
import { el, esc, fmtNum, fmtPct } from './markup.ts';

/** A numeric cell: display text, exact value in data-value ("" for null). */
export function numCell(v: number | null, text?: string): string {
  return el('td', { class: 'num', 'data-value': v === null ? '' : String(v) }, esc(text ?? (v === null ? '–' : fmtNum(v, 4))));
}

/** A value with its unit for display ('B' values get binary prefixes). */
export function withUnit(v: number | null, unit: string): string {
  if (v === null) return '–';
  if (unit === 'B') {
    const u = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let x = v; let i = 0;
    while (Math.abs(x) >= 1024 && i < u.length - 1) { x /= 1024; i++; }
    return `${fmtNum(x, 4)} ${u[i]}`;
  }
  if (unit === 'ratio') return fmtPct(v, 3);
  if (unit === 'USD') return `$${fmtNum(v, 4)}`;
  return unit ? `${fmtNum(v, 4)} ${unit}` : fmtNum(v, 4);
}

const mark = (ok: boolean) => (ok ? '<span class="ok" aria-label="pass">✓</span>' : '<span class="bad" aria-label="fail">✗</span>');

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
    ['simulated time', m.untilMs === null ? 'scenario duration' : `${fmtNum(m.untilMs / 60_000)} min`],
    ['runs', `${m.totalRuns} (${r.failedRuns} failed)`],
  ];
  return `<dl class="meta">${rows.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('')}</dl>`;
}

/** Variants table: feasibility ✓/✗, failed runs, objective value and rank; the best row highlighted. */
export function variantsTable(r: ExperimentResult): string {
  const obj = r.meta.objective;
  const head = ['variant', 'description', 'feasible', 'failed runs', obj ? `objective: ${obj.metric} (${obj.direction} is better)` : 'objective', 'rank'];
  const rows = r.variants.map((v) => {
    const desc = r.meta.variants.find((d) => d.name === v.name)?.description ?? '';
    const name = v.name + (v.name === r.meta.baseline ? ' (baseline)' : '') + (v.name === r.best ? ' ★' : '');
    return el('tr', { class: v.name === r.best ? 'best' : undefined, 'data-variant': v.name },
      el('td', {}, esc(name)), el('td', {}, esc(desc)), el('td', { 'data-pass': String(v.feasible) }, mark(v.feasible)),
      numCell(v.failed, String(v.failed)), numCell(v.objectiveValue), numCell(v.rank, v.rank === null ? '–' : String(v.rank)));
  });
  return table('variants', head, rows);
}

/** Verdicts of one cell group (one sweep point × fault set): rows = variants, columns = metrics. */
export function verdictTable(cells: readonly CellResult[], metrics: readonly MetricDef[], baseline: string, id: string): string {
  const head = ['variant', ...metrics.map((m) => `${m.label}${m.unit ? ` (${m.unit})` : ''}`)];
  const rows = cells.map((c) => el('tr', { 'data-variant': c.variant },
    el('td', {}, esc(c.variant === baseline ? `${c.variant} (baseline)` : c.variant)),
    ...metrics.map((m) => {
      const s = c.metrics[m.key];
      const cmp = c.vsBaseline[m.key];
      const mean = s?.mean ?? null;
      const ci = s?.ci95 ? ` [${withUnit(s.ci95[0], m.unit)}, ${withUnit(s.ci95[1], m.unit)}]` : '';
      const base = `${withUnit(mean, m.unit)}${ci}`;
      if (!cmp || c.variant === baseline) return el('td', { class: 'num', 'data-metric': m.key, 'data-value': mean === null ? '' : String(mean) }, esc(base));
      const rel = cmp.relativeDiff === null ? '' : ` (${cmp.relativeDiff > 0 ? '+' : ''}${fmtPct(cmp.relativeDiff)})`;
      return el('td', { class: 'num', 'data-metric': m.key, 'data-value': mean === null ? '' : String(mean), 'data-verdict': cmp.verdict },
        esc(base), '<br>', el('span', { class: `v-${cmp.verdict}`, title: `p = ${fmtNum(cmp.pValue, 3)}, n = ${cmp.n}` }, esc(`${cmp.verdict}${rel}`)));
    })));
  return table(id, head, rows);
}

/** Constraints per variant over all its runs: bound, satisfied/runs, required fraction, ✓/✗. */
export function constraintsTable(r: ExperimentResult): string {
  if (r.meta.constraints.length === 0) return '<p class="sub">The experiment declares no constraints.</p>';
  const head = ['variant', 'metric', 'bound', 'satisfied / runs', 'fraction', 'required', 'pass'];
  const rows = r.variants.flatMap((v) => v.constraints.map((c: ConstraintResult) => el('tr', { 'data-variant': v.name, 'data-metric': c.metric },
    el('td', {}, esc(v.name)), el('td', {}, esc(c.metric)), el('td', {}, esc(bound(c))),
    numCell(c.satisfied, `${c.satisfied} / ${c.runs}`), numCell(c.fraction, fmtPct(c.fraction)), numCell(c.inAtLeast, fmtPct(c.inAtLeast)),
    el('td', { 'data-pass': String(c.pass) }, mark(c.pass)))));
  return table('constraints', head, rows);
}

function bound(c: ConstraintResult): string {
  if (c.min !== null && c.max !== null) return `${fmtNum(c.min, 6)} ≤ x ≤ ${fmtNum(c.max, 6)}`;
  if (c.max !== null) return `≤ ${fmtNum(c.max, 6)}`;
  if (c.min !== null) return `≥ ${fmtNum(c.min, 6)}`;
  return 'none';
}

/** A table with a header row; `id` names it for tests and anchors. */
export function table(id: string, head: readonly string[], rows: readonly string[]): string {
  return el('table', { id, 'data-table': id.replace(/-\d+$/, '') },
    el('thead', {}, el('tr', {}, ...head.map((h) => el('th', { scope: 'col' }, esc(h))))),
    el('tbody', {}, ...rows));
}
