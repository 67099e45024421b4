import { describe, expect, it } from 'vitest';
import { InputError } from '../../../../sim-core/scenario/input-error.ts';
import { DEFAULT_GATES } from '../../../../sim-core/whatif/plan/gates.ts';
import { parseGatesSpec, withoutGates } from '../../../../sim-core/whatif/plan/gates-spec.ts';

const doc = (gates: string) => `apiVersion: edgetwin.io/v1alpha1
kind: Experiment
metadata: {name: x}
spec:
  scenario: s.yaml
${gates}  variants: [{name: a}]
`;

describe('parseGatesSpec', () => {
  it('defaults when spec.gates is absent', () => {
    expect(parseGatesSpec(doc(''), 'e.yaml')).toEqual({ gates: DEFAULT_GATES, seeds: null });
  });

  it('reads every key; fractions as numbers or percentages', () => {
    const g = parseGatesSpec(doc('  gates:\n    latencySlo: false\n    maxSloViolationRate: 1%\n    maxLostMessages: 5\n    minHeadroom: 0.3\n    seeds: 4\n'), 'e.yaml');
    expect(g).toEqual({ gates: { latencySlo: false, maxSloViolationRate: 0.01, maxLostMessages: 5, minHeadroom: 0.3 }, seeds: 4 });
  });

  it('locates every bad field at file:line:col with a did-you-mean', () => {
    try {
      parseGatesSpec(doc('  gates:\n    minHeadrom: 0.3\n    maxLostMessages: -1\n    minHeadroom: 150%\n'), 'e.yaml');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      const issues = (e as InputError).issues;
      expect(issues.map((i) => [i.line, i.path])).toEqual([[7, 'spec.gates.minHeadrom'], [8, 'spec.gates.maxLostMessages'], [9, 'spec.gates.minHeadroom']]);
      expect(issues[0]!.message).toContain("did you mean 'minHeadroom'?");
      expect(issues[0]!.col).toBe(5);
      expect(issues[2]!.message).toContain('150%');
    }
  });
});

describe('withoutGates', () => {
  it('blanks the gates block and keeps every other line where it was', () => {
    const text = doc('  gates:\n    minHeadroom: 0.3 # comment\n    seeds: 2\n');
    const out = withoutGates(text);
    expect(out.split('\n').length).toBe(text.split('\n').length);
    expect(out).not.toContain('gates');
    expect(out).not.toContain('minHeadroom');
    expect(out.split('\n')[8]).toBe('  variants: [{name: a}]');
    expect(parseGatesSpec(out, 'e.yaml').gates).toEqual(DEFAULT_GATES);
  });

  it('leaves text without gates untouched', () => {
    expect(withoutGates(doc(''))).toBe(doc(''));
  });
});
