/**
 * One scenario run reduced to what the determinism checks compare. The same function runs in
 * Node (the test process) and in Chromium (bundled into browser-entry.ts), so any difference in
 * the outputs comes from the platform, not from two ways of running. Pure: no node:*, no DOM.
 */
import { parseScenario } from '../../../sim-core/scenario/parse.ts';
import { scenarioBuildOptions } from '../../../sim-core/twin/scenario-files.ts';
import { Simulation } from '../../../sim-core/twin/simulation.ts';

/** What a run is asked for: scenario text, its file name, the files it names (by resolved path), seed, duration. */
export interface ScenarioRunRequest {
  text: string;
  file: string;
  files: Record<string, string>;
  seed: number;
  durationMs: number;
}

/** What a run produced: trace hash, event count, and the full report as plain JSON (NaN/Infinity → null on both sides alike). */
export interface ScenarioRunOutcome {
  traceHash: string;
  events: number;
  report: unknown;
}

/** Parses, simulates to the end and reports; throws (as the CLI would) on bad input or a file the request lacks. */
export function runScenarioText(req: ScenarioRunRequest): ScenarioRunOutcome {
  const model = parseScenario(req.text, req.file, { seed: req.seed, durationMs: req.durationMs });
  const sim = new Simulation(model, scenarioBuildOptions(model, req.file, (path) => {
    const text = req.files[path];
    if (text === undefined) throw new Error(`runScenarioText: no text given for ${path}; have ${Object.keys(req.files).join(', ') || '(none)'}`);
    return text;
  }));
  sim.runToEnd();
  const report = sim.report();
  return { traceHash: sim.traceHash, events: sim.eventsProcessed, report: JSON.parse(JSON.stringify(report)) };
}
