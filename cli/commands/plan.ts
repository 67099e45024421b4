/**
 * `edgetwin plan <experiment.yaml> --variant NAME [--against snapshot.json | --against live
 *  --gateway URL [--token T]] [--out plan.json] [--seeds N]` — turns a variant into a plan:
 * placement diff, policies, validation gates run in the twin under the failure suite. With
 * `--against live` the current state is the gateway's live placement snapshot
 * (GET /api/v1/fleet/snapshot, token from --token or EDGETWIN_TOKEN), parsed exactly like a
 * snapshot file. Exit 0 when approvable, 1 when a gate failed or the gateway failed, 2 on bad input.
 */
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { InputError } from '../../sim-core/text/input-error.ts';
import { makePlan } from '../../sim-core/whatif/plan/make-plan.ts';
import type { Plan } from '../../sim-core/whatif/plan/plan.ts';
import { parseSnapshot, type PlacementSnapshot } from '../../sim-core/whatif/plan/snapshot.ts';
import { gatewayBaseUrl, gatewayToken, getText } from '../../connectors/live/gateway-client.ts';
import { parseIntFlag, readTextFile } from '../lib/files.ts';
import { limitOption, limitsFromFlags, type LimitFlags } from '../lib/limits.ts';
import { checkOutput, writeOutput } from '../lib/output-file.ts';
import { createProgress } from '../lib/progress.ts';
import { summarizePlan } from '../lib/plan-summary.ts';
import { printWarnings } from '../lib/warnings.ts';

/** Registers `plan`. */
export function register(program: Command, setExit: (code: number) => void): void {
  program
    .command('plan')
    .description('make a plan from an experiment variant: placement diff, policies, validation gates')
    .argument('<experiment>', 'experiment YAML file')
    .requiredOption('--variant <name>', 'the variant to turn into a plan')
    .option('--against <snapshot>', 'current state: JSON {"placements": {"app/service": [nodes]}, "takenAt", "source"}, or `live` for the gateway\'s live fleet (default: the baseline variant)')
    .option('--gateway <url>', 'with --against live: the gateway, e.g. http://127.0.0.1:8080')
    .option('--token <token>', 'with --against live: a viewer token (default: $EDGETWIN_TOKEN)')
    .option('--out <file>', 'where to write the plan JSON', 'plan.json')
    .option('--seeds <n>', 'validation seeds (default: spec.gates.seeds, else 3)')
    .option(...limitOption('maxFileBytes')).option(...limitOption('maxNodes')).option(...limitOption('maxEvents')).option(...limitOption('maxRuns'))
    .action(async (file: string, opts: { variant: string; against?: string; gateway?: string; token?: string; out: string; seeds?: string } & LimitFlags) => {
      const seeds = opts.seeds !== undefined ? parseIntFlag('--seeds', opts.seeds) : undefined;
      if (seeds === 0) throw new InputError([{ file: '<--seeds>', line: 0, col: 0, path: '', message: 'expected a whole number >= 1, got 0' }]);
      const against = await currentState(opts);
      const text = readTextFile(file);
      const out = checkOutput('--out', opts.out);
      const base = dirname(resolve(file));
      const progress = createProgress(`validating ${opts.variant}`);
      const plan = makePlan(text, file, {
        variant: opts.variant, seeds, against,
        readScenario: (p) => readTextFile(resolve(base, p)),
        readPolicy: (scenario, p) => readTextFile(resolve(dirname(resolve(base, scenario)), p)),
        onRun: (done, total, run) => progress.update(done / total, `${run.faultSet} seed ${run.seed}`),
        onWarning: (w) => printWarnings([w]),
        limits: limitsFromFlags(opts),
      });
      progress.done();
      writeOutput(out, `${JSON.stringify(plan, null, 2)}\n`);
      process.stdout.write(`${summarizePlan(plan)}\nplan written to ${opts.out}\n`);
      setExit(plan.status === 'approvable' ? 0 : 1);
    });
}

/** The value of --against that means the gateway's live fleet (a snapshot file named so is ./live). */
export const AGAINST_LIVE = 'live';

/** The state the plan is diffed against: a snapshot file, the live fleet, or none (the baseline variant). */
async function currentState(opts: { against?: string; gateway?: string; token?: string }): Promise<{ snapshot: PlacementSnapshot; file: string } | undefined> {
  if (opts.against !== AGAINST_LIVE) {
    for (const [flag, v] of [['--gateway', opts.gateway], ['--token', opts.token]] as const) {
      if (v !== undefined) throw new InputError([{ file: `<${flag}>`, line: 0, col: 0, path: '', message: `${flag} is only used with --against ${AGAINST_LIVE}` }]);
    }
    return opts.against ? { snapshot: parseSnapshot(readTextFile(opts.against), opts.against), file: opts.against } : undefined;
  }
  const base = gatewayBaseUrl(opts.gateway);
  const token = gatewayToken(opts.token);
  const url = new URL('api/v1/fleet/snapshot', base).href;
  const snapshot = parseSnapshot(await getText(base, 'api/v1/fleet/snapshot', token), url);
  process.stderr.write(`against the live fleet at ${base}: ${Object.keys(snapshot.placements).length} service(s) placed, taken ${snapshot.takenAt ?? 'at an unknown time'}\n`);
  return { snapshot, file: url };
}

/** The human summary (cli/lib/plan-summary.ts). */
export { summarizePlan };
