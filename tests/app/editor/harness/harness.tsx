/**
 * A page with just the scenario editor, the real session worker, toasts and the window drop zone
 * (for tests/app/editor/editor.e2e.test.ts): it loads the default shipped scenario, mounts the
 * editor lazily as the shell does, and exposes the store and a loader as `globalThis.harness`.
 */
import '../../../../app/styles.css';
import { Suspense } from 'react';
import { EditorView } from '@codemirror/view';
import { createRoot } from 'react-dom/client';
import { appStore } from '../../../../app/app-context.ts';
import { LazyScenarioEditor, ScenarioDropZone } from '../../../../app/panels/editor/index.ts';
import { Toasts } from '../../../../app/panels/Toasts.tsx';
import { sessionClient } from '../../../../app/sim-client/session-client.ts';
import { DEFAULT_SCENARIO, shippedScenario } from '../../../../app/sim-client/shipped.ts';
import { loadText } from '../../../../app/store/actions.ts';
import { useApp } from '../../../../app/store/use-store.ts';

function Harness() {
  const name = useApp((s) => s.scenarioName);
  const theme = useApp((s) => s.theme);
  document.documentElement.dataset.theme = theme;
  return (
    <div style={{ display: 'grid', gridTemplateColumns: 'minmax(0, 1fr) 720px', gridTemplateRows: 'minmax(0, 1fr)', height: '100%' }}>
      <main style={{ padding: 12 }} aria-label="Fabric view">
        <p>Loaded: <output aria-label="Loaded scenario">{name || 'nothing'}</output></p>
        <button type="button" onClick={() => appStore.setState({ theme: theme === 'dark' ? 'light' : 'dark' })}>Toggle theme</button>
      </main>
      <aside className="side" style={{ height: '100%', borderLeft: '1px solid var(--border)' }}>
        <Suspense fallback={<p>Loading the editor…</p>}><LazyScenarioEditor /></Suspense>
      </aside>
      <ScenarioDropZone />
      <Toasts />
    </div>
  );
}

sessionClient();
const s = shippedScenario(DEFAULT_SCENARIO)!;
// What the test drives besides the UI: the store, and loading a shipped scenario as the toolbar would.
(globalThis as unknown as { harness: unknown }).harness = {
  appStore,
  ready: loadText(s.text, s.file, s.name),
  loadShipped: (name: string) => { const t = shippedScenario(name)!; return loadText(t.text, t.file, t.name); },
  // The whole text (the DOM holds only the lines in view).
  editorText: () => EditorView.findFromDOM(document.querySelector<HTMLElement>('.cm-editor')!)?.state.doc.toString() ?? null,
};
createRoot(document.getElementById('root')!).render(<Harness />);
