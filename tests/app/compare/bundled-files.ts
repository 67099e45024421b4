/**
 * The files the web app bundles (app/sim-client/shipped.ts BUNDLED_FILES: scenarios, experiments,
 * policies by repository path), read from disk for the Node tests.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Repository root. */
export const ROOT = join(import.meta.dirname, '../../..');

/** Every scenarios/*.yaml, scenarios/experiments/*.yaml and scenarios/policies/*.yaml text by repository path. */
export function bundledFiles(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const dir of ['scenarios', 'scenarios/experiments', 'scenarios/policies']) {
    for (const f of readdirSync(join(ROOT, dir))) if (f.endsWith('.yaml')) out[`${dir}/${f}`] = readFileSync(join(ROOT, dir, f), 'utf8');
  }
  return out;
}
