/**
 * Runs a plan's placement in the twin: for every fault set of the failure suite and every
 * validation seed, build the scenario, set each service's replicas to the plan's nodes (the same
 * `inject({kind: 'placement'})` the UI uses), run to the end and keep the report.
 */
import type { ScenarioModel } from '../../scenario/model.ts';
import { parseScenario } from '../../scenario/parse.ts';
import type { WorkLimits } from '../../text/limits.ts';
import { Simulation } from '../../twin/simulation.ts';
import type { FaultSetDef } from '../result.ts';
import type { Placements } from './diff.ts';
import type { ValidationRun } from './gates.ts';

/** The placement a scenario model resolves to (explicit `placement:` lists, else first-fit), by "app/service". */
export function modelPlacement(model: ScenarioModel): Placements {
  return placementOf(new Simulation(model));
}

/** A simulation's current placement by "app/service" (at construction: where the scenario puts each service). */
export function placementOf(sim: Simulation): Placements {
  const model = sim.state.model;
  const out: Placements = {};
  const { graph, placement: { seam: placement } } = sim.state;
  graph.services.forEach((svc, i) => {
    out[svc.key] = Array.from(placement.replicas[i]!, (n) => model.nodes[n]!.id);
  });
  return out;
}

/** The ids of the nodes a placement uses, sorted (the nodes the headroom gate looks at). */
export function hostingNodes(p: Readonly<Placements>): string[] {
  return [...new Set(Object.values(p).flat())].sort();
}

/** What the validation runs need: the variant's scenario text and overlays, the suite, the seeds. */
export interface ValidationInput {
  scenarioText: string;
  file: string;
  sets: string[];
  faultSets: FaultSetDef[];
  seeds: number[];
  durationMs: number | null;
  placement: Readonly<Placements>;
  /** Work limits the experiment was checked against (absent: the defaults). */
  limits?: Partial<WorkLimits>;
}

/** Runs faultSets × seeds simulations with the placement injected; calls onRun after each. */
export function runValidation(input: ValidationInput, onRun?: (done: number, total: number, run: ValidationRun) => void): ValidationRun[] {
  const runs: ValidationRun[] = [];
  const total = input.faultSets.length * input.seeds.length;
  for (const fs of input.faultSets) {
    for (const seed of input.seeds) {
      const model = parseScenario(input.scenarioText, input.file, { sets: input.sets, faults: fs.faults, seed, durationMs: input.durationMs ?? undefined, limits: input.limits });
      const sim = new Simulation(model);
      for (const service of Object.keys(input.placement).sort()) sim.inject({ kind: 'placement', service, nodes: [...input.placement[service]!] });
      sim.runToEnd();
      const run = { faultSet: fs.name, seed, report: sim.report() };
      runs.push(run);
      onRun?.(runs.length, total, run);
    }
  }
  return runs;
}
