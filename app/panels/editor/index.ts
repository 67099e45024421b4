/**
 * What the shell imports from the editor without loading CodeMirror: the lazy editor component,
 * the window-wide drop zone, opening a file or handing text to the editor, and the share URL of
 * edited text. (Editor.tsx itself is the lazily loaded chunk.)
 */
import { lazy } from 'react';

/** The editor panel, loaded on first render (wrap it in <Suspense>). */
export const LazyScenarioEditor = lazy(() => import('./Editor.tsx'));
export { ScenarioDropZone } from './FileDrop.tsx';
export { openScenarioFile } from './open-file.ts';
export { openInEditor } from './draft.ts';
export { shareUrlFor } from './share.ts';
