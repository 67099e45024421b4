/** The web app's entry: styles, the React root, and start-up (boot.ts). */
import './styles.css';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { boot } from './boot.ts';
import { appStore, frames } from './app-context.ts';

// A read-only handle for scripts and tests (state and the latest frame); the UI never reads it.
(globalThis as { __edgetwin?: unknown }).__edgetwin = { store: appStore, frames };

createRoot(document.getElementById('root')!).render(<App />);
void boot();
