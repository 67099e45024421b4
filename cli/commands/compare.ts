/**
 * `edgetwin compare <experiment.yaml> [--workers N] [--json] [--csv out.csv] [--html report.html]
 *  [--shard i/N] [--seeds N] [--until D] [--correction holm|none]` — run an experiment's variants × sweep × fault sets ×
 * seeds on the worker pool and compare them against the baseline with paired statistics.
 */
import { availableParallelism } from 'node:os';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { InputError } from '../../sim-core/text/input-error.ts';
import { parseDurationMs } from '../../sim-core/text/units.ts';
import { analyzeExperiment, shardResult } from '../../sim-core/whatif/analyze.ts';
import { CORRECTIONS, type Correction } from '../../sim-core/whatif/stats/index.ts';
import { prepareExperiment, type PreparedExperiment } from '../../sim-core/whatif/prepare.ts';
import type { ExperimentResult, RunRecord } from '../../sim-core/whatif/result.ts';
import { renderHtmlReport } from '../../app/report/index.ts';
import { parseShardArg, selectShard } from '../../sim-core/whatif/shard.ts';
import { createNodePool } from '../../workers/node-pool.ts';
import { executeRuns } from '../../workers/jobs/simulate.ts';
import type { WorkLimits } from '../../sim-core/text/limits.ts';
import { parseIntFlag, readTextFile } from '../lib/files.ts';
import { limitOption, limitsFromFlags, type LimitFlags } from '../lib/limits.ts';
import { checkOutputs, writeOutput, type OutputTarget } from '../lib/output-file.ts';
import { createProgress } from '../lib/progress.ts';
import { renderComparison } from '../lib/comparison-text.ts';
import { printWarnings } from '../lib/warnings.ts';

interface CompareFlags extends LimitFlags { workers?: string; json?: boolean; csv?: string; html?: string; shard?: string; seeds?: string; until?: string; correction?: string }

/** Registers `compare`. */
export function register(program: Command, setExit: (code: number) => void): void {
  program
    .command('compare')
    .description('run an experiment (variants × sweep × fault sets × seeds) and compare variants against the baseline')
    .argument('<experiment>', 'experiment YAML file (kind: Experiment)')
    .option('--workers <n>', 'worker threads (default: CPU count; 0 = run in this thread)')
    .option('--json', 'print the ExperimentResult as JSON')
    .option('--csv <file>', 'write one row per run')
    .option('--html <file>', 'write the HTML report')
    .option('--shard <i/N>', 'run only the runs whose index ≡ i (mod N); print the shard JSON for `edgetwin merge`')
    .option('--seeds <n>', 'number of seeds (overrides spec.seeds)')
    .option('--until <duration>', 'simulated time per run, e.g. 2m (overrides spec.until and the scenario)')
    .option('--correction <holm|none>', 'multiple-comparison correction of the verdicts across the experiment (overrides spec.correction; default none)')
    .option(...limitOption('maxFileBytes')).option(...limitOption('maxNodes')).option(...limitOption('maxEvents')).option(...limitOption('maxRuns'))
    .action(async (file: string, flags: CompareFlags) => {
      const result = await runCompare(file, flags);
      if (result.failedRuns > 0) setExit(1);
    });
}

/** Loads and validates an experiment file (scenario path relative to it), applying --seeds / --until; prints its warnings to stderr. */
export function loadExperiment(file: string, opts: { seeds?: number; untilMs?: number; correction?: Correction; limits?: Partial<WorkLimits> } = {}): PreparedExperiment {
  const text = readTextFile(file);
  const prepared = prepareExperiment(text, file, { ...opts, readScenario: (p) => readTextFile(resolve(dirname(file), p)) });
  printWarnings(prepared.warnings);
  return prepared;
}

/** Parses --until into ms (InputError on a bad duration). */
export function untilFlag(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const d = parseDurationMs(text);
  if (!d.ok || !(d.value > 0) || !Number.isFinite(d.value)) throw new InputError([{ file: '<--until>', line: 0, col: 0, path: '', message: `expected a positive duration like 90s, 10m or 1h30m, got '${text}'` }]);
  return d.value;
}

/** Parses --correction (InputError naming the choices). */
export function correctionFlag(text: string | undefined): Correction | undefined {
  if (text === undefined) return undefined;
  if (CORRECTIONS.includes(text as Correction)) return text as Correction;
  throw new InputError([{ file: '<--correction>', line: 0, col: 0, path: '', message: `expected one of ${CORRECTIONS.join(', ')} (holm: Holm–Bonferroni across every verdict of the experiment), got '${text}'` }]);
}

async function runCompare(file: string, flags: CompareFlags): Promise<ExperimentResult> {
  const seeds = flags.seeds !== undefined ? parseIntFlag('--seeds', flags.seeds) : undefined;
  if (seeds === 0) throw new InputError([{ file: '<--seeds>', line: 0, col: 0, path: '', message: 'need at least 1 seed' }]);
  const prepared = loadExperiment(file, { seeds, untilMs: untilFlag(flags.until), correction: correctionFlag(flags.correction), limits: limitsFromFlags(flags) });
  const shard = flags.shard !== undefined ? parseShardArg(flags.shard) : null;
  const outputs = checkOutputs({ '--csv': flags.csv, '--html': flags.html });
  const inputs = shard ? selectShard(prepared.inputs, shard) : prepared.inputs;
  const workers = flags.workers !== undefined ? parseIntFlag('--workers', flags.workers) : Math.min(availableParallelism(), Math.max(1, inputs.length));
  const { meta } = prepared;
  const label = `${meta.name}${shard ? ` shard ${shard.index}/${shard.count}` : ''}`;
  process.stderr.write(`compare ${label}: ${inputs.length} run(s) = ${meta.variants.length} variant(s) × ${meta.sweep?.values.length ?? 1} sweep point(s) × ${meta.faultSets.length} fault set(s) × ${meta.seeds.length} seed(s)${shard ? ` / ${shard.count} shards` : ''} on ${workers || 'no'} worker(s)\n`);
  const progress = createProgress(`compare ${meta.name}`);
  const live = !process.stderr.isTTY && !flags.json;
  let lastTenth = -1;
  const pool = workers > 0 ? createNodePool({ size: workers }) : undefined;
  let runs: RunRecord[];
  try {
    runs = await executeRuns(inputs, {
      pool,
      onProgress: (done, total, fraction) => {
        progress.update(fraction, `${done}/${total} runs`);
        const tenth = Math.floor((done / Math.max(1, total)) * 10);
        if (live && tenth !== lastTenth && done > 0) { lastTenth = tenth; process.stderr.write(`  ${done}/${total} runs done\n`); }
      },
    });
  } finally {
    progress.done();
    await pool?.close();
  }
  for (const r of runs.filter((x) => !x.ok)) process.stderr.write(`run ${r.index} failed (variant ${r.variant}, fault set ${r.faultSet}, seed ${r.seed}): ${r.error}\n`);
  const result = shard ? shardResult(meta, runs, shard) : analyzeExperiment(meta, runs);
  if (outputs['--csv']) writeOutput(outputs['--csv'], runsCsv(result));
  if (outputs['--html']) await writeHtml(outputs['--html'], result);
  if (flags.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else if (shard) process.stdout.write(`shard ${shard.index}/${shard.count}: ${runs.length} run(s), ${result.failedRuns} failed; write it with --json and join the shards with \`edgetwin merge\`\n`);
  else process.stdout.write(`${renderComparison(result)}\n`);
  return result;
}

async function writeHtml(target: OutputTarget, result: ExperimentResult): Promise<void> {
  writeOutput(target, renderHtmlReport(result));
}

const csvCell = (v: unknown): string => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** One CSV row per run: coordinates, outcome, and every compared metric. */
export function runsCsv(result: ExperimentResult): string {
  const keys = [...new Set([...result.meta.metrics.map((m) => m.key), ...(result.meta.objective ? [result.meta.objective.metric] : []), ...result.meta.constraints.map((c) => c.metric)])];
  const header = ['index', 'variant', 'sweepValue', 'faultSet', 'seedIndex', 'seed', 'ok', 'error', 'traceHash', 'simulatedMs', ...keys];
  const rows = result.runs.map((r) => [r.index, r.variant, r.sweepValue, r.faultSet, r.seedIndex, r.seed, r.ok, r.error, r.traceHash, r.simulatedMs, ...keys.map((k) => r.metrics[k])]);
  return `${[header, ...rows].map((row) => row.map(csvCell).join(',')).join('\n')}\n`;
}

/** The terminal comparison (cli/lib/comparison-text.ts). */
export { renderComparison };
