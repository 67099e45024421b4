/**
 * The multiple-comparison option: `spec.correction: holm` (or `compare --correction holm`) makes
 * analyzeExperiment adjust every comparison's p-value with Holm's procedure across the whole
 * experiment and keep better/worse only where the adjusted p is below 0.05; without it, each
 * verdict stands at 95 % on its own and the result says so.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderHtmlReport } from '../../../app/report/index.ts';
import { renderComparison } from '../../../cli/lib/comparison-text.ts';
import { InputError } from '../../../sim-core/text/input-error.ts';
import { analyzeExperiment } from '../../../sim-core/whatif/analyze.ts';
import { parseExperimentSpec } from '../../../sim-core/whatif/experiment-spec.ts';
import { comparisonFamily, multipleComparisonsNote } from '../../../sim-core/whatif/multiple-comparisons.ts';
import { DEFAULT_GATES } from '../../../sim-core/whatif/plan/gates.ts';
import type { GateMeasures } from '../../../sim-core/whatif/plan/gates-measure.ts';
import { prepareExperiment } from '../../../sim-core/whatif/prepare.ts';
import type { ExperimentMeta, RunRecord } from '../../../sim-core/whatif/result.ts';
import { WHATIF_FIXTURES } from '../../fixtures/whatif/build-result.ts';

// Variant b − baseline a per seed, for four lower-is-better metrics (paired t, df = 4):
//   m1  1, 2, 0.2, 1.5, 0.6      p = 0.029228   (worse at 95 %)
//   m2  1, 1.8, 0.1, 1.2, 0.4    p = 0.039942   (worse at 95 %)
//   m3  3, 3.1, 2.9, 3.05, 2.95  p = 1.1563e-7  (worse at 95 %)
//   m4  0.5, −0.4, 0.3, −0.2, 0.1 p = 0.73160   (indistinguishable)
// Holm over m = 4, by ascending p: m3 4·1.1563e-7 = 4.625e-7; m1 3·0.029228 = 0.087683;
// m2 2·0.039942 = 0.079884 → raised to 0.087683 (monotone); m4 1·0.73160 = 0.73160.
const DIFFS: Record<string, number[]> = {
  m1: [1, 2, 0.2, 1.5, 0.6], m2: [1, 1.8, 0.1, 1.2, 0.4], m3: [3, 3.1, 2.9, 3.05, 2.95], m4: [0.5, -0.4, 0.3, -0.2, 0.1],
};
const EXPECTED_ADJUSTED = { m1: 0.0876829409689503, m2: 0.0876829409689503, m3: 4.625346059160102e-7, m4: 0.7316000830813205 };

const PASSING: GateMeasures = {
  latencySloRatio: { value: 0.5, at: 'app' }, sloViolationRate: { value: 0, at: 'app' }, lostFraction: { value: 0, at: '' },
  lostMessages: { value: 0, at: '' }, headroom: { value: 0.9, at: 'n' },
};

function meta(correction?: 'holm' | 'none'): ExperimentMeta {
  return {
    name: 'family', file: 'e.yaml', hash: 'h', scenarioFile: 's.yaml', scenarioName: 's', baseline: 'a', seeds: [1, 2, 3, 4, 5],
    variants: ['a', 'b'].map((name) => ({ name, description: '', set: [], patched: false })), sweep: null,
    faultSets: [{ name: 'normal', faults: [] }],
    metrics: Object.keys(DIFFS).map((key) => ({ key, label: key, unit: '', direction: 'lower' as const })),
    objective: null, constraints: [], untilMs: null, gates: DEFAULT_GATES, totalRuns: 10,
    ...(correction ? { correction } : {}),
  };
}

const RUNS: RunRecord[] = [0, 1].flatMap((vi) => [0, 1, 2, 3, 4].map((si): RunRecord => ({
  index: vi * 5 + si, variant: vi ? 'b' : 'a', sweepIndex: 0, sweepValue: null, faultSet: 'normal', seedIndex: si, seed: si + 1,
  ok: true, error: null, metrics: Object.fromEntries(Object.entries(DIFFS).map(([k, d]) => [k, 10 + (vi ? d[si]! : 0)])),
  traceHash: 't', simulatedMs: 0, events: 0, latency: [], timeSeries: [], gates: PASSING,
})));

describe('Holm correction in analyzeExperiment', () => {
  it('without a correction: raw p, three confident verdicts, no adjusted p', () => {
    const cmp = analyzeExperiment(meta(), RUNS).cells[1]!.vsBaseline;
    expect(cmp.m1!.pValue).toBeCloseTo(0.0292276469896501, 12);
    expect(['m1', 'm2', 'm3', 'm4'].map((k) => cmp[k]!.verdict)).toEqual(['worse', 'worse', 'worse', 'indistinguishable']);
    expect(cmp.m1!.pAdjusted).toBeUndefined();
  });

  it('with holm: the hand-computed adjusted p-values, and only m3 stays worse', () => {
    const cmp = analyzeExperiment(meta('holm'), RUNS).cells[1]!.vsBaseline;
    for (const [k, p] of Object.entries(EXPECTED_ADJUSTED)) expect(cmp[k]!.pAdjusted, k).toBeCloseTo(p, 12);
    expect(['m1', 'm2', 'm3', 'm4'].map((k) => cmp[k]!.verdict)).toEqual(['indistinguishable', 'indistinguishable', 'worse', 'indistinguishable']);
    // The raw p-value and the interval are kept as they were.
    expect(cmp.m1!.pValue).toBeCloseTo(0.0292276469896501, 12);
    expect(cmp.m1!.ci95![0]).toBeGreaterThan(0);
  });

  it('the family counts, and a note that says which case the result is in', () => {
    expect(comparisonFamily(analyzeExperiment(meta(), RUNS))).toEqual({ correction: 'none', tests: 4, uncorrected: 3, underHolm: 1 });
    expect(multipleComparisonsNote(analyzeExperiment(meta(), RUNS))).toMatch(/no correction across the 4 comparisons.*3 are better\/worse; 1 would remain under Holm/);
    expect(multipleComparisonsNote(analyzeExperiment(meta('holm'), RUNS))).toMatch(/Holm–Bonferroni over the 4 comparisons.*1 of the 3 uncorrected/);
  });
});

describe('the report and the terminal say so', () => {
  it('HTML: the note under the verdicts, and each verdict tooltip with its Holm-adjusted p', () => {
    const plain = renderHtmlReport(analyzeExperiment(meta(), RUNS));
    expect(plain).toMatch(/id="multiple-comparisons">Each verdict is a paired t test at 95 % on its own, with no correction/);
    expect(plain).not.toMatch(/Holm-adjusted/);
    const holm = renderHtmlReport(analyzeExperiment(meta('holm'), RUNS));
    expect(holm).toMatch(/id="multiple-comparisons">Verdicts corrected for multiple comparisons with Holm–Bonferroni/);
    expect(holm).toMatch(/indistinguishable at 95% family-wise confidence \(paired t over 5 seeds, p = 0\.029, Holm-adjusted p = 0\.088\)/);
  });

  it('terminal: the note follows the legend', () => {
    const text = renderComparison(analyzeExperiment(meta(), RUNS));
    expect(text).toMatch(/indistinguishable vs baseline \(paired t, same seeds\)\nEach verdict is a paired t test at 95 % on its own/);
  });
});

describe('spec.correction', () => {
  const experiment = (extra: string) => `apiVersion: edgetwin.io/v1alpha1
kind: Experiment
metadata: {name: c}
spec:
  scenario: plan-small.scenario.yaml
  seeds: [1, 2]
  until: 10s
  variants:
    - name: edge
    - name: cloud
      set: ["spec.apps.detect.services.infer.placement=[cloud-1]"]
${extra}`;
  const prepare = (text: string, correction?: 'holm' | 'none') =>
    prepareExperiment(text, 'c.yaml', { readScenario: (p) => readFileSync(join(WHATIF_FIXTURES, p), 'utf8'), correction });

  it('defaults to none; holm reaches the meta (and the hash: shards must agree)', () => {
    expect(parseExperimentSpec(experiment(''), 'c.yaml').spec.correction).toBe('none');
    const none = prepare(experiment(''));
    const holm = prepare(experiment('  correction: holm\n'));
    expect(none.meta.correction).toBeUndefined();
    expect(holm.meta.correction).toBe('holm');
    expect(holm.meta.hash).not.toBe(none.meta.hash);
    // Writing `correction: none` is the same experiment as leaving it out.
    expect(prepare(experiment('  correction: none\n')).meta.hash).toBe(none.meta.hash);
  });

  it('the --correction option overrides the file', () => {
    expect(prepare(experiment(''), 'holm').meta.correction).toBe('holm');
    expect(prepare(experiment('  correction: holm\n'), 'none').meta.correction).toBeUndefined();
  });

  it('an unknown correction is one located error naming the choices', () => {
    let err: unknown;
    try { parseExperimentSpec(experiment('  correction: bonferroni\n'), 'c.yaml'); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(InputError);
    const issues = (err as InputError).issues;
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ file: 'c.yaml', line: 12, col: 15, path: 'spec.correction' });
    expect(issues[0]!.message).toMatch(/one of none, holm.*got "bonferroni"/);
  });
});
