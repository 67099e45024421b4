/**
 * `edgetwin plan <experiment.yaml> --variant NAME [--against snapshot.json] [--out plan.json]
 *  [--seeds N]` — turns a variant into a plan: placement diff, policies, validation gates run in
 * the twin under the failure suite. Exit 0 when approvable, 1 when a gate failed, 2 on bad input.
 */
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { InputError } from '../../sim-core/text/input-error.ts';
import { makePlan } from '../../sim-core/whatif/plan/make-plan.ts';
import type { Plan } from '../../sim-core/whatif/plan/plan.ts';
import { parseSnapshot } from '../../sim-core/whatif/plan/snapshot.ts';
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
    .option('--against <snapshot>', 'current state: JSON {"placements": {"app/service": [nodes]}, "takenAt", "source"} (default: the baseline variant)')
    .option('--out <file>', 'where to write the plan JSON', 'plan.json')
    .option('--seeds <n>', 'validation seeds (default: spec.gates.seeds, else 3)')
    .option(...limitOption('maxFileBytes')).option(...limitOption('maxNodes')).option(...limitOption('maxEvents')).option(...limitOption('maxRuns'))
    .action((file: string, opts: { variant: string; against?: string; out: string; seeds?: string } & LimitFlags) => {
      const seeds = opts.seeds !== undefined ? parseIntFlag('--seeds', opts.seeds) : undefined;
      if (seeds === 0) throw new InputError([{ file: '<--seeds>', line: 0, col: 0, path: '', message: 'expected a whole number >= 1, got 0' }]);
      const against = opts.against ? { snapshot: parseSnapshot(readTextFile(opts.against), opts.against), file: opts.against } : undefined;
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

/** The human summary (cli/lib/plan-summary.ts). */
export { summarizePlan };
