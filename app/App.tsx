/**
 * The app's shell: toolbar; the 3D scene with its legend; the side panel (details and live
 * charts, the YAML editor, Compare, or Fleet); the timeline; the event log and the node table. The 3D
 * view, charts, editor, Compare and Fleet (the live fleet through the gateway) are separate chunks
 * (the editor, Compare and Fleet load on first use).
 */
import { lazy, Suspense, useEffect, type KeyboardEvent } from 'react';
import type { MainPanel } from './store/store.ts';
import { showPanel } from './store/actions.ts';
import { useApp } from './store/use-store.ts';
import { Toolbar } from './panels/Toolbar.tsx';
import { Timeline } from './panels/Timeline.tsx';
import { EventLog } from './panels/EventLog.tsx';
import { NodeTable } from './panels/NodeTable.tsx';
import { Details } from './panels/Details.tsx';
import { Toasts } from './panels/Toasts.tsx';
import { useShortcuts } from './panels/shortcuts.ts';
import { ScenarioDropZone } from './panels/editor/FileDrop.tsx';

// Split out of the first bundle: the 3D view (three.js), the charts (d3), the editor (CodeMirror) and Compare.
const Scene = lazy(async () => ({ default: (await import('./scene/Scene.tsx')).Scene }));
const Legend = lazy(async () => ({ default: (await import('./scene/Legend.tsx')).Legend }));
const LiveCharts = lazy(async () => ({ default: (await import('./charts/LiveCharts.tsx')).LiveCharts }));
const ComparePanel = lazy(async () => ({ default: (await import('./compare/ComparePanel.tsx')).ComparePanel }));
const FleetPanel = lazy(async () => ({ default: (await import('./fleet/FleetPanel.tsx')).FleetPanel }));
const ScenarioEditor = lazy(async () => ({ default: (await import('./panels/editor/Editor.tsx')).ScenarioEditor }));

const TABS: { id: MainPanel; label: string }[] = [{ id: 'twin', label: 'Details' }, { id: 'editor', label: 'Edit YAML' }, { id: 'compare', label: 'Compare' }, { id: 'fleet', label: 'Fleet' }];

/** The side panel's tabs (arrow keys move between them). */
function SideTabs({ panel }: { panel: MainPanel }) {
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const i = TABS.findIndex((t) => t.id === panel);
    const j = e.key === 'ArrowRight' ? (i + 1) % TABS.length : e.key === 'ArrowLeft' ? (i + TABS.length - 1) % TABS.length : -1;
    if (j < 0) return;
    e.preventDefault();
    showPanel(TABS[j]!.id);
    document.getElementById(`tab-${TABS[j]!.id}`)?.focus();
  };
  return (
    <div className="side-tabs" role="tablist" aria-label="Side panel" onKeyDown={onKey}>
      {TABS.map((t) => (
        <button key={t.id} type="button" role="tab" id={`tab-${t.id}`} aria-selected={panel === t.id} aria-controls="side-panel"
          tabIndex={panel === t.id ? 0 : -1} onClick={() => showPanel(t.id)}>{t.label}</button>
      ))}
    </div>
  );
}

/** The whole app. */
export function App() {
  const panel = useApp((s) => s.panel);
  const theme = useApp((s) => s.theme);
  useEffect(() => { document.documentElement.dataset.theme = theme; }, [theme]);
  useShortcuts();
  return (
    <div className={`shell${panel !== 'twin' ? ' wide-side' : ''}`}>
      <Toolbar />
      <main className="scene-area" aria-label="Fabric view">
        <Suspense fallback={<p className="muted" style={{ padding: 12 }}>Loading the 3D view…</p>}>
          <Scene />
          <Legend />
        </Suspense>
      </main>
      <aside className="side" aria-label="Side panel">
        <SideTabs panel={panel} />
        <div className="side-body" role="tabpanel" id="side-panel" aria-labelledby={`tab-${panel}`}>
          <Suspense fallback={<p className="muted" style={{ padding: 12 }}>Loading…</p>}>
            {panel === 'twin' ? <><Details /><LiveCharts /></> : null}
            {panel === 'editor' ? <ScenarioEditor /> : null}
            {panel === 'compare' ? <ComparePanel /> : null}
            {panel === 'fleet' ? <FleetPanel /> : null}
          </Suspense>
        </div>
      </aside>
      <Timeline />
      <div className="log-area"><EventLog /></div>
      <div className="table-area"><NodeTable /></div>
      <Toasts />
      <ScenarioDropZone />
    </div>
  );
}
