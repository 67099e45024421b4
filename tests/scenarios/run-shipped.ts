/** Runs a shipped scenario by file name (with optional --set/--fault overrides), memoised per test file. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseScenario } from '../../sim-core/scenario/parse.ts';
import type { RunReport } from '../../sim-core/twin/report.ts';
import { Simulation } from '../../sim-core/twin/simulation.ts';
import { scenarioBuildOptions } from '../../sim-core/twin/scenario-files.ts';

/** Directory of the shipped scenarios. */
export const SCENARIOS_DIR = join(import.meta.dirname, '../../scenarios');

const cache = new Map<string, { report: RunReport; sim: Simulation }>();

/** Parses and runs scenarios/<name>.yaml to its end; returns the simulation and its report. */
export function runShipped(name: string, opts: { sets?: string[]; faults?: string[]; seed?: number; durationMs?: number } = {}) {
  const key = JSON.stringify([name, opts]);
  const hit = cache.get(key);
  if (hit) return hit;
  const file = join(SCENARIOS_DIR, `${name}.yaml`);
  const model = parseScenario(readFileSync(file, 'utf8'), file, opts);
  const sim = new Simulation(model, scenarioBuildOptions(model, file, (p) => readFileSync(p, 'utf8')));
  sim.runToEnd();
  const out = { report: sim.report(), sim };
  cache.set(key, out);
  return out;
}
