/**
 * Aliases and merge keys the YAML parser accepts but cannot build (an alias naming no anchor, a
 * merge key onto a scalar) are located refusals, not crashes (found by the fuzz tests); valid
 * merges still build.
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../sim-core/text/input-error.ts';
import { parseYamlSource } from '../../../sim-core/text/yaml-source.ts';

function refusal(text: string): string {
  try {
    parseYamlSource(text, 'x.yaml');
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
  throw new Error('accepted');
}

describe('YAML references', () => {
  it('an alias that names no anchor is refused at the alias', () => {
    expect(refusal('a: &a [1]\nb: *nope\n')).toBe('x.yaml:2:4: malformed YAML: the alias *nope names no anchor; define &nope on a value above it first');
    expect(refusal('metadata:\n  <<: *nowhere\n')).toBe('x.yaml:2:7: malformed YAML: the alias *nowhere names no anchor; define &nowhere on a value above it first');
  });

  it('a merge key onto something that is not a map is refused at its value', () => {
    expect(refusal('x: 1\nmetadata:\n  <<: 3\n')).toBe('x.yaml:3:7: malformed YAML: a merge key (<<) takes a map, an alias of a map (<<: *defaults) or a list of them');
    expect(refusal('s: &s [1, 2]\nm:\n  <<: [*s]\n')).toMatch(/^x\.yaml:3:7: malformed YAML: a merge key/);
  });

  it('merges of maps, aliases of maps and lists of them still build', () => {
    expect(parseYamlSource('d: &d {a: 1}\ne:\n  <<: *d\n  b: 2\n', 'x.yaml').value).toEqual({ d: { a: 1 }, e: { a: 1, b: 2 } });
    expect(parseYamlSource('d: &d {a: 1}\ne:\n  <<: [*d, {c: 1}]\n', 'x.yaml').value).toEqual({ d: { a: 1 }, e: { a: 1, c: 1 } });
  });
});
