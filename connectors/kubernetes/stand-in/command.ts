/**
 * `edgetwin kube-stand-in [--port 6443] [--host 127.0.0.1] [--kubeconfig FILE] [--cluster DUMP]
 * [--no-controller]`: runs the Kubernetes API STAND-IN (server.ts) until interrupted, for trying
 * `edgetwin serve --kubeconfig` and Kubernetes pushes on a machine without a cluster. It is not a
 * cluster: no kubelet, no real scheduler; the stand-in Deployment controller (controller.ts) turns
 * applied Deployments into pods bound to the node their affinity names.
 *
 * --cluster seeds Nodes and Pods from a `kubectl get nodes,pods -A -o json` dump (other kinds are
 * skipped and counted); --kubeconfig writes a kubeconfig for it (bearer token, plain HTTP with
 * insecure-skip-tls-verify), refusing to overwrite an existing file.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { InputError } from '../../../sim-core/text/input-error.ts';
import { runDeploymentController } from './controller.ts';
import { createKubeApiStandIn, type KubeApiStandIn } from './server.ts';
import type { KubeObject, ObjectStore } from './store.ts';

/** What the command needs. */
export interface StandInFlags { port: number; host: string; kubeconfig: string | null; cluster: string | null; controller: boolean }

/** A running stand-in started by the command. */
export interface RunningStandIn { url: string; token: string; api: KubeApiStandIn; seeded: { nodes: number; pods: number; skipped: Record<string, number> }; close(): Promise<void> }

const bad = (file: string, message: string) => new InputError([{ file, line: 0, col: 0, path: '', message }]);

/** Puts the dump's Nodes and Pods into the store; throws InputError naming the file when it is not a List. */
export function seedFromDump(store: ObjectStore, value: unknown, file: string): RunningStandIn['seeded'] {
  const items = (value as { items?: unknown } | null)?.items;
  if (!Array.isArray(items)) throw bad(file, 'expected a Kubernetes List with items (kubectl get nodes,pods -A -o json)');
  const seeded = { nodes: 0, pods: 0, skipped: {} as Record<string, number> };
  for (const it of items) {
    const o = it as KubeObject | null;
    const kind = typeof o?.kind === 'string' ? o.kind : '(no kind)';
    const named = typeof o?.metadata?.name === 'string' && o.metadata.name !== '';
    if ((kind === 'Node' || kind === 'Pod') && named) {
      const { resourceVersion: _rv, ...metadata } = o!.metadata;
      store.put(kind === 'Node' ? 'nodes' : 'pods', { ...o!, metadata: metadata as KubeObject['metadata'] });
      if (kind === 'Node') seeded.nodes++; else seeded.pods++;
    } else seeded.skipped[kind] = (seeded.skipped[kind] ?? 0) + 1;
  }
  return seeded;
}

/** The kubeconfig text for a stand-in at `url` with `token`. */
export function kubeconfigText(url: string, token: string): string {
  return [
    '# A kubeconfig for the EdgeTwin Kubernetes API STAND-IN (edgetwin kube-stand-in), not a real cluster.',
    'apiVersion: v1', 'kind: Config', 'current-context: edgetwin-stand-in',
    'clusters:', '- name: edgetwin-stand-in', '  cluster:', `    server: ${url}`, '    insecure-skip-tls-verify: true',
    'users:', '- name: edgetwin', '  user:', `    token: ${token}`,
    'contexts:', '- name: edgetwin-stand-in', '  context:', '    cluster: edgetwin-stand-in', '    user: edgetwin', '    namespace: default', '',
  ].join('\n');
}

/** Starts the stand-in as the flags say. */
export async function startStandIn(flags: StandInFlags): Promise<RunningStandIn> {
  const token = randomBytes(18).toString('base64url');
  const api = createKubeApiStandIn({ token });
  let seeded: RunningStandIn['seeded'] = { nodes: 0, pods: 0, skipped: {} };
  if (flags.cluster) {
    let text: string;
    try { text = readFileSync(flags.cluster, 'utf8'); } catch (e) { throw bad(flags.cluster, `--cluster: cannot read file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`); }
    let value: unknown;
    try { value = JSON.parse(text); } catch (e) { throw bad(flags.cluster, `--cluster: not JSON: ${(e as Error).message}`); }
    seeded = seedFromDump(api.store, value, flags.cluster);
  }
  const stopController = flags.controller ? runDeploymentController(api.store) : () => {};
  await new Promise<void>((resolve, reject) => { api.server.once('error', reject); api.server.listen(flags.port, flags.host, () => resolve()); });
  const addr = api.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : flags.port;
  const url = `http://${flags.host.includes(':') ? `[${flags.host}]` : flags.host}:${port}`;
  const close = () => new Promise<void>((resolve) => { stopController(); api.server.close(() => resolve()); api.server.closeAllConnections(); });
  if (flags.kubeconfig) {
    try { writeFileSync(flags.kubeconfig, kubeconfigText(url, token), { mode: 0o600, flag: 'wx' }); } catch (e) {
      await close();
      throw bad(flags.kubeconfig, `--kubeconfig: cannot write a new file here (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); it never overwrites an existing kubeconfig`);
    }
  }
  return { url, token, api, seeded, close };
}

/** Registers the subcommand (cli/commands/kube-stand-in.ts re-exports this). */
export function register(program: Command, _setExit: (code: number) => void): void {
  program.command('kube-stand-in')
    .description('run a STAND-IN for a Kubernetes API server (list/watch, server-side apply) for trying the Kubernetes connector without a cluster')
    .option('--port <n>', 'TCP port (0: any free one)', '6443')
    .option('--host <addr>', 'listen address', '127.0.0.1')
    .option('--kubeconfig <file>', 'write a kubeconfig for it to this new file')
    .option('--cluster <file>', 'seed nodes and pods from: kubectl get nodes,pods -A -o json')
    .option('--no-controller', 'do not turn applied Deployments into pods')
    .action(async (opts: { port: string; host: string; kubeconfig?: string; cluster?: string; controller: boolean }) => {
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw bad('--port', `must be an integer 0..65535, got ${JSON.stringify(opts.port)}`);
      const s = await startStandIn({ port, host: opts.host, kubeconfig: opts.kubeconfig ?? null, cluster: opts.cluster ?? null, controller: opts.controller });
      const skipped = Object.entries(s.seeded.skipped).map(([k, n]) => `${n} ${k}`).join(', ');
      process.stderr.write([
        `edgetwin kube-stand-in: a STAND-IN for a Kubernetes API server (not a cluster) on ${s.url}`,
        `  seeded ${s.seeded.nodes} nodes and ${s.seeded.pods} pods${skipped ? ` (skipped ${skipped})` : ''}; Deployment controller ${opts.controller ? 'on' : 'off'}`,
        opts.kubeconfig ? `  kubeconfig: ${opts.kubeconfig}  (edgetwin serve --kubeconfig ${opts.kubeconfig})` : `  bearer token: ${s.token}`,
        '',
      ].join('\n'));
      await new Promise<void>((resolve) => {
        const stop = () => { void s.close().then(resolve); };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
