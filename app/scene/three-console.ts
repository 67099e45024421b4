/**
 * Silences exactly one known three.js deprecation warning that is not ours: @react-three/fiber
 * 9.x still creates a THREE.Clock (deprecated in r183) for every Canvas. Every other three.js
 * message goes to the console (or to a console function installed before this one) unchanged.
 */
import { getConsoleFunction, setConsoleFunction } from 'three';

const SILENCED = /^THREE\.Clock: This module has been deprecated/;
let installed = false;

/** Installs the filter once (idempotent). */
export function installThreeConsoleFilter(): void {
  if (installed) return;
  installed = true;
  const previous = getConsoleFunction();
  setConsoleFunction((type: string, message: string, ...params: unknown[]) => {
    if (type === 'warn' && SILENCED.test(message)) return;
    if (previous) previous(type as 'log' | 'warn' | 'error', message, ...params);
    else (console[type as 'log' | 'warn' | 'error'] ?? console.log)(message, ...params);
  });
}
