/**
 * The Compare panel's pure parts: preparing an experiment from bundled files (located issues, not
 * exceptions), warnings about a duration override that cuts faults off, and the verdict table's
 * rows in the report's formats. No DOM and no workers: the Node tests run these directly.
 */
import { InputError, type InputIssue } from '../../sim-core/text/input-error.ts';
import { parseFaultSpec } from '../../sim-core/scenario/fault-spec.ts';
import { parseScenario } from '../../sim-core/scenario/parse.ts';
import { parseExperimentSpec } from '../../sim-core/whatif/experiment-spec.ts';
import { prepareExperiment, resolveSeeds, type PreparedExperiment } from '../../sim-core/whatif/prepare.ts';
import type { ExperimentMeta, ExperimentResult, RunRecord } from '../../sim-core/whatif/result.ts';
import { cellsOf } from '../report/bind.ts';
import { fmtClock, fmtDuration } from '../report/format.ts';
import { verdictCellText, verdictFormats } from '../report/tables.ts';
import { fileReader, resolveRepoPath } from '../../workers/jobs/plan.ts';

/** Seeds the panel starts with (2 seeds × 1 simulated minute: a shipped experiment finishes in seconds). */
export const DEFAULT_SEEDS = 2;
/** Simulated seconds per run the panel starts with. */
export const DEFAULT_UNTIL_S = 60;
/** Most workers the panel offers (more rarely helps a browser tab). */
export const MAX_WORKERS = 8;

/** Default pool size: the machine's cores, capped at MAX_WORKERS and at the number of runs. */
export function defaultWorkers(hardwareConcurrency: number | undefined, runs = Infinity): number {
  const cores = typeof hardwareConcurrency === 'number' && hardwareConcurrency >= 1 ? Math.floor(hardwareConcurrency) : 2;
  return Math.max(1, Math.min(cores, MAX_WORKERS, runs));
}

/** The shape of an experiment without preparing it (cheap: the spec only), or null when its text does not parse. */
export interface ExperimentOutline { name: string; description: string; baseline: string; variants: string[]; sweepPoints: number; faultSets: number; seeds: number; runs: number; untilMs: number | null }

/** Parses just the experiment spec to say how many runs it will make with `seeds` seeds. */
export function outlineOf(text: string, file: string, seeds?: number): ExperimentOutline | null {
  try {
    const { spec } = parseExperimentSpec(text, file);
    const n = resolveSeeds(spec.seeds, seeds).length;
    const sweepPoints = spec.sweep ? spec.sweep.values.length : 1;
    const faultSets = Math.max(1, spec.failureSuite.length);
    return {
      name: spec.name, description: spec.description, baseline: spec.baseline, variants: spec.variants.map((v) => v.name),
      sweepPoints, faultSets, seeds: n, runs: spec.variants.length * sweepPoints * faultSets * n, untilMs: spec.untilMs ?? null,
    };
  } catch {
    return null;
  }
}

/** What preparing gives: the run matrix and warnings, or the located problems. */
export type PrepareOutcome =
  | { ok: true; prepared: PreparedExperiment; warnings: string[] }
  | { ok: false; issues: InputIssue[]; message: string };

/** prepareExperiment over bundled files (paths relative to `file`); an InputError becomes its issues. */
export function prepareCompare(text: string, file: string, files: Readonly<Record<string, string>>, opts: { seeds?: number; untilMs?: number }): PrepareOutcome {
  try {
    const prepared = prepareExperiment(text, file, { readScenario: fileReader(files, file), seeds: opts.seeds, untilMs: opts.untilMs });
    return { ok: true, prepared, warnings: durationWarnings(prepared.meta, files[resolveRepoPath(file, prepared.meta.scenarioFile)] ?? null, resolveRepoPath(file, prepared.meta.scenarioFile)) };
  } catch (err) {
    if (err instanceof InputError) return { ok: false, issues: err.issues, message: err.message };
    return { ok: false, issues: [{ file, line: 0, col: 0, path: '', message: err instanceof Error ? err.message : String(err) }], message: String(err) };
  }
}

/**
 * What a shortened run leaves out: faults (the scenario's own and the failure suite's) that start
 * at or after the simulated end, so the user knows the comparison will not see them.
 */
export function durationWarnings(meta: ExperimentMeta, scenarioText: string | null, scenarioFile: string): string[] {
  if (meta.untilMs === null) return [];
  const end = meta.untilMs;
  const late: string[] = [];
  if (scenarioText !== null) {
    try {
      const model = parseScenario(scenarioText, scenarioFile);
      if (model.durationMs > end) {
        for (const f of model.faults) if (f.atMs >= end) late.push(`${f.spec} (scenario, at ${fmtClock(f.atMs)})`);
      }
    } catch { /* the scenario's own problems were reported by prepareExperiment */ }
  }
  for (const fs of meta.faultSets) {
    for (const spec of fs.faults) {
      try {
        const f = parseFaultSpec(spec);
        if (f.atMs >= end) late.push(`${spec} (fault set ${fs.name}, at ${fmtClock(f.atMs)})`);
      } catch { /* reported by prepareExperiment */ }
    }
  }
  if (late.length === 0) return [];
  return [`${late.length === 1 ? 'This fault starts' : 'These faults start'} after the ${fmtDuration(end)} of simulated time and will not happen: ${late.join('; ')}. Raise the simulated time to include ${late.length === 1 ? 'it' : 'them'}.`];
}

/** One cell of the verdict table. */
export interface VerdictCell { key: string; value: number | null; mean: string; ci: string; verdict: string; verdictKind: 'better' | 'worse' | 'indistinguishable' | null; title: string }

/** One row of the verdict table: a variant. */
export interface VerdictRow { variant: string; baseline: boolean; best: boolean; feasible: boolean; failed: number; cells: VerdictCell[] }

/** The verdict table of one sweep point × fault set: columns are the experiment's metrics. */
export interface VerdictTable { columns: { key: string; label: string; unit: string }[]; rows: VerdictRow[] }

/** Rows and columns of the verdict table for `faultSet` at `sweepIndex`, formatted as the HTML report formats them. */
export function verdictTable(result: ExperimentResult, sweepIndex: number, faultSet: string): VerdictTable {
  const m = result.meta;
  const cells = cellsOf(result, sweepIndex, faultSet);
  const fmts = verdictFormats(cells, m.metrics);
  return {
    columns: m.metrics.map((def, k) => ({ key: def.key, label: def.label, unit: fmts[k]!.unit })),
    rows: cells.map((c) => {
      return {
        variant: c.variant, baseline: c.variant === m.baseline, best: c.variant === result.best, feasible: c.feasible, failed: c.failed,
        cells: m.metrics.map((def, k) => {
          const t = verdictCellText(c, def, fmts[k]!, m.baseline);
          const cmp = c.vsBaseline[def.key];
          return {
            key: def.key, value: c.metrics[def.key]?.mean ?? null, mean: t.mean, ci: t.ci, verdict: t.verdict,
            verdictKind: t.verdict && cmp ? cmp.verdict : null, title: t.verdictTitle,
          };
        }),
      };
    }),
  };
}

/** The runs that failed, with where they sat in the matrix and their error. */
export function failedRuns(runs: readonly RunRecord[]): { index: number; where: string; error: string }[] {
  return runs.filter((r) => !r.ok).map((r) => ({
    index: r.index,
    where: `variant ${r.variant}${r.sweepValue !== null ? ` at ${String(r.sweepValue)}` : ''}, fault set ${r.faultSet}, seed ${r.seed}`,
    error: r.error ?? 'unknown error',
  }));
}

/** The sweep points and fault sets a result can be viewed at, for the panel's pickers. */
export function groupsOf(meta: ExperimentMeta): { sweep: { index: number; label: string }[]; faultSets: string[] } {
  const sweep = meta.sweep ? meta.sweep.values.map((v, index) => ({ index, label: `${meta.sweep!.path} = ${String(v)}` })) : [{ index: 0, label: '' }];
  return { sweep, faultSets: meta.faultSets.map((f) => f.name) };
}
