/** Loading a scenario for the CLI: the YAML, the overrides, and the files it names. */
import { readTextFile } from './files.ts';
import { parseScenario } from '../../sim-core/scenario/parse.ts';
import type { ScenarioModel } from '../../sim-core/scenario/model.ts';
import type { BuildOptions } from '../../sim-core/twin/build.ts';
import { scenarioBuildOptions } from '../../sim-core/twin/scenario-files.ts';

/** Parses a scenario file with overrides and reads its policy and scheduler files. */
export function loadScenario(file: string, opts: Parameters<typeof parseScenario>[2] = {}): { model: ScenarioModel; build: BuildOptions } {
  const model = parseScenario(readTextFile(file), file, opts);
  return { model, build: scenarioBuildOptions(model, file, readTextFile) };
}
