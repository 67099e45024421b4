/**
 * `renderHtmlReport(result)`: one self-contained HTML page (inline CSS, inline SVG, no scripts,
 * no external fonts or URLs) that opens offline, e.g. from an email attachment. Pure: no DOM, no
 * node:*, no clock, so the browser app renders the same bytes. Same input → identical string.
 */
import { multipleComparisonsNote } from '../../sim-core/whatif/multiple-comparisons.ts';
import type { ExperimentResult } from '../../sim-core/whatif/result.ts';
import { cellsOf, metricDef } from './bind.ts';
import { csvDataUri, runsCsv } from './csv.ts';
import { faultSetFigures, idMaker, sweepFigures } from './figures.ts';
import { esc, fmtNum } from './markup.ts';
import { REPORT_CSS } from './styles.ts';
import { constraintsTable, gatesTable, metaList, variantsTable, verdictTable } from './tables.ts';

export { barChart, type Bar } from './bars.ts';
export { cdfChart, histogramCdf, type CdfSeries } from './cdf.ts';
export { paretoChart, type ParetoPoint } from './pareto.ts';
export { sweepChart, type SweepSeries, type SweepPoint } from './sweep.ts';
export { timeSeriesChart, type TimeSeries } from './timeseries.ts';
export { runsCsv, csvDataUri } from './csv.ts';
export { faultSetFigures, sweepFigures, idMaker, type FaultSetFigures, type IdMaker } from './figures.ts';
export { REPORT_CSS } from './styles.ts';

/** Renders the whole report; throws only on a programmer error (a result that is a shard). */
export function renderHtmlReport(result: ExperimentResult): string {
  if (result.shard !== null) throw new Error(`renderHtmlReport: got shard ${result.shard.index}/${result.shard.count}; merge the shards first (edgetwin merge)`);
  const m = result.meta;
  const id = idMaker();
  const sweepLabel = (i: number) => (m.sweep ? ` at ${m.sweep.path} = ${String(m.sweep.values[i])}` : '');
  const out: string[] = [];

  out.push(`<header class="top"><h1>${esc(m.name)}: what-if report</h1><p class="sub">Scenario ${esc(m.scenarioName)} · ${m.variants.length} variants × ${m.sweep ? m.sweep.values.length : 1} sweep points × ${m.faultSets.length} fault sets × ${m.seeds.length} seeds = ${m.totalRuns} runs</p>${metaList(result)}</header>`);

  // Summary: the best variant, the variants table, constraints.
  out.push('<section id="summary"><h2>Summary</h2>');
  out.push(result.best
    ? `<div class="callout" id="best">Best feasible variant${m.objective ? ` by ${esc(metricDef(result, m.objective.metric).label)} (${m.objective.direction} is better)` : ''}: <strong>${esc(result.best)}</strong></div>`
    : `<div class="callout none" id="best">No best variant: ${m.objective ? 'no variant satisfies every constraint and gate' : 'the experiment has no objective'}.</div>`);
  out.push(variantsTable(result));
  out.push('<h3>Constraints</h3>', constraintsTable(result));
  out.push('<h3>Validation gates</h3><p class="sub">The gates <code>edgetwin plan</code> applies (spec.gates): a variant is feasible only when each holds in every one of its runs — every sweep point, fault set and seed — and every constraint holds. Worst run per variant; its run in the tooltip.</p>', gatesTable(result));
  out.push(`<p><a class="download" download="${esc(`${m.name}-runs.csv`)}" href="${esc(csvDataUri(runsCsv(result)))}">Download every run as CSV (${result.runs.length} rows)</a></p>`);
  out.push('</section>');

  // Verdicts per sweep point × fault set; the first group open, the rest folded.
  out.push('<section id="verdicts"><h2>Comparison with the baseline</h2><p class="sub">Mean over seeds, its 95% confidence interval below it, then the paired verdict against the baseline on the same seeds (common random numbers) with the relative difference: better / worse at 95% confidence, ≈ when the difference is within the noise.</p>');
  out.push(`<p class="sub" id="multiple-comparisons">${esc(multipleComparisonsNote(result))}</p>`);
  const sweepN = m.sweep ? m.sweep.values.length : 1;
  let first = true;
  for (let si = 0; si < sweepN; si++) {
    for (const fs of m.faultSets) {
      const cells = cellsOf(result, si, fs.name);
      if (cells.length === 0) continue;
      const t = verdictTable(cells, m.metrics, m.baseline, id('verdicts'));
      const title = `Fault set ${fs.name}${sweepLabel(si)}`;
      out.push(first ? `<h3>${esc(title)}</h3>${t}` : `<details><summary>${esc(title)}</summary>${t}</details>`);
      first = false;
    }
  }
  out.push('</section>');

  // Charts per fault set at the first sweep point (the sweep section covers the others).
  for (const fs of m.faultSets) {
    if (cellsOf(result, 0, fs.name).length === 0) continue;
    const figs = faultSetFigures(result, fs.name, 0, id, `${fs.name}${sweepLabel(0)}`);
    out.push(`<section class="faultset" data-fault-set="${esc(fs.name)}"><h2>Fault set: ${esc(fs.name)}${esc(sweepLabel(0))}</h2>`);
    if (fs.faults.length) out.push(`<p class="sub">Faults: ${esc(fs.faults.join('; '))}</p>`);
    out.push('<h3>Latency distribution</h3><div class="charts">', ...figs.cdf, '</div>');
    out.push('<h3>Metrics with 95% confidence intervals</h3><div class="charts">', ...figs.bars, '</div>');
    if (figs.pareto) out.push('<h3>Trade-offs</h3><div class="charts">', figs.pareto, '</div>');
    out.push(`<h3>Over time: seed ${esc(String(figs.seed.seed))} (the baseline's median run by ${esc(figs.seed.metric ? metricDef(result, figs.seed.metric).label : 'index')})</h3><div class="charts">`, ...figs.timeseries, '</div></section>');
  }

  if (m.sweep && result.curves.length > 0) {
    out.push(`<section id="sweep"><h2>Sweep over ${esc(m.sweep.path)}</h2>`);
    for (const fs of m.faultSets) {
      out.push(`<h3>Fault set ${esc(fs.name)}</h3><div class="charts">`, ...sweepFigures(result, fs.name, id), '</div>');
    }
    out.push('</section>');
  }

  out.push(`<footer>EdgeTwin what-if report · result format v${result.version} · ${result.runs.length} runs · definition hash ${esc(m.hash)} · traces ${fmtNum(new Set(result.runs.map((r) => r.traceHash)).size)} distinct</footer>`);

  return `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">`
    + `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`
    + `<title>${esc(`${m.name}: what-if report`)}</title><style>${REPORT_CSS}</style></head>`
    + `<body><main>${out.join('\n')}</main></body></html>\n`;
}
