/**
 * The Fleet panel: the live fleet as the gateway sees it. Connect with a token (viewer or above);
 * then the nodes (state, last seen, heartbeat lag, running version, workloads, CPU), how far the
 * twin can be trusted (shadow mode's MAPE per node and app, calibration before and after), the
 * plans with their approvals, and pushes with their waves. Operators approve, push (with a dry
 * run first if they like) and roll back from here; the gateway decides, audits and refuses.
 */
import { useEffect, useId, useState, type FormEvent } from 'react';
import type { DryRunAnswer, PlanListItem, PushView } from './api-types.ts';
import { approvePlan, connect, disconnect, keptToken, pushPlan, rollbackPush, useFleet } from './fleet-store.ts';
import { canRollBack, dryRunWaves, fleetNowMs, mapeText, NODE_STATES, nodeRows, pushFinished, pushTone, runningVersions, shadowRows, shortHash, stateCounts, waveProgress } from './model.ts';
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
  const loadedAtMs = useFleet((s) => s.loadedAtMs);
  const unavailable = useFleet((s) => s.unavailable);
  if (!fleet) return <p className="muted">{unavailable.includes('fleet') ? 'This gateway has no fleet routes.' : 'Loading the fleet…'}</p>;
  const counts = stateCounts(fleet.nodes);
  const rows = nodeRows(fleet.nodes, fleetNowMs(fleet, loadedAtMs ?? Date.now()));
  return (
    <section aria-label="Nodes">
      <h3 className="fl-h3">Nodes <span className="muted">({fleet.nodes.length})</span></h3>
      {fleet.nodes.length || fleet.malformed ? <p className="fl-counts">
        {NODE_STATES.filter((s) => counts[s] > 0).map((s) => <span key={s} className={`fl-pill fl-${s}`}>{counts[s]} {s}</span>)}
        {fleet.malformed ? <span className="fl-pill fl-down" title="malformed telemetry refused (counted in /metrics and the audit log)">{fleet.malformed} malformed</span> : null}
      </p> : null}
      {rows.length === 0 ? <p className="muted">No node has reported yet. Nodes appear once agents publish to the gateway's broker (<code>edgetwin serve --mqtt URL</code>) or the gateway watches a cluster (<code>--kubeconfig</code>).</p> : (
        <div className="fl-table-wrap">
          <table className="fl-table" aria-label="Live nodes">
            <thead><tr><th>Node</th><th>State</th><th>Seen</th><th title="heartbeat lag: when the gateway got it minus when the node sent it">Lag</th><th title="desired-state version running">Ver.</th><th>Running</th><th>CPU</th></tr></thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} data-node={r.id}>
                  <td className="fl-id" title={[r.id, r.zone, r.source && `via ${r.source}`].filter(Boolean).join(' · ')}><span className="fl-clip">{r.id}</span></td>
                  <td><span className={`fl-dot fl-${r.state}`} aria-hidden />{r.state}</td><td>{r.seen}</td>
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
        <div className="fl-table-wrap">
          <table className="fl-table" aria-label="Prediction error">
            <thead><tr><th>Node, app or link · signal</th><th>MAPE</th><th>Samples</th></tr></thead>
            <tbody>{rows.slice(0, 30).map((r) => <tr key={r.key}><td className="fl-key">{r.key}</td><td>{r.text}</td><td>{r.samples}</td></tr>)}</tbody>
          </table>
        </div>
      )}
      {cal.length ? (
        <div className="fl-table-wrap">
          <table className="fl-table fl-cal" aria-label="Calibration">
            <thead><tr><th>Node</th><th>Core speed: twin → fitted</th><th>CPU MAPE before → after</th></tr></thead>
            <tbody>{cal.slice(0, 30).map((c) => (
              <tr key={c.node}><td className="fl-id">{c.node}</td>
                <td title={c.reason ?? ''}>{num(c.coreSpeed.model)} → {c.coreSpeed.calibrated === null ? <>– <span className="muted">(not fitted)</span></> : num(c.coreSpeed.calibrated)}</td>
                <td>{mapeText(c.cpu.before)} → {mapeText(c.cpu.after)}</td></tr>
            ))}</tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

function PlanRow({ plan, canOperate, push }: { plan: PlanListItem; canOperate: boolean; push: PushView | undefined }) {
  const uid = useId();
  const busy = useFleet((s) => s.busy);
  const [via, setVia] = useState<'mqtt' | 'kubernetes'>('mqtt');
  const [waves, setWaves] = useState('1,10%,50%,100%');
  const shown = plan.approved ? 'approved' : plan.status;
  return (
    <li className="fl-plan" aria-label={`Plan ${plan.variant}`}>
      <div className="fl-line"><b>{plan.variant}</b> <span className="muted">of {plan.experiment}</span> <code className="fl-hash" title={plan.hash}>{shortHash(plan.hash)}</code>{' '}
        <span className={`fl-pill ${plan.approved ? 'fl-ready' : plan.status === 'blocked' ? 'fl-down' : 'fl-unknown'}`}>{shown}</span>
        {plan.approvals.length ? <span className="muted"> · approved by {plan.approvals.map((a) => a.by).join(', ')}</span> : null}
      </div>
      {/* One push per plan: pushing it again would only answer the existing push. */}
      {push ? <p className="fl-line muted">pushed as <code className="fl-hash">{push.id}</code> ({push.state}), see Pushes</p> : null}
      {canOperate && !push ? (
        <div className="fl-row">
          {!plan.approved && plan.status !== 'blocked' ? <button type="button" disabled={busy !== null} onClick={() => void approvePlan(plan.hash)}>Approve</button> : null}
          {plan.approved ? (
            <>
              <label htmlFor={`${uid}-via`} className="muted">via</label>
              <select id={`${uid}-via`} value={via} onChange={(e) => setVia(e.target.value as 'mqtt' | 'kubernetes')}><option value="mqtt">MQTT agents</option><option value="kubernetes">Kubernetes</option></select>
              <label htmlFor={`${uid}-w`} className="muted" title="node counts or percentages, cumulative; the first wave is the canary">waves</label>
              <input id={`${uid}-w`} className="fl-waves-input" value={waves} onChange={(e) => setWaves(e.target.value)} spellCheck={false} />
              <button type="button" disabled={busy !== null} onClick={() => void pushPlan(plan.hash, via, waves, true)}>Dry run</button>
              <button type="button" className="primary" disabled={busy !== null} onClick={() => void pushPlan(plan.hash, via, waves, false)}>Push</button>
            </>
          ) : null}
        </div>
      ) : null}
    </li>
  );
}

function DryRun({ dry }: { dry: DryRunAnswer }) {
  return (
    <section className="fl-dry" aria-label="Dry run">
      <p className="fl-line"><b>Dry run</b> <span className="muted">of {shortHash(dry.planHash)} via {dry.via}, waves {dry.wavesSpec}: nothing was stored or sent.</span></p>
      {dry.refusal ? <p className="fl-error">It would be refused: {dry.refusal}</p> : null}
      <ol className="fl-dry-waves">
        {dryRunWaves(dry).map((w) => (
          <li key={w.index}>
            <span className="fl-wave-label">{w.label}</span> <span className="muted">({w.nodes.length} node{w.nodes.length === 1 ? '' : 's'}, {w.cumulative} in all)</span>
            <ul>{w.nodes.map((n) => <li key={n.node}><span className="fl-id">{n.node}</span> <span className="muted">{n.change}</span></li>)}</ul>
          </li>
        ))}
      </ol>
    </section>
  );
}

function Plans() {
  const plans = useFleet((s) => s.plans);
  const who = useFleet((s) => s.who);
  const dryRun = useFleet((s) => s.dryRun);
  const pushes = useFleet((s) => s.pushes);
  if (!plans) return null;
  const pushOf = new Map((pushes ?? []).map((p) => [p.planHash, p]));
  return (
    <section aria-label="Plans">
      <h3 className="fl-h3">Plans</h3>
      {plans.length === 0 ? <p className="muted">No plan yet: <code>edgetwin plan EXPERIMENT --variant V --out plan.json</code>, then <code>edgetwin push plan.json --gateway URL</code> uploads it (it is pushed once approved).</p> : (
        <ul className="fl-plans">{plans.map((p) => <PlanRow key={p.hash} plan={p} canOperate={who?.role === 'operator'} push={pushOf.get(p.hash)} />)}</ul>
      )}
      {dryRun ? <DryRun dry={dryRun} /> : null}
    </section>
  );
}

function Push({ push, canOperate }: { push: PushView; canOperate: boolean }) {
  const busy = useFleet((s) => s.busy);
  const fleet = useFleet((s) => s.fleet);
  const waves = waveProgress(push, runningVersions(fleet));
  return (
    <li className="fl-push" aria-label={`Push ${push.id}`}>
      <div className="fl-line"><code className="fl-hash">{push.id}</code> <span className="muted">plan <span title={push.planHash}>{shortHash(push.planHash)}</span> via {push.via} by {push.createdBy}</span>{' '}
        <span className={`fl-pill fl-${pushTone(push.state)}`} data-push-state={push.state}>{push.state}</span>
      </div>
      {push.reason ? <p className="muted fl-reason">{push.reason}</p> : null}
      {push.gate && !pushFinished(push.state) && push.gate.reasons.length ? <p className="muted fl-reason" title={push.gate.reasons.join('\n')}>gate {push.gate.verdict}: {push.gate.reasons[0]}{push.gate.reasons.length > 1 ? ` (+${push.gate.reasons.length - 1} more)` : ''}</p> : null}
      <ol className="fl-waves">
        {waves.map((w) => (
          <li key={w.index} data-wave={w.index}>
            <span className="fl-wave-label">{w.label}</span>
            <span className="fl-bar" role="progressbar" aria-valuemin={0} aria-valuemax={w.total} aria-valuenow={w.done} aria-label={`${w.label}: ${w.done} of ${w.total}`}
              title={w.waiting.length ? `not yet: ${w.waiting.join(', ')}` : undefined}>
              <span className={`fl-bar-fill${w.state.startsWith('roll') ? ' fl-bar-back' : ''}`} style={{ width: `${w.total ? (100 * w.done) / w.total : 0}%` }} />
            </span>
            <span className="muted fl-wave-state">{w.done}/{w.total} · {w.state}</span>
          </li>
        ))}
      </ol>
      {canOperate && canRollBack(push.state) ? (
        <div className="fl-row"><button type="button" className="danger" disabled={busy !== null} onClick={() => void rollbackPush(push.id)}>Roll back</button>
          <span className="muted">{push.state === 'done' ? 'puts back what each node ran before (a new, higher version)' : 'stops the push and puts back what the pushed nodes ran before'}</span></div>
      ) : null}
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
  const actionError = useFleet((s) => s.actionError);
  const streamDown = useFleet((s) => s.streamDown);
  useEffect(() => {
    const kept = keptToken();
    if (kept && status === 'disconnected') void connect(kept);
  }, []); // eslint-disable-line react-hooks/exhaustive-deps
  if (status !== 'connected') return <div className="fleet"><Connect /></div>;
  return (
    <div className="fleet">
      <p className="fl-who">Connected as <b>{who?.name}</b> ({who?.role}) <button type="button" onClick={() => disconnect()}>Disconnect</button></p>
      {message ? <p className="fl-error" role="alert">{message}</p> : null}
      {actionError ? <p className="fl-error" role="alert">{actionError}</p> : null}
      {streamDown ? <p className="muted" role="status">The gateway's event stream is down; reconnecting (the panel still reloads every 5 s).</p> : null}
      <Nodes />
      <Pushes />
      <Plans />
      <Shadow />
    </div>
  );
}
