/**
 * Experiment + variant → sealed Plan: resolve the variant's placement, diff it against the
 * current state (a snapshot, else the baseline variant), check the scenario's policies, run the
 * validation suite in the twin and evaluate the gates. Pure apart from the caller's file reader.
 */
import { didYouMean } from '../../text/did-you-mean.ts';
import { InputError, type InputIssue } from '../../text/input-error.ts';
import { parseScenario } from '../../scenario/parse.ts';
import type { WorkLimits } from '../../text/limits.ts';
import { prepareExperiment, resolveSeeds } from '../prepare.ts';
import type { RunInput } from '../simulate-run.ts';
import { diffPlacements, type Placements } from './diff.ts';
import { evaluateGates, type ValidationRun } from './gates.ts';
import { sealPlan, PLAN_KIND, PLAN_VERSION, type Plan, type PlanBaseline } from './plan.ts';
import { evaluatePlanPolicies, scenarioPolicies } from './policies.ts';
import type { PlacementSnapshot } from './snapshot.ts';
import { hostingNodes, modelPlacement, runValidation } from './validate.ts';

/** Validation seeds when neither --seeds nor spec.gates.seeds says. */
export const DEFAULT_VALIDATION_SEEDS = 3;

/** Options of makePlan. */
export interface MakePlanOptions {
  /** Returns the scenario text for spec.scenario (the caller resolves the path). */
  readScenario: (scenarioPath: string) => string;
  /** Returns a policy file named in the scenario's spec.orchestrator.policies (relative to the scenario). */
  readPolicy?: (scenarioPath: string, policyPath: string) => string;
  variant: string;
  /** The current state; absent: the experiment's baseline variant. */
  against?: { snapshot: PlacementSnapshot; file: string };
  /** Number of validation seeds (the experiment's first N, continued upward when N is larger). */
  seeds?: number;
  /** Called after each validation run. */
  onRun?: (done: number, total: number, run: ValidationRun) => void;
  /** Called with each located warning of the experiment file (e.g. a deprecated gate key). */
  onWarning?: (issue: InputIssue) => void;
  /** Work limits (default DEFAULT_LIMITS): file size, nodes, events per run, runs of the experiment. */
  limits?: Partial<WorkLimits>;
}

const keySorted = (p: Placements): Placements => Object.fromEntries(Object.keys(p).sort().map((k) => [k, [...p[k]!]]));

/** Builds and seals the plan; throws InputError for bad input (unknown variant, bad experiment). */
export function makePlan(text: string, file: string, opts: MakePlanOptions): Plan {
  // The same preparation as `compare` (spec.gates included), so both judge by the same gates.
  const prepared = prepareExperiment(text, file, { readScenario: opts.readScenario, limits: opts.limits });
  for (const w of prepared.warnings) opts.onWarning?.(w);
  const meta = prepared.meta;
  const names = meta.variants.map((v) => v.name);
  if (!names.includes(opts.variant)) {
    throw new InputError([{ file: '<--variant>', line: 0, col: 0, path: '', message: `unknown variant '${opts.variant}'${didYouMean(opts.variant, names)}; variants of ${meta.name}: ${names.join(', ')}` }]);
  }
  // The experiment's first N seeds (continued upward when N is larger): runs `compare` also made.
  const seeds = resolveSeeds({ list: meta.seeds }, opts.seeds ?? prepared.validationSeeds ?? Math.min(DEFAULT_VALIDATION_SEEDS, meta.seeds.length));
  // The variant's runs at the first sweep point carry its scenario text and overlays.
  const first = (variant: string): RunInput => prepared.inputs.find((i) => i.variant === variant && i.sweepIndex === 0)!;
  const mine = first(opts.variant);
  const model = parseScenario(mine.scenarioText, mine.file, { sets: mine.sets, durationMs: meta.untilMs ?? undefined, limits: mine.limits });
  const target = keySorted(modelPlacement(model));

  let against: PlanBaseline;
  if (opts.against) {
    const s = opts.against.snapshot;
    against = { kind: 'snapshot', source: s.source ?? opts.against.file, takenAt: s.takenAt, placements: keySorted(s.placements) };
  } else {
    const base = first(meta.baseline);
    const baseModel = parseScenario(base.scenarioText, base.file, { sets: base.sets, durationMs: meta.untilMs ?? undefined, limits: base.limits });
    against = { kind: 'baseline-variant', source: meta.baseline, takenAt: null, placements: keySorted(modelPlacement(baseModel)) };
  }

  const readPolicy = opts.readPolicy ? (p: string) => opts.readPolicy!(meta.scenarioFile, p) : undefined;
  const policies = evaluatePlanPolicies(model, target, scenarioPolicies(model, meta.scenarioFile, readPolicy));
  const runs = runValidation({
    scenarioText: mine.scenarioText, file: mine.file, sets: mine.sets, faultSets: meta.faultSets, seeds, durationMs: meta.untilMs, placement: target, limits: mine.limits,
  }, opts.onRun);
  const results = evaluateGates(runs, hostingNodes(target), meta.gates);

  return sealPlan({
    kind: PLAN_KIND,
    version: PLAN_VERSION,
    experiment: { name: meta.name, file: meta.file, hash: meta.hash },
    scenario: { name: meta.scenarioName, file: meta.scenarioFile },
    variant: opts.variant,
    sweep: meta.sweep && mine.sweepValue !== null ? { path: meta.sweep.path, value: mine.sweepValue } : null,
    target,
    against,
    diff: diffPlacements(against.placements, target),
    policies,
    validation: { seeds, faultSets: meta.faultSets.map((f) => ({ name: f.name, faults: [...f.faults] })), durationMs: meta.untilMs, runs: runs.length },
    gates: { config: { ...meta.gates }, results },
  });
}
