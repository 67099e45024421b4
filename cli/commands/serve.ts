/**
 * `edgetwin serve [--port N] [--host 127.0.0.1] [--rebuild]` — builds the web app when its
 * sources changed and serves it; `npm start` runs this. The app simulates in the browser (static
 * files, no API needed); the gateway API of the live connectors will be served beside it.
 */
import { createServer, type Server } from 'node:http';
import type { Command } from 'commander';
import { InputError } from '../../sim-core/text/input-error.ts';
import { MAX_HEADER_BYTES, staticFiles } from '../../connectors/gateway/static-files.ts';
import { APP_DIST, buildAppIfNeeded } from '../lib/app-build.ts';
import { parseIntFlag } from '../lib/files.ts';

interface ServeFlags { port?: string; host?: string; rebuild?: boolean }

/** Default port; when taken (and no --port was given) the next free one is used. */
export const DEFAULT_PORT = 8080;

/** Registers `serve`. */
export function register(program: Command): void {
  program
    .command('serve')
    .description('serve the web app (built first when its sources changed); the 3D twin opens on scenarios/metro-operations.yaml')
    .option('--port <n>', `port (default ${DEFAULT_PORT}, or the next free one)`)
    .option('--host <addr>', 'address to listen on', '127.0.0.1')
    .option('--rebuild', 'build the app even if it is up to date')
    .action(async (flags: ServeFlags) => {
      const port = flags.port !== undefined ? parseIntFlag('--port', flags.port) : undefined;
      if (port !== undefined && port > 65535) throw new InputError([{ file: '<--port>', line: 0, col: 0, path: '', message: `expected a port from 0 to 65535, got ${port}` }]);
      await buildAppIfNeeded({ force: flags.rebuild, log: (l) => process.stderr.write(`${l}\n`) });
      const server = createServer({ maxHeaderSize: MAX_HEADER_BYTES }, (req, res) => { void handler(req, res); });
      const handler = staticFiles(APP_DIST);
      const bound = await listen(server, flags.host ?? '127.0.0.1', port);
      const shown = (flags.host ?? '127.0.0.1').includes(':') ? `[${flags.host}]` : (flags.host ?? '127.0.0.1');
      process.stdout.write(`EdgeTwin at http://${shown}:${bound}/\n`);
      await new Promise<void>((resolve) => {
        const stop = () => { server.closeAllConnections(); server.close(() => resolve()); };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}

/** Listens on `port`, or from DEFAULT_PORT upward to the first free port when none was asked for. */
async function listen(server: Server, host: string, port: number | undefined): Promise<number> {
  const tryPort = (p: number) => new Promise<number>((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException) => { server.off('listening', onListening); reject(e); };
    const onListening = () => { server.off('error', onError); const a = server.address(); resolve(typeof a === 'object' && a ? a.port : p); };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(p, host);
  });
  if (port !== undefined) {
    try { return await tryPort(port); } catch (e) {
      throw new InputError([{ file: '<--port>', line: 0, col: 0, path: '', message: `cannot listen on ${host}:${port}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` }]);
    }
  }
  for (let p = DEFAULT_PORT; p < DEFAULT_PORT + 50; p++) {
    try { return await tryPort(p); } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw e;
    }
  }
  throw new Error(`no free port from ${DEFAULT_PORT} to ${DEFAULT_PORT + 49} on ${host}; pass --port`);
}
