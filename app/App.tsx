/**
 * The app's shell: toolbar; the 3D scene with its legend; the side panel (details and live
 * charts, the YAML editor, or Compare); the timeline; the event log and the node table. The
 * editor and Compare load on first use (their code is split out of the first bundle).
 */
import { lazy, Suspense, useEffect, type ComponentType } from 'react';
import { useApp } from './store/use-store.ts';
import { Toolbar } from './panels/Toolbar.tsx';
import { Timeline } from './panels/Timeline.tsx';
import { EventLog } from './panels/EventLog.tsx';
import { NodeTable } from './panels/NodeTable.tsx';
import { Details } from './panels/Details.tsx';
import { Toasts } from './panels/Toasts.tsx';
import { useShortcuts } from './panels/shortcuts.ts';
import { ScenarioDropZone } from './panels/editor/FileDrop.tsx';

// Parts written in their own directories, loaded when present (each is optional until it lands).
const parts = import.meta.glob(['./scene/Scene.tsx', './scene/Legend.tsx', './charts/LiveCharts.tsx', './compare/ComparePanel.tsx', './panels/editor/Editor.tsx']);
function part(path: string, name: string): ComponentType | null {
  const load = parts[path];
  if (!load) return null;
  return lazy(async () => ({ default: ((await load()) as Record<string, ComponentType>)[name]! }));
}
const Scene = part('./scene/Scene.tsx', 'Scene');
const Legend = part('./scene/Legend.tsx', 'Legend');
const LiveCharts = part('./charts/LiveCharts.tsx', 'LiveCharts');
const ComparePanel = part('./compare/ComparePanel.tsx', 'ComparePanel');
const ScenarioEditor = part('./panels/editor/Editor.tsx', 'ScenarioEditor');

const missing = (what: string) => <p className="muted" style={{ padding: 12 }}>{what} is not part of this build.</p>;

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
          {Scene ? <Scene /> : missing('The 3D view')}
          {Legend ? <Legend /> : null}
        </Suspense>
      </main>
      <aside className="side" aria-label={panel === 'twin' ? 'Details and charts' : panel === 'editor' ? 'Scenario editor' : 'Compare variants'}>
        <Suspense fallback={<p className="muted" style={{ padding: 12 }}>Loading…</p>}>
          {panel === 'twin' ? <><Details />{LiveCharts ? <LiveCharts /> : null}</> : null}
          {panel === 'editor' ? (ScenarioEditor ? <ScenarioEditor /> : missing('The editor')) : null}
          {panel === 'compare' ? (ComparePanel ? <ComparePanel /> : missing('Compare')) : null}
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
