import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../../sim-core/scenario/parse.ts';
import { scenarioJsonSchema, scenarioJsonSchemaText } from '../../../sim-core/scenario/json-schema.ts';
import { parseYamlSource } from '../../../sim-core/text/yaml-source.ts';

const dir = new URL('../../../scenarios/', import.meta.url);
const shipped = readdirSync(dir).filter((f) => f.endsWith('.yaml') && !f.startsWith('experiment'));
const read = (f: string) => readFileSync(new URL(f, dir), 'utf8');

describe('shipped scenarios', () => {
  it('are the five the project promises', () => {
    expect(shipped).toEqual(expect.arrayContaining([
      'factory-maintenance.yaml', 'large-fabric.yaml', 'remote-site-satellite.yaml', 'smart-city-cameras.yaml', 'vehicle-corridor.yaml',
    ]));
  });

  it.each(shipped)('%s parses, carries the schema modeline and runs 10–30 simulated minutes', (f) => {
    const text = read(f);
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=./scenario.schema.json');
    const m = parseScenario(text, f);
    expect(m.name).toBe(f.replace(/\.yaml$/, ''));
    expect(m.durationMs).toBeGreaterThanOrEqual(10 * 60_000);
    expect(m.durationMs).toBeLessThanOrEqual(30 * 60_000);
    expect(m.streams.length).toBeGreaterThan(0);
  });

  it('large-fabric expands to the counts its header states', () => {
    const m = parseScenario(read('large-fabric.yaml'), 'large-fabric.yaml');
    // 120 × (gateway + 80 sensors) + 4 regional + 1 cloud; 120 × 80 sensor links + 120 uplinks + 4 backbone.
    expect(m.nodes.length).toBe(120 * 81 + 5);
    expect(m.links.length).toBe(120 * 80 + 120 + 4);
    expect(m.nodes.filter((n) => n.tier === 'sensor').length).toBe(9600);
    expect(m.streams[0]!.sources.length).toBe(9600);
    const ids = new Set(m.nodes.map((n) => n.id));
    expect(ids.has('site-001-gw') && ids.has('site-001-s01') && ids.has('site-120-s80')).toBe(true);
    // Round-robin: site 1 → eu-west, site 2 → eu-north, site 5 → eu-west again; 30 sites per region.
    const gw = (i: string) => m.nodes.find((n) => n.id === `site-${i}-gw`)!;
    expect([gw('001').region, gw('002').region, gw('005').region]).toEqual(['eu-west', 'eu-north', 'eu-west']);
    for (const r of ['eu-west', 'eu-north', 'us-east', 'ap-south']) expect(m.nodes.filter((n) => n.tier === 'gateway' && n.region === r).length).toBe(30);
    expect(m.links.find((l) => l.id === 'site-002-gw~regional-eu-north')).toMatchObject({ type: 'lte', latencyMs: 25, bandwidthBps: 20e6 });
    // Every node has distinct map coordinates at the site level (gateways on a grid).
    const gwPos = new Set(m.nodes.filter((n) => n.tier === 'gateway').map((n) => `${n.position.xKm},${n.position.yKm}`));
    expect(gwPos.size).toBe(120);
  });

  it('vehicle-corridor resolves mobility with YAML merge keys', () => {
    const m = parseScenario(read('vehicle-corridor.yaml'), 'vehicle-corridor.yaml');
    expect(m.mobility.map((x) => x.node)).toEqual(['car-1', 'car-2', 'car-3', 'car-4', 'truck-1', 'truck-2']);
    expect(m.mobility[3]).toMatchObject({ speedMps: 36, attachTo: ['tower-1', 'tower-3', 'tower-5'], rangeKm: 3, updateEveryMs: 500 });
    expect(m.mobility[4]!.attachTo).toEqual(['tower-2', 'tower-4', 'tower-6']);
  });

  it('remote-site-satellite has the GEO link with Markov outages and the gateway buffer', () => {
    const m = parseScenario(read('remote-site-satellite.yaml'), 'remote-site-satellite.yaml');
    expect(m.links.find((l) => l.id === 'vsat')).toMatchObject({
      latencyMs: 300, bandwidthBps: 5e6, loss: 0.005, costPerGbUsd: 5,
      availability: { outages: [{ atMs: 1_200_000, forMs: 180_000 }], markov: { meanUpMs: 480_000, meanDownMs: 45_000 } },
    });
    expect(m.nodes.find((n) => n.id === 'site-gw')!.bufferBytes).toBe(512 * 2 ** 20);
    expect(m.faults).toEqual([{ kind: 'power', target: 'site-edge', atMs: 1_500_000, forMs: 90_000, spec: 'power:site-edge@25m+1m30s' }]);
  });

  it('smart-city placement can be moved to the cloud with --set', () => {
    const m = parseScenario(read('smart-city-cameras.yaml'), 'smart-city-cameras.yaml', {
      sets: ['spec.apps.traffic.services.detect.placement=[cloud-gpu-1, cloud-gpu-2]'],
    });
    expect(m.apps[0]!.services.find((s) => s.id === 'detect')!.placement).toEqual(['cloud-gpu-1', 'cloud-gpu-2']);
  });
});

describe('JSON Schema export', () => {
  const schema = scenarioJsonSchema() as Record<string, any>;

  it('scenarios/scenario.schema.json is current', () => {
    const onDisk = read('scenario.schema.json');
    expect(onDisk, 'scenarios/scenario.schema.json is stale: regenerate it with `node cli/bin.mjs schema > scenarios/scenario.schema.json`').toBe(scenarioJsonSchemaText());
  });

  it('is draft 2020-12 with descriptions on the fields editors show', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    const spec = schema.properties.spec;
    expect(spec.additionalProperties).toBe(false);
    for (const [key, sub] of Object.entries(spec.properties as Record<string, any>)) {
      expect(typeof sub.description, `spec.${key} has a description`).toBe('string');
    }
    const node = spec.properties.nodes.items;
    for (const key of ['tier', 'cores', 'memory', 'queueCapacity', 'discipline', 'buffer']) {
      expect(node.properties[key].description, `node.${key}`).toMatch(/default/i);
    }
  });

  it('is structurally valid JSON Schema (known keywords, resolvable $refs, required ⊆ properties)', () => {
    const types = new Set(['object', 'array', 'string', 'number', 'integer', 'boolean', 'null']);
    const walk = (s: any, where: string): void => {
      if (typeof s !== 'object' || s === null) return;
      if (s.type !== undefined) for (const t of [s.type].flat()) expect(types.has(t), `${where}.type ${t}`).toBe(true);
      if (s.$ref !== undefined) expect(resolveRef(schema, s.$ref), `${where} $ref ${s.$ref}`).toBeDefined();
      if (s.required) for (const r of s.required) expect(s.properties?.[r], `${where} requires ${r}`).toBeDefined();
      for (const [k, v] of Object.entries(s)) {
        if (typeof v !== 'object' || v === null) continue;
        // properties / $defs are maps of schemas, not schemas themselves.
        if (k === 'properties' || k === '$defs') for (const [name, sub] of Object.entries(v)) walk(sub, `${where}.${k}.${name}`);
        else walk(v, `${where}.${k}`);
      }
    };
    walk(schema, '#');
  });

  it.each(shipped)('%s validates against the exported schema (the editor agrees with the parser)', (f) => {
    const value = parseYamlSource(read(f), f).value;
    expect(validate(schema, schema, value, '')).toEqual([]);
  });

  it('and the exported schema rejects what the parser rejects (unknown field, bad enum)', () => {
    const value = parseYamlSource(read('factory-maintenance.yaml'), 'f').value as any;
    value.spec.links[0].bandwith = '1Gbps';
    value.spec.links[1].type = 'wify';
    expect(validate(schema, schema, value, '').sort()).toEqual(['/spec/links/0: unknown bandwith', '/spec/links/1/type: not in enum']);
  });
});

function resolveRef(root: any, ref: string): unknown {
  if (!ref.startsWith('#')) return undefined;
  return ref.slice(2).split('/').filter(Boolean).reduce((o: any, k) => o?.[decodeURIComponent(k)], root);
}

/** A small JSON Schema validator for the keywords z.toJSONSchema emits (test-only). */
function validate(root: any, s: any, v: unknown, at: string): string[] {
  if (s === true || s === undefined || (typeof s === 'object' && Object.keys(s).length === 0)) return [];
  if (s.$ref) return validate(root, resolveRef(root, s.$ref), v, at);
  const errs: string[] = [];
  if (s.anyOf && !s.anyOf.some((o: any) => validate(root, o, v, at).length === 0)) errs.push(`${at}: no anyOf option matches`);
  if (s.oneOf && s.oneOf.filter((o: any) => validate(root, o, v, at).length === 0).length !== 1) errs.push(`${at}: not one of the options`);
  if (s.allOf) for (const o of s.allOf) errs.push(...validate(root, o, v, at));
  if (s.const !== undefined && v !== s.const) errs.push(`${at}: not ${s.const}`);
  if (s.enum && !s.enum.includes(v)) errs.push(`${at}: not in enum`);
  if (s.type) {
    const t = v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
    const ok = [s.type].flat().some((x: string) => x === t || (x === 'integer' && Number.isInteger(v)));
    if (!ok) return [...errs, `${at}: expected ${s.type}, got ${t}`];
  }
  if (Array.isArray(v)) {
    if (s.minItems !== undefined && v.length < s.minItems) errs.push(`${at}: too few items`);
    if (s.items) v.forEach((x, i) => errs.push(...validate(root, s.items, x, `${at}/${i}`)));
  } else if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const r of s.required ?? []) if (!(r in o)) errs.push(`${at}: missing ${r}`);
    for (const [k, x] of Object.entries(o)) {
      if (s.properties?.[k]) errs.push(...validate(root, s.properties[k], x, `${at}/${k}`));
      else if (s.additionalProperties === false) errs.push(`${at}: unknown ${k}`);
      else if (typeof s.additionalProperties === 'object') errs.push(...validate(root, s.additionalProperties, x, `${at}/${k}`));
    }
  }
  if (typeof v === 'number') {
    if (s.minimum !== undefined && v < s.minimum) errs.push(`${at}: below minimum`);
    if (s.exclusiveMinimum !== undefined && v <= s.exclusiveMinimum) errs.push(`${at}: not above exclusiveMinimum`);
  }
  if (typeof v === 'string' && s.pattern && !new RegExp(s.pattern, 'u').test(v)) errs.push(`${at}: does not match ${s.pattern}`);
  return errs;
}
