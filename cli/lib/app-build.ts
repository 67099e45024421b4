/**
 * Builds the web app into dist/app when its inputs changed since the last build: a SHA-256 over
 * the paths and contents of everything the bundle is made from (app/, sim-core/, workers/,
 * scenarios/, vite.config.ts, package-lock.json) is kept in dist/app/.build-stamp. A fresh clone
 * builds once (about a second); later starts reuse the build.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** Repository root (cli/lib/ is two levels down). */
export const ROOT = join(import.meta.dirname, '../..');
/** Where the built app lands. */
export const APP_DIST = join(ROOT, 'dist/app');
const INPUTS = ['app', 'sim-core', 'workers', 'scenarios', 'vite.config.ts', 'package-lock.json'];
const STAMP = '.build-stamp';

function files(path: string, out: string[]): void {
  if (!existsSync(path)) return;
  if (statSync(path).isFile()) { out.push(path); return; }
  for (const e of readdirSync(path, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    files(join(path, e.name), out);
  }
}

/** Hash of the app's inputs. */
export function appInputsHash(): string {
  const list: string[] = [];
  for (const p of INPUTS) files(join(ROOT, p), list);
  list.sort();
  const h = createHash('sha256');
  for (const f of list) { h.update(relative(ROOT, f).split(sep).join('/')); h.update('\0'); h.update(readFileSync(f)); h.update('\0'); }
  return h.digest('hex');
}

/** True when dist/app holds a build of the current inputs. */
export function appIsBuilt(hash = appInputsHash()): boolean {
  const stamp = join(APP_DIST, STAMP);
  return existsSync(join(APP_DIST, 'index.html')) && existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === hash;
}

/** Builds the app with Vite unless it is up to date (or `force`); returns whether it built. */
export async function buildAppIfNeeded(opts: { force?: boolean; log?: (line: string) => void } = {}): Promise<boolean> {
  const hash = appInputsHash();
  if (!opts.force && appIsBuilt(hash)) return false;
  opts.log?.('building the web app (once per change of its sources) …');
  const { build } = await import('vite');
  await build({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'warn' });
  writeFileSync(join(APP_DIST, STAMP), `${hash}\n`);
  return true;
}
