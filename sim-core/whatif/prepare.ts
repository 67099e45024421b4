/**
 * Experiment file + scenario text → the run matrix (variants × sweep points × fault sets ×
 * seeds, in canonical order) and its metadata — or one InputError, before any run, naming the
 * experiment file's line:col for each broken overlay, variant, metric, baseline or sweep.
 * Every combination is parsed (cheap) so a run cannot fail on bad input halfway through.
 */
import { didYouMean, listSome } from '../text/did-you-mean.ts';
import { FaultSpecError, parseFaultSpec } from '../scenario/fault-spec.ts';
import { InputError, type InputIssue } from '../text/input-error.ts';
import type { ScenarioModel } from '../scenario/model.ts';
import { parseScenario } from '../scenario/parse.ts';
import { workLimits, type WorkLimits } from '../text/limits.ts';
import { runLimitIssue, type RunFactors } from '../scenario/work-estimate.ts';
import { resolveRelative, scenarioBuildOptions, scenarioFileNames } from '../twin/scenario-files.ts';
import { zScenarioDocument } from '../scenario/schema/scenario.ts';
import { SetPathError, applySet } from '../scenario/set-path.ts';
import { parseYamlSource, type FieldPath } from '../text/yaml-source.ts';
import { hashText } from './experiment-hash.ts';
import { parseExperimentSpec, pathText, type ExperimentSpec } from './experiment-spec.ts';
import { mergePatch } from './merge-patch.ts';
import { parseGatesSpec, type GatesSpec } from './plan/gates-spec.ts';
import { metricCatalog, DEFAULT_METRICS, PARETO_METRICS } from './metrics.ts';
import type { ExperimentMeta, FaultSetDef, MetricDef, SweepValue } from './result.ts';
import type { RunInput } from './simulate-run.ts';
import type { Correction } from './stats/index.ts';

/** Options of prepareExperiment. */
export interface PrepareOptions {
  /** Returns the text of spec.scenario (the caller resolves it relative to the experiment file). */
  readScenario: (scenarioPath: string) => string;
  /** --seeds N: use N seeds (a prefix of the list, or the list continued upward). */
  seeds?: number;
  /** --until: simulated duration override in ms. */
  untilMs?: number;
  /** --correction: overrides spec.correction. */
  correction?: Correction;
  /** Work limits (default DEFAULT_LIMITS): file size, nodes, events per run, runs. The runs carry them to their workers. */
  limits?: Partial<WorkLimits>;
}

/** A validated experiment: metadata and one RunInput per run, index = canonical run index. */
export interface PreparedExperiment {
  meta: ExperimentMeta;
  inputs: RunInput[];
  /** Located warnings that do not stop the experiment (deprecated keys); callers print them. */
  warnings: InputIssue[];
  /** spec.gates.seeds: validation seeds for `plan` (null: its default). */
  validationSeeds: number | null;
}

/** Name of the single fault set of an experiment without a failure suite. */
export const NORMAL_FAULT_SET = 'normal';

/** The `path=value` overlay of a sweep point (JSON is YAML, so every scalar round-trips). */
export const sweepSet = (path: string, value: SweepValue): string => `${path}=${typeof value === 'string' ? value : JSON.stringify(value)}`;

/** Validates everything up front and builds the run matrix; throws InputError on any problem. */
export function prepareExperiment(text: string, file: string, opts: PrepareOptions): PreparedExperiment {
  const limits = workLimits(opts.limits);
  const { spec, source } = parseExperimentSpec(text, file, limits);
  const tooManyRuns = runLimitIssue(runFactors(spec, opts.seeds), limits.maxRuns, file, (at) => source.locate(at));
  if (tooManyRuns) throw new InputError([tooManyRuns]);
  const issues: InputIssue[] = [];
  let gates: GatesSpec | null = null;
  try { gates = parseGatesSpec(text, file); } catch (err) {
    if (!(err instanceof InputError)) throw err;
    issues.push(...err.issues);
  }
  const fail = (at: FieldPath, message: string): void => {
    const p = source.locate(at);
    issues.push({ file, line: p.line, col: p.col, path: pathText(at), message });
  };
  const scenarioFile = spec.scenario;
  let scenarioText: string;

  try {
    scenarioText = opts.readScenario(scenarioFile);
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    fail(['spec', 'scenario'], `cannot use scenario '${scenarioFile}': ${err.issues.map((i) => i.message).join('; ')}`);
    throw new InputError(issues);
  }
  // The scenario's own errors are reported in the scenario file, where they are.
  const baseModel: ScenarioModel = parseScenario(scenarioText, scenarioFile, { limits });
  const baseDoc = parseYamlSource(scenarioText, scenarioFile).value;

  // Overlays: each variant's patch, then its sets, checked against the schema path by path.
  const variantTexts = spec.variants.map((v) => {
    const doc = v.patch ? mergePatch(baseDoc, v.patch) : structuredClone(baseDoc);
    v.set.forEach((assignment, k) => {
      try { applySet(doc, assignment, zScenarioDocument); } catch (err) {
        if (!(err instanceof SetPathError)) throw err;
        fail([...v.at, 'set', k], `${assignment}: ${err.message}`);
      }
    });
    return v.patch
      ? { text: JSON.stringify(mergePatch(baseDoc, v.patch), null, 1), file: `${scenarioFile} (patched by variant ${v.name})` }
      : { text: scenarioText, file: scenarioFile };
  });
  const sweepValues: (SweepValue | null)[] = spec.sweep ? spec.sweep.values : [null];
  if (spec.sweep) {
    for (const value of spec.sweep.values) {
      try { applySet(structuredClone(baseDoc), sweepSet(spec.sweep.path, value), zScenarioDocument); } catch (err) {
        if (!(err instanceof SetPathError)) throw err;
        fail(['spec', 'sweep', 'path'], `${spec.sweep.path}: ${err.message}`);
        break;
      }
    }
  }
  const faultSets: FaultSetDef[] = spec.failureSuite.length ? spec.failureSuite.map((f) => ({ name: f.name, faults: f.faults })) : [{ name: NORMAL_FAULT_SET, faults: [] }];
  spec.failureSuite.forEach((f) => f.faults.forEach((fs, k) => {
    try { parseFaultSpec(fs); } catch (err) {
      if (!(err instanceof FaultSpecError)) throw err;
      fail([...f.at, 'faults', k], err.message);
    }
  }));

  const catalog = metricCatalog(baseModel.apps.map((a) => a.id));
  const known = [...catalog.keys()];
  const checkMetric = (key: string, at: FieldPath): boolean => {
    if (catalog.has(key)) return true;
    fail(at, `unknown metric '${key}'${didYouMean(key, known)}; known: ${listSome(known, 20)}`);
    return false;
  };
  const metrics: MetricDef[] = [];
  const metricSpecs = spec.metrics ?? DEFAULT_METRICS.map((key) => ({ key, direction: null, at: ['spec'] as FieldPath }));
  for (const m of metricSpecs) {
    if (!checkMetric(m.key, m.at)) continue;
    if (metrics.some((x) => x.key === m.key)) continue;
    const def = catalog.get(m.key)!;
    metrics.push({ ...def, direction: m.direction ?? def.direction });
  }
  if (spec.objective) checkMetric(spec.objective.metric, spec.objective.at);
  for (const c of spec.constraints) checkMetric(c.metric, c.at);
  if (issues.length) throw new InputError(sortIssues(issues));

  const untilMs = opts.untilMs ?? spec.untilMs;
  // Parse every combination once (no simulation) so no run can fail on input; collect the
  // files each one names (policies, scheduler config) so workers get their texts with the run.
  const files: Record<string, string> = {};
  const collectFiles = (model: ScenarioModel, scenarioPath: string) => {
    for (const rel of scenarioFileNames(model)) {
      const path = resolveRelative(scenarioPath, rel);
      if (!(path in files)) files[path] = opts.readScenario(path);
    }
    // Compiles them too, so a broken policy file is refused before any run.
    scenarioBuildOptions(model, scenarioPath, (p) => files[p]!);
  };
  spec.variants.forEach((v, vi) => {
    const seen = new Set<string>();
    for (const value of sweepValues) {
      for (const [fi, fset] of faultSets.entries()) {
        try {
          const model = parseScenario(variantTexts[vi]!.text, variantTexts[vi]!.file, { sets: setsOf(spec, vi, value), faults: fset.faults, durationMs: untilMs ?? undefined, limits });
          collectFiles(model, variantTexts[vi]!.file);
        } catch (err) {
          if (!(err instanceof InputError)) throw err;
          for (const issue of err.issues) {
            const faultK = issue.file === '<--fault>' ? fset.faults.indexOf(issue.path) : -1;
            const at: FieldPath = faultK >= 0 ? [...spec.failureSuite[fi]!.at, 'faults', faultK] : [...v.at, 'name'];
            const where = value === null ? '' : ` at ${spec.sweep!.path}=${String(value)}`;
            const msg = faultK >= 0 ? `fault '${issue.path}': ${issue.message}` : `variant '${v.name}'${where} gives an invalid scenario: ${issueText(issue)}`;
            if (!seen.has(msg)) { seen.add(msg); fail(at, msg); }
          }
        }
      }
    }
  });
  if (issues.length) throw new InputError(sortIssues(dedupe(issues)));

  const seeds = resolveSeeds(spec.seeds, opts.seeds);
  const objective = spec.objective ? { metric: spec.objective.metric, direction: spec.objective.direction } : null;
  const meta: ExperimentMeta = {
    name: spec.name, file, hash: '', scenarioFile, scenarioName: baseModel.name, baseline: spec.baseline, seeds,
    variants: spec.variants.map((v) => ({ name: v.name, description: v.description, set: v.set, patched: v.patch !== null })),
    sweep: spec.sweep ? { path: spec.sweep.path, values: spec.sweep.values } : null,
    faultSets, metrics, objective,
    constraints: spec.constraints.map((c) => ({ metric: c.metric, max: c.max, min: c.min, inAtLeast: c.inAtLeast })),
    untilMs: untilMs ?? null,
    gates: gates!.gates,
    // Only when on: an experiment without a correction keeps its hash.
    ...((opts.correction ?? spec.correction) === 'holm' ? { correction: 'holm' as const } : {}),
    totalRuns: spec.variants.length * sweepValues.length * faultSets.length * seeds.length,
  };
  const inputs: RunInput[] = [];
  spec.variants.forEach((v, vi) => sweepValues.forEach((value, si) => faultSets.forEach((fset, fi) => seeds.forEach((seed, ri) => {
    inputs.push({
      scenarioText: variantTexts[vi]!.text, file: variantTexts[vi]!.file, sets: setsOf(spec, vi, value), faults: fset.faults,
      seed, durationMs: untilMs ?? null, files, limits,
      index: ((vi * sweepValues.length + si) * faultSets.length + fi) * seeds.length + ri,
      variant: v.name, sweepIndex: si, sweepValue: value, faultSet: fset.name, seedIndex: ri,
    });
  }))));
  const { file: _file, hash: _hash, ...identity } = meta;
  meta.hash = hashText(JSON.stringify({ identity, texts: [...new Set(variantTexts.map((t) => t.text))] }));
  return { meta, inputs, warnings: gates!.warnings, validationSeeds: gates!.seeds };
}

/** The objectives of the Pareto front (main-app p95 latency, cost, energy; all lower-is-better). */
export const paretoObjectives = () => PARETO_METRICS.map((metric) => ({ metric, direction: 'lower' as const }));

/** The run matrix's factors as written (seeds: --seeds when given), for the run limit. */
function runFactors(spec: ExperimentSpec, seedsFlag: number | undefined): RunFactors {
  const seeds = seedsFlag ?? ('list' in spec.seeds ? spec.seeds.list.length : spec.seeds.count);
  return {
    variants: spec.variants.length, sweepPoints: spec.sweep?.values.length ?? 1, faultSets: spec.failureSuite.length, seeds,
    at: {
      variants: ['spec', 'variants'], sweepPoints: ['spec', 'sweep', 'values'], faultSets: ['spec', 'failureSuite'],
      seeds: seedsFlag !== undefined ? null : 'list' in spec.seeds ? ['spec', 'seeds'] : ['spec', 'seeds', 'count'],
    },
  };
}

function setsOf(spec: ExperimentSpec, vi: number, value: SweepValue | null): string[] {
  const sets = [...spec.variants[vi]!.set];
  if (spec.sweep && value !== null) sets.push(sweepSet(spec.sweep.path, value));
  return sets;
}

/** Seeds of the experiment; `override` takes a prefix of a list, or continues it upward. */
export function resolveSeeds(seeds: ExperimentSpec['seeds'], override?: number): number[] {
  const list = 'list' in seeds ? seeds.list : Array.from({ length: seeds.count }, (_, i) => seeds.from + i);
  if (override === undefined) return list;
  if (!(Number.isSafeInteger(override) && override >= 1)) throw new InputError([{ file: '<--seeds>', line: 0, col: 0, path: '', message: `expected a whole number >= 1, got ${override}` }]);
  if (override <= list.length) return list.slice(0, override);
  const out = [...list];
  let next = Math.max(...list) + 1;
  while (out.length < override) out.push(next++);
  return out;
}

function issueText(i: InputIssue): string {
  const where = i.line > 0 ? `${i.file}:${i.line}:${i.col}: ` : `${i.file}: `;
  return `${where}${i.path ? `${i.path}: ` : ''}${i.message}`;
}

function sortIssues(issues: InputIssue[]): InputIssue[] {
  return issues.sort((a, b) => a.line - b.line || a.col - b.col);
}

function dedupe(issues: InputIssue[]): InputIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => { const k = `${i.line}:${i.col}:${i.message}`; if (seen.has(k)) return false; seen.add(k); return true; });
}
