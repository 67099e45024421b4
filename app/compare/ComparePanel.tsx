/**
 * Compare panel: pick a shipped experiment (its YAML can be edited here), seeds, simulated time
 * and workers; "Compare" runs every variant × sweep point × fault set × seed on the browser worker
 * pool with a progress bar and "Cancel"; then the verdicts (mean, 95% CI, paired verdict against
 * the baseline, best feasible variant), failed runs, the HTML report's charts and a "Download
 * report" link. "Make plan" on a variant opens the plan view. Bad experiments show their located
 * issues.
 */
import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import type { ExperimentResult } from '../../sim-core/whatif/result.ts';
import { faultSetFigures, idMaker, renderHtmlReport, sweepFigures } from '../report/index.ts';
import { gatesTable } from '../report/tables.ts';
import { metricDef } from '../report/bind.ts';
import { SHIPPED_EXPERIMENTS } from '../sim-client/shipped.ts';
import { fmtDuration, fmtSig, formatValue } from '../charts/format.ts';
import { compareController, settingsStore, useCompare, useSettings } from './app-controller.ts';
import type { RunState } from './controller.ts';
import { failedRuns, groupsOf, MAX_WORKERS, outlineOf, verdictTable } from './model.ts';
import { IssueList, Progress } from './parts.tsx';
import { PlanView } from './PlanView.tsx';
import './compare.css';

function Form({ busy }: { busy: boolean }) {
  const s = useSettings((x) => x);
  const uid = useId();
  const shipped = SHIPPED_EXPERIMENTS.find((e) => e.name === s.experiment);
  const outline = useMemo(() => outlineOf(s.text, shipped?.file ?? 'experiment.yaml', s.seeds), [s.text, shipped, s.seeds]);
  const edited = shipped !== undefined && s.text !== shipped.text;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!shipped) return;
    void compareController().compare({ text: s.text, file: shipped.file, seeds: s.seeds, untilMs: s.untilS * 1000, workers: s.workers });
  };
  const set = (patch: Partial<typeof s>) => settingsStore.setState(patch);
  const num = (v: string, lo: number, hi: number, dflt: number) => { const n = Math.round(Number(v)); return Number.isFinite(n) ? Math.min(hi, Math.max(lo, n)) : dflt; };
  return (
    <form className="cmp-form" onSubmit={submit} aria-label="Comparison settings">
      <div className="cmp-field wide">
        <label htmlFor={`${uid}-exp`}>Experiment</label>
        <select id={`${uid}-exp`} value={s.experiment} onChange={(e) => { const x = SHIPPED_EXPERIMENTS.find((y) => y.name === e.target.value); if (x) set({ experiment: x.name, text: x.text }); }}>
          {SHIPPED_EXPERIMENTS.map((x) => <option key={x.name} value={x.name}>{x.name}</option>)}
        </select>
      </div>
      {outline?.description ? <p className="muted cmp-desc">{outline.description}</p> : null}
      <div className="cmp-row">
        <div className="cmp-field">
          <label htmlFor={`${uid}-seeds`}>Seeds</label>
          <input id={`${uid}-seeds`} type="number" min={1} max={50} value={s.seeds} onChange={(e) => set({ seeds: num(e.target.value, 1, 50, 2) })} />
        </div>
        <div className="cmp-field">
          <label htmlFor={`${uid}-until`}>Simulated time (s)</label>
          <input id={`${uid}-until`} type="number" min={1} max={7200} value={s.untilS} onChange={(e) => set({ untilS: num(e.target.value, 1, 7200, 60) })} />
        </div>
        <div className="cmp-field">
          <label htmlFor={`${uid}-workers`}>Workers</label>
          <input id={`${uid}-workers`} type="number" min={1} max={MAX_WORKERS * 2} value={s.workers} onChange={(e) => set({ workers: num(e.target.value, 1, MAX_WORKERS * 2, 2) })} />
        </div>
      </div>
      <p className="muted cmp-hint">
        {outline
          ? `${outline.variants.length} variants × ${outline.sweepPoints} sweep point${outline.sweepPoints === 1 ? '' : 's'} × ${outline.faultSets} fault set${outline.faultSets === 1 ? '' : 's'} × ${outline.seeds} seed${outline.seeds === 1 ? '' : 's'} = ${outline.runs} runs of ${fmtDuration(s.untilS * 1000)} simulated each`
            + `${outline.untilMs !== null && outline.untilMs !== s.untilS * 1000 ? ` (the experiment's own: ${fmtDuration(outline.untilMs)})` : ''}. `
          : ''}
        The defaults (2 seeds × 1 minute) finish a shipped experiment in seconds; more seeds narrow the intervals.
      </p>
      <details className="cmp-yaml">
        <summary>Experiment YAML{edited ? ' (edited)' : ''}</summary>
        <textarea aria-label="Experiment YAML" spellCheck={false} value={s.text} onChange={(e) => set({ text: e.target.value })} rows={14} />
        {edited ? <button type="button" onClick={() => shipped && set({ text: shipped.text })}>Reset to the shipped text</button> : null}
      </details>
      <div className="cmp-actions">
        <button type="submit" className="primary" disabled={busy || !shipped}>Compare</button>
        {busy ? <button type="button" onClick={() => compareController().cancel()}>Cancel</button> : null}
      </div>
    </form>
  );
}

function runText(run: RunState): string {
  if (run.phase === 'preparing') return 'checking the experiment…';
  return `${run.done} of ${run.total} runs done`;
}

function Verdicts({ result, sweepIndex, faultSet, planning }: { result: ExperimentResult; sweepIndex: number; faultSet: string; planning: boolean }) {
  const t = useMemo(() => verdictTable(result, sweepIndex, faultSet), [result, sweepIndex, faultSet]);
  return (
    <div className="cmp-table-wrap">
      <table className="cmp-table" aria-label="Verdicts against the baseline">
        <thead>
          <tr>
            <th scope="col">metric</th>
            {t.rows.map((r) => (
              <th key={r.variant} scope="col" className={r.best ? 'best' : undefined}>
                {r.variant}{r.best ? ' ★' : ''}
                <span className="cmp-sub">{r.baseline ? 'baseline' : r.feasible ? 'feasible' : 'infeasible'}{r.failed ? ` · ${r.failed} failed` : ''}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {t.columns.map((c, k) => (
            <tr key={c.key} data-metric={c.key}>
              <th scope="row">{c.label}{c.unit ? <span className="cmp-sub">{c.unit}</span> : null}</th>
              {t.rows.map((r) => {
                const cell = r.cells[k]!;
                return (
                  <td key={r.variant} className={`num${r.best ? ' best' : ''}`} data-variant={r.variant} data-value={cell.value ?? ''} data-verdict={cell.verdictKind ?? undefined}>
                    <span className="val">{cell.mean}</span>
                    {cell.ci ? <span className="ci">{cell.ci}</span> : null}
                    {cell.verdict ? <span className={`verdict v-${cell.verdictKind}`} title={cell.title}>{cell.verdict}</span> : null}
                  </td>
                );
              })}
            </tr>
          ))}
          <tr className="cmp-plan-row">
            <th scope="row">plan</th>
            {t.rows.map((r) => (
              <td key={r.variant}>
                <button type="button" disabled={planning} aria-label={`Make plan for ${r.variant}`} onClick={() => void compareController().makePlan(r.variant)}>Make plan</button>
              </td>
            ))}
          </tr>
        </tbody>
      </table>
    </div>
  );
}

/** The HTML report's gates table (our own renderer; every text in it is escaped there), styled as the panel's tables. */
function GatesTable({ result }: { result: ExperimentResult }) {
  const html = useMemo(() => gatesTable(result).replace('<table ', '<table class="cmp-table" '), [result]);
  return <div className="cmp-table-wrap cmp-gates" dangerouslySetInnerHTML={{ __html: html }} />;
}

/** Inlines SVG figure strings made by app/report (our own pure renderers; every text in them is escaped there). */
function Figures({ figures }: { figures: readonly string[] }) {
  return <div className="cmp-figs">{figures.map((f, i) => <div key={i} className="cmp-fig" dangerouslySetInnerHTML={{ __html: f }} />)}</div>;
}

function useReportUrl(result: ExperimentResult | null): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!result) { setUrl(null); return; }
    const u = URL.createObjectURL(new Blob([renderHtmlReport(result)], { type: 'text/html' }));
    setUrl(u);
    return () => URL.revokeObjectURL(u);
  }, [result]);
  return url;
}

function Results({ run }: { run: RunState }) {
  const uid = useId();
  const result = run.result!;
  const m = result.meta;
  const groups = useMemo(() => groupsOf(m), [m]);
  const [sweepIndex, setSweepIndex] = useState(0);
  const [faultSet, setFaultSet] = useState(groups.faultSets[0] ?? 'normal');
  const planning = useCompare((s) => s.plan?.phase === 'running');
  const fs = groups.faultSets.includes(faultSet) ? faultSet : groups.faultSets[0]!;
  const si = Math.min(sweepIndex, groups.sweep.length - 1);
  const figs = useMemo(() => {
    const id = idMaker('cmp-');
    const scope = `${fs}${m.sweep ? ` at ${groups.sweep[si]!.label}` : ''}`;
    return { main: faultSetFigures(result, fs, si, id, scope), sweep: sweepFigures(result, fs, id) };
  }, [result, fs, si, m.sweep, groups]);
  const failed = failedRuns(result.runs);
  const url = useReportUrl(result);
  const obj = m.objective ? metricDef(result, m.objective.metric) : null;
  const best = result.variants.find((v) => v.name === result.best);
  return (
    <div className="cmp-results">
      <p className="cmp-best" role="status">
        {result.best
          ? <>Best feasible variant{obj ? ` by ${obj.label} (${m.objective!.direction} is better)` : ''}: <strong>{result.best}</strong>{best && obj ? ` (${formatValue(best.objectiveValue, obj.unit)})` : ''}</>
          : m.objective ? 'No variant satisfies every constraint.' : 'The experiment has no objective, so no best variant.'}
      </p>
      <p className="muted">
        {result.runs.length} runs in {fmtSig(run.elapsedMs / 1000, 3)} s on {Math.min(run.request.workers, result.runs.length)} worker{run.request.workers === 1 ? '' : 's'}
        {' · '}{m.seeds.length} seed{m.seeds.length === 1 ? '' : 's'} × {m.untilMs === null ? 'scenario duration' : fmtDuration(m.untilMs)}
        {url ? <> · <a href={url} download={`${m.name}-report.html`}>Download report</a></> : null}
      </p>
      {failed.length ? (
        <div className="cmp-failed" role="alert">
          <p><strong>{failed.length} run{failed.length === 1 ? '' : 's'} failed</strong> (left out of the statistics):</p>
          <ul>{failed.map((f) => <li key={f.index}>run {f.index} ({f.where}): <span className="mono">{f.error}</span></li>)}</ul>
        </div>
      ) : null}
      <div className="cmp-row">
        {groups.faultSets.length > 1 ? (
          <div className="cmp-field">
            <label htmlFor={`${uid}-fs`}>Fault set</label>
            <select id={`${uid}-fs`} value={fs} onChange={(e) => setFaultSet(e.target.value)}>{groups.faultSets.map((f) => <option key={f} value={f}>{f}</option>)}</select>
          </div>
        ) : null}
        {m.sweep ? (
          <div className="cmp-field wide">
            <label htmlFor={`${uid}-sweep`}>Sweep point</label>
            <select id={`${uid}-sweep`} value={si} onChange={(e) => setSweepIndex(Number(e.target.value))}>{groups.sweep.map((g) => <option key={g.index} value={g.index}>{g.label}</option>)}</select>
          </div>
        ) : null}
      </div>
      <p className="muted cmp-legend">Mean over seeds, 95% confidence interval below it, then the paired verdict against the baseline on the same seeds: better / worse at 95% confidence, ≈ within the noise, with the relative difference.</p>
      <Verdicts result={result} sweepIndex={si} faultSet={fs} planning={planning} />
      <h3 className="cmp-h3">Validation gates</h3>
      <p className="muted cmp-legend">What Make plan applies (spec.gates): each gate's worst run over every seed, fault set and sweep point; a variant is feasible when every gate holds in every run and its constraints are met.</p>
      <GatesTable result={result} />
      <h3 className="cmp-h3">Latency distribution</h3>
      <Figures figures={figs.main.cdf} />
      <h3 className="cmp-h3">Metrics with 95% confidence intervals</h3>
      <Figures figures={figs.main.bars} />
      {figs.main.pareto ? <><h3 className="cmp-h3">Trade-offs</h3><Figures figures={[figs.main.pareto]} /></> : null}
      <h3 className="cmp-h3">Over time (seed {figs.main.seed.seed}, the baseline's median run)</h3>
      <Figures figures={figs.main.timeseries} />
      {figs.sweep.length ? <><h3 className="cmp-h3">Sweep over {m.sweep!.path} ({fs})</h3><Figures figures={figs.sweep} /></> : null}
    </div>
  );
}

/** The Compare panel (no props: it reads its controller and settings). */
export function ComparePanel() {
  const run = useCompare((s) => s.run);
  const plan = useCompare((s) => s.plan);
  const busy = run?.phase === 'preparing' || run?.phase === 'running';
  return (
    <section className="compare" aria-labelledby="cmp-title">
      <h2 className="panel-title" id="cmp-title">Compare variants</h2>
      <div className="cmp-body">
        <Form busy={busy} />
        {run && (busy || run.phase === 'done') ? (
          <Progress label="Comparison progress" fraction={run.phase === 'done' ? 1 : run.fraction} text={run.phase === 'done' ? `${run.total} of ${run.total} runs done` : runText(run)} />
        ) : null}
        {run?.phase === 'cancelled' ? <p className="muted" role="status">Cancelled after {run.done} of {run.total} runs.</p> : null}
        {run?.phase === 'failed' ? <p className="cmp-error" role="alert">The comparison failed: {run.message}</p> : null}
        {run?.phase === 'invalid' ? <IssueList issues={run.issues} title={`The experiment has ${run.issues.length} problem${run.issues.length === 1 ? '' : 's'}; nothing was run.`} /> : null}
        {run?.warnings.length ? <ul className="cmp-warn">{run.warnings.map((w) => <li key={w}>{w}</li>)}</ul> : null}
        {plan ? <PlanView /> : null}
        {run?.phase === 'done' && run.result ? <Results key={run.id} run={run} /> : null}
      </div>
    </section>
  );
}
