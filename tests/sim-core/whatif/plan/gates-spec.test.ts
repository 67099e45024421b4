import { describe, expect, it } from 'vitest';
import { InputError } from '../../../../sim-core/text/input-error.ts';
import { DEFAULT_GATES } from '../../../../sim-core/whatif/plan/gates.ts';
import { parseGatesSpec } from '../../../../sim-core/whatif/plan/gates-spec.ts';

const doc = (gates: string) => `apiVersion: edgetwin.io/v1alpha1
kind: Experiment
metadata: {name: x}
spec:
  scenario: s.yaml
${gates}  variants: [{name: a}]
`;

describe('parseGatesSpec', () => {
  it('defaults when spec.gates is absent: a lost fraction of 0.1%, no count of lost messages', () => {
    expect(parseGatesSpec(doc(''), 'e.yaml')).toEqual({ gates: DEFAULT_GATES, seeds: null, warnings: [] });
    expect(DEFAULT_GATES).toEqual({ latencySlo: true, maxSloViolationRate: 0.05, maxLostFraction: 0.001, maxLostMessages: null, minHeadroom: 0.2 });
  });

  it('reads every key; fractions as numbers or percentages', () => {
    const g = parseGatesSpec(doc('  gates:\n    latencySlo: false\n    maxSloViolationRate: 1%\n    maxLostFraction: 0.5%\n    minHeadroom: 0.3\n    seeds: 4\n'), 'e.yaml');
    expect(g).toEqual({ gates: { latencySlo: false, maxSloViolationRate: 0.01, maxLostFraction: 0.005, maxLostMessages: null, minHeadroom: 0.3 }, seeds: 4, warnings: [] });
  });

  it('still accepts the deprecated maxLostMessages, with a located warning naming maxLostFraction', () => {
    const g = parseGatesSpec(doc('  gates:\n    maxLostMessages: 0\n'), 'e.yaml');
    expect(g.gates).toEqual({ ...DEFAULT_GATES, maxLostMessages: 0 });
    expect(g.warnings).toHaveLength(1);
    expect(g.warnings[0]).toMatchObject({ file: 'e.yaml', line: 7, col: 5, path: 'spec.gates.maxLostMessages' });
    expect(g.warnings[0]!.message).toMatch(/^deprecated: .*use maxLostFraction/);
  });

  it('locates every bad field at file:line:col with a did-you-mean', () => {
    try {
      parseGatesSpec(doc('  gates:\n    minHeadrom: 0.3\n    maxLostFraction: -1\n    minHeadroom: 150%\n    maxLostMessages: 1.5\n'), 'e.yaml');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      const issues = (e as InputError).issues;
      expect(issues.map((i) => [i.line, i.path])).toEqual([[7, 'spec.gates.minHeadrom'], [8, 'spec.gates.maxLostFraction'], [9, 'spec.gates.minHeadroom'], [10, 'spec.gates.maxLostMessages']]);
      expect(issues[0]!.message).toContain("did you mean 'minHeadroom'?");
      expect(issues[0]!.message).not.toContain('maxLostMessages');
      expect(issues[0]!.col).toBe(5);
      expect(issues[1]!.message).toContain('0.001');
      expect(issues[2]!.message).toContain('150%');
      expect(issues[3]!.message).toContain('maxLostFraction');
    }
  });
});
