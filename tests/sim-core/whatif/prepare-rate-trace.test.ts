/** Experiments over a scenario whose stream follows a CSV rate trace: the trace travels with every run, and a bad trace is refused before any run. */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../sim-core/text/input-error.ts';
import { prepareExperiment } from '../../../sim-core/whatif/prepare.ts';
import { simulateRun } from '../../../sim-core/whatif/simulate-run.ts';

const SCENARIO = `apiVersion: edgetwin.io/v1alpha1
kind: Scenario
metadata: {name: traced}
spec:
  duration: 2m
  nodes:
    - {id: e1, tier: edge, cores: 4}
    - {id: s1, tier: sensor}
  links:
    - {between: [s1, e1], type: ethernet}
  apps:
    - {id: app, slo: {latency: 1s}, services: [{id: svc, cpuWork: 1ms, placement: [e1]}]}
  streams:
    - {id: st, app: app, sources: [s1], size: 1KiB, arrival: {curve: {trace: {file: traces/day.csv}}}}
`;
const EXPERIMENT = `apiVersion: edgetwin.io/v1alpha1
kind: Experiment
metadata: {name: t}
spec:
  scenario: site.yaml
  seeds: {count: 1, from: 1}
  variants:
    - {name: one}
    - {name: two, set: ["spec.apps.app.services.svc.placement=[e1, e1]"]}
`;

const reader = (csv: string) => (p: string) => {
  if (p === 'site.yaml') return SCENARIO;
  if (p === 'traces/day.csv') return csv;
  throw new InputError([{ file: p, line: 0, col: 0, path: '', message: 'cannot read: no such file' }]);
};

describe('experiments with rate traces', () => {
  it('every run carries the trace text, and a run follows it (50/s for a minute, then silence)', () => {
    const csv = 'time_s,rate_per_s\n0,50\n60,0\n';
    const prepared = prepareExperiment(EXPERIMENT, 'e.yaml', { readScenario: reader(csv) });
    expect(prepared.inputs.length).toBe(2);
    for (const input of prepared.inputs) expect(input.files?.['traces/day.csv']).toBe(csv);
    const rec = simulateRun(prepared.inputs[0]!);
    expect(rec.error).toBeNull();
    expect(rec.ok).toBe(true);
    const delivered = rec.timeSeries.at(-1)!.delivered; // 50/s × 60 s, none after
    expect(Math.abs(delivered - 3000)).toBeLessThanOrEqual(4 * Math.sqrt(3000));
  });

  it('a malformed trace is refused while preparing, at its line', () => {
    try {
      prepareExperiment(EXPERIMENT, 'e.yaml', { readScenario: reader('time_s,rate_per_s\n0,50\n0,1\n') });
      throw new Error('expected an InputError');
    } catch (err) {
      expect(err).toBeInstanceOf(InputError);
      expect((err as InputError).issues.map((i) => `${i.file}:${i.line} ${i.message}`)).toEqual([
        "e.yaml:8 variant 'one' gives an invalid scenario: traces/day.csv:3:0: column time_s: time must increase, got 0 after 0",
        "e.yaml:9 variant 'two' gives an invalid scenario: traces/day.csv:3:0: column time_s: time must increase, got 0 after 0",
      ]);
    }
  });
});
