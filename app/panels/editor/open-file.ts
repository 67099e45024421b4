/**
 * Opening a scenario file from anywhere in the app (a drop on the window, the editor's Open
 * file… button): a scenario without problems is loaded at once; one with problems opens in the
 * editor with them shown (the loaded scenario stays); anything else gets a message and changes
 * nothing.
 */
import { loadText, toast } from '../../store/actions.ts';
import { sessionClient } from '../../sim-client/session-client.ts';
import { openInEditor } from './draft.ts';
import { readScenarioFile, type FileVerdict } from './scenario-file.ts';

/** Reads and classifies a file with the session worker's parser. */
export function checkScenarioFile(file: File): Promise<FileVerdict> {
  return readScenarioFile(file, (text, name) => sessionClient().validate(text, name));
}

/** Opens a dropped or chosen file; resolves to whether it was loaded into the simulation. */
export async function openScenarioFile(file: File): Promise<boolean> {
  const v = await checkScenarioFile(file);
  if (!v.ok) { toast(v.message, 'error'); return false; }
  if (v.issues.length > 0) {
    openInEditor(v.text, v.name);
    toast(`${v.name} has ${v.issues.length} problem${v.issues.length === 1 ? '' : 's'}; it is open in the editor, the current scenario stays loaded`, 'error');
    return false;
  }
  const ok = await loadText(v.text, v.name, 'custom');
  if (ok) toast(`loaded ${v.name}`);
  else openInEditor(v.text, v.name);
  return ok;
}
