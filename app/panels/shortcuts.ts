/**
 * Keyboard shortcuts outside text fields: Space play/pause, "." step, "f" fit all, "/" focus the
 * node search, Escape clear the selection. Each has a visible button too (aria-keyshortcuts).
 */
import { useEffect } from 'react';
import { fitAll, select, step, togglePlay } from '../store/actions.ts';

const typing = (t: EventTarget | null) => t instanceof HTMLElement && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName) || t.closest('.cm-editor') !== null);

/** Installs the shortcuts for the app's lifetime. */
export function useShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
      if (e.key === ' ' && !(e.target instanceof HTMLButtonElement)) { e.preventDefault(); void togglePlay(); }
      else if (e.key === '.') void step();
      else if (e.key === 'f') fitAll();
      else if (e.key === '/') { e.preventDefault(); document.querySelector<HTMLInputElement>('input[aria-label="Find node"]')?.focus(); }
      else if (e.key === 'Escape') select(null);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
