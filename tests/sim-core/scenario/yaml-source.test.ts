import { describe, expect, it } from 'vitest';
import { InputError } from '../../../sim-core/text/input-error.ts';
import { parseYamlSource } from '../../../sim-core/text/yaml-source.ts';

const text = [
  'spec:',                    // 1
  '  nodes:',                 // 2
  '    - id: a',              // 3
  '      cores: 4',           // 4
  '    - {id: b, cores: 8}',  // 5
  '  empty:',                 // 6
  'base: &B {x: 1}',          // 7
  'derived: {<<: *B, y: 2}',  // 8
].join('\n');

describe('parseYamlSource', () => {
  const src = parseYamlSource(text, 'f.yaml');

  it('returns plain JS (aliases and merge keys resolved)', () => {
    expect(src.value).toEqual({ spec: { nodes: [{ id: 'a', cores: 4 }, { id: 'b', cores: 8 }], empty: null }, base: { x: 1 }, derived: { x: 1, y: 2 } });
  });

  it.each([
    [['spec', 'nodes', 0, 'cores'], 'value', 4, 14],
    [['spec', 'nodes', 0, 'cores'], 'key', 4, 7],
    [['spec', 'nodes', 1, 'cores'], 'value', 5, 22],
    [['spec', 'nodes', 1], 'value', 5, 7],
    [['spec', 'empty'], 'value', 6, 3],             // no value node: the key
    [['spec', 'nodes', 1, 'missing'], 'value', 5, 7], // deepest existing ancestor
    [['spec', 'nodes', 7], 'value', 3, 5],
  ] as const)('locate(%j, %s) = %i:%i', (path, which, line, col) => {
    expect(src.locate(path, which)).toEqual({ line, col });
  });

  it('malformed YAML → InputError at the offending token', () => {
    try {
      parseYamlSource('a: 1\nb: [1, 2\nc: 3\n', 'bad.yaml');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      const issue = (e as InputError).issues[0]!;
      expect(issue.file).toBe('bad.yaml');
      // The parser notices the unclosed flow list where the next key starts; the message points at the '['.
      expect([issue.line, issue.col]).toEqual([2, 4]);
      expect(issue.message).toBe("malformed YAML: this '[' is never closed: a ']' is missing before line 3");
    }
  });

  it('duplicate keys are malformed YAML with the position of the second key', () => {
    expect(() => parseYamlSource('a: 1\na: 2\n', 'dup.yaml')).toThrow(/^dup\.yaml:2:1: malformed YAML: 'a' is given twice in this mapping \(first at line 1\); keep one$/);
  });
});
