/**
 * The Fleet panel: the live fleet as the gateway sees it. Connect with a token (viewer or above);
 * then the nodes (state, last seen, heartbeat lag, running version, workloads, CPU), how far the
 * twin can be trusted (shadow mode's MAPE per node and app, calibration before and after), the
 * plans with their approvals, and pushes with their waves. Operators approve, push (with a dry
 * run first if they like) and roll back from here; the gateway decides, audits and refuses.
 */
import { useEffect, useId, useState, type FormEvent } from 'react';
import type { PlanListItem, PushView } from './api-types.ts';
import { approvePlan, connect, disconnect, keptToken, pushPlan, rollbackPush, useFleet } from './fleet-store.ts';
import { mapeText, NODE_STATES, nodeRows, shadowRows, stateCounts, waveProgress } from './model.ts';
import './fleet.css';

function Connect() {
  const uid = useId();
  const [token, setToken] = useState('');
  const status = useFleet((s) => s.status);
  const message = useFleet((s) => s.message);
  const submit = (e: FormEvent) => { e.preventDefault(); void connect(token); };
  return (
    <form className="fl-connect" onSubmit={submit} aria-label="Connect to the gateway">
      <p className="muted">The live fleet is read from this gateway's API. Create a token on the gateway machine and paste it here (it is kept for this tab only):</p>
      <pre className="fl-cmd">edgetwin token create --role viewer</pre>
      <label htmlFor={`${uid}-t`}>API token</label>
      <div className="fl-row">
        <input id={`${uid}-t`} type="password" autoComplete="off" spellCheck={false} value={token} onChange={(e) => setToken(e.target.value)} placeholder="etw_…" />
        <button type="submit" className="primary" disabled={status === 'connecting'}>{status === 'connecting' ? 'Connecting…' : 'Connect'}</button>
      </div>
      {message ? <p className="fl-error" role="alert">{message}</p> : null}
    </form>
  );
}

function Nodes() {
  const fleet = useFleet((s) => s.fleet);
  const loadedAtMs = useFleet((s) => s.loadedAtMs) ?? Date.now();
  const unavailable = useFleet((s) => s.unavailable);
  if (!fleet) return <p className="muted">{unavailable.includes('fleet') ? 'No fleet connector is running (start the gateway with --mqtt or --kubeconfig).' : 'Loading the fleet…'}</p>;
  const counts = stateCounts(fleet.nodes);
  const rows = nodeRows(fleet.nodes, loadedAtMs);
  return (
    <section aria-label="Nodes">
      <h3 className="fl-h3">Nodes <span className="muted">({fleet.nodes.length})</span></h3>
      <p className="fl-counts">
        {NODE_STATES.filter((s) => counts[s] > 0).map((s) => <span key={s} className={`fl-pill fl-${s}`}>{counts[s]} {s}</span>)}
        {fleet.malformed ? <span className="fl-pill fl-down" title="malformed telemetry ignored (counted in /metrics and the audit log)">{fleet.malformed} malformed</span> : null}
      </p>
      {rows.length === 0 ? <p className="muted">No node has reported yet.</p> : (
        <div className="fl-table-wrap">
          <table className="fl-table">
            <thead><tr><th>Node</th><th>State</th><th>Seen</th><th>Lag</th><th>Version</th><th>Running</th><th>CPU</th></tr></thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td title={r.zone}>{r.id}</td><td><span className={`fl-dot fl-${r.state}`} aria-hidden />{r.state}</td><td>{r.seen}</td>
                  <td>{r.lag}</td><td>{r.version}</td><td className="fl-running">{r.running}</td><td>{r.cpu}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Shadow() {
  const shadow = useFleet((s) => s.shadow);
  const unavailable = useFleet((s) => s.unavailable);
  if (!shadow) return unavailable.includes('shadow') ? null : <p className="muted">Loading shadow mode…</p>;
  const rows = shadowRows([...shadow.nodes, ...shadow.apps, ...(shadow.links ?? [])]);
  const cal = shadow.calibration?.nodes ?? [];
  const num = (x: number | null) => (x === null ? '–' : x.toPrecision(3));
  return (
    <section aria-label="Shadow mode">
      <h3 className="fl-h3">How far to trust the twin <span className="muted">(MAPE over {shadow.windowS} s)</span></h3>
      {rows.length === 0 ? <p className="muted">No predictions compared with observations yet.</p> : (
        <table className="fl-table">
          <thead><tr><th>Node, app or link · signal</th><th>MAPE</th><th>Samples</th></tr></thead>
          <tbody>{rows.slice(0, 30).map((r) => <tr key={r.key}><td>{r.key}</td><td>{r.text}</td><td>{r.samples}</td></tr>)}</tbody>
        </table>
      )}
      {cal.length ? (
        <table className="fl-table fl-cal" aria-label="Calibration">
          <thead><tr><th>Node</th><th>Core speed: twin → fitted</th><th>CPU MAPE before → after</th></tr></thead>
          <tbody>{cal.slice(0, 30).map((c) => (
            <tr key={c.node}><td>{c.node}</td><td title={c.reason ?? ''}>{num(c.coreSpeed.model)} → {c.coreSpeed.calibrated === null ? `– (${c.reason ?? 'not fitted'})` : num(c.coreSpeed.calibrated)}</td>
              <td>{mapeText(c.cpu.before)} → {mapeText(c.cpu.after)}</td></tr>
          ))}</tbody>
        </table>
      ) : null}
    </section>
  );
}

function PlanRow({ plan, canOperate }: { plan: PlanListItem; canOperate: boolean }) {
  const uid = useId();
  const busy = useFleet((s) => s.busy);
  const [via, setVia] = useState<'mqtt' | 'kubernetes'>('mqtt');
  const [waves, setWaves] = useState('1,10%,50%,100%');
  return (
    <li className="fl-plan">
      <div><b>{plan.variant}</b> <span className="muted">of {plan.experiment}</span> <code title={plan.hash}>{plan.hash.slice(0, 12)}</code>{' '}
        <span className={`fl-pill ${plan.approved ? 'fl-ready' : plan.status === 'blocked' ? 'fl-down' : 'fl-unknown'}`}>{plan.approved ? 'approved' : plan.status}</span>
        {plan.approvals.length ? <span className="muted"> · approved by {plan.approvals.map((a) => a.by).join(', ')}</span> : null}
      </div>
      {canOperate ? (
        <div className="fl-row">
          {!plan.approved && plan.status !== 'blocked' ? <button type="button" disabled={busy !== null} onClick={() => void approvePlan(plan.hash)}>Approve</button> : null}
          {plan.approved ? (
            <>
              <label htmlFor={`${uid}-via`} className="muted">via</label>
              <select id={`${uid}-via`} value={via} onChange={(e) => setVia(e.target.value as 'mqtt' | 'kubernetes')}><option value="mqtt">MQTT agents</option><option value="kubernetes">Kubernetes</option></select>
              <label htmlFor={`${uid}-w`} className="muted">waves</label>
              <input id={`${uid}-w`} value={waves} onChange={(e) => setWaves(e.target.value)} size={14} />
              <button type="button" disabled={busy !== null} onClick={() => void pushPlan(plan.hash, via, waves, true)}>Dry run</button>
              <button type="button" className="primary" disabled={busy !== null} onClick={() => void pushPlan(plan.hash, via, waves, false)}>Push</button>
            </>
          ) : null}
        </div>
      ) : null}
    </li>
  );
}

function Plans() {
  const plans = useFleet((s) => s.plans);
  const who = useFleet((s) => s.who);
  const dryRun = useFleet((s) => s.dryRun);
  if (!plans) return null;
  return (
    <section aria-label="Plans">
      <h3 className="fl-h3">Plans</h3>
      {plans.length === 0 ? <p className="muted">No plan yet: <code>edgetwin plan EXPERIMENT --variant V --out plan.json</code>, then <code>edgetwin push plan.json --gateway URL</code> uploads it.</p> : (
        <ul className="fl-plans">{plans.map((p) => <PlanRow key={p.hash} plan={p} canOperate={who?.role === 'operator'} />)}</ul>
      )}
      {dryRun ? <details open className="fl-dry"><summary>Dry run</summary><pre>{JSON.stringify(dryRun, null, 2)}</pre></details> : null}
    </section>
  );
}

function Push({ push, canOperate }: { push: PushView; canOperate: boolean }) {
  const busy = useFleet((s) => s.busy);
  const finished = ['done', 'rolled-back', 'failed', 'aborted'].includes(push.state);
  return (
    <li className="fl-push">
      <div><code>{push.id}</code> <span className="muted">plan {push.planHash.slice(0, 12)} via {push.via}</span> <span className={`fl-pill fl-${push.state === 'done' ? 'ready' : push.state.startsWith('roll') || push.state === 'failed' ? 'down' : 'draining'}`}>{push.state}</span>
        {canOperate && !finished ? <button type="button" disabled={busy !== null} onClick={() => void rollbackPush(push.id)}>Roll back</button> : null}
      </div>
      {push.reason ? <p className="muted fl-reason">{push.reason}</p> : null}
      <ol className="fl-waves">
        {waveProgress(push).map((w) => (
          <li key={w.index}>
            <span className="fl-wave-label">{w.label}</span>
            <span className="fl-bar" role="progressbar" aria-valuemin={0} aria-valuemax={w.total} aria-valuenow={w.done} aria-label={`${w.label}: ${w.done} of ${w.total}`}>
              <span className="fl-bar-fill" style={{ width: `${w.total ? (100 * w.done) / w.total : 0}%` }} />
            </span>
            <span className="muted">{w.done}/{w.total} · {w.state}</span>
          </li>
        ))}
      </ol>
    </li>
  );
}

function Pushes() {
  const pushes = useFleet((s) => s.pushes);
  const who = useFleet((s) => s.who);
  if (!pushes || pushes.length === 0) return null;
  return (
    <section aria-label="Pushes">
      <h3 className="fl-h3">Pushes</h3>
      <ul className="fl-pushes">{pushes.slice(0, 10).map((p) => <Push key={p.id} push={p} canOperate={who?.role === 'operator'} />)}</ul>
    </section>
  );
}

/** The panel. */
export function FleetPanel() {
  const status = useFleet((s) => s.status);
  const who = useFleet((s) => s.who);
  const message = useFleet((s) => s.message);
  useEffect(() => {
    const kept = keptToken();
    if (kept && status === 'disconnected') void connect(kept);
  }, []); // eslint-disable-line react-hooks/exhaustive-deps
  if (status !== 'connected') return <div className="fleet"><Connect /></div>;
  return (
    <div className="fleet">
      <p className="fl-who">Connected as <b>{who?.name}</b> ({who?.role}) <button type="button" onClick={() => disconnect()}>Disconnect</button></p>
      {message ? <p className="fl-error" role="alert">{message}</p> : null}
      <Nodes />
      <Shadow />
      <Pushes />
      <Plans />
    </div>
  );
}
