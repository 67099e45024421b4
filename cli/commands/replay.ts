/**
 * `edgetwin replay FILE.jsonl --scenario S.yaml --set path=value… [--recorded-placement]
 *  [--seeds N] [--until D] [--workers N] [--json]` — replays a recorded incident in the twin
 * under another policy: the recording's node outages (connectors/live/recording.ts) become the
 * scenario's fault timeline — and with --recorded-placement the twin starts from the placement the
 * fleet had when recording began (a what-if forked from the live fleet) — and an experiment is run — baseline (the scenario as it is) against the variant (the --set
 * edits), each with the recorded outages and without them — on the same machinery as
 * `edgetwin compare` (prepareExperiment, the worker pool, paired statistics over seeds). Prints the
 * recorded timeline, the comparison, and what the outage cost each variant. Exit 1 when a run
 * failed, 2 on bad input (a broken recording names file:line).
 */
import { availableParallelism } from 'node:os';
import { basename, resolve } from 'node:path';
import type { Command } from 'commander';
import { InputError } from '../../sim-core/text/input-error.ts';
import { parseScenario } from '../../sim-core/scenario/parse.ts';
import { analyzeExperiment } from '../../sim-core/whatif/analyze.ts';
import { prepareExperiment } from '../../sim-core/whatif/prepare.ts';
import type { ExperimentResult } from '../../sim-core/whatif/result.ts';
import { formatDurationMs } from '../../sim-core/text/units.ts';
import { createNodePool } from '../../workers/node-pool.ts';
import { executeRuns } from '../../workers/jobs/simulate.ts';
import { initialPlacements, outageFaults, outagesOf, parseRecording, placementSets, recordingSpanMs, type RecordedOutage } from '../../connectors/live/recording.ts';
import { parseIntFlag, readTextFile } from '../lib/files.ts';
import { limitOption, limitsFromFlags, type LimitFlags } from '../lib/limits.ts';
import { renderComparison } from '../lib/comparison-text.ts';
import { untilFlag } from './compare.ts';

interface ReplayFlags extends LimitFlags { scenario: string; set: string[]; recordedPlacement?: boolean; seeds?: string; until?: string; workers?: string; json?: boolean }

const collect = (v: string, acc: string[]) => [...acc, v];

/** Variant and fault-set names of the replay experiment. */
export const REPLAY_BASELINE = 'baseline';
export const REPLAY_VARIANT = 'variant';
export const RECORDED_FAULTS = 'recorded';
export const NO_OUTAGE = 'no-outage';
/** Metrics compared by a replay. */
export const REPLAY_METRICS = ['deliveryRatio', 'lost', 'availability', 'latencyP95Ms', 'sloViolationRate', 'completed'] as const;

/** What a replay found in the recording. */
export interface ReplayTimeline {
  file: string; events: number; spanMs: number; outages: RecordedOutage[]; faults: string[]; unknownNodes: string[];
  /** With --recorded-placement: the scenario edits that place services as the fleet had them, and what the scenario lacks. */
  placement: { sets: string[]; unknownServices: string[]; unknownNodes: string[] } | null;
}

/** Registers `replay`. */
export function register(program: Command, setExit: (code: number) => void): void {
  program
    .command('replay')
    .description('replay a recorded incident (edgetwin record) in the twin under another policy and compare the outcome')
    .argument('<recording>', 'the JSON-lines recording')
    .requiredOption('--scenario <file>', 'the scenario the incident is replayed on (its node ids match the fleet\'s)')
    .option('--set <path=value>', 'the other policy: a scenario edit, e.g. spec.orchestrator.profile=default (repeatable, at least one)', collect, [])
    .option('--recorded-placement', 'start both variants from the placement the fleet had when recording began, not the scenario\'s')
    .option('--seeds <n>', 'seeds per variant and fault set', '3')
    .option('--until <duration>', 'simulated time per run (default: the scenario\'s duration)')
    .option('--workers <n>', 'worker threads (default: CPU count; 0 = run in this thread)')
    .option('--json', 'print {timeline, result} as JSON')
    .option(...limitOption('maxFileBytes')).option(...limitOption('maxNodes')).option(...limitOption('maxEvents')).option(...limitOption('maxRuns'))
    .action(async (file: string, flags: ReplayFlags) => {
      const { timeline, result } = await replay(file, flags);
      if (flags.json) process.stdout.write(`${JSON.stringify({ timeline, result })}\n`);
      else process.stdout.write(`${renderTimeline(timeline)}\n\n${renderComparison(result)}\n\n${renderOutageCost(result)}\n`);
      if (result.failedRuns > 0) setExit(1);
    });
}

const flagIssue = (flag: string, message: string) => new InputError([{ file: `<${flag}>`, line: 0, col: 0, path: '', message }]);

/** Runs the replay; exported for tests. */
export async function replay(file: string, flags: ReplayFlags): Promise<{ timeline: ReplayTimeline; result: ExperimentResult }> {
  if (flags.set.length === 0) throw flagIssue('--set', 'give the other policy to replay under, e.g. --set spec.orchestrator.profile=default');
  const seeds = parseIntFlag('--seeds', flags.seeds ?? '3');
  if (seeds < 1) throw flagIssue('--seeds', 'need at least 1 seed');
  const untilMs = untilFlag(flags.until);
  const limits = limitsFromFlags(flags);
  const events = parseRecording(readTextFile(file), file);
  const scenarioPath = resolve(flags.scenario);
  const scenarioText = readTextFile(flags.scenario);
  // The edits are checked against the scenario here, so a bad one names --set, not the generated experiment.
  parseScenario(scenarioText, flags.scenario, { sets: flags.set, limits });
  const model = parseScenario(scenarioText, flags.scenario, { limits });
  const outages = outagesOf(events);
  const { faults, unknown } = outageFaults(outages, new Set(model.nodes.map((n) => n.id)));
  const placement = flags.recordedPlacement
    ? placementSets(initialPlacements(events), { nodes: new Set(model.nodes.map((n) => n.id)), services: new Map(model.apps.map((a) => [a.id, new Set(a.services.map((sv) => sv.id))])) })
    : null;
  if (placement) {
    // The placement edits are checked too (a replica count over the scenario's bounds, an arch mismatch …), naming --recorded-placement.
    try { parseScenario(scenarioText, flags.scenario, { sets: [...placement.sets, ...flags.set], limits }); } catch (e) {
      if (e instanceof InputError) throw flagIssue('--recorded-placement', `the recorded placement does not fit ${flags.scenario}: ${e.message}`);
      throw e;
    }
    if (placement.unknownServices.length) process.stderr.write(`replay: recorded service(s) not in ${flags.scenario}, left out: ${placement.unknownServices.slice(0, 10).join(', ')}\n`);
  }
  const timeline: ReplayTimeline = { file, events: events.length, spanMs: recordingSpanMs(events), outages, faults, unknownNodes: unknown, placement };
  const placed = placement?.sets ?? [];
  if (unknown.length) process.stderr.write(`replay: ${unknown.length} recorded node(s) are not in ${flags.scenario} and are left out: ${unknown.slice(0, 10).join(', ')}${unknown.length > 10 ? ', …' : ''}\n`);
  if (faults.length === 0) process.stderr.write(`replay: the recording has no outage of a node of ${flags.scenario}; the recorded fault set equals the no-outage one\n`);
  const horizonMs = untilMs ?? model.durationMs;
  const late = outages.filter((o) => faults.length && o.fromMs >= horizonMs);
  if (late.length) process.stderr.write(`replay: ${late.length} outage(s) start after the run ends (${formatDurationMs(horizonMs)}); pass a longer --until\n`);

  const experiment = {
    apiVersion: 'edgetwin.io/v1alpha1', kind: 'Experiment',
    metadata: { name: `replay-${basename(file).replace(/\.jsonl?$/, '')}`, description: `replay of ${file} on ${flags.scenario}` },
    spec: {
      scenario: scenarioPath, seeds: Array.from({ length: seeds }, (_, i) => i + 1), baseline: REPLAY_BASELINE,
      variants: [
        { name: REPLAY_BASELINE, description: placement ? 'the scenario, placed as the fleet was' : 'the scenario as it is', set: placed },
        { name: REPLAY_VARIANT, description: flags.set.join(' '), set: [...placed, ...flags.set] },
      ],
      failureSuite: [{ name: NO_OUTAGE, faults: [] }, { name: RECORDED_FAULTS, faults }],
      metrics: [...REPLAY_METRICS],
    },
  };
  const prepared = prepareExperiment(JSON.stringify(experiment, null, 2), `${file} (replay experiment)`, { readScenario: (p) => readTextFile(p), untilMs, limits });
  const workers = flags.workers !== undefined ? parseIntFlag('--workers', flags.workers) : Math.min(availableParallelism(), prepared.inputs.length);
  const pool = workers > 0 ? createNodePool({ size: workers }) : undefined;
  try {
    const runs = await executeRuns(prepared.inputs, { pool });
    for (const r of runs.filter((x) => !x.ok)) process.stderr.write(`run ${r.index} failed (variant ${r.variant}, fault set ${r.faultSet}, seed ${r.seed}): ${r.error}\n`);
    return { timeline, result: analyzeExperiment(prepared.meta, runs) };
  } finally {
    await pool?.close();
  }
}

/** The recorded outages and the faults they became. */
export function renderTimeline(t: ReplayTimeline): string {
  const lines = [`recording ${t.file}: ${t.events} event(s) over ${formatDurationMs(t.spanMs)}, ${t.outages.length} outage(s)`];
  for (const o of t.outages) {
    lines.push(`  ${o.node.padEnd(16)} ${o.state.padEnd(8)} from +${formatDurationMs(o.fromMs)} ${o.untilMs === null ? 'to the end' : `for ${formatDurationMs(o.untilMs - o.fromMs)}`}${t.unknownNodes.includes(o.node) ? '  (not in the scenario: left out)' : ''}`);
  }
  lines.push(`faults replayed: ${t.faults.length ? t.faults.join(' ') : 'none'}`);
  if (t.placement) lines.push(`placement as recorded: ${t.placement.sets.filter((x) => x.includes('.placement=')).map((x) => x.replace(/^spec\.apps\.([^.]+)\.services\.([^.]+)\.placement=/, '$1/$2 on ')).join('; ') || 'nothing the scenario has'}`);
  return lines.join('\n');
}

const mean = (r: ExperimentResult, variant: string, faultSet: string, metric: string): number | null =>
  r.cells.find((c) => c.variant === variant && c.faultSet === faultSet)?.metrics[metric]?.mean ?? null;

/** Per variant: each metric without the outage, with it, and the difference — what the incident cost under each policy. */
export function renderOutageCost(r: ExperimentResult): string {
  const fmt = (x: number | null) => (x === null ? '–' : Math.abs(x) >= 100 ? x.toFixed(0) : Number(x.toPrecision(4)).toString());
  const lines = ['what the recorded outage cost (means over seeds):', `  ${'variant'.padEnd(10)} ${'metric'.padEnd(18)} ${NO_OUTAGE.padStart(12)} ${RECORDED_FAULTS.padStart(12)} ${'change'.padStart(12)}`];
  for (const v of [REPLAY_BASELINE, REPLAY_VARIANT]) {
    for (const m of REPLAY_METRICS) {
      const a = mean(r, v, NO_OUTAGE, m);
      const b = mean(r, v, RECORDED_FAULTS, m);
      lines.push(`  ${v.padEnd(10)} ${m.padEnd(18)} ${fmt(a).padStart(12)} ${fmt(b).padStart(12)} ${(a === null || b === null ? '–' : `${b - a >= 0 ? '+' : ''}${fmt(b - a)}`).padStart(12)}`);
    }
  }
  return lines.join('\n');
}
