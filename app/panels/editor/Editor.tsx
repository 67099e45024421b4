/**
 * The scenario editor: CodeMirror 6 on the loaded scenario's YAML, with completion and hover help
 * from the scenario JSON Schema, validation as you type (the session worker's parser, debounced),
 * problems as lint diagnostics and a clickable list, Apply (Ctrl/Cmd-Enter) / Revert, Undo / Redo,
 * and opening a file (button or drop). Unapplied edits are never dropped silently: a scenario
 * loaded meanwhile asks first, and the text survives closing the panel (draft.ts).
 * Lazy: the shell imports this file on first use (`export default` and `ScenarioEditor`).
 */
import { useEffect, useRef, useState, type DragEvent as ReactDragEvent, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import { redo, redoDepth, undo, undoDepth } from '@codemirror/commands';
import { setDiagnostics } from '@codemirror/lint';
import { openSearchPanel } from '@codemirror/search';
import { Compartment, EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import type { InputIssue } from '../../../sim-core/text/input-error.ts';
import schemaJson from '../../../scenarios/scenario.schema.json';
import { appStore } from '../../app-context.ts';
import { sessionClient } from '../../sim-client/session-client.ts';
import { loadText } from '../../store/actions.ts';
import type { AppState } from '../../store/store.ts';
import { useApp } from '../../store/use-store.ts';
import { draftStore, takeIncoming, type Handoff } from './draft.ts';
import { editorExtensions } from './editor-setup.ts';
import { themeExtension } from './editor-theme.ts';
import { issueDiagnostics, issueRange } from './issue-ranges.ts';
import { ProblemList } from './ProblemList.tsx';
import { checkScenarioFile } from './open-file.ts';
import type { JsonSchema } from './schema-lookup.ts';
import './Editor.css';

/** Quiet time after the last keystroke before the text is checked. */
export const VALIDATE_DEBOUNCE_MS = 400;

const SCHEMA = schemaJson as unknown as JsonSchema;
const DEFAULT_FILE = 'custom-scenario.yaml';

type Notice = { text: string; kind: 'info' | 'error' } | null;
type Conflict = { name: string; file: string; text: string } | null;

/** The editor panel (no props: it edits the store's scenario). */
export function ScenarioEditor() {
  const hostRef = useRef<HTMLDivElement>(null);
  const fileInputRef = useRef<HTMLInputElement>(null);
  const viewRef = useRef<EditorView | null>(null);
  // The loaded text the edits depart from (Revert goes back to it), and the file name checks and Apply use.
  const baselineRef = useRef('');
  const fileRef = useRef('');
  const applyingTextRef = useRef<string | null>(null);
  const validateSeq = useRef(0);
  const timerRef = useRef<ReturnType<typeof setTimeout> | null>(null);
  const themeCompartment = useRef(new Compartment());
  const actions = useRef({ apply: () => {}, changed: (_byUser: boolean) => {} });

  const [issues, setIssues] = useState<InputIssue[]>([]);
  const [checking, setChecking] = useState(true);
  const [checkedOnce, setCheckedOnce] = useState(false);
  const [dirty, setDirty] = useState(false);
  const [canUndo, setCanUndo] = useState(false);
  const [canRedo, setCanRedo] = useState(false);
  const [applying, setApplying] = useState(false);
  const [conflict, setConflict] = useState<Conflict>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const [fileName, setFileName] = useState('');
  const theme = useApp((s) => s.theme);
  const nodeCount = useApp((s) => s.description?.nodes.length ?? 0);
  const hasBaseline = useApp((s) => s.scenarioText !== '');

  const setFile = (file: string) => { fileRef.current = file; setFileName(file); };
  const currentFile = () => fileRef.current || DEFAULT_FILE;

  const showIssues = (view: EditorView, list: InputIssue[]) => {
    setIssues(list);
    view.dispatch(setDiagnostics(view.state, issueDiagnostics(view.state.doc, list, currentFile())));
  };

  const validateSoon = (delayMs: number) => {
    if (timerRef.current) clearTimeout(timerRef.current);
    const seq = ++validateSeq.current;
    setChecking(true);
    timerRef.current = setTimeout(() => {
      const view = viewRef.current;
      if (!view) return;
      const file = currentFile();
      sessionClient().validate(view.state.doc.toString(), file).then(
        (list) => list,
        (err: unknown) => [{ file, line: 0, col: 0, path: '', message: `the text could not be checked: ${err instanceof Error ? err.message : String(err)}` }],
      ).then((list) => {
        // A newer edit scheduled a newer check: this result describes old text.
        if (seq !== validateSeq.current || viewRef.current !== view) return;
        showIssues(view, list);
        setChecking(false);
        setCheckedOnce(true);
      });
    }, delayMs);
  };

  const refreshFlags = (state: EditorState) => {
    setDirty(state.doc.toString() !== baselineRef.current);
    setCanUndo(undoDepth(state) > 0);
    setCanRedo(redoDepth(state) > 0);
  };

  const makeState = (text: string) => EditorState.create({
    doc: text,
    extensions: editorExtensions(SCHEMA, themeCompartment.current, appStore.getState().theme, {
      apply: () => actions.current.apply(),
      changed: (state, byUser) => { actions.current.changed(byUser); refreshFlags(state); },
    }, 'scenario-editor-keys'),
  });

  /** Replaces the whole text as one undoable change (nothing typed is lost: it is one Undo away). */
  const replaceDoc = (text: string) => {
    const view = viewRef.current!;
    view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text }, selection: { anchor: 0 }, scrollIntoView: true });
  };

  /** Starts over on freshly loaded text (history cleared: there were no unapplied edits). */
  const resetTo = (text: string, file: string) => {
    const view = viewRef.current!;
    baselineRef.current = text;
    setFile(file);
    view.setState(makeState(text));
    refreshFlags(view.state);
    validateSoon(0);
  };

  const apply = async () => {
    const view = viewRef.current;
    if (!view || applyingTextRef.current !== null) return;
    const text = view.state.doc.toString();
    const file = currentFile();
    // The loaded text unchanged keeps its name (a shipped scenario stays shareable by name).
    const loaded = appStore.getState();
    const name = text === loaded.scenarioText && loaded.scenarioName ? loaded.scenarioName : 'custom';
    applyingTextRef.current = text;
    setApplying(true);
    setNotice(null);
    try {
      const ok = await loadText(text, file, name);
      setNotice(ok
        ? { text: name === 'custom' ? `Applied: the scene shows the edited scenario (${file}).` : `Applied: ${name} restarted from the beginning.`, kind: 'info' }
        : { text: 'Not applied: the text has problems (listed below); the scene is unchanged.', kind: 'error' });
    } catch (err) {
      setNotice({ text: `Not applied: ${err instanceof Error ? err.message : String(err)}`, kind: 'error' });
    } finally {
      applyingTextRef.current = null;
      setApplying(false);
    }
  };

  const takeHandoff = (h: Handoff) => {
    replaceDoc(h.text);
    setFile(h.file);
    setNotice({ text: `Opened ${h.file}; it is not applied yet (the scene still shows ${appStore.getState().scenarioName || 'nothing'}).`, kind: 'info' });
  };

  const openFile = async (file: File) => {
    setNotice({ text: `Reading ${file.name}…`, kind: 'info' });
    const v = await checkScenarioFile(file);
    const view = viewRef.current;
    if (!view) return;
    if (!v.ok) { setNotice({ text: v.message, kind: 'error' }); return; }
    replaceDoc(v.text);
    setFile(v.name);
    showIssues(view, v.issues);
    if (v.issues.length === 0) await apply();
    else setNotice({ text: `Opened ${v.name}: ${v.issues.length} problem${v.issues.length === 1 ? '' : 's'} to fix before it can be applied (Undo brings the previous text back).`, kind: 'error' });
  };

  actions.current.apply = () => { void apply(); };
  actions.current.changed = (byUser) => {
    validateSoon(VALIDATE_DEBOUNCE_MS);
    // A message about an earlier state of the text is stale once the user edits it.
    if (byUser) setNotice(null);
  };

  // Create the view once; restore a draft kept while the panel was closed, or take handed-over text.
  useEffect(() => {
    const s = appStore.getState();
    const saved = draftStore.getState().saved;
    draftStore.setState({ saved: null });
    const text = saved ? saved.text : s.scenarioText;
    baselineRef.current = saved ? saved.baseline : s.scenarioText;
    setFile(saved ? saved.file : s.scenarioFile);
    const view = new EditorView({ state: makeState(text), parent: hostRef.current! });
    viewRef.current = view;
    refreshFlags(view.state);
    if (saved && saved.baseline !== s.scenarioText) setConflict({ name: s.scenarioName, file: s.scenarioFile, text: s.scenarioText });
    if (s.issues.length > 0) showIssues(view, s.issues);
    const h = takeIncoming();
    if (h) takeHandoff(h);
    validateSoon(0);

    const unsubApp = appStore.subscribe((now: AppState, prev: AppState) => {
      if (now.scenarioText !== prev.scenarioText) onLoaded(now);
      if (now.issues !== prev.issues && now.issues.length > 0 && viewRef.current) showIssues(viewRef.current, now.issues);
    });
    const unsubDraft = draftStore.subscribe((now, prev) => {
      if (now.incoming && now.incoming !== prev.incoming) { const h2 = takeIncoming(); if (h2) takeHandoff(h2); }
    });
    return () => {
      unsubApp();
      unsubDraft();
      if (timerRef.current) clearTimeout(timerRef.current);
      validateSeq.current++;
      const doc = view.state.doc.toString();
      if (doc !== baselineRef.current) draftStore.setState({ saved: { text: doc, file: fileRef.current, baseline: baselineRef.current } });
      view.destroy();
      viewRef.current = null;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the view lives as long as the component
  }, []);

  // A scenario was loaded (by Apply, the toolbar, a drop, a link).
  const onLoaded = (s: AppState) => {
    const view = viewRef.current;
    if (!view) return;
    const doc = view.state.doc.toString();
    if (doc === s.scenarioText || s.scenarioText === applyingTextRef.current) {
      baselineRef.current = s.scenarioText;
      setFile(s.scenarioFile);
      setConflict(null);
      refreshFlags(view.state);
    } else if (doc === baselineRef.current) {
      resetTo(s.scenarioText, s.scenarioFile);
      setConflict(null);
      setNotice(null);
    } else {
      setConflict({ name: s.scenarioName, file: s.scenarioFile, text: s.scenarioText });
    }
  };

  useEffect(() => {
    viewRef.current?.dispatch({ effects: themeCompartment.current.reconfigure(themeExtension(theme)) });
  }, [theme]);

  const showLoaded = () => {
    if (!conflict) return;
    baselineRef.current = conflict.text;
    setFile(conflict.file);
    replaceDoc(conflict.text);
    setConflict(null);
    setNotice({ text: `Showing ${conflict.name}; your edits are one Undo away.`, kind: 'info' });
  };
  const keepEdits = () => {
    if (!conflict) return;
    baselineRef.current = conflict.text;
    refreshFlags(viewRef.current!.state);
    setConflict(null);
    setNotice({ text: `Kept your edits; Revert now goes to ${conflict.name}.`, kind: 'info' });
  };
  const revert = () => {
    const view = viewRef.current;
    if (!view) return;
    replaceDoc(baselineRef.current);
    setFile(appStore.getState().scenarioFile);
    setNotice(null);
    view.focus();
  };
  const goTo = (issue: InputIssue) => {
    const view = viewRef.current;
    if (!view) return;
    const r = issueRange(view.state.doc, issue, currentFile());
    view.dispatch({ selection: { anchor: r.from, head: r.to }, scrollIntoView: true });
    view.focus();
  };
  const onKeyDown = (e: ReactKeyboardEvent) => {
    if (e.defaultPrevented) return;
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); void apply(); }
  };
  const onDragOver = (e: ReactDragEvent) => {
    if (!Array.from(e.dataTransfer.types).includes('Files')) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  };
  const onDrop = (e: ReactDragEvent) => {
    if (!Array.from(e.dataTransfer.types).includes('Files')) return;
    e.preventDefault();
    const files = Array.from(e.dataTransfer.files);
    if (files.length !== 1) { setNotice({ text: `Drop one scenario file at a time (got ${files.length}).`, kind: 'error' }); return; }
    void openFile(files[0]!);
  };

  // The last result stays up while the next check runs.
  const result = !checkedOnce ? '' : issues.length === 0 ? (dirty || !nodeCount ? 'no problems' : `valid · ${nodeCount} nodes`)
    : `${issues.length} problem${issues.length === 1 ? '' : 's'}`;
  const status = checking ? (result ? `${result} · checking…` : 'checking…') : result;

  return (
    <section className="scenario-editor" aria-label="Scenario editor" onKeyDown={onKeyDown} onDragOver={onDragOver} onDrop={onDrop}>
      <h2 className="panel-title">
        <span>Scenario YAML</span>
        <span className="scenario-editor-file mono" title={fileName}>{fileName || 'unsaved text'}</span>
        <span className="grow" />
        {dirty ? <span className="scenario-editor-dirty">unapplied edits</span> : null}
      </h2>
      <div className="scenario-editor-bar" role="toolbar" aria-label="Editor actions">
        <button type="button" className="primary" onClick={() => void apply()} disabled={applying} aria-keyshortcuts="Control+Enter Meta+Enter" title="Apply (Ctrl/Cmd-Enter)">Apply</button>
        <button type="button" onClick={revert} disabled={!dirty || !hasBaseline} title="Back to the loaded text">Revert</button>
        <button type="button" onClick={() => { const v = viewRef.current; if (v) { undo(v); v.focus(); } }} disabled={!canUndo} aria-keyshortcuts="Control+Z Meta+Z" title="Undo (Ctrl/Cmd-Z)">Undo</button>
        <button type="button" onClick={() => { const v = viewRef.current; if (v) { redo(v); v.focus(); } }} disabled={!canRedo} aria-keyshortcuts="Control+Shift+Z Meta+Shift+Z" title="Redo (Ctrl/Cmd-Shift-Z)">Redo</button>
        <button type="button" onClick={() => { const v = viewRef.current; if (v) openSearchPanel(v); }} aria-keyshortcuts="Control+F Meta+F" title="Find and replace (Ctrl/Cmd-F)">Find…</button>
        <button type="button" onClick={() => fileInputRef.current?.click()} title="Open a .yaml scenario (or drop one here)">Open file…</button>
        <input ref={fileInputRef} type="file" accept=".yaml,.yml,application/yaml,application/x-yaml,text/yaml,text/x-yaml" hidden tabIndex={-1}
          onChange={(e) => { const f = e.target.files?.[0]; e.target.value = ''; if (f) void openFile(f); }} />
      </div>
      {conflict ? (
        <div className="scenario-editor-conflict" role="alert">
          <span>{conflict.name || 'Another scenario'} was loaded while you have unapplied edits here.</span>
          <button type="button" onClick={showLoaded}>Show the loaded scenario</button>
          <button type="button" onClick={keepEdits}>Keep my edits</button>
        </div>
      ) : null}
      {notice ? (
        <div className={`scenario-editor-notice ${notice.kind === 'error' ? 'is-error' : ''}`} role={notice.kind === 'error' ? 'alert' : 'status'}>
          <span>{notice.text}</span>
          <button type="button" className="scenario-editor-dismiss" onClick={() => setNotice(null)} aria-label="Dismiss message">×</button>
        </div>
      ) : null}
      <div className="scenario-editor-host" ref={hostRef} />
      <p className={`scenario-editor-status ${!checkedOnce ? '' : issues.length ? 'has-problems' : 'is-valid'}`} role="status" aria-live="polite">{status}</p>
      <ProblemList issues={issues} file={currentFile()} onPick={goTo} />
      <p className="scenario-editor-keys muted" id="scenario-editor-keys">
        Ctrl/Cmd-Space completes, Ctrl/Cmd-Enter applies, Ctrl/Cmd-F finds; Tab indents — press Esc then Tab to leave the text. Drop a .yaml file here to open it.
      </p>
    </section>
  );
}

export default ScenarioEditor;
