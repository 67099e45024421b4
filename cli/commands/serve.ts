/**
 * `edgetwin serve [--port N] [--host 127.0.0.1] [--rebuild] [--db FILE] [--mqtt URL]
 * [--prometheus URL] [--kubeconfig FILE] [--key FILE] [--approvals 1|2] [--shadow SCENARIO
 * [--prometheus-mapping FILE]]` — builds the web app
 * when its sources changed and serves it with the gateway API beside it (/api/v1, /healthz,
 * /metrics), over the SQLite database --db (.edgetwin/gateway.db by default, created on first
 * use). `npm start` runs this with no flags: the app opens with no other set-up.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { InputError } from '../../sim-core/text/input-error.ts';
import type { GatewayOptions } from '../../connectors/gateway/context.ts';
import { gatewayModules } from '../../connectors/gateway/modules.ts';
import { shadowModuleFromFiles } from '../../connectors/shadow/shadow-setup.ts';
import { ListenError, startGateway, DEFAULT_PORT } from '../../connectors/gateway/server.ts';
import { APP_DIST, buildAppIfNeeded } from '../lib/app-build.ts';
import { parseIntFlag } from '../lib/files.ts';

interface ServeFlags { port?: string; host?: string; rebuild?: boolean; db?: string; mqtt?: string; prometheus?: string; kubeconfig?: string; key?: string; approvals?: string; shadow?: string; prometheusMapping?: string }

export { DEFAULT_PORT };
/** Where the gateway keeps its database when --db is not given (relative to the current directory). */
export const DEFAULT_DB = '.edgetwin/gateway.db';

const bad = (flag: string, message: string) => new InputError([{ file: `<${flag}>`, line: 0, col: 0, path: '', message }]);

function urlFlag(flag: string, value: string | undefined, protocols: string[]): string | null {
  if (value === undefined) return null;
  let u: URL;
  try { u = new URL(value); } catch { throw bad(flag, `expected a URL like ${protocols[0]}//127.0.0.1:PORT, got '${value}'`); }
  if (!protocols.includes(u.protocol)) throw bad(flag, `expected a URL with scheme ${protocols.map((p) => p.slice(0, -1)).join(' or ')}, got '${u.protocol.slice(0, -1)}'`);
  return value;
}

function fileFlag(flag: string, value: string | undefined): string | null {
  if (value === undefined) return null;
  const path = resolve(value);
  if (!existsSync(path)) throw bad(flag, `no such file: ${value}`);
  return path;
}

/** The gateway options from the flags; throws InputError naming the flag and what it allows. */
export function gatewayOptionsOf(flags: ServeFlags): GatewayOptions {
  const approvals = flags.approvals ?? '1';
  if (approvals !== '1' && approvals !== '2') throw bad('--approvals', `expected 1 or 2 (distinct operators who must approve a plan), got '${approvals}'`);
  return {
    mqttUrl: urlFlag('--mqtt', flags.mqtt, ['mqtt:', 'mqtts:', 'ws:', 'wss:']),
    prometheusUrl: urlFlag('--prometheus', flags.prometheus, ['http:', 'https:']),
    kubeconfig: fileFlag('--kubeconfig', flags.kubeconfig),
    signingKeyPath: fileFlag('--key', flags.key),
    approvalsRequired: approvals === '2' ? 2 : 1,
  };
}

/** Registers `serve`. */
export function register(program: Command): void {
  program
    .command('serve')
    .description('serve the web app (built first when its sources changed) and the gateway API; the 3D twin opens on scenarios/metro-operations.yaml')
    .option('--port <n>', `port (default ${DEFAULT_PORT}, or the next free one)`)
    .option('--host <addr>', 'address to listen on', '127.0.0.1')
    .option('--rebuild', 'build the app even if it is up to date')
    .option('--db <file>', `SQLite database of plans, approvals, tokens and the audit log (default ${DEFAULT_DB})`)
    .option('--mqtt <url>', 'MQTT broker the edge agents use, e.g. mqtt://127.0.0.1:1883')
    .option('--prometheus <url>', 'Prometheus server to read node metrics from, e.g. http://127.0.0.1:9090')
    .option('--kubeconfig <file>', 'kubeconfig of the cluster to watch and apply to')
    .option('--key <file>', 'ed25519 private key (edgetwin keygen) to sign desired state with')
    .option('--approvals <n>', 'distinct operators who must approve a plan: 1 or 2', '1')
    .option('--shadow <scenario>', 'shadow mode: score this scenario (the twin of the fleet) against what Prometheus and the agents observe (GET /api/v1/shadow)')
    .option('--prometheus-mapping <file>', 'how Prometheus series map onto twin nodes and links (docs/live/prometheus-mapping.md)')
    .action(async (flags: ServeFlags) => {
      const port = flags.port !== undefined ? parseIntFlag('--port', flags.port) : undefined;
      if (port !== undefined && port > 65535) throw bad('--port', `expected a port from 0 to 65535, got ${port}`);
      const options = gatewayOptionsOf(flags);
      const dbPath = resolve(flags.db ?? DEFAULT_DB);
      if (flags.prometheusMapping && !flags.shadow) throw bad('--prometheus-mapping', 'only means something with --shadow SCENARIO');
      // Bad shadow files are refused (InputError, exit 2) before anything starts.
      const shadowFiles = flags.shadow ? { scenarioPath: fileFlag('--shadow', flags.shadow)!, mappingPath: fileFlag('--prometheus-mapping', flags.prometheusMapping) } : null;
      const { modules } = gatewayModules({ extra: (fleet) => (shadowFiles ? [shadowModuleFromFiles({ ...shadowFiles, fleet })] : []) });
      await buildAppIfNeeded({ force: flags.rebuild, log: (l) => process.stderr.write(`${l}\n`) });
      let gw;
      try {
        gw = await startGateway({ dbPath, options, modules, appDir: APP_DIST, host: flags.host ?? '127.0.0.1', port });
      } catch (e) {
        if (e instanceof ListenError) throw bad('--port', e.message);
        throw e;
      }
      process.stderr.write(`gateway database ${dbPath}; API at ${gw.url}api/v1 (create a token: edgetwin token create --role viewer --db ${flags.db ?? DEFAULT_DB})\n`);
      process.stdout.write(`EdgeTwin at ${gw.url}\n`);
      await new Promise<void>((done) => {
        const stop = () => { void gw.close().then(done, done); };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
