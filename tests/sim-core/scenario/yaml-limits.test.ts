/**
 * YAML resource limits (limits.ts): nesting deeper than MAX_YAML_DEPTH is refused at the first
 * too-deep token before the parser runs (the parser recursed off the stack: "Maximum call stack
 * size exceeded", exit 1), aliases that would add more than MAX_YAML_ALIAS_NODES nodes are refused
 * at the alias ("Excessive alias count ...", exit 1, no file or line), and a text over maxBytes is
 * refused before parsing. Each is a located InputError.
 */
import { describe, expect, it } from 'vitest';
import { InputError, type InputIssue } from '../../../sim-core/text/input-error.ts';
import { MAX_YAML_ALIAS_NODES, MAX_YAML_ALIASES, MAX_YAML_DEPTH } from '../../../sim-core/text/limits.ts';
import { applySet, SetPathError } from '../../../sim-core/scenario/set-path.ts';
import { outlineYaml } from '../../../sim-core/text/yaml-outline.ts';
import { parseYamlSource } from '../../../sim-core/text/yaml-source.ts';

function refusal(text: string, opts?: Parameters<typeof parseYamlSource>[2]): InputIssue {
  try {
    parseYamlSource(text, 'f.yaml', opts);
  } catch (err) {
    if (err instanceof InputError) return err.issues[0]!;
    throw err;
  }
  throw new Error('expected a refusal');
}

/** Block mappings nested `levels` deep (k0 > k1 > ...), then a dedent back to the top. */
const deepBlock = (levels: number) => `${Array.from({ length: levels }, (_, i) => `${'  '.repeat(i)}k${i}:`).join('\n')}\nafter: 1\n`;

/** "Billion laughs": 9 levels of 10 aliases each (10^9 nodes once expanded). */
function aliasBomb(): string {
  const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < 9; i++) lines.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
  return `${lines.join('\n')}\n`;
}

describe('nesting depth', () => {
  it('3,000 nested levels followed by a dedent: refused at the first token past the limit', () => {
    const issue = refusal(deepBlock(3000));
    // Line n holds k(n-1) at column 2(n-1)+1; the outline counts the scalar of each line as one more level.
    expect([issue.line, issue.col]).toEqual([MAX_YAML_DEPTH + 1, 2 * MAX_YAML_DEPTH + 1]);
    expect(issue.message).toBe(`malformed YAML: nested more than ${MAX_YAML_DEPTH} levels deep here; EdgeTwin documents nest a few levels, so this looks like a generated or corrupted file`);
  });

  it('deep flow collections: refused at the bracket past the limit', () => {
    const issue = refusal(`spec: ${'['.repeat(3000)}${']'.repeat(3000)}\n`);
    expect([issue.line, issue.col]).toEqual([1, 7 + MAX_YAML_DEPTH - 1]);
    expect(issue.message).toMatch(/nested more than 100 levels/);
  });

  it('just under the limit parses; the shipped files nest at most a dozen levels', () => {
    expect(() => parseYamlSource(deepBlock(MAX_YAML_DEPTH - 2), 'f.yaml')).not.toThrow();
    expect(outlineYaml(deepBlock(MAX_YAML_DEPTH - 2)).maxDepth).toBeLessThanOrEqual(MAX_YAML_DEPTH);
    expect(() => parseYamlSource(deepBlock(MAX_YAML_DEPTH + 1), 'f.yaml')).toThrow(InputError);
  });

  it('a --set value goes through the same limit', () => {
    const doc = { spec: {} };
    expect(() => applySet(doc, `spec.x=${'['.repeat(500)}${']'.repeat(500)}`)).toThrow(SetPathError);
    expect(() => applySet(doc, `spec.x=${'['.repeat(500)}${']'.repeat(500)}`)).toThrow(/nested more than 100 levels/);
  });
});

describe('aliases', () => {
  it('an alias bomb is refused at the alias that crosses the limit', () => {
    const issue = refusal(aliasBomb());
    // a0..a4 add 10 + 100 + 1,000 + 10,000 + 100,000 per alias line...; the 10th *a4 on line 6 passes 1,000,000.
    expect(issue.line).toBe(6);
    expect(issue.col).toBeGreaterThan(8);
    expect(issue.message).toMatch(/^malformed YAML: aliases would grow this document by more than 1,000,000 nodes once expanded \(\*a4 here alone stands for 111,111\)/);
  });

  it('a bomb inside a --set value is refused too', () => {
    expect(() => applySet({ spec: {} }, `spec.x={${aliasBomb().trim().split('\n').join(', ')}}`)).toThrow(/aliases would grow this document/);
  });

  it('up to 10,000 aliases are fine (nodes merging one class: the parser\'s own count refused 10,001 uses of one anchor)', () => {
    const nodes = Array.from({ length: MAX_YAML_ALIASES }, (_, i) => `  - {<<: *base, id: n${i}}`).join('\n');
    const v = parseYamlSource(`base: &base {tier: sensor, cores: 1}\nnodes:\n${nodes}\n`, 'f.yaml').value as { nodes: { id: string; tier: string }[] };
    expect(v.nodes).toHaveLength(MAX_YAML_ALIASES);
    expect(v.nodes[MAX_YAML_ALIASES - 1]).toEqual({ tier: 'sensor', cores: 1, id: `n${MAX_YAML_ALIASES - 1}` });
  });

  it('more aliases are refused at the first one over (resolving each scans them all: 100,000 took two minutes)', () => {
    const issue = refusal(`a: &a 1\nb: [${Array(MAX_YAML_ALIASES + 1).fill('*a').join(', ')}]\n`);
    expect([issue.line, issue.col]).toEqual([2, 5 + 4 * MAX_YAML_ALIASES]);
    expect(issue.message).toMatch(/^malformed YAML: more than 10,000 aliases \(\*name\) in one document/);
  });

  it('an alias inside the node it names (a cycle) is refused', () => {
    const issue = refusal('a: &x {b: *x}\n');
    expect([issue.line, issue.col]).toEqual([1, 11]);
    expect(issue.message).toMatch(/alias \*x refers to a node that contains it \(a cycle\)/);
  });

  it('the expansion limit counts expanded nodes, not alias uses', () => {
    expect(MAX_YAML_ALIAS_NODES).toBe(1_000_000);
    const anchor = `a: &a [${Array(199).fill(1).join(', ')}]`; // 200 nodes with the list itself
    expect(() => parseYamlSource(`${anchor}\nb: [${Array(5_000).fill('*a').join(', ')}]\n`, 'f.yaml')).not.toThrow(); // 1,000,000
    expect(refusal(`${anchor}\nb: [${Array(5_001).fill('*a').join(', ')}]\n`).message).toMatch(/more than 1,000,000 nodes/);
  });
});

describe('text size', () => {
  it('a text over maxBytes is refused before parsing, naming the flag', () => {
    const issue = refusal(`a: "${'é'.repeat(600)}"\n`, { maxBytes: 1024 });
    expect([issue.file, issue.line, issue.col]).toEqual(['f.yaml', 0, 0]);
    expect(issue.message).toBe('the file is 0.001 MiB (1,206 bytes); files over 0.001 MiB (1,024 bytes) are refused before parsing (raise the limit with --max-file-size <size>, e.g. --max-file-size 64Mi)');
    expect(() => parseYamlSource('a: 1\n', 'f.yaml', { maxBytes: 5 })).not.toThrow();
  });
});
