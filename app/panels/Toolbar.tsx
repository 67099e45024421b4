/**
 * The toolbar: scenario picker, Play/Pause, Step, speed, the simulated clock, node search, view
 * options (layout, colour, theme, palette), fabric-wide faults (partition, control plane) and
 * Share. Every control has an accessible name.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { H_TIME_MS } from '../../sim-core/twin/frame.ts';
import type { Speed } from '../../workers/session-types.ts';
import { appStore, frames } from '../app-context.ts';
import { controlPlaneDown, findNode, fitAll, loadText, partition, recover, setSpeed, step, toast, togglePlay } from '../store/actions.ts';
import { useApp } from '../store/use-store.ts';
import { clockText } from '../sim-client/event-text.ts';
import { SHIPPED_SCENARIOS, shippedScenario } from '../sim-client/shipped.ts';
import { currentShareUrl } from './share.ts';
import './Toolbar.css';

const SPEEDS: Speed[] = [1, 2, 5, 10, 50, 100, 1000, 'max'];

/** The simulated time, written by requestAnimationFrame from the latest frame (no React update per frame). */
function LiveClock({ fallbackMs }: { fallbackMs: number }) {
  const el = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    let raf = 0, last = '';
    const loop = () => {
      const f = frames.frame;
      const text = clockText(f ? f.header[H_TIME_MS]! : appStore.getState().status.timeMs);
      if (el.current && text !== last) { last = text; el.current.textContent = text; }
      raf = requestAnimationFrame(loop);
    };
    raf = requestAnimationFrame(loop);
    return () => cancelAnimationFrame(raf);
  }, []);
  return <span ref={el}>{clockText(fallbackMs)}</span>;
}

/** The top bar. */
export function Toolbar() {
  const status = useApp((s) => s.status);
  const name = useApp((s) => s.scenarioName);
  const d = useApp((s) => s.description);
  const viewLayout = useApp((s) => s.viewLayout);
  const colorBy = useApp((s) => s.colorBy);
  const theme = useApp((s) => s.theme);
  const palette = useApp((s) => s.palette);
  const injections = useApp((s) => s.injections);
  const [query, setQuery] = useState('');
  const playing = status.playing;
  const cpDown = injections.some((i) => i.change.kind === 'fault' && i.change.spec.startsWith('control-plane'));

  const onFind = (e: FormEvent) => {
    e.preventDefault();
    if (!findNode(query)) toast(`no node matches '${query}'`, 'error');
  };
  const onScenario = async (value: string) => {
    const s = shippedScenario(value);
    if (s) await loadText(s.text, s.file, s.name);
  };
  const onShare = async () => {
    const url = await currentShareUrl();
    try { await navigator.clipboard.writeText(url); toast('link copied: it opens this scenario at this time, seed, speed and selection'); } catch { toast(`share this link: ${url}`); }
  };
  const areas = d ? d.regions.flatMap((r) => [r.id, ...r.zones]) : [];
  const partitions = [...new Set(injections.flatMap((i) => (i.change.kind === 'fault' && i.change.spec.startsWith('partition:') ? [i.change.spec.slice(10).split(/[@+]/)[0]!] : [])))];
  const onInject = (v: string) => {
    if (v.startsWith('partition:')) void partition(v.slice(10));
    else if (v.startsWith('heal:')) void recover(v.slice(5));
    else if (v === 'cp-down') void controlPlaneDown();
    else if (v === 'cp-up') void recover('control-plane');
  };

  return (
    <header className="toolbar" role="toolbar" aria-label="Simulation controls">
      <span className="brand" title="EdgeTwin: digital twin and what-if planner for edge data orchestration">EdgeTwin</span>
      <select aria-label="Scenario" value={SHIPPED_SCENARIOS.some((s) => s.name === name) ? name : ''} onChange={(e) => void onScenario(e.target.value)}>
        {name === 'custom' || name === '' ? <option value="">{name === 'custom' ? 'edited scenario' : 'loading…'}</option> : null}
        {SHIPPED_SCENARIOS.map((s) => <option key={s.name} value={s.name} title={s.description}>{s.name}</option>)}
      </select>
      <span className="group">
        <button type="button" className="primary" onClick={() => void togglePlay()} disabled={!status.loaded || status.timeMs >= status.endMs} aria-keyshortcuts="Space">{playing ? 'Pause' : 'Play'}</button>
        <button type="button" onClick={() => void step()} disabled={!status.loaded || status.timeMs >= status.endMs} title="advance one simulated second (.)" aria-keyshortcuts=".">Step</button>
        <select aria-label="Speed" value={String(status.speed)} onChange={(e) => void setSpeed(e.target.value === 'max' ? 'max' : Number(e.target.value))}>
          {SPEEDS.map((s) => <option key={String(s)} value={String(s)}>{s === 'max' ? 'max' : `×${s}`}</option>)}
        </select>
        <span className="clock mono" aria-label="Simulated time">
          <LiveClock fallbackMs={status.timeMs} /> <span className="muted">/ {clockText(status.endMs)}</span>
          {playing && status.speed !== 'max' && status.effectiveSpeed > 0 && status.effectiveSpeed < (status.speed as number) * 0.8
            ? <span className="sev-warn" title="the machine cannot keep up with the asked speed"> ×{status.effectiveSpeed.toFixed(0)}</span> : null}
          {status.seeking ? <span className="sev-warn"> re-simulating…</span> : null}
        </span>
      </span>
      <form className="group" role="search" onSubmit={onFind}>
        <input type="search" aria-label="Find node" placeholder="find node…" value={query} onChange={(e) => setQuery(e.target.value)} list="node-ids" aria-keyshortcuts="/" />
        <datalist id="node-ids">{d && d.nodes.length <= 5000 ? d.nodes.map((n) => <option key={n.id} value={n.id} />) : null}</datalist>
        <button type="button" onClick={fitAll} title="fit the whole fabric in view (f)" aria-keyshortcuts="f">Fit all</button>
      </form>
      <span className="group">
        <select aria-label="Layout" value={viewLayout} onChange={(e) => appStore.setState({ viewLayout: e.target.value as 'tiers' | 'geo' })}>
          <option value="tiers">tiers</option>
          <option value="geo">map</option>
        </select>
        <select aria-label="Colour nodes by" value={colorBy} onChange={(e) => appStore.setState({ colorBy: e.target.value as typeof colorBy })}>
          <option value="cpu">CPU</option><option value="memory">memory</option><option value="queue">queue</option><option value="storage">storage</option>
        </select>
        <select aria-label="Palette" value={palette} onChange={(e) => appStore.setState({ palette: e.target.value as typeof palette })}>
          <option value="viridis">viridis</option><option value="cividis">cividis</option>
        </select>
        <button type="button" aria-label={theme === 'dark' ? 'Light theme' : 'Dark theme'} onClick={() => appStore.setState({ theme: theme === 'dark' ? 'light' : 'dark' })}>{theme === 'dark' ? '☀' : '☾'}</button>
      </span>
      <span className="group">
        <select aria-label="Inject fault" value="" disabled={!d} onChange={(e) => onInject(e.target.value)}>
          <option value="">inject…</option>
          <optgroup label="partition (cut every link crossing its border)">
            {areas.map((a) => <option key={a} value={`partition:${a}`}>partition {a}</option>)}
          </optgroup>
          {partitions.length > 0 ? <optgroup label="heal">{partitions.map((a) => <option key={a} value={`heal:${a}`}>heal {a}</option>)}</optgroup> : null}
          <optgroup label="control plane">
            {cpDown ? <option value="cp-up">control plane up</option> : <option value="cp-down" disabled={!d?.controlPlane}>control plane down</option>}
          </optgroup>
        </select>
      </span>
      <span className="grow" />
      <button type="button" onClick={() => void onShare()} title="copy a link to this view">Share</button>
    </header>
  );
}
