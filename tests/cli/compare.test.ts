/**
 * `edgetwin compare` and `edgetwin merge` end to end: located errors before any run (exit 2),
 * --json / --csv output, and shards written by --shard joined by merge equal to one run.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ROOT, smallFogCityExperiment } from './support/cli.ts';

const { dir: tmp, path: EXP } = smallFogCityExperiment('edgetwin-compare-', {
  seeds: [1, 2, 3], until: '4s', metrics: ['latencyP95Ms', 'wanBytes', 'costUsd'], objective: '{minimize: latencyP95Ms}',
});

describe('edgetwin compare', () => {
  it('refuses a broken experiment before any run: exit 2, file:line:col and field path, no stack', () => {
    const bad = join(tmp, 'bad.yaml');
    writeFileSync(bad, readFileSync(EXP, 'utf8').replace('services.detect.placement=[cloud-1]', 'services.detect.placment=[cloud-1]'));
    const r = cli('compare', bad, '--workers', '0');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${bad}:11:13: spec.variants[0].set[0]:`);
    expect(r.stderr).toMatch(/did you mean 'placement'/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
  });

  it('--json prints the ExperimentResult; --csv writes one row per run; the table marks the best variant', () => {
    const csv = join(tmp, 'runs.csv');
    const r = cli('compare', EXP, '--workers', '2', '--json', '--csv', csv);
    expect(r.status).toBe(0);
    const res = JSON.parse(r.stdout);
    expect(res.kind).toBe('edgetwin.io/v1alpha1/ExperimentResult');
    expect(res.runs).toHaveLength(6);
    expect(res.best).toBe('edge');
    expect(res.cells[1].vsBaseline.wanBytes.verdict).toBe('better');
    const lines = readFileSync(csv, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(7);
    expect(lines[0]).toBe('index,variant,sweepValue,faultSet,seedIndex,seed,ok,error,traceHash,simulatedMs,latencyP95Ms,wanBytes,costUsd');
    const table = cli('compare', EXP, '--workers', '0');
    expect(table.status).toBe(0);
    expect(table.stdout).toMatch(/edge ★/);
    expect(table.stdout).toMatch(/best feasible variant: edge/);
  }, 120_000);

  it('--shard i/N writes shards that merge into exactly the unsharded result; merge refuses gaps', () => {
    const whole = cli('compare', EXP, '--workers', '0', '--json');
    expect(whole.status).toBe(0);
    const files = [0, 1, 2, 3].map((i) => {
      const r = cli('compare', EXP, '--workers', '1', '--shard', `${i}/4`, '--json');
      expect(r.status).toBe(0);
      const f = join(tmp, `shard-${i}.json`);
      writeFileSync(f, r.stdout);
      return f;
    });
    const merged = cli('merge', files[3]!, files[1]!, files[0]!, files[2]!);
    expect(merged.status).toBe(0);
    expect(JSON.parse(merged.stdout)).toEqual(JSON.parse(whole.stdout));
    const gap = cli('merge', files[0]!, files[1]!, files[3]!);
    expect(gap.status).toBe(2);
    expect(gap.stderr).toMatch(/runs are missing .*shards not given: 2\/4/);
    const bad = cli('compare', EXP, '--shard', '4/4');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/<--shard>: expected i\/N/);
  }, 300_000);
});
