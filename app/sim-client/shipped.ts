/**
 * The shipped scenarios, experiments and the files they name, bundled into the app as text (Vite
 * `?raw` imports), keyed by repository path ("scenarios/metro-operations.yaml"). The app needs no
 * server to load them; an edited scenario that names a shipped policy file still finds it.
 */

const scenarioTexts = import.meta.glob('../../scenarios/*.yaml', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
const experimentTexts = import.meta.glob('../../scenarios/experiments/*.yaml', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
const policyTexts = import.meta.glob('../../scenarios/policies/*.yaml', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

const repoPath = (globKey: string) => globKey.replace(/^(\.\.\/)+/, '');

/** Every bundled file by repository path. */
export const BUNDLED_FILES: Record<string, string> = Object.fromEntries(
  [...Object.entries(scenarioTexts), ...Object.entries(experimentTexts), ...Object.entries(policyTexts)].map(([k, v]) => [repoPath(k), v]),
);

/** A shipped scenario: its name (file name without .yaml), path and the first description line. */
export interface ShippedScenario { name: string; file: string; text: string; description: string }

/** The scenario the app opens on. */
export const DEFAULT_SCENARIO = 'metro-operations';

/** Shipped scenarios, sorted by name, the default first. */
export const SHIPPED_SCENARIOS: ShippedScenario[] = Object.entries(scenarioTexts)
  .map(([k, text]) => {
    const file = repoPath(k);
    const name = file.replace(/^scenarios\//, '').replace(/\.yaml$/, '');
    const m = /^\s*description:\s*(.+)$/m.exec(text);
    return { name, file, text, description: m ? m[1]!.trim() : '' };
  })
  .sort((a, b) => (a.name === DEFAULT_SCENARIO ? -1 : b.name === DEFAULT_SCENARIO ? 1 : a.name.localeCompare(b.name)));

/** A shipped experiment (kind: Experiment). */
export interface ShippedExperiment { name: string; file: string; text: string }

/** Shipped experiments (files under scenarios/experiments/ whose kind is Experiment). */
export const SHIPPED_EXPERIMENTS: ShippedExperiment[] = Object.entries(experimentTexts)
  .filter(([, text]) => /^kind:\s*Experiment\s*$/m.test(text))
  .map(([k, text]) => ({ name: repoPath(k).replace(/^scenarios\/experiments\//, '').replace(/\.yaml$/, ''), file: repoPath(k), text }))
  .sort((a, b) => a.name.localeCompare(b.name));

/** The shipped scenario called `name`, if any. */
export function shippedScenario(name: string): ShippedScenario | undefined {
  return SHIPPED_SCENARIOS.find((s) => s.name === name);
}
