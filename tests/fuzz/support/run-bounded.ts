/**
 * Parse-and-run in process with the oracle: a scenario (text + overrides) is either refused
 * cleanly or runs to its (capped) end within an event budget and yields a sane report.
 */
import { parseScenario, type ScenarioOverrides } from '../../../sim-core/scenario/parse.ts';
import type { ScenarioModel } from '../../../sim-core/scenario/model.ts';
import { Simulation } from '../../../sim-core/twin/simulation.ts';
import { scenarioBuildOptions } from '../../../sim-core/twin/scenario-files.ts';
import { readTextFile } from '../../../cli/lib/files.ts';
import { refusalProblems, reportProblems } from './oracle.ts';

/** Simulated time every fuzzed run is capped at (the CLI's --until). */
export const FUZZ_UNTIL_MS = 3000;
/** Events a capped run may take; the shipped scenarios take under 20,000 in 3 s. */
export const FUZZ_EVENT_BUDGET = 2_000_000;

/** How an input ended: refused, ran (with its event count), or a list of oracle problems. */
export interface Outcome { kind: 'refused' | 'ran'; problems: string[]; events?: number; message?: string }

/** Parses `text` as the scenario `file` with `overrides` and runs it, bounded; never throws. */
export function checkScenarioText(text: string, file: string, overrides: ScenarioOverrides = {}): Outcome {
  let model: ScenarioModel;
  try {
    model = parseScenario(text, file, { durationMs: FUZZ_UNTIL_MS, ...overrides });
  } catch (err) {
    const flags = [...(overrides.faults ?? []), ...(overrides.sets ?? [])];
    return { kind: 'refused', problems: refusalProblems(err, { text, file, flags }), message: (err as Error).message?.slice(0, 300) };
  }
  return runModel(model, file, text);
}

/** Builds and runs a parsed model to its end within FUZZ_EVENT_BUDGET; checks the report. */
export function runModel(model: ScenarioModel, file: string, text?: string, readText: (path: string) => string = readTextFile): Outcome {
  let sim: Simulation;
  try {
    sim = new Simulation(model, scenarioBuildOptions(model, file, readText));
  } catch (err) {
    return { kind: 'refused', problems: refusalProblems(err, { text, file }), message: (err as Error).message?.slice(0, 300) };
  }
  try {
    while (!sim.done && sim.eventsProcessed < FUZZ_EVENT_BUDGET) sim.advanceEvents(100_000);
  } catch (err) {
    return { kind: 'ran', problems: [`the run threw at ${sim.nowMs} ms: ${(err as Error).name}: ${(err as Error).message?.slice(0, 300)}`] };
  }
  if (!sim.done) return { kind: 'ran', problems: [`no end in sight: ${sim.eventsProcessed} events by ${sim.nowMs} of ${sim.endMs} simulated ms (budget ${FUZZ_EVENT_BUDGET})`] };
  let report: unknown;
  try { report = JSON.parse(JSON.stringify(sim.report())); } catch (err) {
    return { kind: 'ran', problems: [`report() threw: ${(err as Error).message?.slice(0, 300)}`] };
  }
  return { kind: 'ran', problems: reportProblems(report), events: sim.eventsProcessed };
}
