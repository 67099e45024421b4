/**
 * `edgetwin extender [--port 8888] [--host 127.0.0.1] [--config file] [--cluster dump] [--seed N]`:
 * serves the scheduler as a Kubernetes scheduler extender until interrupted.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { InputError } from '../../sim-core/text/input-error.ts';
import { parseYamlSource } from '../../sim-core/text/yaml-source.ts';
import { clusterFromList } from '../../sim-core/orchestrator/k8s/cluster.ts';
import { defaultSchedulerConfig, parseSchedulerConfig } from '../../sim-core/orchestrator/scheduler/config.ts';
import { buildProfile } from '../../sim-core/orchestrator/scheduler/profile.ts';
import { createExtenderServer } from '../../connectors/extender/server.ts';

function readText(file: string, flag: string): string {
  try { return readFileSync(file, 'utf8'); } catch (err) {
    throw new InputError([{ file, line: 0, col: 0, path: '', message: `${flag}: cannot read file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` }]);
  }
}

/** Registers the subcommand. */
export function register(program: Command, _setExit: (code: number) => void): void {
  program.command('extender')
    .description('serve the scheduler as a Kubernetes scheduler extender (POST /filter, /prioritize, /preempt, /bind, /cache)')
    .option('--port <n>', 'TCP port', '8888')
    .option('--host <addr>', 'listen address', '127.0.0.1')
    .option('--config <file>', 'KubeSchedulerConfiguration (first profile is served)')
    .option('--cluster <file>', 'initial node/pod cache: kubectl get nodes,pods -A -o json')
    .option('--seed <n>', 'tie-breaking seed', '0')
    .action(async (opts: { port: string; host: string; config?: string; cluster?: string; seed: string }) => {
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InputError([{ file: '--port', line: 0, col: 0, path: '', message: `must be an integer 0..65535, got ${JSON.stringify(opts.port)}` }]);
      const config = opts.config ? parseSchedulerConfig(parseYamlSource(readText(opts.config, '--config'), opts.config)) : defaultSchedulerConfig();
      for (const note of config.notes) process.stderr.write(`note: ${note}\n`);
      const cache = opts.cluster ? clusterFromList(parseYamlSource(readText(opts.cluster, '--cluster'), opts.cluster)).state : undefined;
      const { server } = createExtenderServer({ profile: buildProfile(config.profiles[0]!), ...(cache ? { cache } : {}), seed: Number(opts.seed) || 0 });
      await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(port, opts.host, () => resolve()); });
      const addr = server.address();
      process.stderr.write(`edgetwin extender listening on http://${opts.host}:${typeof addr === 'object' && addr ? addr.port : port}\n`);
      await new Promise<void>((resolve) => {
        const stop = () => server.close(() => resolve());
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
