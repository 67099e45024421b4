/**
 * `edgetwin compare --correction holm|none`: overrides spec.correction; with holm the result
 * carries meta.correction and a Holm-adjusted p on every comparison, the terminal says the
 * verdicts are corrected; a bad value is exit 2 naming the choices, before any run.
 */
import { describe, expect, it } from 'vitest';
import { cli, smallFogCityExperiment } from './support/cli.ts';
import type { ExperimentResult } from '../../sim-core/whatif/result.ts';

const { path: EXP } = smallFogCityExperiment('edgetwin-correction-', { seeds: [1, 2, 3], until: '4s', metrics: ['latencyP95Ms', 'wanBytes', 'costUsd'] });

describe('edgetwin compare --correction', () => {
  it('holm: adjusted p on every comparison, verdicts only where it is below 0.05', () => {
    const r = cli('compare', EXP, '--workers', '0', '--correction', 'holm', '--json');
    expect(r.status, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout) as ExperimentResult;
    expect(result.meta.correction).toBe('holm');
    const cmps = result.cells.flatMap((c) => Object.values(c.vsBaseline));
    expect(cmps.length).toBeGreaterThan(0);
    for (const c of cmps) {
      expect(c.pAdjusted).toBeGreaterThanOrEqual(c.pValue);
      if (c.verdict !== 'indistinguishable') expect(c.pAdjusted).toBeLessThan(0.05);
    }
  });

  it('the terminal says whether verdicts are corrected', () => {
    const plain = cli('compare', EXP, '--workers', '0');
    expect(plain.status, plain.stderr).toBe(0);
    expect(plain.stdout).toMatch(/Each verdict is a paired t test at 95 % on its own, with no correction across the \d+ comparisons/);
    const holm = cli('compare', EXP, '--workers', '0', '--correction', 'holm');
    expect(holm.stdout).toMatch(/Verdicts corrected for multiple comparisons with Holm–Bonferroni over the \d+ comparisons/);
  });

  it('a bad value is exit 2 naming the choices, without a stack trace', () => {
    const r = cli('compare', EXP, '--workers', '0', '--correction', 'bonferroni');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--correction.*expected one of none, holm.*got 'bonferroni'/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
  });
});
