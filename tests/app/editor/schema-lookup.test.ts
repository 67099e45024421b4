import { describe, expect, it } from 'vitest';
import schemaJson from '../../../scenarios/scenario.schema.json' with { type: 'json' };
import { scenarioJsonSchema } from '../../../sim-core/scenario/json-schema.ts';
import { alternatives, describeField, fieldInfo, keysAt, narrow, resolveRef, schemasAt, typeSummary, valuesAt, type JsonSchema } from '../../../app/panels/editor/schema-lookup.ts';

const scenario = schemaJson as JsonSchema;
const names = (root: JsonSchema, path: (string | number)[], siblings?: Record<string, string>) => keysAt(root, path, siblings).map((k) => k.name);
const values = (root: JsonSchema, path: (string | number)[], siblings?: Record<string, string>) => valuesAt(root, path, siblings).map((v) => v.value);

describe('schema-lookup on a small schema (each keyword once)', () => {
  const root: JsonSchema = {
    type: 'object',
    properties: {
      kind: { const: 'Thing', description: 'Always Thing.' },
      on: { type: 'boolean', description: 'Switch.' },
      mode: { description: 'Mode.', type: 'string', enum: ['a', 'b'] },
      ref: { $ref: '#/$defs/Box' },
      refDescribed: { $ref: '#/$defs/Box', description: 'A box, described at the property.' },
      list: { type: 'array', items: { $ref: '#/$defs/Box' } },
      pair: { type: 'array', prefixItems: [{ type: 'string', enum: ['x'] }, { type: 'boolean' }] },
      named: { type: 'object', additionalProperties: { $ref: '#/$defs/Box' } },
      free: { type: 'object' },
      either: { anyOf: [{ type: 'string', enum: ['short'] }, { type: 'object', properties: { long: { type: 'number', description: 'Long form.' } } }], description: 'Short or long.' },
      tagged: {
        oneOf: [
          { type: 'object', properties: { dist: { const: 'normal' }, mean: {}, sd: {} }, additionalProperties: false },
          { type: 'object', properties: { dist: { const: 'uniform' }, min: {}, max: {} }, additionalProperties: false },
        ],
      },
      both: { allOf: [{ type: 'object', properties: { p: { description: 'P.' } } }, { properties: { q: {} } }] },
    },
    required: ['kind'],
    additionalProperties: false,
    $defs: { Box: { type: 'object', description: 'A box.', properties: { size: { type: 'string', description: 'Size of the box.' } }, additionalProperties: false } },
  };

  it('root keys in schema order, required marked', () => {
    expect(names(root, [])).toEqual(['kind', 'on', 'mode', 'ref', 'refDescribed', 'list', 'pair', 'named', 'free', 'either', 'tagged', 'both']);
    expect(keysAt(root, []).find((k) => k.name === 'kind')?.required).toBe(true);
    expect(keysAt(root, []).find((k) => k.name === 'on')?.required).toBe(false);
  });
  it('follows $ref, list items, additionalProperties and prefixItems', () => {
    expect(names(root, ['ref'])).toEqual(['size']);
    expect(names(root, ['list', 3])).toEqual(['size']);
    expect(names(root, ['named', 'anything'])).toEqual(['size']);
    expect(values(root, ['pair', 0])).toEqual(['x']);
    expect(values(root, ['pair', 1])).toEqual(['true', 'false']);
    expect(schemasAt(root, ['free', 'whatever'])).toEqual([{}]);
  });
  it('no keys where the schema has no mapping, and nothing for unknown fields', () => {
    expect(names(root, ['mode'])).toEqual([]);
    expect(names(root, ['nope'])).toEqual([]);
    expect(fieldInfo(root, ['nope'])).toBeNull();
  });
  it('values: const, enum, booleans; anyOf contributes every branch', () => {
    expect(values(root, ['kind'])).toEqual(['Thing']);
    expect(values(root, ['mode'])).toEqual(['a', 'b']);
    expect(values(root, ['on'])).toEqual(['true', 'false']);
    expect(values(root, ['either'])).toEqual(['short']);
    expect(names(root, ['either'])).toEqual(['long']);
  });
  it('narrows oneOf by the keys and consts already written', () => {
    expect(names(root, ['tagged'])).toEqual(['dist', 'mean', 'sd', 'min', 'max']);
    expect(names(root, ['tagged'], { dist: 'uniform' })).toEqual(['dist', 'min', 'max']);
    expect(names(root, ['tagged'], { sd: '' })).toEqual(['dist', 'mean', 'sd']);
    // Nothing fits: keep every alternative rather than offer nothing.
    expect(names(root, ['tagged'], { dist: 'weird' })).toEqual(['dist', 'mean', 'sd', 'min', 'max']);
    expect(values(root, ['tagged', 'dist'])).toEqual(['normal', 'uniform']);
    expect(values(root, ['tagged', 'dist'], { min: '1' })).toEqual(['uniform']);
  });
  it('allOf members are merged', () => {
    expect(names(root, ['both'])).toEqual(['p', 'q']);
    expect(describeField(root, ['both', 'p'])).toBe('P.');
  });
  it('descriptions: on the property first, then its $ref target, then its alternatives', () => {
    expect(describeField(root, ['refDescribed'])).toBe('A box, described at the property.');
    expect(describeField(root, ['ref'])).toBe('A box.');
    expect(describeField(root, ['either'])).toBe('Short or long.');
    expect(describeField(root, ['either', 'long'])).toBe('Long form.');
    expect(describeField(root, ['list', 0, 'size'])).toBe('Size of the box.');
  });
  it('type summaries', () => {
    expect(typeSummary(alternatives(root, root.properties && (root.properties as JsonSchema).either))).toBe('short | mapping');
    expect(fieldInfo(root, ['list'])).toEqual({ description: '', detail: 'list' });
    expect(keysAt(root, []).find((k) => k.name === 'list')?.shape).toBe('list');
    expect(keysAt(root, []).find((k) => k.name === 'ref')?.shape).toBe('mapping');
    expect(keysAt(root, []).find((k) => k.name === 'either')?.shape).toBe('mixed');
  });
  it('refuses refs it cannot follow, naming them', () => {
    expect(() => resolveRef(root, 'other.json#/x')).toThrow(/only local \$ref.*other\.json/);
    expect(() => resolveRef(root, '#/$defs/Missing')).toThrow(/'#\/\$defs\/Missing' points at nothing/);
  });
  it('narrow keeps everything when nothing is written', () => {
    const alts = alternatives(root, (root.properties as JsonSchema).tagged);
    expect(narrow(alts, {})).toHaveLength(2);
  });
});

describe('schema-lookup on the scenario schema', () => {
  it('the file on disk is the generated schema (so the editor bundles the current one)', () => {
    expect(scenario).toEqual(JSON.parse(JSON.stringify(scenarioJsonSchema())));
  });
  const cases: [string, (string | number)[], string[]][] = [
    ['top level', [], ['apiVersion', 'kind', 'metadata', 'spec']],
    ['spec', ['spec'], ['seed', 'duration', 'sampleEvery', 'regions', 'nodeClasses', 'nodes', 'links', 'generators', 'mobility', 'apps', 'streams', 'faults', 'orchestrator', 'controlPlane', 'stochasticFaults', 'continuum', 'releases', 'prediction', 'drift', 'models', 'autoscalers', 'nodePools']],
    ['a region', ['spec', 'regions', 0], ['id', 'zones']],
    ['a link availability ($ref)', ['spec', 'links', 2, 'availability'], ['outages', 'markov']],
    ['markov inside it', ['spec', 'links', 2, 'availability', 'markov'], ['meanUp', 'meanDown']],
  ];
  it.each(cases)('keys of %s', (_n, path, want) => {
    expect(names(scenario, path)).toEqual(want);
  });
  it('a node class (additionalProperties → $ref NodeClass) has the node fields', () => {
    const k = names(scenario, ['spec', 'nodeClasses', 'station-edge']);
    expect(k).toEqual(expect.arrayContaining(['tier', 'arch', 'cores', 'memory', 'storage', 'power', 'attested']));
  });
  it('link fields carry the descriptions the README documents', () => {
    const bw = keysAt(scenario, ['spec', 'links', 0]).find((k) => k.name === 'bandwidth');
    expect(bw?.description).toMatch(/^Capacity of each direction/);
    expect(bw?.detail).toBe('string | number');
  });
  it('enum values', () => {
    expect(values(scenario, ['spec', 'links', 0, 'type'])).toEqual(['fibre', 'ethernet', '5g', 'lte', 'wifi', 'lora', 'satellite']);
    expect(values(scenario, ['spec', 'nodes', 3, 'tier'])).toEqual(['sensor', 'gateway', 'edge', 'regional', 'cloud']);
    expect(values(scenario, ['spec', 'controlPlane', 'model'])).toEqual(['none', 'centralized', 'hierarchical', 'decentralized']);
    expect(values(scenario, ['spec', 'nodes', 0, 'attested'])).toEqual(['true', 'false']);
    expect(values(scenario, ['apiVersion'])).toEqual(['edgetwin.io/v1alpha1']);
    expect(values(scenario, ['kind'])).toEqual(['Scenario']);
  });
  it('a fault item (string or mapping) offers the mapping keys', () => {
    expect(names(scenario, ['spec', 'faults', 0])).toEqual(['node', 'power', 'link', 'partition', 'controlPlane', 'at', 'for', 'degrade', 'precursor']);
  });
  it('a distribution narrows by its dist', () => {
    const all = names(scenario, ['spec', 'streams', 0, 'size']);
    expect(all).toContain('dist');
    const logn = names(scenario, ['spec', 'streams', 0, 'size'], { dist: 'lognormal' });
    expect(logn[0]).toBe('dist');
    expect(logn.length).toBeLessThan(all.length);
    expect(values(scenario, ['spec', 'streams', 0, 'size', 'dist'])).toEqual(expect.arrayContaining(['constant', 'exponential', 'uniform', 'normal', 'lognormal', 'weibull', 'pareto', 'empirical', 'trace']));
  });
  it('hover help of a field', () => {
    expect(fieldInfo(scenario, ['spec', 'seed'])?.description).toMatch(/^Seed for every random stream/);
    expect(fieldInfo(scenario, ['spec', 'links', 0, 'type'])?.detail).toBe('fibre | ethernet | 5g | lte | wifi | lora | satellite');
  });
});
