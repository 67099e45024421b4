/**
 * The real web app for e2e tests and the app benchmark: built with the project's vite.config.ts
 * into a fresh temp directory (never dist/app, which `edgetwin serve` owns), served on a loopback
 * port chosen by the OS with the same static-file handler `edgetwin serve` uses.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { MAX_HEADER_BYTES, staticFiles } from '../../../connectors/gateway/static-files.ts';

const ROOT = join(import.meta.dirname, '../../..');

/** A served build: its origin, its directory, its files' sizes, and close() (also removes the build). */
export interface AppServer {
  origin: string;
  dir: string;
  files: { path: string; bytes: number }[];
  close(): Promise<void>;
}

/** Builds the app and serves it on 127.0.0.1. */
export async function serveApp(): Promise<AppServer> {
  const dir = mkdtempSync(join(tmpdir(), 'edgetwin-app-'));
  await build({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'error', build: { outDir: dir, emptyOutDir: true } });
  const handler = staticFiles(dir);
  const server: Server = createServer({ maxHeaderSize: MAX_HEADER_BYTES }, (req, res) => { void handler(req, res); });
  await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(0, '127.0.0.1', () => resolve()); });
  const addr = server.address();
  if (addr === null || typeof addr === 'string') throw new Error('app server: no address');
  const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile())
    .map((e) => { const p = join(e.parentPath, e.name); return { path: p.slice(dir.length + 1), bytes: statSync(p).size }; });
  return {
    origin: `http://127.0.0.1:${addr.port}`, dir, files,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => { rmSync(dir, { recursive: true, force: true }); resolve(); }); }),
  };
}
