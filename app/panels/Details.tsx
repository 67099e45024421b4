/**
 * The details panel: the selected node (resources, live utilisation with a sparkline, replicas
 * and WHY each one is there — the scheduler's plugin scores, the policies and the detection
 * behind a relocation, back to its first placement — and Fail / Recover), the selected link
 * (latency, bandwidth, utilisation; Cut / Restore / Degrade), or the selected app (latency vs its
 * SLO). With nothing selected: the scenario at a glance.
 */
import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import type { DecisionRecord } from '../../sim-core/twin/decision-log.ts';
import type { FabricDescription } from '../../sim-core/twin/describe.ts';
import { FLAG_AUTONOMOUS, FLAG_BUFFERING, FLAG_CONTROLLER, FLAG_DECLARED, H_COST_USD, H_DELIVERED, H_DROPPED, H_ENERGY_WH, H_LOST, H_WAN_BYTES, LINK_DEGRADED, LINK_DOWN } from '../../sim-core/twin/frame.ts';
import { frames } from '../app-context.ts';
import { cutLink, degradeLink, failNode, flyToNode, powerFailNode, recover, select, selectApp, selectLink, selectNode } from '../store/actions.ts';
import { useApp } from '../store/use-store.ts';
import { clockText, durationText } from '../sim-client/event-text.ts';
import { bitRate, bytes, count, ms, pct } from './format.ts';
import { stateText } from './node-table-model.ts';
import { useFrameTick } from './use-frame-tick.ts';
import './Details.css';

// The charts module loads with the side panel's live charts; the app view waits for it.
const AppLatencyChart = lazy(async () => ({ default: (await import('../charts/LiveCharts.tsx')).AppLatencyChart }));

/** The panel; picks the view by selection. */
export function Details() {
  const d = useApp((s) => s.description);
  const sel = useApp((s) => s.selection);
  if (!d) return <section className="details"><p className="muted pad">Loading the scenario…</p></section>;
  if (sel?.kind === 'node' && d.nodes[sel.index]) return <NodeView d={d} index={sel.index} />;
  if (sel?.kind === 'link' && d.links[sel.index]) return <LinkView d={d} index={sel.index} />;
  if (sel?.kind === 'app' && d.apps[sel.index]) return <AppView d={d} index={sel.index} />;
  return <Overview d={d} />;
}

function Header({ title, kind }: { title: string; kind: string }) {
  return (
    <h2 className="panel-title">
      <span className="muted">{kind}</span> <span className="title-id">{title}</span><span className="grow" />
      <button type="button" onClick={() => select(null)} aria-label="Close details">×</button>
    </h2>
  );
}

function Fact({ k, v }: { k: string; v: React.ReactNode }) {
  return <><dt>{k}</dt><dd>{v}</dd></>;
}

/** A tiny line chart of the last values (0..1), newest at the right. */
function Sparkline({ values, label }: { values: number[]; label: string }) {
  const w = 160, h = 28;
  const pts = values.map((v, i) => `${(i / Math.max(1, values.length - 1)) * w},${h - 2 - Math.max(0, Math.min(1, v)) * (h - 4)}`).join(' ');
  return (
    <svg className="sparkline" width={w} height={h} role="img" aria-label={`${label}: last ${values.length} frames, now ${pct(values[values.length - 1] ?? NaN)}`}>
      <polyline points={pts} fill="none" stroke="currentColor" strokeWidth="1.5" />
    </svg>
  );
}

function NodeView({ d, index }: { d: FabricDescription; index: number }) {
  useFrameTick(250);
  const details = useApp((s) => s.nodeDetails);
  const n = d.nodes[index]!;
  const f = frames.frame;
  const history = useRef<{ node: number; cpu: number[] }>({ node: -1, cpu: [] });
  const [, force] = useState(0);
  if (history.current.node !== index) history.current = { node: index, cpu: [] };
  if (f) {
    const h = history.current.cpu;
    if (h.length === 0 || h[h.length - 1] !== f.nodeCpu[index]) { h.push(f.nodeCpu[index]!); if (h.length > 120) h.shift(); }
  }
  useEffect(() => { force((x) => x + 1); }, [index]);
  const state = stateText(f?.nodeState[index]);
  const flags = f?.nodeFlags[index] ?? 0;
  const isSensor = n.tier === 'sensor';
  const links = d.links.flatMap((l, i) => (l.a === index || l.b === index ? [i] : []));
  return (
    <section className="details" aria-label={`Node ${n.id}`}>
      <Header title={n.id} kind={n.tier} />
      <div className="pad">
        <p className={`state-badge state-${state}`}>
          <span aria-hidden="true">{state === 'down' ? '✕' : state === 'suspect' ? '◐' : '●'}</span> {state}
          {flags & FLAG_DECLARED ? <span> · declared failed by a controller</span> : null}
          {flags & FLAG_AUTONOMOUS ? <span> · on local autonomy</span> : null}
          {flags & FLAG_BUFFERING ? <span> · buffering {bytes(f!.nodeBufferBytes[index]!)}</span> : null}
          {flags & FLAG_CONTROLLER ? <span> · runs a controller</span> : null}
        </p>
        <div className="actions">
          {state === 'down'
            ? <button type="button" className="primary" onClick={() => void recover(n.id)}>Recover node</button>
            : <>
              <button type="button" className="danger" onClick={() => void failNode(n.id)}>Fail node</button>
              <button type="button" className="danger" onClick={() => void powerFailNode(n.id)} title="a crash that also wipes volatile storage">Power fail</button>
            </>}
          <button type="button" onClick={() => flyToNode(index)}>Fly to</button>
        </div>
        <dl className="facts">
          <Fact k="region / zone" v={`${n.region} / ${n.zone}`} />
          {n.className ? <Fact k="class" v={n.className} /> : null}
          <Fact k="arch" v={n.arch} />
          {!isSensor ? <Fact k="cores" v={`${n.cores} (${count(n.cpuMillicores)} m allocatable)`} /> : null}
          {!isSensor ? <Fact k="memory" v={`${f ? pct(f.nodeMemory[index]!) : '—'} of ${bytes(n.memoryBytes)} requested`} /> : null}
          {!isSensor ? <Fact k="storage" v={`${f ? pct(f.nodeStorage[index]!, 1) : '—'} of ${bytes(n.storageBytes)}`} /> : null}
          {n.gpus > 0 || n.accelerators.length > 0 ? <Fact k="accelerators" v={[n.gpus > 0 ? `${n.gpus} GPU` : '', ...n.accelerators].filter(Boolean).join(', ')} /> : null}
          {n.attested ? <Fact k="attested" v="yes (TPM)" /> : null}
          {!isSensor ? <Fact k="queue" v={f ? `${f.nodeQueue[index]} jobs` : '—'} /> : null}
          {n.uplink >= 0 ? <Fact k="uplink" v={<button type="button" className="link" onClick={() => selectNode(n.uplink)}>{d.nodes[n.uplink]!.id}</button>} /> : null}
        </dl>
        {!isSensor ? (
          <div className="spark-row"><span>CPU {f ? pct(f.nodeCpu[index]!) : '—'}</span><Sparkline values={history.current.cpu} label={`CPU of ${n.id}`} /></div>
        ) : null}
        {!isSensor ? <Replicas details={details?.index === index ? details : null} /> : null}
        <h3>Links</h3>
        <ul className="plain">
          {links.map((l) => {
            const link = d.links[l]!;
            const other = link.a === index ? link.b : link.a;
            const ls = f?.linkState[l];
            return (
              <li key={l}>
                <button type="button" className="link" onClick={() => selectLink(l)}>{link.id}</button>
                <span className="muted"> → {d.nodes[other]!.id} · {link.type}</span>
                {ls === LINK_DOWN ? <span className="sev-bad"> · down</span> : ls === LINK_DEGRADED ? <span className="sev-warn"> · degraded</span> : null}
              </li>
            );
          })}
        </ul>
      </div>
    </section>
  );
}

type ReplicaList = { service: string; history: DecisionRecord[] }[];

function Replicas({ details }: { details: { replicas: ReplicaList; pending?: ReplicaList } | null }) {
  if (!details) return <><h3>Replicas</h3><p className="muted">…</p></>;
  const pending = details.pending ?? [];
  const pendingList = pending.length > 0 ? (
    <>
      <h3>Coming here</h3>
      <ul className="replicas">
        {pending.map((r) => (
          <li key={r.service}>
            <strong className="mono">{r.service}</strong> <span className="muted">— the control plane placed it here; it starts when the node runs it</span>
            <ol className="history">{r.history.map((h) => <Decision key={h.seq} h={h} />)}</ol>
          </li>
        ))}
      </ul>
    </>
  ) : null;
  if (details.replicas.length === 0) return <><h3>Replicas</h3><p className="muted">No replica runs here.</p>{pendingList}</>;
  return (
    <>
      {pendingList}
      <h3>Replicas — why each is here</h3>
      <ul className="replicas">
        {details.replicas.map((r) => (
          <li key={r.service}>
            <strong className="mono">{r.service}</strong>
            <ol className="history">
              {r.history.map((h) => <Decision key={h.seq} h={h} />)}
              {r.history.length === 0 ? <li className="muted">placed here by hand</li> : null}
            </ol>
          </li>
        ))}
      </ul>
    </>
  );
}

function Decision({ h }: { h: DecisionRecord }) {
  const scores = Object.entries(h.scores).sort((a, b) => b[1] - a[1]);
  const what = h.kind === 'relocated' ? `relocated from ${h.from} by ${h.by}` : h.kind === 'injected' ? 'placed by hand' : h.by === 'scenario' ? 'pinned by the scenario' : `placed by the ${h.by}`;
  return (
    <li>
      <div><span className="mono muted">{clockText(h.atMs)}</span> {what}{h.message ? <span className="muted"> — {h.message}</span> : null}</div>
      {h.detection ? (
        <div className="muted">after {h.detection.by} declared {h.from} failed ({h.detection.detector}{h.detection.phi !== undefined ? `, phi ${h.detection.phi.toFixed(1)}` : ''}, {h.detection.missedBeats} missed heartbeats, {durationText(h.detection.afterMs)} after the failure)</div>
      ) : null}
      {scores.length > 0 ? (
        <table className="scores" aria-label={`Plugin scores for ${h.node}`}>
          <tbody>
            {scores.map(([k, v]) => (
              <tr key={k}>
                <th scope="row">{k}</th><td><span className="bar" style={{ width: `${Math.max(0, Math.min(100, v))}%` }} /></td><td className="num">{Math.round(v)}</td>
                {h.runnerUp ? <td className={`num margin${(h.runnerUp.margins[k] ?? 0) > 0 ? ' sev-good' : (h.runnerUp.margins[k] ?? 0) < 0 ? ' sev-bad' : ' muted'}`}>{fmtMargin(h.runnerUp.margins[k] ?? 0)}</td> : null}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {h.total !== null ? <div className="muted">weighted total {Math.round(h.total)}{h.runnerUp ? ` vs ${Math.round(h.runnerUp.total)} for the runner-up ${h.runnerUp.node}` : ''} · {h.feasibleNodes} feasible of {h.evaluatedNodes} evaluated</div> : null}
      {h.policies.length > 0 ? <div className="muted">policies: {h.policies.join(', ')}</div> : null}
    </li>
  );
}

const fmtMargin = (m: number) => (m === 0 ? '±0' : `${m > 0 ? '+' : '−'}${Math.abs(Math.round(m))}`);

function LinkView({ d, index }: { d: FabricDescription; index: number }) {
  useFrameTick(250);
  const l = d.links[index]!;
  const f = frames.frame;
  const state = f?.linkState[index];
  const a = f ? f.linkA[index]! : l.a, b = f ? f.linkB[index]! : l.b;
  const id = l.id;
  return (
    <section className="details" aria-label={`Link ${id}`}>
      <Header title={id} kind="link" />
      <div className="pad">
        <p className={`state-badge state-${state === LINK_DOWN ? 'down' : state === LINK_DEGRADED ? 'suspect' : 'up'}`}>
          {state === LINK_DOWN ? '✕ down' : state === LINK_DEGRADED ? '◐ degraded' : '● up'}
        </p>
        <div className="actions">
          {state === LINK_DOWN || state === LINK_DEGRADED
            ? <button type="button" className="primary" onClick={() => void recover(id)}>Restore link</button>
            : <>
              <button type="button" className="danger" onClick={() => void cutLink(id)}>Cut link</button>
              <button type="button" onClick={() => void degradeLink(id)} title="3× latency, a tenth of the bandwidth">Degrade link</button>
            </>}
        </div>
        <dl className="facts">
          <Fact k="ends" v={<><button type="button" className="link" onClick={() => selectNode(a)}>{d.nodes[a]!.id}</button> ↔ <button type="button" className="link" onClick={() => selectNode(b)}>{d.nodes[b]!.id}</button></>} />
          <Fact k="type" v={`${l.type}${l.wan ? ' · WAN (metered)' : ''}`} />
          <Fact k="latency" v={ms(l.latencyMs)} />
          <Fact k="bandwidth" v={`${bitRate(l.bandwidthBps)} each way`} />
          <Fact k="loss" v={pct(l.loss, 2)} />
          <Fact k="utilisation" v={f ? pct(f.linkUtilization[index]!) : '—'} />
          <Fact k="rate now" v={f ? bitRate(f.linkRateBps[index]!) : '—'} />
          <Fact k="transfers" v={f ? f.linkFlows[index] : '—'} />
          <Fact k="carried" v={f ? bytes(f.linkBytes[index]!) : '—'} />
        </dl>
      </div>
    </section>
  );
}

function AppView({ d, index }: { d: FabricDescription; index: number }) {
  useFrameTick(500);
  const a = d.apps[index]!;
  const placement = useApp((s) => s.placement);
  const f = frames.frame;
  return (
    <section className="details" aria-label={`App ${a.id}`}>
      <Header title={a.id} kind="app" />
      <div className="pad">
        <dl className="facts">
          <Fact k="SLO" v={`p${a.slo.percentile} ≤ ${ms(a.slo.latencyMs)}`} />
          <Fact k="now (10 s window)" v={f ? `p50 ${ms(f.appP50[index]!)} · p95 ${ms(f.appP95[index]!)} · p99 ${ms(f.appP99[index]!)}` : '—'} />
          <Fact k="SLO violations" v={f ? pct(f.appViolationRate[index]!, 1) : '—'} />
          <Fact k="throughput" v={f ? `${f.appThroughputPerS[index]!.toFixed(1)} /s` : '—'} />
          <Fact k="delivered · dropped · lost" v={f ? `${count(f.appDelivered[index]!)} · ${count(f.appDropped[index]!)} · ${count(f.appLost[index]!)}` : '—'} />
        </dl>
        <Suspense fallback={null}><AppLatencyChart appIndex={index} /></Suspense>
        <h3>Services</h3>
        <ul className="plain">
          {a.services.map((key) => {
            const si = d.services.findIndex((s) => s.key === key);
            const reps = placement[si] ?? [];
            return (
              <li key={key}>
                <span className="mono">{key}</span>
                <span className="muted"> on </span>
                {reps.length === 0 ? <span className="sev-bad">no replica</span> : reps.map((n, k) => (
                  <span key={n}>{k > 0 ? ', ' : ''}<button type="button" className="link" onClick={() => selectNode(n)}>{d.nodes[n]!.id}</button></span>
                ))}
              </li>
            );
          })}
        </ul>
        <h3>Streams</h3>
        <ul className="plain">{a.streams.map((s) => <li key={s.id}><span className="mono">{s.id}</span> <span className="muted">{s.sources} sources → {s.entry}</span></li>)}</ul>
      </div>
    </section>
  );
}

function Overview({ d }: { d: FabricDescription }) {
  useFrameTick(500);
  const f = frames.frame;
  const tiers = new Map<string, number>();
  for (const n of d.nodes) tiers.set(n.tier, (tiers.get(n.tier) ?? 0) + 1);
  return (
    <section className="details" aria-label="Scenario overview">
      <h2 className="panel-title">Scenario <span className="title-id">{d.name}</span></h2>
      <div className="pad">
        <p>{d.description}</p>
        <p className="muted">{[...tiers].map(([t, c]) => `${c} ${t}`).join(' · ')} · {d.links.length} links · seed {d.seed}</p>
        <h3>Apps</h3>
        <ul className="plain">
          {d.apps.map((a, i) => {
            const obs = f?.appSloObserved[i];
            const ok = obs !== undefined && Number.isFinite(obs) ? obs <= a.slo.latencyMs : null;
            return (
              <li key={a.id}>
                <button type="button" className="link" onClick={() => selectApp(i)}>{a.id}</button>
                <span className="muted"> p{a.slo.percentile} ≤ {ms(a.slo.latencyMs)}: </span>
                {ok === null ? <span className="muted">no completions yet</span> : <span className={ok ? 'sev-good' : 'sev-bad'}>{ms(obs!)} {ok ? 'met' : 'missed'}</span>}
              </li>
            );
          })}
        </ul>
        {d.controlPlane ? (
          <>
            <h3>Control plane</h3>
            <p className="muted">
              {d.controlPlane.model}{d.controlPlane.master ? `, master ${d.controlPlane.master}` : ''}
              {Object.keys(d.controlPlane.regional).length > 0 && d.controlPlane.model === 'hierarchical' ? `, regional: ${Object.entries(d.controlPlane.regional).map(([r, n]) => `${r} → ${n}`).join(', ')}` : ''}
              ; heartbeats every {durationText(d.controlPlane.heartbeatEveryMs)}, detector {d.controlPlane.detector}, grace {durationText(d.controlPlane.gracePeriodMs)}
            </p>
          </>
        ) : <p className="muted">No control plane: failures are not detected or recovered (static placement).</p>}
        {d.faults.length > 0 ? (
          <>
            <h3>Scripted faults</h3>
            <ul className="plain mono">{d.faults.map((x, i) => <li key={i}>{x.spec}</li>)}</ul>
          </>
        ) : null}
        {f ? (
          <dl className="facts">
            <Fact k="delivered" v={count(f.header[H_DELIVERED]!)} />
            <Fact k="dropped · lost" v={`${count(f.header[H_DROPPED]!)} · ${count(f.header[H_LOST]!)}`} />
            <Fact k="WAN" v={bytes(f.header[H_WAN_BYTES]!)} />
            <Fact k="energy · cost" v={`${f.header[H_ENERGY_WH]!.toFixed(1)} Wh · $${f.header[H_COST_USD]!.toFixed(2)}`} />
          </dl>
        ) : null}
      </div>
    </section>
  );
}
