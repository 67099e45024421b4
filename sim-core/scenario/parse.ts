/**
 * Scenario text → ScenarioModel, or one InputError listing every problem, located and sorted.
 * Order: YAML (size and structure limits) → --set edits → node count before expansion →
 * schema (types, units, unknown fields) → resolve (references, defaults, generators) → --fault
 * → --seed / --until overrides → expected events.
 */
import { InputError, type InputIssue } from '../text/input-error.ts';
import type { ScenarioModel } from './model.ts';
import { FaultSpecError, parseFaultSpec } from './fault-spec.ts';
import { locateIssues, sortIssues, userErrorMap } from './issues.ts';
import { ResolveContext } from './resolve/context.ts';
import { faultTargetProblem } from './resolve/dynamics.ts';
import { resolveScenario } from './resolve/resolve.ts';
import { zScenarioDocument } from './schema/scenario.ts';
import { SetPathError, applySet } from './set-path.ts';
import { parseYamlSource } from '../text/yaml-source.ts';
import { BOUNDS } from './schema/bounds.ts';
import { formatDurationMs } from '../text/units.ts';
import { count, LIMIT_FLAGS, workLimits, type WorkLimits } from '../text/limits.ts';
import { estimateEvents, listedNodeCounter, estimateNodes, eventLimitIssue, nodeLimitIssue } from './work-estimate.ts';

/** Command-line overrides applied on top of the file. */
export interface ScenarioOverrides {
  /** `path=value` edits applied before validation (--set). */
  sets?: string[];
  /** Extra faults in the --fault grammar. */
  faults?: string[];
  seed?: number;
  durationMs?: number;
  /** Work limits (default DEFAULT_LIMITS): file size, nodes after expansion, expected events. */
  limits?: Partial<WorkLimits>;
}

const flagIssue = (file: string, path: string, message: string): InputIssue => ({ file, line: 0, col: 0, path, message });

/** Parses and resolves a scenario; throws InputError with every issue (file, line:col, field path). */
export function parseScenario(text: string, file: string, opts: ScenarioOverrides = {}): ScenarioModel {
  const limits = workLimits(opts.limits);
  const listed = listedNodeCounter();
  const source = parseYamlSource(text, file, {
    maxBytes: limits.maxFileBytes,
    onOutlineLine: listed.visit,
    beforeParse: () => {
      if (listed.count <= limits.maxNodes) return null;
      return { line: listed.line, col: listed.col, path: 'spec.nodes', message: `spec.nodes lists ${count(listed.count)} nodes; at most ${count(limits.maxNodes)} (raise the limit with ${LIMIT_FLAGS.maxNodes} N)` };
    },
  });
  const setIssues: InputIssue[] = [];
  for (const assignment of opts.sets ?? []) {
    try {
      applySet(source.value, assignment, zScenarioDocument);
    } catch (err) {
      if (!(err instanceof SetPathError)) throw err;
      setIssues.push(flagIssue('<--set>', assignment, err.message));
    }
  }
  if (setIssues.length) throw new InputError(setIssues);
  // Before validating or expanding anything: a document of millions of nodes would exhaust memory first.
  const tooManyNodes = nodeLimitIssue(estimateNodes(source.value), limits.maxNodes, file, (at) => source.locate(at));
  if (tooManyNodes) throw new InputError([tooManyNodes]);
  const parsed = zScenarioDocument.safeParse(source.value, { error: userErrorMap });
  if (!parsed.success) throw new InputError(locateIssues(parsed.error.issues, source));
  const ctx = new ResolveContext(source);
  const model = resolveScenario(ctx, parsed.data);
  const faultIssues: InputIssue[] = [];
  for (const spec of opts.faults ?? []) {
    try {
      const fault = parseFaultSpec(spec);
      const problem = faultTargetProblem(fault, model.nodes, model.links, model.regions);
      if (problem) faultIssues.push(flagIssue('<--fault>', spec, problem));
      else model.faults.push(fault);
    } catch (err) {
      if (!(err instanceof FaultSpecError)) throw err;
      faultIssues.push(flagIssue('<--fault>', spec, err.message));
    }
  }
  if (opts.seed !== undefined) {
    if (!Number.isSafeInteger(opts.seed) || opts.seed < 0) faultIssues.push(flagIssue('<--seed>', '', `seed must be a whole number >= 0, got ${opts.seed}`));
    else model.seed = opts.seed;
  }
  if (opts.durationMs !== undefined) {
    const { min, max } = BOUNDS.runMs;
    if (!(opts.durationMs >= min && opts.durationMs <= max)) faultIssues.push(flagIssue('<--until>', '', `duration must be between ${formatDurationMs(min)} and ${formatDurationMs(max)}, got ${opts.durationMs} ms`));
    else model.durationMs = opts.durationMs;
  }
  const all = [...sortIssues(ctx.issues), ...faultIssues];
  if (all.length) throw new InputError(all);
  const tooManyEvents = eventLimitIssue(estimateEvents(model), limits.maxEvents, file, (at) => source.locate(at));
  if (tooManyEvents) throw new InputError([tooManyEvents]);
  return model;
}
