/** The web app's entry: styles, the React root, and start-up (boot.ts). */
import './styles.css';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { boot } from './boot.ts';

createRoot(document.getElementById('root')!).render(<App />);
void boot();
