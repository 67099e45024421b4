/**
 * Bundles browser-entry.ts for Chromium with Vite's JS API (library mode, ES module), including
 * the Web Worker that workers/browser-pool.ts starts through `new URL('./worker-entry.ts',
 * import.meta.url)`, which Vite emits as its own chunk. Every import of a Node built-in is
 * recorded on the way: sim-core and workers must run in a browser, so any such import fails the
 * build, except seedrandom's guarded `require('crypto')` (autoseeding only, mapped away for
 * browsers by its package.json). sim-core no longer uses seedrandom (its RNG is des/rng.ts), so
 * the shipped bundles have none; the test says so.
 */
import { builtinModules } from 'node:module';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { build, type Plugin } from 'vite';

const ROOT = join(import.meta.dirname, '../../..');
const ENTRY = join(import.meta.dirname, 'browser-entry.ts');
const NODE_BUILTINS = new Set(builtinModules);

/** One import of a Node built-in seen while bundling: the specifier and the importing file (repo-relative). */
export interface BuiltinImport {
  id: string;
  importer: string;
  /** Which bundle saw it: the page's entry or the pool's worker. */
  bundle: 'page' | 'worker';
}

/** The bundle on disk: its directory, the entry file name in it, every file written, and the built-in imports that were allowed. */
export interface BrowserBundle {
  dir: string;
  entryFile: string;
  files: string[];
  allowedBuiltins: BuiltinImport[];
}

/** Deletes a bundle directory (tests call it in afterAll). */
export function removeBundle(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** True for the one built-in import the browser build may contain (see the file comment). */
export function isAllowedBuiltin(b: BuiltinImport): boolean {
  return b.id === 'crypto' && b.importer.startsWith(`node_modules/seedrandom/`);
}

function recordBuiltins(seen: BuiltinImport[], bundle: BuiltinImport['bundle']): Plugin {
  return {
    name: 'edgetwin-e2e:record-node-builtins',
    enforce: 'pre',
    resolveId(id, importer) {
      const bare = id.startsWith('node:') ? id.slice(5) : id;
      if (id.startsWith('node:') || NODE_BUILTINS.has(bare.split('/')[0]!)) {
        const from = importer ? relative(ROOT, importer).split(sep).join('/') : '(entry)';
        // Resolution may run more than once for one import; keep one record.
        if (!seen.some((b) => b.id === id && b.importer === from && b.bundle === bundle)) seen.push({ id, importer: from, bundle });
      }
      return null;
    },
  };
}

/** Builds `entry` (default browser-entry.ts) into a fresh temp directory; throws listing every forbidden Node built-in import. */
export async function bundleBrowserEntry(entry = ENTRY): Promise<BrowserBundle> {
  const dir = mkdtempSync(join(tmpdir(), 'edgetwin-e2e-bundle-'));
  const seen: BuiltinImport[] = [];
  let buildError: unknown;
  await build({
    configFile: false,
    root: ROOT,
    base: './',
    logLevel: 'error',
    publicDir: false,
    plugins: [recordBuiltins(seen, 'page')],
    worker: { format: 'es', plugins: () => [recordBuiltins(seen, 'worker')] },
    build: {
      outDir: dir,
      emptyOutDir: false,
      write: true,
      minify: false,
      reportCompressedSize: false,
      target: 'es2022',
      lib: { entry, formats: ['es'], fileName: () => 'entry.js' },
    },
  }).catch((e: unknown) => { buildError = e; });
  // Checked first: Vite may stub a built-in or fail on it, and either way the import is the bug.
  const forbidden = seen.filter((b) => !isAllowedBuiltin(b));
  if (forbidden.length > 0 || buildError !== undefined) removeBundle(dir);
  if (forbidden.length > 0) {
    throw new Error(`the browser bundle imports Node built-ins: ${forbidden.map((b) => `${b.id} (from ${b.importer}, ${b.bundle} bundle)`).join(', ')}`, { cause: buildError });
  }
  if (buildError !== undefined) throw buildError;
  const files = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => relative(dir, join(d.parentPath, d.name)).split(sep).join('/'))
    .sort();
  return { dir, entryFile: 'entry.js', files, allowedBuiltins: seen.filter(isAllowedBuiltin) };
}
