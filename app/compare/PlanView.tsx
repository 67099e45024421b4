/**
 * Plan view: the plan for one variant of the last comparison, made by the 'plan' job in a pool
 * worker (validation runs under the failure suite), with its progress and "Cancel"; then its hash,
 * status and blockers, the placement diff (drawn on the 3D view through appStore.planDiff; nodes
 * the loaded scenario lacks are listed, with a button that loads the experiment's scenario),
 * policies, validation and gates with their numbers. Approve and Push wait for a live gateway.
 */
import { useEffect, useMemo, useState } from 'react';
import { formatIssue } from '../../sim-core/text/input-error.ts';
import type { Plan } from '../../sim-core/whatif/plan/plan.ts';
import { appStore } from '../app-context.ts';
import { useApp } from '../store/use-store.ts';
import { loadText, toast } from '../store/actions.ts';
import { BUNDLED_FILES, SHIPPED_SCENARIOS } from '../sim-client/shipped.ts';
import { fmtDuration, fmtSig } from '../charts/format.ts';
import { resolveRepoPath } from '../../workers/jobs/plan.ts';
import { compareController, useCompare } from './app-controller.ts';
import { diffRows, gateRows, sceneDiff } from './plan-model.ts';
import { IssueList, Progress } from './parts.tsx';

const CHANGE_MARK = { added: '+ added', removed: '− removed', moved: '~ moved', unchanged: '= unchanged' } as const;

function useDrawDiff(plan: Plan | null) {
  const description = useApp((s) => s.description);
  const scene = useMemo(() => (plan ? sceneDiff(plan, description) : null), [plan, description]);
  useEffect(() => {
    if (!scene) return;
    const mine = scene.planDiff;
    appStore.setState({ planDiff: mine });
    // Clear it when the plan goes away, unless something else replaced it meanwhile.
    return () => { if (appStore.getState().planDiff === mine) appStore.setState({ planDiff: null }); };
  }, [scene]);
  return { scene, description };
}

function ScenarioNote({ plan, missing, requestFile }: { plan: Plan; missing: string[]; requestFile: string }) {
  const loadedName = useApp((s) => s.description?.name ?? null);
  const [loading, setLoading] = useState(false);
  const path = resolveRepoPath(requestFile, plan.scenario.file);
  const text = BUNDLED_FILES[path];
  const load = async () => {
    if (text === undefined) return;
    setLoading(true);
    try {
      const shipped = SHIPPED_SCENARIOS.find((s) => s.file === path);
      const ok = await loadText(text, path, shipped ? shipped.name : 'custom');
      if (ok) toast(`loaded ${plan.scenario.name}; the plan's diff is drawn on it`);
    } catch (e) {
      toast(`could not load ${path}: ${(e as Error).message}`, 'error');
    } finally {
      setLoading(false);
    }
  };
  if (missing.length === 0) {
    return <p className="muted">The diff is drawn on the 3D view: old replicas → new ones for each changed service.</p>;
  }
  return (
    <div className="cmp-warn-box">
      <p>
        {missing.length} node{missing.length === 1 ? '' : 's'} of the plan {missing.length === 1 ? 'is' : 'are'} not in the loaded scenario
        {loadedName ? ` (${loadedName})` : ''}: <span className="mono">{missing.join(', ')}</span>. The plan is for scenario {plan.scenario.name}.
      </p>
      {text !== undefined
        ? <button type="button" onClick={() => void load()} disabled={loading}>{loading ? 'Loading…' : `Load scenario ${plan.scenario.name}`}</button>
        : <p className="muted">{path} is not bundled with the app.</p>}
    </div>
  );
}

function PlanBody({ plan, requestFile }: { plan: Plan; requestFile: string }) {
  const { scene } = useDrawDiff(plan);
  const rows = useMemo(() => diffRows(plan), [plan]);
  const gates = useMemo(() => gateRows(plan), [plan]);
  const url = useMemo(() => URL.createObjectURL(new Blob([`${JSON.stringify(plan, null, 2)}\n`], { type: 'application/json' })), [plan]);
  useEffect(() => () => URL.revokeObjectURL(url), [url]);
  const ok = plan.status === 'approvable';
  return (
    <>
      <p className={`cmp-status ${ok ? 'good' : 'bad'}`} role="status">
        <strong>{ok ? 'Approvable' : 'Blocked'}</strong>{ok ? ': every gate passed and no policy denied a replica.' : ':'}
      </p>
      {!ok ? <ul className="cmp-blockers">{plan.blockers.map((b) => <li key={b}>{b}</li>)}</ul> : null}
      <dl className="cmp-dl">
        <dt>hash</dt><dd className="mono cmp-hash">{plan.hash}</dd>
        <dt>against</dt><dd>{plan.against.kind === 'snapshot' ? `snapshot ${plan.against.source}` : `the baseline variant (${plan.against.source})`}</dd>
        <dt>validation</dt><dd>{plan.validation.runs} runs: fault sets {plan.validation.faultSets.map((f) => f.name).join(', ')} × seeds {plan.validation.seeds.join(', ')}, {plan.validation.durationMs === null ? 'scenario duration' : fmtDuration(plan.validation.durationMs)} each</dd>
        {plan.sweep ? <><dt>sweep point</dt><dd>{plan.sweep.path} = {String(plan.sweep.value)}</dd></> : null}
      </dl>
      <h4>Placement diff</h4>
      {scene ? <ScenarioNote plan={plan} missing={scene.missing} requestFile={requestFile} /> : null}
      <div className="cmp-table-wrap">
        <table className="cmp-table plain" aria-label="Placement diff">
          <thead><tr><th scope="col">change</th><th scope="col">service</th><th scope="col">from</th><th scope="col">to</th></tr></thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.service} data-change={r.change}>
                <td className={`chg-${r.change}`}>{CHANGE_MARK[r.change]}</td>
                <th scope="row">{r.service}</th>
                <td>{r.from.map((n) => <span key={n} className={r.left.includes(n) ? 'node left' : 'node'}>{n}</span>)}</td>
                <td>{r.to.map((n) => <span key={n} className={r.gained.includes(n) ? 'node gained' : 'node'}>{n}</span>)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h4>Policies</h4>
      <p>{plan.policies.evaluated ? <>Satisfied: {plan.policies.satisfied.length ? <span className="mono">{plan.policies.satisfied.join(', ')}</span> : 'none'}. {plan.policies.note}.</> : `${plan.policies.note}.`}
        {plan.policies.meanPreferenceScore !== null ? ` Mean placement preference ${fmtSig(plan.policies.meanPreferenceScore, 3)} / 100.` : ''}</p>
      {plan.policies.violations.length ? <ul className="cmp-blockers">{plan.policies.violations.map((v) => <li key={`${v.service}@${v.node}`}>{v.service} on {v.node}: denied by {v.policyIds.join(', ') || v.basis}</li>)}</ul> : null}
      <h4>Gates</h4>
      <div className="cmp-table-wrap">
        <table className="cmp-table plain" aria-label="Validation gates">
          <thead><tr><th scope="col">gate</th><th scope="col">threshold</th><th scope="col">worst</th><th scope="col">runs passed</th><th scope="col">result</th></tr></thead>
          <tbody>
            {gates.map((g) => (
              <tr key={g.id} data-gate={g.id}>
                <th scope="row" title={g.title}>{g.id}</th>
                <td className="num">{g.threshold}</td>
                <td className="num" title={g.worstAt}>{g.worst}{g.worstAt ? <span className="cmp-sub">{g.worstAt}</span> : null}</td>
                <td className="num">{g.passed}</td>
                <td className={g.pass ? 'sev-good' : 'sev-bad'}>{g.enabled ? (g.pass ? 'pass' : 'FAIL') : 'off'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <details className="cmp-runs">
        <summary>Per run: value against threshold, per fault set and seed</summary>
        <div className="cmp-table-wrap">
          <table className="cmp-table plain" aria-label="Gate values per run">
            <thead><tr><th scope="col">gate</th><th scope="col">fault set</th><th scope="col">seed</th><th scope="col">value</th><th scope="col">threshold</th><th scope="col">where</th><th scope="col">result</th></tr></thead>
            <tbody>
              {gates.flatMap((g) => g.runs.map((r) => (
                <tr key={`${g.id}/${r.faultSet}/${r.seed}`}>
                  <th scope="row">{g.id}</th><td>{r.faultSet}</td><td className="num">{r.seed}</td><td className="num">{r.value}</td><td className="num">{g.threshold}</td>
                  <td>{r.at}</td><td className={r.pass ? 'sev-good' : 'sev-bad'}>{r.pass ? 'pass' : 'FAIL'}</td>
                </tr>
              )))}
            </tbody>
          </table>
        </div>
      </details>
      <div className="cmp-actions">
        <button type="button" disabled aria-describedby="cmp-gw-note">Approve</button>
        <button type="button" disabled aria-describedby="cmp-gw-note">Push</button>
        <a href={url} download={`plan-${plan.variant}.json`}>Download plan JSON</a>
      </div>
      <p className="muted" id="cmp-gw-note">connect a gateway (edgetwin serve with the live connectors) to approve and push</p>
    </>
  );
}

/** The plan of the variant chosen in the comparison (no props: it reads the Compare controller). */
export function PlanView() {
  const p = useCompare((s) => s.plan);
  if (!p) return null;
  const busy = p.phase === 'running';
  return (
    <section className="cmp-plan" aria-labelledby="cmp-plan-title">
      <div className="cmp-plan-head">
        <h3 id="cmp-plan-title">Plan for {p.variant}</h3>
        <span className="grow" />
        {busy ? <button type="button" onClick={() => compareController().cancelPlan()}>Cancel</button> : <button type="button" onClick={() => compareController().closePlan()}>Close plan</button>}
      </div>
      {busy ? (
        <Progress label="Plan validation progress" fraction={p.total ? p.done / p.total : 0}
          text={p.total ? `validation run ${p.done} of ${p.total}${p.last ? ` (${p.last})` : ''}` : 'resolving the placement…'} />
      ) : null}
      {p.phase === 'cancelled' ? <p className="muted" role="status">Cancelled.</p> : null}
      {p.phase === 'failed' ? <p className="cmp-error" role="alert">Making the plan failed: {p.message}</p> : null}
      {p.phase === 'invalid' ? <IssueList issues={p.issues} title="The plan cannot be made:" /> : null}
      {p.phase === 'done' && p.plan ? <PlanBody plan={p.plan} requestFile={p.request.file} /> : null}
      {p.phase === 'invalid' && p.issues.length === 0 ? <p className="mono">{formatIssue({ file: p.request.file, line: 0, col: 0, path: '', message: p.message })}</p> : null}
    </section>
  );
}
