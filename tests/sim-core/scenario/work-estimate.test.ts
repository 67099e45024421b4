/**
 * Work estimated before it starts (work-estimate.ts) and refused beyond the limits (limits.ts)
 * with a located message naming the field and the flag: nodes after generator expansion (a
 * generator of 2,000,000 sites ran out of memory), listed nodes counted before parsing (a 938k-
 * node file died in the parser), expected events (poisson rate 1e9 ran without end), runs of an
 * experiment (seeds count 1,000,000: compare never ended) and sweep points (1e15..1e15+10 step 1
 * slipped past the point check as identical points). The defaults admit every shipped scenario
 * and experiment and the benchmark fixtures.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError, type InputIssue } from '../../../sim-core/text/input-error.ts';
import { count, DEFAULT_LIMITS, workLimits } from '../../../sim-core/text/limits.ts';
import type { ArrivalModel } from '../../../sim-core/scenario/model.ts';
import { parseScenario } from '../../../sim-core/scenario/parse.ts';
import { estimateEvents, estimateNodes, estimateRuns, listedNodeCounter, meanRatePerS } from '../../../sim-core/scenario/work-estimate.ts';
import { outlineYaml } from '../../../sim-core/text/yaml-outline.ts';
import { parseYamlSource } from '../../../sim-core/text/yaml-source.ts';
import { prepareExperiment } from '../../../sim-core/whatif/prepare.ts';
import { fabricYaml } from '../../bench/fixtures/app-fabrics.ts';
import { bigFabric, edgeCloudSim, midFabric } from '../../bench/fixtures/twin-workloads.ts';

const ROOT = join(import.meta.dirname, '../../..');

function issues(fn: () => unknown): InputIssue[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof InputError) return err.issues;
    throw err;
  }
  throw new Error('expected an InputError');
}

const scenario = (spec: string) => `apiVersion: edgetwin.io/v1alpha1
kind: Scenario
metadata: {name: t}
spec:
${spec}`;

const ONE_STREAM = (arrival: string, extra = '') => scenario(`  duration: 10m
  nodes:
    - {id: s1, tier: sensor}
    - {id: s2, tier: sensor}
    - {id: e1, tier: edge}
  links:
    - {between: [s1, e1], type: wifi}
    - {between: [s2, e1], type: wifi}
  apps:
    - id: a
      slo: {latency: 100ms}
      services: [{id: x, cpuWork: 1ms, placement: [e1]}]
  streams:
    - {id: st, app: a, sources: [s1, s2], arrival: ${arrival}, size: 1KiB}
${extra}`);

describe('estimates', () => {
  it.each<[string, ArrivalModel, number]>([
    ['periodic 250 ms', { kind: 'periodic', periodMs: 250, jitterMs: 10 }, 4],
    ['poisson', { kind: 'poisson', ratePerS: 7 }, 7],
    // 10/s for 1 s, 0/s for 3 s: 2.5/s on average.
    ['mmpp weighted by mean sojourn', { kind: 'mmpp', ratesPerS: [10, 0], meanStateMs: [1000, 3000] }, 2.5],
    ['trace of gaps (100 + 300 ms)', { kind: 'trace', gapsMs: [100, 300] }, 5],
    ['trace of zero gaps never stops', { kind: 'trace', gapsMs: [0, 0] }, Infinity],
  ])('mean rate: %s', (_what, arrival, rate) => {
    expect(meanRatePerS(arrival)).toBe(rate);
  });

  it('events: sources × rate × time, plus heartbeats, samples, positions, link flaps and random faults', () => {
    const model = parseScenario(ONE_STREAM('{poisson: {rate: 10}}', '  sampleEvery: 30s\n  controlPlane: {heartbeatEvery: 2s}\n'), 't.yaml');
    const e = estimateEvents(model);
    // 2 sources × 10/s × 600 s = 12,000; 3 nodes × 600 s / 2 s = 900 heartbeats; 600 s / 30 s = 20 samples.
    expect(e.parts.map((p) => [p.at.join('.'), Math.round(p.amount)])).toEqual([
      ['spec.streams.0.arrival', 12_000], ['spec.controlPlane.heartbeatEvery', 900], ['spec.sampleEvery', 20],
    ]);
    expect(e.total).toBe(12_920);
  });

  it('nodes: listed plus sites × (gateway + edge server + sensors), from the raw document', () => {
    const doc = parseYamlSource(scenario(`  nodes: [{id: a}, {id: b}]
  generators:
    - {id: g, sites: 10, gateway: {}, edge: {link: {type: ethernet}}, sensors: {count: 5, link: {type: wifi}}}
    - {id: h, sites: 3, gateway: {}}
    - {id: bad, sites: many}
`), 't.yaml').value;
    const e = estimateNodes(doc);
    expect(e.total).toBe(2 + 10 * 7 + 3);
    expect(e.parts[0]!.what).toBe("generator 'g': 10 sites × 7 nodes");
  });

  it('listed nodes are counted on the outline, before the parser (block lists under spec.nodes only)', () => {
    const c = listedNodeCounter();
    outlineYaml(scenario(`  nodes:
    - id: a
      accelerators:
        - {type: tpu}
    - {id: b}
  nodeClasses:
    x: {tier: edge}
  links:
    - {between: [a, b], type: wifi}
`), { keepLines: false, onLine: c.visit });
    expect([c.count, c.line, c.col]).toEqual([2, 6, 5]);
    const compact = listedNodeCounter();
    outlineYaml('spec:\n  nodes:\n  - {id: a}\n  - {id: b}\n  - {id: c}\n  links: []\n', { onLine: compact.visit });
    expect(compact.count).toBe(3);
  });

  it('runs: the product of the matrix', () => {
    expect(estimateRuns({ variants: 3, sweepPoints: 0, faultSets: 0, seeds: 1_000_000 })).toBe(3_000_000);
    expect(estimateRuns({ variants: 4, sweepPoints: 3, faultSets: 2, seeds: 5 })).toBe(120);
  });
});

describe('refusals, located, naming the flag', () => {
  it('a generator of 2,000,000 sites is refused before it is expanded', () => {
    const text = scenario(`  regions: [{id: r1}]
  generators:
    - id: g
      sites: 2000000
      gateway: {tier: gateway}
      sensors: {count: 2, link: {type: wifi}}
`);
    const t0 = performance.now();
    const [issue, ...rest] = issues(() => parseScenario(text, 'gen.yaml'));
    expect(performance.now() - t0).toBeLessThan(5_000); // (expanding it took minutes, then the heap)
    expect(rest).toEqual([]);
    expect(issue).toEqual({
      file: 'gen.yaml', line: 8, col: 14, path: 'spec.generators[0].sites',
      message: "the scenario would have 6,000,000 nodes (generator 'g': 2,000,000 sites × 3 nodes); at most 200,000 (raise the limit with --max-nodes N)",
    });
  });

  it('the same through --set, and raising the limit lets it through', () => {
    const text = readFileSync(join(ROOT, 'scenarios/large-fabric.yaml'), 'utf8');
    const [issue] = issues(() => parseScenario(text, 'large.yaml', { sets: ['spec.generators[0].sites=3000'] }));
    expect(issue!.path).toBe('spec.generators[0].sites');
    expect(issue!.message).toMatch(/^the scenario would have 243,005 nodes \(generator 'site': 3,000 sites × 81 nodes; 5 listed in spec.nodes\); at most 200,000 \(raise the limit with --max-nodes N\)$/);
    expect(parseScenario(text, 'large.yaml', { sets: ['spec.generators.site.sites=150'], limits: { maxNodes: 12_200 } }).nodes.length).toBeGreaterThan(12_000);
  });

  it('listed nodes beyond the limit are refused before the text is parsed', () => {
    const text = scenario(`  nodes:\n${Array.from({ length: 501 }, (_, i) => `    - {id: n${i}, tier: sensor}`).join('\n')}\n`);
    const [issue] = issues(() => parseScenario(text, 'many.yaml', { limits: { maxNodes: 500 } }));
    expect(issue).toEqual({ file: 'many.yaml', line: 6, col: 5, path: 'spec.nodes', message: 'spec.nodes lists 501 nodes; at most 500 (raise the limit with --max-nodes N)' });
    expect(parseScenario(text, 'many.yaml', { limits: { maxNodes: 501 } }).nodes).toHaveLength(501);
  });

  it('a flow list of nodes beyond the limit is refused after parsing, before validation', () => {
    const text = scenario(`  nodes: [${Array.from({ length: 11 }, (_, i) => `{id: n${i}}`).join(', ')}]\n`);
    const [issue] = issues(() => parseScenario(text, 'flow.yaml', { limits: { maxNodes: 10 } }));
    expect(issue!.path).toBe('spec.nodes');
    expect(issue!.message).toBe('the scenario would have 11 nodes (11 listed in spec.nodes); at most 10 (raise the limit with --max-nodes N)');
  });

  it('poisson rate 1e9 is refused at the arrival, with the arithmetic', () => {
    const [issue] = issues(() => parseScenario(ONE_STREAM('{poisson: {rate: 1e9}}'), 'hot.yaml'));
    expect([issue!.line, issue!.path]).toEqual([18, 'spec.streams[0].arrival']);
    expect(issue!.message).toBe("one run would process at least 1,200,000,000,060 events (1,200,000,000,000 from stream 'st': 2 source(s) × 1,000,000,000/s × 10m; 60 from samples every 10s for 10m); at most 100,000,000 (raise the limit with --max-events N, or simulate less time with --until)");
  });

  it('--until enters the estimate; so do a heartbeat of 1 µs and a trace of zero gaps', () => {
    expect(parseScenario(ONE_STREAM('{poisson: {rate: 1e5}}'), 'x.yaml', { durationMs: 60_000 }).durationMs).toBe(60_000);
    expect(issues(() => parseScenario(ONE_STREAM('{poisson: {rate: 1e5}}'), 'x.yaml'))[0]!.message).toMatch(/120,000,000 from stream/);
    expect(issues(() => parseScenario(ONE_STREAM('{poisson: {rate: 1}}', '  controlPlane: {heartbeatEvery: 0.001}\n'), 'x.yaml'))[0]!.path).toBe('spec.controlPlane.heartbeatEvery');
    expect(issues(() => parseScenario(ONE_STREAM('{trace: {gaps: [0, 0]}}'), 'x.yaml'))[0]!.message).toMatch(/^one run would process at least unboundedly many events \(unboundedly many from stream 'st': 2 source\(s\) × unboundedly many\/s/);
  });

  const experiment = (spec: string) => `apiVersion: edgetwin.io/v1alpha1
kind: Experiment
metadata: {name: e}
spec:
  scenario: fog-city.yaml
${spec}`;
  const fogCity = readFileSync(join(ROOT, 'scenarios/experiments/fog-city.yaml'), 'utf8');
  const prepare = (text: string, opts: { seeds?: number; limits?: Parameters<typeof workLimits>[0] } = {}) =>
    prepareExperiment(text, 'e.yaml', { readScenario: () => fogCity, ...opts });
  const variants = `  variants:
    - {name: a}
    - {name: b, set: ["spec.apps.video.services.detect.placement=[cloud-1]"]}
    - {name: c, set: ["spec.apps.video.services.detect.placement=[site-1-edge]"]}
`;

  it('seeds count 1,000,000 is refused at spec.seeds.count before any scenario is parsed', () => {
    const text = experiment(`  seeds: {count: 1000000}\n${variants}`);
    const t0 = performance.now();
    const [issue] = issues(() => prepare(text));
    expect(performance.now() - t0).toBeLessThan(2_000);
    expect(issue).toEqual({
      file: 'e.yaml', line: 6, col: 18, path: 'spec.seeds.count',
      message: 'the experiment would make 3,000,000 runs (3 variant(s) × 1 sweep point(s) × 1 fault set(s) × 1,000,000 seed(s)); at most 10,000 (raise the limit with --max-runs N)',
    });
  });

  it('--seeds counts as the flag it is; raising --max-runs lets the matrix through', () => {
    const text = experiment(`  seeds: {count: 2}\n${variants}`);
    expect(issues(() => prepare(text, { seeds: 5_000 }))[0]).toMatchObject({ file: '<--seeds>', line: 0, path: '' });
    expect(prepare(text, { seeds: 4, limits: { maxRuns: 12 } }).inputs).toHaveLength(12);
    expect(issues(() => prepare(text, { seeds: 5, limits: { maxRuns: 12 } }))[0]!.message).toMatch(/15 runs .*at most 12/);
  });

  it('a sweep whose points round to the same value is refused (1e15 .. 1e15+10 step 1)', () => {
    const text = experiment(`  seeds: {count: 1}\n  variants: [{name: a}]\n  sweep: {path: spec.seed, values: {from: 1e15, to: 1000000000000010, step: 1}}\n`);
    expect(issues(() => prepare(text))[0]).toEqual({
      file: 'e.yaml', line: 8, col: 77, path: 'spec.sweep.values.step',
      message: 'the range gives 11 points but only 1 distinct value(s): sweep points are rounded to 12 significant digits, and step 1 is below that precision at 1000000000000000; use a larger step',
    });
  });

  it('sweep points are counted without generating them, and listed duplicates are refused', () => {
    const huge = experiment(`  variants: [{name: a}]\n  sweep: {path: spec.seed, values: {from: 0, to: 1e15, step: 1}}\n`);
    expect(issues(() => prepare(huge))[0]!.message).toBe('the range gives 1.00e+15 points; at most 1000');
    const dup = experiment(`  variants: [{name: a}]\n  sweep: {path: spec.seed, values: [1, 2, 1]}\n`);
    expect(issues(() => prepare(dup))[0]).toMatchObject({ path: 'spec.sweep.values[2]', message: 'sweep value 1 is listed twice (first as values[0]); every point must differ' });
  });

  it('the limits reach the runs (a raised limit is not lost in the workers)', () => {
    const text = experiment(`  seeds: {count: 1}\n  variants: [{name: a}]\n`);
    const p = prepare(text, { limits: { maxEvents: 123_456_789 } });
    expect(p.inputs[0]!.limits).toEqual(workLimits({ maxEvents: 123_456_789 }));
  });
});

describe('the defaults admit what ships', () => {
  it('every shipped scenario and experiment', () => {
    const dir = join(ROOT, 'scenarios');
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.yaml'))) expect(() => parseScenario(readFileSync(join(dir, f), 'utf8'), f)).not.toThrow();
    const exps = join(dir, 'experiments');
    for (const f of readdirSync(exps).filter((x) => x.endsWith('.yaml') && /kind: Experiment/.test(readFileSync(join(exps, x), 'utf8')))) {
      const file = join(exps, f);
      expect(() => prepareExperiment(readFileSync(file, 'utf8'), file, { readScenario: (p) => readFileSync(resolve(dirname(file), p), 'utf8') }), f).not.toThrow();
    }
  });

  it('the benchmark fixtures: 100k-node app fabric, and the twin workloads (24 M kernel events) well inside', () => {
    expect(parseScenario(fabricYaml({ sites: 2000, sensorsPerSite: 48, mesh: 3 }), 'bench.yaml').nodes).toHaveLength(100_005);
    for (const model of [bigFabric(), midFabric(), edgeCloudSim()]) {
      const e = estimateEvents(model);
      expect(e.total, model.name).toBeLessThan(DEFAULT_LIMITS.maxEvents / 5);
      expect(model.nodes.length).toBeLessThan(DEFAULT_LIMITS.maxNodes);
    }
    expect(count(estimateEvents(bigFabric()).total)).toBe('6,000,000'); // 100,000 sensors, one reading a minute, for an hour (no sampling in the fixture)
  });
});
