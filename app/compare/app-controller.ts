/**
 * The running app's Compare controller (browser worker pool, bundled files, performance.now) and
 * the panel's settings, both kept outside React so a comparison keeps running, and its results
 * stay, while another panel is shown.
 */
import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import { createBrowserPool } from '../../workers/browser-pool.ts';
import { BUNDLED_FILES, SHIPPED_EXPERIMENTS } from '../sim-client/shipped.ts';
import { createCompareController, type CompareController, type CompareState } from './controller.ts';
import { DEFAULT_SEEDS, DEFAULT_UNTIL_S, defaultWorkers } from './model.ts';

let controller: CompareController | null = null;

/** The app's controller (created on first use). */
export function compareController(): CompareController {
  controller ??= createCompareController({
    createPool: (size) => createBrowserPool({ size }),
    files: BUNDLED_FILES,
    now: () => performance.now(),
  });
  return controller;
}

/** Subscribes a component to the comparison state. */
export function useCompare<T>(selector: (s: CompareState) => T): T {
  return useStore(compareController().store, selector);
}

/** What the form holds. */
export interface CompareSettings {
  /** Shipped experiment name. */
  experiment: string;
  /** Its YAML, possibly edited in the panel. */
  text: string;
  seeds: number;
  untilS: number;
  workers: number;
}

const first = SHIPPED_EXPERIMENTS.find((e) => e.name === 'fog-placement') ?? SHIPPED_EXPERIMENTS[0];

/** The form's settings (defaults: fog-placement, 2 seeds × 1 simulated minute, the machine's cores up to 8). */
export const settingsStore = createStore<CompareSettings>()(() => ({
  experiment: first?.name ?? '',
  text: first?.text ?? '',
  seeds: DEFAULT_SEEDS,
  untilS: DEFAULT_UNTIL_S,
  workers: defaultWorkers(typeof navigator === 'undefined' ? undefined : navigator.hardwareConcurrency),
}));

/** Subscribes a component to the form's settings. */
export function useSettings<T>(selector: (s: CompareSettings) => T): T {
  return useStore(settingsStore, selector);
}
