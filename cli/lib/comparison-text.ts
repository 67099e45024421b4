/**
 * The terminal comparison of `edgetwin compare`: per sweep point × fault set, one row per variant
 * with each metric's mean ±95% CI half-width and the paired verdict against the baseline, then
 * the gates table (spec.gates per variant, worst run, ✓/✗ — what `plan` applies) and the best
 * feasible variant with the reason each other variant is not feasible. One number format per
 * column (table.ts / app/report/format.ts): a half-width prints in its column's precision, so
 * noise such as ±1.73e-18 reads ±0.
 */
import type { ColumnFormat } from '../../app/report/format.ts';
import { multipleComparisonsNote } from '../../sim-core/whatif/multiple-comparisons.ts';
import type { CellResult, ExperimentResult, MetricDef } from '../../sim-core/whatif/result.ts';
import { gateBound, gateCell, gateColumnFormat, gateHeader, gateValue } from './gates-text.ts';
import { formatOfColumn, renderTable, type Column } from './table.ts';

const ARROW = { better: '▲', worse: '▼', indistinguishable: '=' } as const;

/** A CI half-width in the column's format: "±0.47"; "±0" when it rounds to nothing at that precision. */
export function halfWidthText(fmt: ColumnFormat, half: number): string {
  const t = fmt.number(half);
  return /[1-9]/.test(t) ? `±${t}` : '±0';
}

/** One metric column of a cell group: header (with the shared unit) and the cell texts, parts aligned. */
export function metricColumn(cells: readonly CellResult[], m: MetricDef): { column: Column; texts: string[] } {
  const fmt = formatOfColumn(m.unit === 'ratio' ? 'ratio' : m.unit, cells.map((c) => c.metrics[m.key]?.mean ?? null));
  const parts = cells.map((c) => {
    const s = c.metrics[m.key];
    const mean = s?.mean ?? null;
    const half = s?.ci95 && mean !== null ? (s.ci95[1] - s.ci95[0]) / 2 : null;
    const cmp = c.vsBaseline[m.key];
    return [mean === null ? '—' : fmt.number(mean), half === null ? '' : halfWidthText(fmt, half), cmp ? ARROW[cmp.verdict] : ''];
  });
  const w = [0, 1].map((k) => Math.max(...parts.map((p) => p[k]!.length)));
  const texts = parts.map((p) => [p[0]!.padStart(w[0]!), p[1]!.padEnd(w[1]!), p[2]].join(' ').trimEnd());
  return { column: { header: `${m.key}${fmt.unit ? ` (${fmt.unit})` : ''}` }, texts };
}

/** The terminal comparison: per sweep point × fault set, one row per variant; then gates and the verdict. */
export function renderComparison(result: ExperimentResult): string {
  const { meta } = result;
  const out: string[] = [`${meta.name}  (${meta.scenarioName}, baseline ${meta.baseline}, ${meta.seeds.length} seeds, ${meta.totalRuns} runs${result.failedRuns ? `, ${result.failedRuns} FAILED` : ''})`];
  const groups = new Map<string, CellResult[]>();
  for (const c of result.cells) {
    const k = `${c.sweepIndex}|${c.faultSet}`;
    groups.set(k, [...(groups.get(k) ?? []), c]);
  }
  const name = (v: string) => `${v}${v === meta.baseline ? ' (baseline)' : ''}${result.best === v ? ' ★' : ''}`;
  for (const cells of groups.values()) {
    const c0 = cells[0]!;
    const title = [meta.sweep ? `${meta.sweep.path} = ${String(c0.sweepValue)}` : '', meta.faultSets.length > 1 || c0.faultSet !== 'normal' ? `fault set ${c0.faultSet}` : ''].filter(Boolean).join(', ');
    out.push('');
    if (title) out.push(title);
    const cols = meta.metrics.map((m) => metricColumn(cells, m));
    const header: Column[] = [{ header: 'variant' }, ...cols.map((c) => c.column), ...(meta.constraints.length ? [{ header: 'constraints' }] : [])];
    const rows = cells.map((c, i) => [
      name(c.variant), ...cols.map((col) => col.texts[i]!),
      ...(meta.constraints.length ? [c.constraints.map((k) => `${k.pass ? '✓' : '✗'}${k.metric} ${Math.round(k.fraction * 100)}%`).join(' ')] : []),
    ]);
    out.push(renderTable(header, rows));
  }
  out.push('');
  out.push('mean ±95% CI half-width over seeds; ▲ better / ▼ worse / = indistinguishable vs baseline (paired t, same seeds)');
  out.push(multipleComparisonsNote(result));
  out.push(...gatesSection(result));
  if (meta.objective) out.push(`objective: ${meta.objective.direction === 'lower' ? 'minimize' : 'maximize'} ${meta.objective.metric} → best feasible variant: ${result.best ?? '(none feasible)'}`);
  const fronts = result.pareto.filter((p) => p.front.length).map((p) => p.front.join(', '));
  if (fronts.length === 1) out.push(`Pareto front (p95 latency, cost, energy): ${fronts[0]}`);
  return out.join('\n');
}

/** The gates table: one row per variant, each gate's worst run and ✓/✗, constraints, feasible; then why each infeasible variant is. */
export function gatesSection(result: ExperimentResult): string[] {
  const { meta, variants } = result;
  const first = variants.find((v) => v.gates?.length);
  if (!first) return [];
  const out = ['', 'gates (spec.gates; `edgetwin plan` applies the same): the worst run of each variant over every sweep point, fault set and seed;',
    'feasible = every gate holds in every run, every constraint in every cell, and no run failed'];
  const header: Column[] = [{ header: 'variant' }, ...first.gates.map((g) => ({ header: gateHeader(g) })), ...(meta.constraints.length ? [{ header: 'constraints' }] : []), { header: 'feasible' }];
  // One format per gate column, from every variant's worst value.
  const formats = first.gates.map((g, k) => gateColumnFormat(g, variants.map((v) => v.gates[k]?.worst ?? null)));
  out.push(renderTable(header, variants.map((v) => [
    `${v.name}${v.name === meta.baseline ? ' (baseline)' : ''}${result.best === v.name ? ' ★' : ''}`,
    ...v.gates.map((g, k) => gateCell(g, formats[k])),
    ...(meta.constraints.length ? [v.constraints.every((c) => c.pass) && result.cells.filter((c) => c.variant === v.name).every((c) => c.feasible) ? '✓' : '✗'] : []),
    v.feasible ? 'yes' : 'no',
  ])));
  for (const v of variants.filter((x) => !x.feasible)) {
    const why = [
      ...(v.failed ? [`${v.failed} run(s) failed`] : []),
      ...v.gates.filter((g) => !g.pass).map((g) => `gate ${g.id} ${gateValue(g, g.worst)} (needs ${gateBound(g)}), worst in ${g.worstAt}`),
      ...result.cells.filter((c) => c.variant === v.name && !c.feasible).slice(0, 1).flatMap((c) => c.constraints.filter((k) => !k.pass).map((k) => `constraint ${k.metric} held in ${Math.round(k.fraction * 100)}% of the seeds (needs ${Math.round(k.inAtLeast * 100)}%)${meta.sweep ? ` at ${meta.sweep.path}=${String(c.sweepValue)}` : ''}, fault set ${c.faultSet}`)),
    ];
    out.push(`  ${v.name} is not feasible: ${why.join('; ')}`);
  }
  return out;
}
