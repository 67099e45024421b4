import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { keyInsertion, schemaCompletions } from '../../../app/panels/editor/schema-assist.ts';
import type { JsonSchema, KeyInfo } from '../../../app/panels/editor/schema-lookup.ts';
import { cursorContext } from '../../../app/panels/editor/yaml-path.ts';

const schema = JSON.parse(readFileSync(new URL('../../../scenarios/scenario.schema.json', import.meta.url), 'utf8')) as JsonSchema;
const metro = readFileSync(new URL('../../../scenarios/metro-operations.yaml', import.meta.url), 'utf8');

/** Completion labels at the ‸ of `marked`. */
function labels(marked: string, explicit = false): string[] | null {
  const i = marked.indexOf('‸');
  const r = schemaCompletions(schema, marked.slice(0, i) + marked.slice(i + 1), i, explicit);
  return r ? r.options.map((o) => o.label) : null;
}

describe('schemaCompletions', () => {
  it('keys at the top level, then the values of kind', () => {
    expect(labels('‸', true)).toEqual(['apiVersion', 'kind', 'metadata', 'spec']);
    expect(labels('apiVersion: edgetwin.io/v1alpha1\nki‸')).toEqual(['kind', 'metadata', 'spec']);
    expect(labels('kind: S‸')).toEqual(['Scenario']);
  });
  it('leaves out keys already in the mapping (before and after the cursor)', () => {
    const i = metro.indexOf('  sampleEvery: 5s\n') + '  sampleEvery: 5s\n'.length;
    const text = `${metro.slice(0, i)}  ‸\n${metro.slice(i)}`;
    expect(labels(text, true)).toEqual(['mobility', 'stochasticFaults', 'continuum', 'releases', 'prediction', 'drift', 'models', 'autoscalers', 'nodePools']);
  });
  it('enum values of a link type in a flow mapping', () => {
    expect(labels('spec:\n  links:\n    - {between: [a, b], type: f‸}')).toEqual(['fibre', 'ethernet', '5g', 'lte', 'wifi', 'lora', 'satellite']);
  });
  it('booleans', () => {
    expect(labels('spec:\n  nodes:\n    - id: a\n      attested: t‸')).toEqual(['true', 'false']);
  });
  it('nothing while typing a free-form value, in comments, or with nothing typed and not asked', () => {
    expect(labels('metadata:\n  name: my-s‸')).toBeNull();
    expect(labels('# spe‸')).toBeNull();
    expect(labels('spec:\n  ‸')).toBeNull();
  });
  it('carries the description as info and the type as detail', () => {
    const i = 'spec:\n  see'.length;
    const r = schemaCompletions(schema, 'spec:\n  see', i, false)!;
    const seed = r.options.find((o) => o.label === 'seed')!;
    expect(seed.info).toMatch(/^Seed for every random stream/);
    expect(seed.detail).toBe('whole number');
    expect(r.from).toBe('spec:\n  '.length);
  });
});

describe('keyInsertion', () => {
  const key = (shape: KeyInfo['shape']): KeyInfo => ({ name: 'k', description: '', detail: '', required: false, shape });
  const block = cursorContext('spec:\n  ', 8)!;
  const flow = cursorContext('a: {', 4)!;
  const cases: [string, KeyInfo['shape'], typeof block, string, string][] = [
    ['a scalar in block style', 'scalar', block, '', 'k: '],
    ['a mapping opens on the next line, indented', 'mapping', block, '', 'k:\n    '],
    ['a list opens its first item', 'list', block, '', 'k:\n    - '],
    ['flow style stays on the line', 'mapping', flow, '', 'k: '],
    ['a colon already follows: just the name', 'list', block, 'xyz: 1', 'k'],
  ];
  it.each(cases)('%s', (_n, shape, ctx, after, want) => {
    expect(keyInsertion(key(shape), ctx, after)).toBe(want);
  });
});
