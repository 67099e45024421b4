import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cursorContext, fieldAt, formatFieldPath, type CursorContext } from '../../../app/panels/editor/yaml-path.ts';

/** Text with the cursor marked by ‸ → [text, offset]. */
function at(marked: string): [string, number] {
  const i = marked.indexOf('‸');
  if (i < 0) throw new Error('no ‸ in the text');
  return [marked.slice(0, i) + marked.slice(i + 1), i];
}
const ctx = (marked: string) => cursorContext(...at(marked));
const short = (c: CursorContext | null) => c && `${c.kind} ${formatFieldPath(c.path) || '<root>'} '${c.prefix}'`;

describe('cursorContext: block mappings and lists', () => {
  const cases: [string, string, string | null][] = [
    ['empty document', '‸', "key <root> ''"],
    ['typing a top-level key', 'api‸', "key <root> 'api'"],
    ['top-level value', 'kind: Sc‸', "value kind 'Sc'"],
    ['new line under spec:', 'spec:\n  ‸', "key spec ''"],
    ['a key being typed under spec', 'spec:\n  seed: 1\n  dur‸', "key spec 'dur'"],
    ['a value under spec', 'spec:\n  seed: 1\n  duration: 1‸', "value spec.duration '1'"],
    ['back at the root after a nested map', 'spec:\n  seed: 1\nmeta‸', "key <root> 'meta'"],
    ['deeper than the last key: a mapping under it', 'spec:\n  controlPlane:\n    ‸', "key spec.controlPlane ''"],
    ['a list item mapping', 'spec:\n  nodes:\n    - ‸', "key spec.nodes[0] ''"],
    ['the second key of a list item', 'spec:\n  nodes:\n    - id: a\n      cl‸', "key spec.nodes[0] 'cl'"],
    ['the second item', 'spec:\n  nodes:\n    - id: a\n      tier: edge\n    - id: b\n      ti‸', "key spec.nodes[1] 'ti'"],
    ['a value in the second item', 'spec:\n  nodes:\n    - id: a\n    - id: b\n      tier: ed‸', "value spec.nodes[1].tier 'ed'"],
    ['a list at its key\'s column', 'spec:\n  regions:\n  - id: a\n  - id: b\n    zo‸', "key spec.regions[1] 'zo'"],
    ['after such a list, the mapping again', 'spec:\n  regions:\n  - id: a\n  see‸', "key spec 'see'"],
    ['a scalar list item', 'spec:\n  regions:\n    - id: a\n      zones:\n        - a1\n        - ‸', "key spec.regions[0].zones[1] ''"],
    ['nested lists', 'a:\n  - - x\n    - ‸', "key a[0][1] ''"],
    ['a key and value on a dash line', 'spec:\n  apps:\n    - id: x\n      services:\n        - id: s\n          placement: ‸', "value spec.apps[0].services[0].placement ''"],
    ['comments and blank lines are skipped', '# head\nspec:\n\n  # note\n  se‸', "key spec 'se'"],
    ['inside a comment: nothing', 'spec: # a comm‸', null],
    ['a key right after its colon: nothing yet', 'spec:\n  seed:‸', null],
    ['in a block scalar: nothing', 'metadata:\n  description: |\n    some te‸', null],
    ['after a block scalar', 'metadata:\n  description: |\n    text\n    more\n  na‸', "key metadata 'na'"],
    ['a blank line at the key column ends the block scalar', 'metadata:\n  description: >\n    text\n  ‸', "key metadata ''"],
    ['quoted keys', 'spec:\n  "nodes":\n    - ‸', "key spec.nodes[0] ''"],
    ['in a quoted value: nothing', 'metadata:\n  name: "ab‸', null],
    ['a document marker resets', 'a:\n  b: 1\n---\nsp‸', "key <root> 'sp'"],
    ['labels with dots and slashes', 'metadata:\n  labels:\n    topology.kubernetes.io/zone: a\n    x‸', "key metadata.labels 'x'"],
  ];
  it.each(cases)('%s', (_name, marked, want) => {
    expect(short(ctx(marked))).toBe(want);
  });
});

describe('cursorContext: flow collections', () => {
  const cases: [string, string, string | null][] = [
    ['a key in a flow mapping', 'spec:\n  nodes:\n    - {id: a, ti‸', "key spec.nodes[0] 'ti'"],
    ['a value in a flow mapping', 'spec:\n  nodes:\n    - {id: a, tier: ed‸}', "value spec.nodes[0].tier 'ed'"],
    ['the first key after the brace', 'spec:\n  nodes:\n    - {‸}', "key spec.nodes[0] ''"],
    ['a flow mapping as a value', 'spec:\n  nodeClasses:\n    gw: {tier: gateway, power: {idle: 1, ma‸}}', "key spec.nodeClasses.gw.power 'ma'"],
    ['a flow list item', 'spec:\n  links:\n    - {between: [a, b‸]}', "key spec.links[0].between[1] 'b'"],
    ['a mapping in a flow list', 'spec:\n  regions: [{id: a}, {id: b, zo‸}]', "key spec.regions[1] 'zo'"],
    ['a flow list item value', 'spec:\n  apps:\n    - services:\n        - {id: s, placement: [ed‸]}', "key spec.apps[0].services[0].placement[0] 'ed'"],
    ['a flow collection over several lines', 'spec:\n  links:\n    - {between: [a, b], type: fibre,\n       availability: {markov: {mean‸', "key spec.links[0].availability.markov 'mean'"],
    ['after a closed flow collection, the next line', 'spec:\n  nodes:\n    - {id: a, tier: edge}\n    - {id: b}\n  li‸', "key spec 'li'"],
    ['after a closed flow collection on its line: nothing', 'spec:\n  nodes: [a] ‸', null],
    ['in a quoted flow value: nothing', 'a: {b: "x, y‸"}', null],
    ['a comment inside a multi-line flow', 'a: {b: 1, # c\n  d‸', "key a 'd'"],
    ['a flow document', '{apiVersion: x, ki‸', "key <root> 'ki'"],
  ];
  it.each(cases)('%s', (_name, marked, want) => {
    expect(short(ctx(marked))).toBe(want);
  });
});

describe('cursorContext: siblings and insertion facts', () => {
  it('lists the keys of the mapping before and after the cursor, with inline values', () => {
    const c = ctx('spec:\n  nodes:\n    - id: a\n      ‸\n      tier: edge\n      cores: 4  # comment\n    - id: b\n');
    expect(c?.path).toEqual(['spec', 'nodes', 0]);
    expect(c?.siblings).toEqual({ id: 'a', tier: 'edge', cores: '4' });
    expect(c?.indent).toBe(6);
    expect(c?.flow).toBe(false);
  });
  it('lists the keys of a flow mapping on both sides of the cursor', () => {
    const c = ctx('size: {dist: lognormal, ‸, sd: 1KB}');
    expect(c?.siblings).toEqual({ dist: 'lognormal', sd: '1KB' });
    expect(c?.flow).toBe(true);
  });
  it('puts from at the start of the typed word', () => {
    const [text, offset] = at('spec:\n  sampl‸');
    expect(cursorContext(text, offset)?.from).toBe(text.indexOf('sampl'));
  });
  it('throws on an offset outside the text, naming it', () => {
    expect(() => cursorContext('ab', 3)).toThrow(/offset 3 outside 0..2/);
  });
});

describe('fieldAt (hover)', () => {
  const text = 'spec:\n  links:\n    - {between: [a, b], type: fibre, bandwidth: 1Gbps}\n  seed: 7\n';
  it('a key names its field', () => {
    expect(fieldAt(text, text.indexOf('bandwidth') + 3)).toEqual({ path: ['spec', 'links', 0, 'bandwidth'], role: 'key', from: text.indexOf('bandwidth'), to: text.indexOf('bandwidth') + 9 });
    expect(fieldAt(text, text.indexOf('seed'))?.path).toEqual(['spec', 'seed']);
    expect(fieldAt(text, 1)?.path).toEqual(['spec']);
  });
  it('a value names the field it is the value of', () => {
    expect(fieldAt(text, text.indexOf('fibre') + 1)).toMatchObject({ path: ['spec', 'links', 0, 'type'], role: 'value' });
    expect(fieldAt(text, text.indexOf('7'))).toMatchObject({ path: ['spec', 'seed'], role: 'value' });
  });
  it('off a word: null', () => {
    expect(fieldAt(text, text.indexOf('{'))).toBeNull();
  });
});

describe('cursorContext on the shipped scenarios', () => {
  const metro = readFileSync(new URL('../../../scenarios/metro-operations.yaml', import.meta.url), 'utf8');
  it('finds the field path of known keys in metro-operations.yaml (as the parser reports them)', () => {
    const line80 = metro.split('\n')[79]!;
    const offset = metro.split('\n').slice(0, 79).join('\n').length + 1 + line80.indexOf('bandwidth');
    expect(fieldAt(metro, offset)?.path).toEqual(['spec', 'links', 0, 'bandwidth']);
    const station = metro.indexOf('station-edge:');
    expect(fieldAt(metro, metro.indexOf('attested', station))?.path).toEqual(['spec', 'nodeClasses', 'station-edge', 'attested']);
  });
  it('never throws and stays consistent at every 5th offset of every shipped scenario (prefix ends at the cursor)', () => {
    for (const name of ['metro-operations', 'factory-maintenance', 'large-fabric', 'region-partition', 'remote-site-satellite', 'smart-city-cameras', 'vehicle-corridor']) {
      const text = readFileSync(new URL(`../../../scenarios/${name}.yaml`, import.meta.url), 'utf8');
      for (let i = 0; i <= text.length; i += 5) {
        const c = cursorContext(text, i);
        if (c) expect(text.slice(c.from, i)).toBe(c.prefix);
      }
    }
  });
  it('never throws on arbitrary text (property, seed 7)', () => {
    const chars = fc.constantFrom('a', 'b', ':', ' ', ' ', '\n', '-', '{', '}', '[', ']', ',', '#', '"', "'", '|', '>');
    fc.assert(fc.property(fc.array(chars, { maxLength: 60 }).map((a) => a.join('')), fc.nat(), (text, n) => {
      const offset = n % (text.length + 1);
      const c = cursorContext(text, offset);
      if (c) expect(c.from).toBeLessThanOrEqual(offset);
    }), { seed: 7, numRuns: 2000 });
  });
});
