/**
 * What the editor keeps outside React: text handed to it from elsewhere in the app (a dropped file
 * with problems, a shared link that failed to load) and its own unapplied text while the panel is
 * closed, so switching panels never loses an edit. A vanilla store; no CodeMirror here, so the
 * shell can import it without pulling the editor into the first bundle.
 */
import { createStore } from 'zustand/vanilla';
import { showPanel } from '../../store/actions.ts';

/** Text for the editor to take over (as an unapplied edit). */
export interface Handoff { text: string; file: string; seq: number }

/** The editor's text while it is unmounted: what was typed, under which file name, and the loaded text it departs from. */
export interface SavedDraft { text: string; file: string; baseline: string }

/** The draft state. */
export interface DraftState { incoming: Handoff | null; saved: SavedDraft | null }

/** The one draft store of the app. */
export const draftStore = createStore<DraftState>()(() => ({ incoming: null, saved: null }));

/** Opens the editor on `text` (file name `file`) as an unapplied edit; the loaded scenario stays. */
export function openInEditor(text: string, file: string): void {
  draftStore.setState((s) => ({ incoming: { text, file, seq: (s.incoming?.seq ?? 0) + 1 } }));
  showPanel('editor');
}

/** Takes the handed-over text (once). */
export function takeIncoming(): Handoff | null {
  const h = draftStore.getState().incoming;
  if (h) draftStore.setState({ incoming: null });
  return h;
}
