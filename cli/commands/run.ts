/**
 * `edgetwin run <scenario.yaml> [--seed N] [--until 2h] [--set path=value]... [--fault SPEC]...
 *  [--json] [--out report.json] [--trace trace.jsonl]` — one simulation, its report, its trace.
 */
import type { Command } from 'commander';
import { InputError } from '../../sim-core/scenario/input-error.ts';
import { parseDurationMs } from '../../sim-core/scenario/units.ts';
import { Simulation } from '../../sim-core/twin/simulation.ts';
import type { RunReport } from '../../sim-core/twin/report.ts';
import { checkOutputs, writeOutput } from '../lib/output-file.ts';
import { runToEnd, TraceFile } from '../lib/trace-file.ts';
import { parseIntFlag } from '../lib/files.ts';
import { loadScenario } from '../lib/scenario.ts';
import { createProgress } from '../lib/progress.ts';
import { fmtBytes, fmtMs, renderTable } from '../lib/table.ts';

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
    .action(async (file: string, opts: { seed?: string; until?: string; set: string[]; fault: string[]; json?: boolean; out?: string; trace?: string }) => {
      const seed = opts.seed !== undefined ? parseIntFlag('--seed', opts.seed) : undefined;
      let durationMs: number | undefined;
      if (opts.until !== undefined) {
        const d = parseDurationMs(opts.until);
        if (!d.ok || !(d.value > 0)) throw new InputError([{ file: '<--until>', line: 0, col: 0, path: '', message: `expected a positive duration like 90s, 10m or 1h30m, got '${opts.until}'` }]);
        durationMs = d.value;
      }
      const { model, build } = loadScenario(file, { sets: opts.set, faults: opts.fault, seed, durationMs });
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
      process.stdout.write(opts.json ? `${json}\n` : `${summarize(report)}\n`);
      if (!report.conservation.balanced) {
        process.stderr.write('edgetwin: message accounting does not balance (a bug in the twin); see report.conservation\n');
        setExit(1);
      }
    });
}

/** The human summary: headline, apps table, lifecycle, network/energy/cost, faults. */
export function summarize(r: RunReport): string {
  const out: string[] = [];
  out.push(`${r.scenario}  seed ${r.seed}  simulated ${fmtMs(r.simulatedMs)}  ${r.events.toLocaleString('en-US')} events  trace ${r.traceHash}`);
  out.push('');
  out.push(renderTable(
    ['app', 'completed', 'mean ms', 'p50 ms', 'p95 ms', 'p99 ms', 'SLO', 'violations', 'dropped', 'lost'],
    r.apps.map((a) => [a.id, a.completed, a.latencyMs.mean, a.latencyMs.p50, a.latencyMs.p95, a.latencyMs.p99,
      `p${a.slo.percentile}≤${a.slo.latencyMs}ms ${a.slo.met ? 'met' : 'MISSED'}`, `${(a.sloViolationRate * 100).toFixed(1)}%`, a.dropped, a.lost]),
  ));
  const c = r.conservation;
  out.push('');
  out.push(`lifecycle  emitted ${c.emitted}  ingested ${r.lifecycle.ingested}  filtered ${r.lifecycle.filtered}${r.lifecycle.suspect ? `  suspect ${r.lifecycle.suspect}` : ''}  forwarded ${r.lifecycle.forwarded}  processed ${r.lifecycle.processed}  stored ${r.lifecycle.stored}  actions ${r.lifecycle.actions}`);
  out.push(`outcomes   delivered ${c.delivered}  filtered ${c.filtered}  dropped ${c.dropped}  expired ${c.expired}  lost ${c.lost}  in flight ${c.inFlight}  (${c.balanced ? 'balanced' : 'NOT BALANCED'})`);
  const reasons = [...Object.entries(c.droppedBy).map(([k, v]) => `dropped/${k} ${v}`), ...Object.entries(c.lostBy).map(([k, v]) => `lost/${k} ${v}`)];
  if (reasons.length) out.push(`reasons    ${reasons.join('  ')}`);
  out.push(`network    WAN ${fmtBytes(r.network.wanBytes)}   energy ${r.energyWh.toFixed(1)} Wh   cost $${r.costUsd.toFixed(2)}${r.handovers ? `   handovers ${r.handovers}` : ''}`);
  const busiest = r.nodes.filter((n) => n.tier !== 'sensor').sort((a, b) => b.cpuUtilization - a.cpuUtilization).slice(0, 5);
  out.push(`busiest    ${busiest.map((n) => `${n.id} ${(n.cpuUtilization * 100).toFixed(0)}%`).join('  ')}`);
  const cp = r.controlPlane as { model: string; decisions: number; refused: Record<string, number>; falseSuspicions: number; detections: number; autonomousMs: number } | undefined;
  if (cp) {
    const refused = Object.entries(cp.refused).map(([k, v]) => `${k} ${v}`).join(', ');
    out.push(`control    ${cp.model}: ${cp.detections} detections, ${cp.falseSuspicions} false suspicions, ${cp.decisions} decisions${refused ? `, refused ${refused}` : ''}, autonomous ${fmtMs(cp.autonomousMs)}, traffic ${fmtBytes(r.control.bytes)}`);
  }
  if (r.faults.length) {
    out.push('');
    const ms = (x: number | null) => (x === null ? '–' : fmtMs(x));
    out.push(renderTable(['fault', 'target', 'at', 'detected after', 'recovered after', 'messages lost'],
      r.faults.map((f) => [f.kind, f.target, fmtMs(f.atMs), ms(f.detectedAfterMs), ms(f.recoveredAfterMs), f.messagesLost])));
  }
  return out.join('\n');
}
