/**
 * What the CLI tests share: running `edgetwin` as a user does (node cli/bin.mjs from the
 * repository root), and a small fog-city experiment (two placements of its detector) written into
 * a temporary directory beside a copy of the scenario it names.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '../../..');

/** Runs the CLI to completion (5-minute cap) and returns what it printed and its exit status. */
export function cli(...args: string[]): SpawnSyncReturns<string> {
  return spawnSync('node', ['cli/bin.mjs', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 300_000 });
}

/** What the small experiment varies in its header. */
export interface SmallExperiment {
  seeds: number[];
  until: string;
  metrics: string[];
  /** e.g. `{minimize: latencyP95Ms}`; omitted when undefined. */
  objective?: string;
}

/**
 * Writes `small.yaml` (variants cloud and edge of fog-city's detector, baseline cloud) and a copy of
 * fog-city.yaml into a fresh temporary directory; returns the directory and the experiment's path.
 */
export function smallFogCityExperiment(prefix: string, exp: SmallExperiment): { dir: string; path: string } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  copyFileSync(join(ROOT, 'scenarios/experiments/fog-city.yaml'), join(dir, 'fog-city.yaml'));
  const path = join(dir, 'small.yaml');
  writeFileSync(path, `apiVersion: edgetwin.io/v1alpha1
kind: Experiment
metadata: {name: small}
spec:
  scenario: fog-city.yaml
  seeds: [${exp.seeds.join(', ')}]
  until: ${exp.until}
  baseline: cloud
  variants:
    - name: cloud
      set: ["spec.apps.video.services.detect.placement=[cloud-1]"]
    - name: edge
      set: ["spec.apps.video.services.detect.placement=[site-1-edge, site-2-edge, site-3-edge, site-4-edge]"]
  metrics: [${exp.metrics.join(', ')}]
${exp.objective ? `  objective: ${exp.objective}\n` : ''}`);
  return { dir, path };
}
