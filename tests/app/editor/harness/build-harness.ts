/** Builds the editor harness page with Vite into a fresh temp directory (for the e2e test). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';

/** The harness page's file name inside the built directory. */
export const HARNESS_PAGE = 'editor-harness.html';

/** Builds the harness; resolves to the output directory (remove it with removeHarness). */
export async function buildHarness(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'edgetwin-editor-harness-'));
  await build({
    configFile: false,
    root: import.meta.dirname,
    base: './',
    logLevel: 'error',
    publicDir: false,
    worker: { format: 'es' },
    build: { outDir: dir, emptyOutDir: false, target: 'es2022', minify: false, reportCompressedSize: false, chunkSizeWarningLimit: 4000, rollupOptions: { input: join(import.meta.dirname, HARNESS_PAGE) } },
  });
  return dir;
}

/** Deletes a built harness. */
export function removeHarness(dir: string): void { rmSync(dir, { recursive: true, force: true }); }
