/**
 * `edgetwin run <scenario.yaml> [--seed N] [--until 2h] [--set path=value]... [--fault SPEC]...
 *  [--json] [--out report.json] [--trace trace.jsonl] [--from-live --gateway URL [--token T]]` — one
 * simulation, its report, its trace; --from-live starts it from the live fleet (cli/lib/from-live.ts).
 */
import type { Command } from 'commander';
import { InputError } from '../../sim-core/text/input-error.ts';
import { parseDurationMs } from '../../sim-core/text/units.ts';
import { Simulation } from '../../sim-core/twin/simulation.ts';
import type { RunReport } from '../../sim-core/twin/report.ts';
import { checkOutputs, writeOutput } from '../lib/output-file.ts';
import { runToEnd, TraceFile } from '../lib/trace-file.ts';
import { parseIntFlag } from '../lib/files.ts';
import { limitOption, limitsFromFlags, type LimitFlags } from '../lib/limits.ts';
import { loadScenario } from '../lib/scenario.ts';
import { summarize, summaryContext } from '../lib/run-summary.ts';
import { createProgress } from '../lib/progress.ts';
import { fmtMs } from '../lib/table.ts';
import { fromLive } from '../lib/from-live.ts';

const collect = (v: string, acc: string[]) => [...acc, v];

/** Registers `run`. */
export function register(program: Command, setExit: (code: number) => void): void {
  program
    .command('run')
    .description('simulate a scenario and print its report')
    .argument('<scenario>', 'scenario YAML file')
    .option('--seed <n>', 'random seed (overrides the scenario)')
    .option('--until <duration>', 'simulated time to run, e.g. 30m, 2h (overrides the scenario)')
    .option('--set <path=value>', 'override a scenario field, e.g. spec.nodes.edge-1.cores=8 (repeatable)', collect, [])
    .option('--fault <spec>', 'inject a fault, e.g. node:edge-1@10m+5m (repeatable)', collect, [])
    .option('--json', 'print the report as JSON')
    .option('--out <file>', 'also write the JSON report to a file')
    .option('--trace <file>', 'write the run\'s events as JSON lines (edgetwin-trace/v2, see the README: The trace file)')
    .option('--from-live', 'start from the live fleet: services placed where it runs them, nodes that are out now down from 0 s (needs --gateway)')
    .option('--gateway <url>', 'the gateway --from-live reads, e.g. http://127.0.0.1:8080')
    .option('--token <token>', 'a viewer token for --gateway (default: $EDGETWIN_TOKEN)')
    .option(...limitOption('maxFileBytes')).option(...limitOption('maxNodes')).option(...limitOption('maxEvents'))
    .action(async (file: string, opts: { seed?: string; until?: string; set: string[]; fault: string[]; json?: boolean; out?: string; trace?: string; fromLive?: boolean; gateway?: string; token?: string } & LimitFlags) => {
      const seed = opts.seed !== undefined ? parseIntFlag('--seed', opts.seed) : undefined;
      let durationMs: number | undefined;
      if (opts.until !== undefined) {
        const d = parseDurationMs(opts.until);
        if (!d.ok || !(d.value > 0)) throw new InputError([{ file: '<--until>', line: 0, col: 0, path: '', message: `expected a positive duration like 90s, 10m or 1h30m, got '${opts.until}'` }]);
        durationMs = d.value;
      }
      if (opts.gateway !== undefined && !opts.fromLive) throw new InputError([{ file: '<--gateway>', line: 0, col: 0, path: '', message: 'only means something with --from-live' }]);
      const live = opts.fromLive ? await fromLive(file, opts.gateway, opts.token) : null;
      for (const n of live?.notes ?? []) process.stderr.write(`${n}\n`);
      // The live start first: the user's own --set and --fault then change it (the what-if).
      const { model, build } = loadScenario(file, { sets: [...(live?.sets ?? []), ...opts.set], faults: [...(live?.faults ?? []), ...opts.fault], seed, durationMs, limits: limitsFromFlags(opts) });
      const outputs = checkOutputs({ '--out': opts.out, '--trace': opts.trace });
      const sim = new Simulation(model, build);
      const trace = outputs['--trace'] ? TraceFile.open(outputs['--trace'], model, sim) : undefined;
      const progress = createProgress(`simulating ${model.name}`);
      await runToEnd(sim, trace, (f) => progress.update(f, fmtMs(sim.nowMs)));
      progress.done();
      const report = sim.report();
      trace?.finish(report);
      const json = JSON.stringify(report, null, 2);
      if (outputs['--out']) writeOutput(outputs['--out'], `${json}\n`);
      process.stdout.write(opts.json ? `${json}\n` : `${summarize(report, summaryContext(model, build))}\n`);
      if (!report.conservation.balanced) {
        process.stderr.write('edgetwin: message accounting does not balance (a bug in the twin); see report.conservation\n');
        setExit(1);
      }
    });
}

/** The human summary (cli/lib/run-summary.ts). */
export { summarize };
