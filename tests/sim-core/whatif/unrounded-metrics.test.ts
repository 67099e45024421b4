/**
 * The what-if statistics are computed on unrounded per-run metrics. The run report rounds its
 * figures to 0.001 for display; fed to the statistics, that rounding gave small energies, costs,
 * rates and sub-millisecond latencies zero spread across seeds: a zero-width interval, p = 0 and
 * a confident verdict on what is noise. simulateRun now reads the exact report.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../../sim-core/scenario/parse.ts';
import { scenarioBuildOptions } from '../../../sim-core/twin/scenario-files.ts';
import { Simulation } from '../../../sim-core/twin/simulation.ts';
import { analyzeExperiment } from '../../../sim-core/whatif/analyze.ts';
import { metricsOf } from '../../../sim-core/whatif/metrics.ts';
import { DEFAULT_GATES } from '../../../sim-core/whatif/plan/gates.ts';
import type { GateMeasures } from '../../../sim-core/whatif/plan/gates-measure.ts';
import { prepareExperiment } from '../../../sim-core/whatif/prepare.ts';
import type { ExperimentMeta, RunRecord } from '../../../sim-core/whatif/result.ts';
import { simulateRun } from '../../../sim-core/whatif/simulate-run.ts';
import { WHATIF_FIXTURES } from '../../fixtures/whatif/build-result.ts';

const round3 = (x: number) => Math.round(x * 1000) / 1000;

const EXPERIMENT = `
apiVersion: edgetwin.io/v1alpha1
kind: Experiment
metadata: {name: unrounded}
spec:
  scenario: plan-small.scenario.yaml
  seeds: [1, 2]
  until: 20s
  baseline: edge
  variants:
    - name: edge
  metrics: [latencyMeanMs, latencyP95Ms, energyWh, costUsd]
`;

function prepared() {
  return prepareExperiment(EXPERIMENT, 'unrounded.yaml', { readScenario: (p) => readFileSync(join(WHATIF_FIXTURES, p), 'utf8') });
}

/** The exact report of the run behind a RunInput (what simulateRun simulates). */
function exactReport(input: ReturnType<typeof prepared>['inputs'][number]) {
  const model = parseScenario(input.scenarioText, input.file, { sets: input.sets, faults: input.faults, seed: input.seed, durationMs: input.durationMs ?? undefined });
  const sim = new Simulation(model, scenarioBuildOptions(model, input.file, (p) => input.files![p]!));
  sim.runToEnd();
  return sim;
}

describe('what-if metrics are unrounded', () => {
  it('a run record carries the exact figures, while the report keeps its display rounding', () => {
    const input = prepared().inputs[0]!;
    const record = simulateRun(input);
    expect(record.ok).toBe(true);
    const sim = exactReport(input);
    const exact = metricsOf(sim.report({ exact: true }));
    const shown = sim.report();
    for (const key of ['latencyMeanMs', 'latencyP95Ms', 'energyWh', 'costUsd'] as const) {
      expect(record.metrics[key], key).toBe(exact[key]);
      // Not a multiple of 0.001: the rounding did not reach the statistics.
      expect(round3(record.metrics[key]!), key).not.toBe(record.metrics[key]);
    }
    expect(shown.energyWh).toBe(round3(exact.energyWh!));
    expect(shown.apps[0]!.latencyMs.p95).toBe(round3(exact.latencyP95Ms!));
  });

  it('two variants differing by noise below 0.001 get no confident verdict', () => {
    // Energies near 0.0005 Wh; the variant is 0.0000218 Wh higher on average, with differences
    // 0.000092, 0.000002, 0.000005, 0.000004, 0.000006 (sd 0.0000392): t = 1.24, p ≈ 0.28.
    const base = [0.00041, 0.000499, 0.000498, 0.000497, 0.000496];
    const variant = [0.000502, 0.000501, 0.000503, 0.000501, 0.000502];
    const report = exactReport(prepared().inputs[0]!).report({ exact: true });
    const records = (rounding: (x: number) => number) => [...base, ...variant].map((wh, index): RunRecord => ({
      index, variant: index < 5 ? 'a' : 'b', sweepIndex: 0, sweepValue: null, faultSet: 'normal', seedIndex: index % 5, seed: (index % 5) + 1,
      ok: true, error: null, metrics: metricsOf({ ...report, energyWh: rounding(wh) }), traceHash: 't', simulatedMs: 0, events: 0,
      latency: [], timeSeries: [], gates: PASSING,
    }));
    const exact = analyzeExperiment(META, records((x) => x)).cells[1]!.vsBaseline.energyWh!;
    expect(exact.verdict).toBe('indistinguishable');
    expect(exact.pValue).toBeGreaterThan(0.2);
    expect(exact.ci95![0]).toBeLessThan(0);
    expect(exact.ci95![1]).toBeGreaterThan(0);
    expect(exact.meanDiff).toBeCloseTo(0.0000218, 12);
    // What the display rounding did to these numbers: every difference exactly 0.001, zero spread.
    const rounded = analyzeExperiment(META, records(round3)).cells[1]!.vsBaseline.energyWh!;
    expect(rounded.ci95).toEqual([0.001, 0.001]);
    expect(rounded.pValue).toBe(0);
    expect(rounded.verdict).toBe('worse');
  });
});

const PASSING: GateMeasures = {
  latencySloRatio: { value: 0.5, at: 'app' }, sloViolationRate: { value: 0, at: 'app' }, lostFraction: { value: 0, at: '' },
  lostMessages: { value: 0, at: '' }, headroom: { value: 0.9, at: 'n' },
};

const META: ExperimentMeta = {
  name: 'noise', file: 'e.yaml', hash: 'h', scenarioFile: 's.yaml', scenarioName: 's', baseline: 'a', seeds: [1, 2, 3, 4, 5],
  variants: ['a', 'b'].map((name) => ({ name, description: '', set: [], patched: false })), sweep: null,
  faultSets: [{ name: 'normal', faults: [] }],
  metrics: [{ key: 'energyWh', label: 'energy', unit: 'Wh', direction: 'lower' }],
  objective: null, constraints: [], untilMs: null, gates: DEFAULT_GATES, totalRuns: 10,
};
