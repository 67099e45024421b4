/**
 * `edgetwin schedule --cluster <dump> --pod <manifest> [--config <cfg>] [--explain] [--json] [--seed N]`:
 * one kube-scheduler cycle over a `kubectl get nodes,pods -A -o json` dump. Prints the selected
 * node, or "unschedulable: <kube FitError message>" and exits 1.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { InputError } from '../../sim-core/text/input-error.ts';
import { parseYamlSource } from '../../sim-core/text/yaml-source.ts';
import { clusterFromList, podFromSource } from '../../sim-core/orchestrator/k8s/cluster.ts';
import { defaultSchedulerConfig, parseSchedulerConfig } from '../../sim-core/orchestrator/scheduler/config.ts';
import { buildProfile } from '../../sim-core/orchestrator/scheduler/profile.ts';
import { Scheduler, type ScheduleResult } from '../../sim-core/orchestrator/scheduler/framework.ts';

function readText(file: string, flag: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new InputError([{ file, line: 0, col: 0, path: '', message: `${flag}: cannot read file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` }]);
  }
}

/** The `--json` shape (README, the orchestrator section): selected plus one entry per node. */
export function resultJson(r: ScheduleResult) {
  return {
    selected: r.selected,
    nodes: (r.nodes ?? []).map((n) => ({ name: n.name, feasible: n.feasible, reasons: n.reasons, scores: n.scores, total: n.total })),
  };
}

/** A readable table: one row per node, one column per score plugin. */
export function explainTable(r: ScheduleResult, plugins: string[]): string {
  const head = ['node', 'feasible', ...plugins, 'total', 'reasons'];
  const rows = (r.nodes ?? []).map((n) => [
    `${n.name === r.selected ? '* ' : '  '}${n.name}`, n.feasible ? 'yes' : 'no',
    ...plugins.map((p) => (n.feasible ? (p in n.scores ? String(n.scores[p]) : 'skip') : '-')),
    n.feasible ? String(n.total) : '-', n.reasons.join('; '),
  ]);
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(w[i]!))).join('  ').trimEnd();
  return [line(head), ...rows.map(line)].join('\n');
}

/** Registers the subcommand. */
export function register(program: Command, setExit: (code: number) => void): void {
  program.command('schedule')
    .description('run one kube-scheduler cycle for a pod against a cluster dump')
    .requiredOption('--cluster <file>', 'kubectl get nodes,pods -A -o json output')
    .requiredOption('--pod <file>', 'Pod manifest (YAML or JSON)')
    .option('--config <file>', 'KubeSchedulerConfiguration (kubescheduler.config.k8s.io/v1)')
    .option('--explain', 'print every node with its reasons and per-plugin scores')
    .option('--json', 'print JSON: { selected, nodes: [{ name, feasible, reasons, scores, total }] }')
    .option('--seed <n>', 'seed of the tie-breaking random choice', '0')
    .action((opts: { cluster: string; pod: string; config?: string; explain?: boolean; json?: boolean; seed: string }) => {
      const seed = Number(opts.seed);
      if (!Number.isInteger(seed)) throw new InputError([{ file: '--seed', line: 0, col: 0, path: '', message: `must be an integer, got ${JSON.stringify(opts.seed)}` }]);
      const dump = clusterFromList(parseYamlSource(readText(opts.cluster, '--cluster'), opts.cluster));
      const pod = podFromSource(parseYamlSource(readText(opts.pod, '--pod'), opts.pod));
      const config = opts.config ? parseSchedulerConfig(parseYamlSource(readText(opts.config, '--config'), opts.config)) : defaultSchedulerConfig();
      const wanted = pod.schedulerName ?? 'default-scheduler';
      const spec = config.profiles.find((p) => p.schedulerName === wanted) ?? (opts.config ? undefined : config.profiles[0]);
      if (!spec) {
        throw new InputError([{ file: opts.pod, line: 0, col: 0, path: 'spec.schedulerName', message: `no profile named ${JSON.stringify(wanted)} in ${opts.config} (profiles: ${config.profiles.map((p) => p.schedulerName).join(', ')})` }]);
      }
      for (const note of config.notes) process.stderr.write(`note: ${note}\n`);
      const profile = buildProfile(spec);
      const scheduler = new Scheduler(profile, { seed });
      const explain = opts.explain === true || opts.json === true;
      const r = scheduler.schedule(dump.state, pod, { explain });
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(resultJson(r), null, 2)}\n`);
        if (r.selected === null) process.stderr.write(`unschedulable: ${r.status.reasons[0] ?? ''}\n`);
      }
      else {
        if (opts.explain) process.stdout.write(`${explainTable(r, profile.score.map((s) => `${s.plugin.name}`))}\n\nweights: ${profile.score.map((s) => `${s.plugin.name}=${s.weight}`).join(' ')}\n`);
        process.stdout.write(r.selected !== null ? `${r.selected}\n` : `unschedulable: ${r.status.reasons[0] ?? ''}\n`);
      }
      if (r.selected === null) setExit(1);
    });
}
