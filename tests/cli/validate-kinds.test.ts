/**
 * `edgetwin validate` checks every EdgeTwin document kind by its `kind:` — scenarios (and the
 * policy files they name), experiments, policies, scheduler configurations — with located errors.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { documentKind } from '../../cli/commands/validate.ts';

const ROOT = join(import.meta.dirname, '../..');
const cli = (...args: string[]) => spawnSync('node', ['cli/bin.mjs', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });

describe('edgetwin validate, by kind', () => {
  it('reads the kind from the first top-level kind line', () => {
    expect(documentKind('apiVersion: x\nkind: Experiment\n')).toBe('Experiment');
    expect(documentKind('# kind: Policy in a comment\nkind: "PolicySet"\n')).toBe('PolicySet');
    expect(documentKind('spec:\n  kind: nested\n')).toBe('Scenario');
  });

  it('accepts a scenario, an experiment, a policy file and a scheduler configuration', () => {
    const r = cli('validate', 'scenarios/smart-city-cameras.yaml', 'scenarios/experiments/fog-placement.yaml', 'scenarios/policies/city-privacy.yaml', 'tests/fixtures/k8s/scheduler-config.yaml');
    expect(r.status).toBe(0);
    // 12 cameras, 2 cabinets, 2 district GPU servers, the standby GPU server, 2 cloud GPUs.
    expect(r.stdout).toContain('scenarios/smart-city-cameras.yaml: 19 nodes');
    expect(r.stdout).toContain('3 policies');
    expect(r.stdout).toMatch(/fog-placement\.yaml: experiment fog-placement, 4 variants, \d+ runs/);
    expect(r.stdout).toContain('scheduler-config.yaml: 1 scheduler profile');
  });

  it('a broken policy file named by a scenario is reported at its own line:col, exit 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'edgetwin-validate-'));
    writeFileSync(join(dir, 'rules.yaml'), 'apiVersion: edgetwin.io/v1alpha1\nkind: Policy\nmetadata: {name: bad}\nspec:\n  type: residency\n  tagz: [pii]\n');
    const scenario = readFileSync(join(ROOT, 'scenarios/smart-city-cameras.yaml'), 'utf8').replace('policies: [policies/city-privacy.yaml]', 'policies: [rules.yaml]');
    writeFileSync(join(dir, 'city.yaml'), scenario);
    const r = cli('validate', join(dir, 'city.yaml'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/rules\.yaml:6:3: spec\.tagz: unknown field/);
  });
});
