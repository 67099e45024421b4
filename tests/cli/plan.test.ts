/** `edgetwin plan` end to end: spawns the real CLI on the plan-small fixture. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planHash, verifyPlan, type Plan } from '../../sim-core/whatif/plan/index.ts';

const EXP = 'tests/fixtures/whatif/plan-small.experiment.yaml';
const dir = mkdtempSync(join(tmpdir(), 'edgetwin-plan-'));
const cli = (...args: string[]) => spawnSync(process.execPath, ['cli/bin.mjs', 'plan', ...args], { encoding: 'utf8', cwd: process.cwd(), env: { ...process.env, CI: '1' } });

describe('edgetwin plan', () => {
  it('exit 0 for an approvable plan; prints the diff and the gates; writes a plan that verifies', () => {
    const out = join(dir, 'edge.json');
    const r = cli(EXP, '--variant', 'edge', '--out', out);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/= unchanged\s+detect\/infer\s+edge-1\s+edge-1/);
    for (const id of ['latency-slo', 'slo-violation-rate', 'data-lost', 'capacity-headroom']) expect(r.stdout).toMatch(new RegExp(`${id}\\s.*PASS`));
    expect(r.stdout).toContain('APPROVABLE');
    const plan = JSON.parse(readFileSync(out, 'utf8')) as Plan;
    expect(plan.status).toBe('approvable');
    expect(planHash(plan)).toBe(plan.hash);
    expect(verifyPlan(plan)).toEqual([]);
    expect(r.stdout).toContain(plan.hash);
  });

  it('exit 1 when a gate fails, naming the failed gates', () => {
    const out = join(dir, 'gw.json');
    const r = cli(EXP, '--variant', 'gateway', '--out', out, '--seeds', '1');
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/~ moved\s+detect\/infer\s+edge-1\s+gw-1/);
    expect(r.stdout).toMatch(/capacity-headroom\s.*FAIL/);
    expect(r.stdout).toContain('BLOCKED');
    const plan = JSON.parse(readFileSync(out, 'utf8')) as Plan;
    expect(plan.status).toBe('blocked');
    expect(plan.validation.seeds).toEqual([1]);
  });

  it('diffs against a snapshot file', () => {
    const snap = join(dir, 'snap.json');
    writeFileSync(snap, JSON.stringify({ placements: { 'detect/infer': ['gw-1'] }, takenAt: '2025-01-01T00:00:00Z', source: 'fleet-east' }));
    const r = cli(EXP, '--variant', 'edge', '--against', snap, '--out', join(dir, 's.json'), '--seeds', '1');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('against snapshot fleet-east taken 2025-01-01T00:00:00Z');
    expect(r.stdout).toMatch(/~ moved\s+detect\/infer\s+gw-1\s+edge-1/);
  });

  it('exit 2 for an unknown variant, with a did-you-mean and no stack trace', () => {
    const r = cli(EXP, '--variant', 'gatway', '--out', join(dir, 'x.json'));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("unknown variant 'gatway'; did you mean 'gateway'?");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('exit 2 for a bad snapshot file, naming its path and position', () => {
    const snap = join(dir, 'bad.json');
    writeFileSync(snap, '{\n  "placements": {"infer": ["n1"]}\n}');
    const r = cli(EXP, '--variant', 'edge', '--against', snap, '--out', join(dir, 'y.json'));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${snap}:2:18: placements.infer: service keys are "app/service"`);
    const missing = cli(EXP, '--variant', 'edge', '--against', join(dir, 'nope.json'));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('nope.json: cannot read: no such file');
  });
});
