/** Transient messages (errors stay longer), announced to screen readers. */
import { useApp } from '../store/use-store.ts';
import { appStore } from '../app-context.ts';

/** The toast stack, bottom right. */
export function Toasts() {
  const toasts = useApp((s) => s.toasts);
  return (
    <div className="toasts" role="status" aria-live="polite">
      {toasts.map((t) => (
        <div key={t.id} className={`toast ${t.kind}`} role={t.kind === 'error' ? 'alert' : undefined}>
          <span>{t.text}</span>
          <button type="button" aria-label="Dismiss" onClick={() => appStore.setState((s) => ({ toasts: s.toasts.filter((x) => x.id !== t.id) }))}>×</button>
        </div>
      ))}
    </div>
  );
}
