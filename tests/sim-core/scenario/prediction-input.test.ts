/** Refusals of bad precursor and spec.prediction input: file, line:col, field path and what is allowed. */
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../../sim-core/scenario/parse.ts';

const doc = (spec: string) => `apiVersion: edgetwin.io/v1alpha1\nkind: Scenario\nmetadata: {name: p}\nspec:\n  nodes:\n    - {id: a, tier: edge}\n    - {id: b, tier: edge}\n  links:\n    - {between: [a, b], type: fibre}\n${spec}`;
const parse = (spec: string) => parseScenario(doc(spec), 'p.yaml');

describe('precursor and prediction input', () => {
  it('resolves a precursor with defaults; fails: false keeps the precursor and drops the fault', () => {
    const m = parse(`  faults:\n    - {node: a, at: 10m, for: 1m, precursor: {lead: 4m}}\n    - {node: b, at: 20m, precursor: {lead: 5m, signal: errorRate, peak: 0.02, noise: 0.001, fails: false}}\n  prediction: {window: 90s}\n`);
    expect(m.faults.map((f) => f.target)).toEqual(['a']);
    expect(m.precursors).toEqual([
      { node: 'a', signal: 'temperature', startMs: 360_000, faultAtMs: 600_000, peak: 85, noise: 0, fails: true, entry: 0 },
      { node: 'b', signal: 'errorRate', startMs: 900_000, faultAtMs: 1_200_000, peak: 0.02, noise: 0.001, fails: false, entry: 1 },
    ]);
    expect(m.prediction).toEqual({ enabled: true, everyMs: 10_000, windowMs: 90_000, horizonMs: 600_000, minSamples: 8, noise: 0.02, action: 'migrate' });
  });

  it('refuses a precursor on a link fault', () => {
    expect(() => parse(`  faults:\n    - {link: "a~b", at: 10m, precursor: {lead: 4m}}\n`))
      .toThrow(/^p\.yaml:11:41: spec\.faults\[0\]\.precursor: a precursor applies to node and power faults only/);
  });

  it('refuses a lead longer than the time before the fault', () => {
    expect(() => parse(`  faults:\n    - {node: a, at: 2m, precursor: {lead: 5m}}\n`))
      .toThrow(/^p\.yaml:11:43: spec\.faults\[0\]\.precursor\.lead: the rise would start before the run: lead 5m is longer than the fault's at 2m; use a lead of at most 2m/);
  });

  it('refuses an unknown signal, naming the allowed ones', () => {
    expect(() => parse(`  faults:\n    - {node: a, at: 10m, precursor: {lead: 1m, signal: humidity}}\n`))
      .toThrow(/spec\.faults\[0\]\.precursor\.signal: expected one of temperature, errorRate, queueGrowth, got 'humidity'/);
  });

  it('refuses a peak at or below the normal level and a window too short for minSamples', () => {
    expect(() => parse(`  faults:\n    - {node: a, at: 10m, precursor: {lead: 1m, peak: 40}}\n`))
      .toThrow(/spec\.faults\[0\]\.precursor\.peak: a precursor rises: peak must be above the normal temperature 45 °C, got 40/);
    expect(() => parse(`  prediction: {every: 10s, window: 30s}\n`))
      .toThrow(/^p\.yaml:10:36: spec\.prediction\.window: the window 30s holds fewer than minSamples 8 samples taken every 10s; use a window of at least 1m10s/);
  });
});
