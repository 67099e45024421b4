/**
 * The app's shell: toolbar; the 3D scene with its legend; the side panel (details and live
 * charts, the YAML editor, or Compare); the timeline; the event log and the node table. The 3D
 * view, charts, editor and Compare are separate chunks (the editor and Compare load on first use).
 */
import { lazy, Suspense, useEffect } from 'react';
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
const ScenarioEditor = lazy(async () => ({ default: (await import('./panels/editor/Editor.tsx')).ScenarioEditor }));

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
      <aside className="side" aria-label={panel === 'twin' ? 'Details and charts' : panel === 'editor' ? 'Scenario editor' : 'Compare variants'}>
        <Suspense fallback={<p className="muted" style={{ padding: 12 }}>Loading…</p>}>
          {panel === 'twin' ? <><Details /><LiveCharts /></> : null}
          {panel === 'editor' ? <ScenarioEditor /> : null}
          {panel === 'compare' ? <ComparePanel /> : null}
        </Suspense>
      </aside>
      <Timeline />
      <div className="log-area"><EventLog /></div>
      <div className="table-area"><NodeTable /></div>
      <Toasts />
      <ScenarioDropZone />
    </div>
  );
}
