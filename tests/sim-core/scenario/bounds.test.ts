/**
 * Every numeric field of the scenario format has a finite documented range (schema/bounds.ts,
 * carried into the JSON Schema), and values inside it never break the engine: the issue's
 * `--set` cases at 1e308 are refused where they are written (cpuWork stopped the kernel, size
 * crashed the scheduler, power.max / costPerHour / costPerGb reported "energyWh": null, while
 * power.idle was refused), and runs at the bounds report a number wherever one is promised.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError, type InputIssue } from '../../../sim-core/text/input-error.ts';
import { parseScenario } from '../../../sim-core/scenario/parse.ts';
import { BOUNDS } from '../../../sim-core/scenario/schema/bounds.ts';
import { nonNumbersIn } from '../../../sim-core/twin/report-check.ts';
import { scenarioBuildOptions } from '../../../sim-core/twin/scenario-files.ts';
import { Simulation } from '../../../sim-core/twin/simulation.ts';
import { extreme, type Corner } from './fixtures/extreme.ts';

const ROOT = join(import.meta.dirname, '../../..');
const FACTORY = join(ROOT, 'scenarios/factory-maintenance.yaml');
const factory = readFileSync(FACTORY, 'utf8');

function refusal(sets: string[]): InputIssue[] {
  try {
    parseScenario(factory, 'factory.yaml', { sets });
  } catch (err) {
    if (err instanceof InputError) return err.issues;
    throw err;
  }
  throw new Error(`expected ${sets.join(' ')} to be refused`);
}

type Schema = Record<string, unknown>;

/** Every number / integer schema in the JSON Schema, with where it sits. */
function numericSchemas(schema: Schema): { at: string; s: Schema }[] {
  const defs = (schema.$defs ?? {}) as Record<string, Schema>;
  const out: { at: string; s: Schema }[] = [];
  const seen = new Set<string>();
  const walk = (s: unknown, at: string): void => {
    if (!s || typeof s !== 'object') return;
    const n = s as Schema;
    if (typeof n.$ref === 'string') {
      const id = n.$ref.split('/').pop()!;
      if (seen.has(id)) return;
      seen.add(id);
      walk(defs[id], at);
      return;
    }
    const types = ([] as unknown[]).concat(n.type ?? []);
    if (types.includes('number') || types.includes('integer')) out.push({ at, s: n });
    for (const k of ['anyOf', 'oneOf', 'allOf'] as const) for (const x of (n[k] as unknown[] | undefined) ?? []) walk(x, at);
    for (const [k, v] of Object.entries((n.properties ?? {}) as Record<string, unknown>)) walk(v, `${at}.${k}`);
    if (n.items) walk(n.items, `${at}[]`);
    if (n.additionalProperties && typeof n.additionalProperties === 'object') walk(n.additionalProperties, `${at}.*`);
  };
  walk(schema, '');
  return out;
}

describe('ranges in the JSON Schema', () => {
  const schema = JSON.parse(readFileSync(join(ROOT, 'scenarios/scenario.schema.json'), 'utf8')) as Schema;
  const numeric = numericSchemas(schema);

  it('every numeric field has a finite minimum and maximum', () => {
    expect(numeric.length).toBeGreaterThan(80);
    // Label values may be written as numbers but are text ("rack: 3" → "3"): not numeric fields.
    const missing = numeric.filter(({ at }) => !/\.(labels|annotations)\.\*$/.test(at)).filter(({ s }) => {
      const min = s.minimum ?? s.exclusiveMinimum;
      const max = s.maximum ?? s.exclusiveMaximum;
      return !(typeof min === 'number' && Number.isFinite(min) && typeof max === 'number' && Number.isFinite(max));
    }).map((x) => x.at);
    expect(missing).toEqual([]);
  });

  it.each([
    ['.spec.nodes[].power.idle', BOUNDS.watts.max],
    ['.spec.nodes[].power.max', BOUNDS.watts.max],
    ['.spec.nodeClasses.*.power.idle', BOUNDS.watts.max],
    ['.spec.nodes[].costPerHour', BOUNDS.usd.max],
    ['.spec.links[].costPerGb', BOUNDS.usd.max],
    ['.spec.apps[].services[].cpuWork', BOUNDS.durationMs.max],
    ['.spec.streams[].size', BOUNDS.bytes.max],
    ['.spec.links[].bandwidth', BOUNDS.bitrateBps.max],
  ])('%s: maximum %d (related fields share one bound)', (at, max) => {
    const found = numeric.filter((x) => x.at === at);
    expect(found.length).toBeGreaterThan(0);
    for (const { s } of found) expect(s.maximum).toBe(max);
  });
});

describe('the issue\'s values that passed the schema and broke the engine', () => {
  it.each([
    ['spec.apps.predictive-maintenance.services.features.cpuWork=1e308', 'spec.apps[0].services[0].cpuWork', 'must be at most 3650d, got 1e+308'],
    ['spec.streams.vibration.size=1e308', 'spec.streams[0].size', 'must be at most 1Ei, got 1e+308'],
    ['spec.nodeClasses.edge-server.power.max=1e308', 'spec.nodeClasses.edge-server.power.max', 'must be at most 10,000,000 W, got 1e+308'],
    ['spec.nodeClasses.edge-server.power.idle=1e308', 'spec.nodeClasses.edge-server.power.idle', 'must be at most 10,000,000 W, got 1e+308'],
    ['spec.nodeClasses.edge-server.costPerHour=1e308', 'spec.nodeClasses.edge-server.costPerHour', 'must be at most 1,000,000 USD, got 1e+308'],
    ['spec.links.wan-a.costPerGb=1e308', 'spec.links[19].costPerGb', 'must be at most 1,000,000 USD, got 1e+308'],
    ['spec.links.wan-a.bandwidth=0.5', 'spec.links[19].bandwidth', 'must be at least 1bps, got 0.5'],
    ['spec.nodeClasses.edge-server.coreSpeed=1e-9', 'spec.nodeClasses.edge-server.coreSpeed', 'must be at least 0.001, got 1e-9'],
  ])('--set %s is refused at the field', (set, path, message) => {
    const issues = refusal([set]);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.path).toBe(path);
    expect(issues[0]!.line).toBeGreaterThan(0);
    expect(issues[0]!.message).toBe(message);
  });

  it('the same fields at their maximum are accepted', () => {
    const m = parseScenario(factory, 'factory.yaml', {
      sets: ['spec.nodeClasses.edge-server.power.max=1e7', 'spec.nodeClasses.edge-server.power.idle=1e7', 'spec.nodeClasses.edge-server.costPerHour=1e6', 'spec.links.wan-a.costPerGb=1e6'],
    });
    const edge = m.nodes.find((n) => n.className === 'edge-server')!;
    expect([edge.idleWatts, edge.maxWatts, edge.costPerHourUsd]).toEqual([1e7, 1e7, 1e6]);
  });

  it('--until and --fault are bounded too', () => {
    expect(() => parseScenario(factory, 'f.yaml', { durationMs: 1e308 })).toThrow(/<--until>: duration must be between 1ms and 3650d/);
    expect(() => parseScenario(factory, 'f.yaml', { faults: ['link:edge-a~regional-1@1m+1m:bandwidth=x0.000001'] })).toThrow(/bandwidth factor must be between x0.001 and x1000/);
    expect(() => parseScenario(factory, 'f.yaml', { faults: ['node:edge-a@1e308ms'] })).toThrow(/must be at most 3650d/);
  });
});

describe('reports hold numbers where they promise them', () => {
  const run = (text: string, file: string, durationMs?: number) => {
    const model = parseScenario(text, file, durationMs ? { durationMs } : {});
    const sim = new Simulation(model, scenarioBuildOptions(model, file, (p) => readFileSync(resolve(dirname(file), p), 'utf8')));
    sim.runToEnd();
    return sim.report();
  };

  it.each<[string, Corner]>([
    ['slowest links and cores, largest messages and work', { bw: '1bps', speed: 0.001, size: '1Ei', cpu: '3650d', ratio: 1000, rate: 100, cores: 1 }],
    ['fastest links, most cores, slowest cores, growing messages', { bw: '10Tbps', speed: 0.001, size: '1KiB', cpu: '1ms', ratio: 1000, rate: 100, cores: 100_000 }],
    ['heavy-tailed sizes (Pareto shape just over 1)', { bw: '10Tbps', speed: 1000, size: '{dist: pareto, shape: 1.0001, scale: 1KiB}', cpu: '1ms', ratio: 1000, rate: 100, cores: 1 }],
    ['lognormal sizes at the largest spread', { bw: '10Tbps', speed: 1000, size: '{dist: lognormal, mean: 1Mi, sd: 1000Mi}', cpu: '1ms', ratio: 0, rate: 100, cores: 1 }],
  ])('values at the bounds: %s', (_what, corner) => {
    const r = run(extreme(corner), 'extreme.yaml');
    expect(r.events).toBeGreaterThan(1000);
    expect(nonNumbersIn(r)).toEqual([]);
    expect(r.energyWh).toBeGreaterThan(1e5); // 10 MW nodes for 20 s
    expect(Number.isFinite(r.costUsd) && r.costUsd > 1e4).toBe(true);
  });

  it('a corner where messages complete exercises latencies, costs and WAN bytes', () => {
    const r = run(extreme({ bw: '10Tbps', speed: 0.001, size: '1KiB', cpu: '1ms', ratio: 1000, rate: 100, cores: 100_000 }), 'extreme.yaml');
    expect(r.apps[0]!.completed).toBeGreaterThan(0);
    expect(r.network.wanBytes).toBeGreaterThan(1e9);
    expect(nonNumbersIn(r)).toEqual([]);
  });

  it('every shipped scenario (one simulated minute each)', () => {
    const dir = join(ROOT, 'scenarios');
    const files = [...readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => join(dir, f)), join(dir, 'experiments/fog-city.yaml')];
    for (const f of files) expect(nonNumbersIn(run(readFileSync(f, 'utf8'), f, 60_000)), f).toEqual([]);
  });

  it('the check itself: NaN, Infinity and stray nulls are found; documented "no value" places are not', () => {
    const report = {
      apps: [{ completed: 0, latencyMs: { mean: NaN, p50: NaN, p95: NaN, p99: NaN }, slo: { observedMs: NaN } },
        { completed: 3, latencyMs: { mean: 1, p50: NaN, p95: 1, p99: 1 }, slo: { observedMs: 1 } }],
      faults: [{ detectedAfterMs: null, recoveredAfterMs: null, messagesLost: null }],
      energyWh: Infinity, costUsd: -Infinity, network: { wanBytes: null },
    };
    expect(nonNumbersIn(report)).toEqual(['apps[1].latencyMs.p50', 'faults[0].messagesLost', 'energyWh', 'costUsd', 'network.wanBytes']);
  });
});
