/**
 * 'plan': makePlan inside a worker (it runs the validation simulations in-thread, so the browser
 * must not run it on the page's thread). The input carries the experiment text and every file it
 * may name, by repository path; bad input comes back as a value with its located issues (an
 * InputError's issues would not survive the trip through a worker's error channel).
 */
import { InputError, type InputIssue } from '../../sim-core/text/input-error.ts';
import { makePlan } from '../../sim-core/whatif/plan/make-plan.ts';
import type { Plan } from '../../sim-core/whatif/plan/plan.ts';
import { parseDocument } from 'yaml';
import { MAX_YAML_DEPTH } from '../../sim-core/text/limits.ts';
import { outlineYaml } from '../../sim-core/text/yaml-outline.ts';
import type { JobFn } from '../jobs.ts';

/** Input of the 'plan' job. */
export interface PlanJobInput {
  /** The experiment's YAML text. */
  text: string;
  /** Its repository path, e.g. "scenarios/experiments/fog-placement.yaml" (scenario and policy paths resolve against it). */
  file: string;
  variant: string;
  /** Validation seeds (default: the experiment's spec.gates.seeds, else 3). */
  seeds?: number;
  /** Simulated ms per validation run, overriding spec.until (the Compare panel passes its own override). */
  untilMs?: number;
  /** Texts of the files the experiment may name, by normalized repository path. */
  files: Record<string, string>;
}

/** Output of the 'plan' job: the sealed plan, or the input's problems. */
export type PlanJobOutput = { ok: true; plan: Plan } | { ok: false; issues: InputIssue[]; message: string };

/** Progress of the 'plan' job: validation runs done of total, the last one's fault set and seed. */
export interface PlanJobProgress { done: number; total: number; faultSet: string; seed: number }

/** `rel` resolved against the directory of `from`, with "." and ".." folded ("a/b/c.yaml" + "../d.yaml" → "a/d.yaml"). */
export function resolveRepoPath(from: string, rel: string): string {
  if (rel.startsWith('/')) return rel.slice(1);
  const parts = from.split('/').slice(0, -1);
  for (const p of rel.split('/')) {
    if (p === '..') parts.pop();
    else if (p !== '.' && p !== '') parts.push(p);
  }
  return parts.join('/');
}

/** A reader over `files` for paths relative to `base`'s directory; a missing file is an InputError naming it. */
export function fileReader(files: Readonly<Record<string, string>>, base: string): (rel: string) => string {
  return (rel) => {
    const path = resolveRepoPath(base, rel);
    const text = files[path];
    if (text === undefined) throw new InputError([{ file: base, line: 0, col: 0, path: '', message: `no file '${rel}' (looked for ${path})` }]);
    return text;
  };
}

/** The experiment text with spec.until set to `untilMs` (comments and layout kept; other fields untouched). */
export function withUntil(text: string, untilMs: number): string {
  if (!(Number.isFinite(untilMs) && untilMs > 0)) throw new Error(`withUntil: untilMs must be a positive number, got ${untilMs}`);
  // A document that does not parse (or nests too deep to try) keeps its text, so makePlan reports its problems where they are.
  if (outlineYaml(text, { maxDepth: MAX_YAML_DEPTH, keepLines: false }).tooDeep) return text;
  const doc = parseDocument(text);
  if (doc.errors.length > 0 || !doc.has('spec')) return text;
  doc.setIn(['spec', 'until'], untilMs % 1000 === 0 ? `${untilMs / 1000}s` : `${Math.round(untilMs)}ms`);
  return doc.toString();
}

/** 'plan': PlanJobInput → PlanJobOutput; reports PlanJobProgress after each validation run. */
export const planJob: JobFn<PlanJobInput, PlanJobOutput> = (input, progress) => {
  const readScenario = fileReader(input.files, input.file);
  try {
    const text = input.untilMs !== undefined ? withUntil(input.text, input.untilMs) : input.text;
    const plan = makePlan(text, input.file, {
      variant: input.variant,
      seeds: input.seeds,
      readScenario,
      readPolicy: (scenario, p) => fileReader(input.files, resolveRepoPath(input.file, scenario))(p),
      onRun: (done, total, run) => progress({ done, total, faultSet: run.faultSet, seed: run.seed } satisfies PlanJobProgress),
    });
    return { ok: true, plan };
  } catch (err) {
    if (err instanceof InputError) return { ok: false, issues: err.issues, message: err.message };
    throw err;
  }
};
