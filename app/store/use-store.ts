/**
 * React adapter of the vanilla store: `useApp(selector)` re-renders a component when the selected
 * slice changes (compare with Object.is; select primitives or stable references).
 */
import { useStore } from 'zustand';
import type { AppState } from './store.ts';
import { appStore } from '../app-context.ts';

/** Subscribes a component to a slice of the app state. */
export function useApp<T>(selector: (s: AppState) => T): T {
  return useStore(appStore, selector);
}
