import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../sim-core/text/input-error.ts';
import { prepareExperiment } from '../../../sim-core/whatif/prepare.ts';
import { rangeValues } from '../../../sim-core/whatif/experiment-spec.ts';

const SCENARIO = readFileSync(new URL('../../../scenarios/experiments/fog-city.yaml', import.meta.url), 'utf8');
const read = (p: string) => {
  if (p !== 'fog-city.yaml') throw new InputError([{ file: p, line: 0, col: 0, path: '', message: 'cannot read: no such file' }]);
  return SCENARIO;
};

/** An experiment whose spec lines are given (indented by the caller under `spec:`). */
const exp = (spec: string) => `apiVersion: edgetwin.io/v1alpha1
kind: Experiment
metadata: {name: t}
spec:
  scenario: fog-city.yaml
${spec}`;

const prepare = (text: string, opts: { seeds?: number; untilMs?: number } = {}) => prepareExperiment(text, 'e.yaml', { readScenario: read, ...opts });

/** The InputError issues of a failing prepare, as "line:col path: message" strings. */
function issues(text: string): string[] {
  try {
    prepare(text);
  } catch (err) {
    if (err instanceof InputError) return err.issues.map((i) => `${i.file}:${i.line}:${i.col} ${i.path}: ${i.message}`);
    throw err;
  }
  throw new Error('expected an InputError');
}

const TWO_VARIANTS = `  variants:
    - name: cloud
      set: ["spec.apps.video.services.detect.placement=[cloud-1]"]
    - name: edge
      set: ["spec.apps.video.services.detect.placement=[site-1-edge, site-2-edge]"]
`;

describe('prepareExperiment: the run matrix', () => {
  it('enumerates variants × sweep points × fault sets × seeds in canonical order', () => {
    const p = prepare(exp(`${TWO_VARIANTS}  seeds: [5, 9]
  sweep: {path: spec.generators.site.sensors.count, values: {from: 1, to: 3, step: 1}}
  failureSuite:
    - {name: calm, faults: []}
    - {name: crash, faults: ["node:site-1-edge@1s+1s"]}
`));
    expect(p.meta.totalRuns).toBe(2 * 3 * 2 * 2);
    expect(p.inputs.map((r) => r.index)).toEqual([...Array(24).keys()]);
    // index = ((variant·S + sweep)·F + faultSet)·R + seed
    const r = p.inputs[((1 * 3 + 2) * 2 + 1) * 2 + 0]!;
    expect([r.variant, r.sweepValue, r.faultSet, r.seed]).toEqual(['edge', 3, 'crash', 5]);
    expect(r.sets).toEqual(['spec.apps.video.services.detect.placement=[site-1-edge, site-2-edge]', 'spec.generators.site.sensors.count=3']);
    expect(r.faults).toEqual(['node:site-1-edge@1s+1s']);
    // Common random numbers: seed i is the same for every variant.
    expect(p.inputs.filter((x) => x.seedIndex === 1).every((x) => x.seed === 9)).toBe(true);
  });

  it('defaults: baseline = first variant, fault set "normal", default metrics, 5 seeds 1..5', () => {
    const p = prepare(exp(TWO_VARIANTS));
    expect(p.meta.baseline).toBe('cloud');
    expect(p.meta.faultSets).toEqual([{ name: 'normal', faults: [] }]);
    expect(p.meta.seeds).toEqual([1, 2, 3, 4, 5]);
    expect(p.meta.metrics.map((m) => m.key)).toContain('latencyP95Ms');
    expect(p.meta.metrics.find((m) => m.key === 'completed')!.direction).toBe('higher');
  });

  it('--seeds takes a prefix of the list or continues it; --until overrides spec.until', () => {
    expect(prepare(exp(`${TWO_VARIANTS}  seeds: [4, 8, 15]\n`), { seeds: 2 }).meta.seeds).toEqual([4, 8]);
    expect(prepare(exp(`${TWO_VARIANTS}  seeds: [4, 8, 15]\n`), { seeds: 5 }).meta.seeds).toEqual([4, 8, 15, 16, 17]);
    const p = prepare(exp(`${TWO_VARIANTS}  until: 30s\n`), { untilMs: 5000 });
    expect(p.meta.untilMs).toBe(5000);
    expect(p.inputs[0]!.durationMs).toBe(5000);
  });

  it('a patched variant carries the patched document and the same hash on every call', () => {
    const text = exp(`  variants:
    - name: base
    - name: patched
      patch: {spec: {apps: [{id: video, services: [{id: detect, placement: [site-2-edge]}]}]}}
`);
    const a = prepare(text);
    const patched = a.inputs.find((r) => r.variant === 'patched')!;
    expect(JSON.parse(patched.scenarioText).spec.apps[0].services[0].placement).toEqual(['site-2-edge']);
    expect(a.meta.variants[1]!.patched).toBe(true);
    expect(prepare(text).meta.hash).toBe(a.meta.hash);
    expect(prepare(text, { seeds: 2 }).meta.hash).not.toBe(a.meta.hash);
  });

  it('range sweeps are computed from the index, without drift', () => {
    expect(rangeValues(0.1, 0.5, 0.1)).toEqual([0.1, 0.2, 0.3, 0.4, 0.5]);
    expect(rangeValues(2, 10, 4)).toEqual([2, 6, 10]);
  });
});

describe('prepareExperiment: broken experiments are refused before any run, located', () => {
  it('an overlay path that does not exist: at the set entry, naming the missing segment', () => {
    const out = issues(exp(`  variants:
    - name: a
      set: ["spec.apps.video.services.detect.placment=[cloud-1]"]
`));
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/^e\.yaml:8:13 spec\.variants\[0\]\.set\[0\]: .*placment.*did you mean 'placement'/);
  });

  it('an unknown id in an overlay path', () => {
    expect(issues(exp(`  variants:\n    - name: a\n      set: ["spec.apps.vidoe.slo.latency=5ms"]\n`))[0]).toMatch(/e\.yaml:8:13 .*no element with id 'vidoe'.*did you mean 'video'/);
  });

  it('a variant whose scenario fails validation: at the variant, with the scenario error text', () => {
    const out = issues(exp(`  variants:
    - name: ok
    - name: broken
      set: ["spec.apps.video.services.detect.placement=[nowhere-1]"]
`));
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/^e\.yaml:8:13 spec\.variants\[1\]\.name: variant 'broken' gives an invalid scenario: .*nowhere-1/);
  });

  it('an invalid value reaching the schema through a patch is reported at the variant', () => {
    const out = issues(exp(`  variants:
    - name: ok
    - name: bad-patch
      patch: {spec: {apps: [{id: video, services: [{id: detect, cpuWork: -3ms}]}]}}
`));
    expect(out[0]).toMatch(/spec\.variants\[1\]\.name: variant 'bad-patch' gives an invalid scenario: .*cpuWork/);
  });

  it('an unknown metric gets a did-you-mean, in metrics, objective and constraints', () => {
    const out = issues(exp(`${TWO_VARIANTS}  metrics: [latencyP95, wanBytes]
  objective: {minimize: costUSD}
  constraints: [{metric: video.sloViolationRat, max: 0.1}]
`));
    expect(out).toHaveLength(3);
    expect(out[0]).toMatch(/e\.yaml:11:13 spec\.metrics\[0\]: unknown metric 'latencyP95'; did you mean 'latencyP95Ms'\?/);
    expect(out[1]).toMatch(/e\.yaml:12:25 spec\.objective\.minimize: unknown metric 'costUSD'; did you mean 'costUsd'\?/);
    expect(out[2]).toMatch(/spec\.constraints\[0\]\.metric: unknown metric 'video\.sloViolationRat'; did you mean 'video\.sloViolationRate'\?/);
  });

  it('an unknown baseline lists the variants', () => {
    expect(issues(exp(`${TWO_VARIANTS}  baseline: edg\n`))[0]).toMatch(/e\.yaml:11:13 spec\.baseline: unknown baseline 'edg'; did you mean 'edge'\?; variants: cloud, edge/);
  });

  it('bad sweeps: a missing path, a zero step, a reversed range, an empty list', () => {
    expect(issues(exp(`${TWO_VARIANTS}  sweep: {path: spec.generators.site.sensor.count, values: [1, 2]}\n`))[0]).toMatch(/spec\.sweep\.path: .*no field 'sensor'.*did you mean 'sensors'/);
    expect(issues(exp(`${TWO_VARIANTS}  sweep: {path: spec.generators.site.sensors.count, values: {from: 1, to: 4, step: 0}}\n`))[0]).toMatch(/spec\.sweep\.values\.step: step must be > 0/);
    expect(issues(exp(`${TWO_VARIANTS}  sweep: {path: spec.generators.site.sensors.count, values: {from: 5, to: 4, step: 1}}\n`))[0]).toMatch(/spec\.sweep\.values\.to: to \(4\) is below from \(5\)/);
    expect(issues(exp(`${TWO_VARIANTS}  sweep: {path: spec.generators.site.sensors.count, values: []}\n`))[0]).toMatch(/sweep\.values is empty/);
  });

  it('a sweep value the scenario rejects is reported at the variant with the sweep point', () => {
    expect(issues(exp(`${TWO_VARIANTS}  sweep: {path: spec.generators.site.sensors.count, values: [2, 0]}\n`))[0]).toMatch(/variant 'cloud' at spec\.generators\.site\.sensors\.count=0 gives an invalid scenario/);
  });

  it('fault sets: bad grammar, then unknown targets, at the fault entry', () => {
    expect(issues(exp(`${TWO_VARIANTS}  failureSuite:\n    - {name: x, faults: ["node:site-1-edge@@1s"]}\n`))[0]).toMatch(/^e\.yaml:12:26 spec\.failureSuite\[0\]\.faults\[0\]: /);
    const out = issues(exp(`${TWO_VARIANTS}  failureSuite:\n    - {name: x, faults: ["node:site-1-edge@1s", "node:nope@1s"]}\n`));
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/spec\.failureSuite\[0\]\.faults\[1\]: fault 'node:nope@1s': .*nope/);
  });

  it('shape errors: unknown spec key, duplicate variant, missing scenario file', () => {
    expect(issues(exp(`${TWO_VARIANTS}  varients: []\n`))[0]).toMatch(/spec\.varients: unknown field 'varients'; did you mean 'variants'\?/);
    expect(issues(exp(`  variants: [{name: a}, {name: a}]\n`))[0]).toMatch(/spec\.variants\[1\]\.name: duplicate variant name 'a'/);
    expect(issues(exp(TWO_VARIANTS).replace('fog-city.yaml', 'missing.yaml'))[0]).toMatch(/e\.yaml:5:13 spec\.scenario: cannot use scenario 'missing\.yaml': cannot read: no such file/);
  });
});
