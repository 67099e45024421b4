/**
 * The per-case checks the fuzz tests run inside a Sandbox (plain-data input → problems), so a
 * case that exhausts memory or never ends is reported rather than fatal.
 */
import { dirname, resolve } from 'node:path';
import { prepareExperiment, type PreparedExperiment } from '../../../sim-core/whatif/prepare.ts';
import { parseScenario } from '../../../sim-core/scenario/parse.ts';
import { readTextFile } from '../../../cli/lib/files.ts';
import { cut, refusalProblems } from './oracle.ts';
import { caseRng } from './prng.ts';
import { checkScenarioText, FUZZ_UNTIL_MS, runModel } from './run-bounded.ts';
import type { Verdict } from './sandbox.ts';

/** A matrix larger than this is not something `compare` finishes: it must be refused up front. */
export const MAX_SANE_RUNS = 100_000;

/** A scenario case: its text, the file it stands for, and --set / --fault flags. */
export interface ScenarioCase { text: string; file: string; sets?: string[]; faults?: string[] }

/** Verdict on a scenario case: refused or ran, and its problems (none: refused cleanly, or ran capped to a sane report). */
export function scenarioCase(c: ScenarioCase): Verdict {
  const o = checkScenarioText(c.text, c.file, { ...(c.sets ? { sets: c.sets } : {}), ...(c.faults ? { faults: c.faults } : {}) });
  return { outcome: o.kind, problems: o.problems };
}

/** An experiment case: its text, the file it stands for, and a seed choosing the run to simulate. */
export interface ExperimentCase { text: string; file: string; runSeed: number }

/**
 * Verdict on an experiment case: refused cleanly, or validated to a matrix of at most
 * MAX_SANE_RUNS runs, one of which (chosen by runSeed) parses and runs capped to a sane report.
 */
export function experimentCase(c: ExperimentCase): Verdict {
  let p: PreparedExperiment;
  try {
    p = prepareExperiment(c.text, c.file, { readScenario: (rel) => readTextFile(resolve(dirname(c.file), rel)), untilMs: FUZZ_UNTIL_MS });
  } catch (err) {
    return { outcome: 'refused', problems: refusalProblems(err, { text: c.text, file: c.file }) };
  }
  return { outcome: 'ran', problems: preparedProblems(p, c.runSeed) };
}

function preparedProblems(p: PreparedExperiment, runSeed: number): string[] {
  if (p.meta.totalRuns > MAX_SANE_RUNS) return [`validated as ${p.meta.totalRuns} runs (more than ${MAX_SANE_RUNS}: compare would not end)`];
  if (p.inputs.length !== p.meta.totalRuns) return [`${p.inputs.length} run inputs for ${p.meta.totalRuns} runs`];
  if (p.inputs.length === 0) return ['validated with no runs'];
  const input = p.inputs[caseRng(runSeed, 0).int(p.inputs.length)]!;
  try {
    const model = parseScenario(input.scenarioText, input.file, { sets: input.sets, faults: input.faults, seed: input.seed, durationMs: FUZZ_UNTIL_MS });
    // The files the scenario names travel with the run, as compare's workers get them.
    return runModel(model, input.file, undefined, (path) => input.files?.[path] ?? readTextFile(path)).problems.map((x) => `run ${input.index} (${input.variant}, ${input.faultSet}): ${x}`);
  } catch (err) {
    return [`run ${input.index} was validated but its scenario is refused: ${cut((err as Error).message, 300)}`];
  }
}
