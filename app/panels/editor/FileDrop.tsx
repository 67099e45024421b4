/**
 * Drag and drop of a scenario file onto the whole app: mount <ScenarioDropZone /> once (the shell
 * does). While a file is dragged over the window an overlay says what a drop does; the drop goes
 * through openScenarioFile. Drops the editor handled itself (defaultPrevented) only end the overlay.
 * No CodeMirror here: this stays in the first bundle without the editor.
 */
import { useEffect, useState } from 'react';
import { toast } from '../../store/actions.ts';
import { openScenarioFile } from './open-file.ts';
import './FileDrop.css';

const hasFiles = (e: DragEvent) => !!e.dataTransfer && Array.from(e.dataTransfer.types).includes('Files');

/** Window-wide drop target for .yaml/.yml scenarios; renders the overlay while dragging. */
export function ScenarioDropZone() {
  const [dragging, setDragging] = useState(false);
  useEffect(() => {
    let depth = 0;
    const enter = (e: DragEvent) => { if (hasFiles(e)) { depth++; setDragging(true); } };
    const over = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      e.dataTransfer!.dropEffect = 'copy';
    };
    const leave = (e: DragEvent) => { if (hasFiles(e)) { depth = Math.max(0, depth - 1); if (depth === 0) setDragging(false); } };
    const drop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth = 0;
      setDragging(false);
      if (e.defaultPrevented) return;
      e.preventDefault();
      const files = Array.from(e.dataTransfer!.files);
      if (files.length !== 1) { toast(`drop one scenario file at a time (got ${files.length})`, 'error'); return; }
      void openScenarioFile(files[0]!);
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, []);
  if (!dragging) return null;
  return <div className="scenario-drop-overlay" aria-hidden="true"><p>Drop a .yaml scenario to open it</p></div>;
}
