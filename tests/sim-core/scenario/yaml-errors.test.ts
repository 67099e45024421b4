/**
 * Malformed YAML is explained at the offending token in plain words (yaml-indent.ts over the
 * outline, yaml-errors.ts for the parser's other codes), not at column 1 with the parser's
 * wording. The table pins one case per mistake; the properties check that valid YAML is never
 * flagged and that a line shifted by one column is blamed at (or next to) that line.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execSync } from 'node:child_process';
import fc from 'fast-check';
import { parseDocument, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { InputError, type InputIssue } from '../../../sim-core/text/input-error.ts';
import { findIndentProblem } from '../../../sim-core/text/yaml-indent.ts';
import { outlineYaml } from '../../../sim-core/text/yaml-outline.ts';
import { parseYamlSource } from '../../../sim-core/text/yaml-source.ts';

const ROOT = join(import.meta.dirname, '../../..');

function issueOf(text: string): InputIssue {
  try {
    parseYamlSource(text, 'f.yaml');
  } catch (err) {
    if (err instanceof InputError) return err.issues[0]!;
    throw err;
  }
  throw new Error(`expected a refusal of ${JSON.stringify(text)}`);
}

describe('YAML mistakes, located and explained', () => {
  it.each([
    // [what, text, line, col, message (after "malformed YAML: ")]
    ['list item one space left of its siblings (the issue: "Sequence item without - indicator" at col 1)', 'spec:\n  nodes:\n    - {id: a}\n   - {id: b}\n', 4, 4,
      "this line is indented 3 spaces, but the list items from line 3 use 4 (the fields around them, from line 2, use 2); items of one list start at the same column; or line 3 is the one off, and belongs at 3 spaces like this line"],
    ['list item one space right of its sibling', 'spec:\n  nodes:\n    - {id: a}\n     - {id: b}\n', 4, 6,
      "this line is indented 5 spaces, deeper than the list item at line 3 (4 spaces), which already has a value ('{id: a}'); a list item starts at the column of its siblings (4 spaces)"],
    ['field of a list item one space left', 'spec:\n  nodes:\n    - id: a\n      tier: edge\n     zone: x\n', 5, 6,
      'this line is indented 5 spaces, but the fields (id, tier) from line 3 use 6 (the list items around them, from line 3, use 4); fields of one mapping start at the same column'],
    ['field deeper than a key that has a value', 'metadata:\n  name: x\n   description: y\n', 3, 4,
      "this line is indented 3 spaces, deeper than 'name' at line 2 (2 spaces), which already has a value ('x'); indent it 2 spaces like its siblings, or remove that value to nest it"],
    ['service field off by one (deep)', 'spec:\n  apps:\n    - id: a\n      services:\n        - id: s\n         cpuWork: 1ms\n', 6, 10,
      'this line is indented 9 spaces, but the fields (id) from line 5 use 10 (the list items around them, from line 5, use 8); fields of one mapping start at the same column'],
    ["a list's line without '- '", 'spec:\n  nodes:\n    - {id: a}\n    {id: b}\n', 4, 5,
      "this line is at the column of the list items from line 3 (4 spaces) but does not start with '- '; a list item needs '- '"],
    ['a list item where fields are', 'a: 1\n- b\n', 2, 1,
      "this list item is at the column of the fields from line 1 (0 spaces); a list goes under a key with no value of its own (like 'nodes:' on its line), indented more than that key"],
    ['a field after a list at its column', 'a:\n  - b\n  c: 1\n', 3, 3,
      "this line is at the column of the list items from line 2 (2 spaces) but does not start with '- '; a list item needs '- '"],
    ['missing space after the colon', 'metadata:\n  name:x\n  description: y\n', 2, 3, "'name:x' has no space after ':'; write 'name: x'"],
    ['a tab as indentation', 'metadata:\n\tname: x\n', 2, 1, 'this line is indented with a tab; YAML indents with spaces only'],
    ['unclosed flow mapping', 'spec:\n  nodes:\n    - {id: a, tier: edge\n  links: []\n', 3, 7, "this '{' is never closed: a '}' is missing before line 4"],
    ['unclosed flow list', 'a: 1\nb: [1, 2\nc: 3\n', 2, 4, "this '[' is never closed: a ']' is missing before line 3"],
    ['unclosed quote', 'metadata:\n  name: "x\n  description: y\n', 2, 9, 'this quoted text is never closed: the closing " is missing before line 3'],
    ['duplicate key', 'metadata:\n  name: x\n  name: y\n', 3, 3, "'name' is given twice in this mapping (first at line 2); keep one"],
    ['a value with ": " inside', 'metadata:\n  name: x: y\n', 2, 3,
      "the value 'x: y' of 'name' contains ': ', which YAML reads as another key on the same line; put the value in quotes, or nest it on the lines below"],
    ['a plain line among fields', 'a:\n  b: 1\nc\n', 3, 1, "expected 'key: value' here, like the fields (a) from line 1, got 'c'"],
    ['a line left of the top level', '  a: 1\nb: 2\n', 2, 1, 'this line is indented 0 spaces, less than the top level of the document (2 spaces at line 1); indent it like the top level'],
    ['a line one space off after a block of text', 'a: |\n  x\n y: 1\n', 3, 2,
      "this line is indented 1 space, deeper than 'a' at line 1 (0 spaces), which already has a value (the block of text below it); indent it 0 spaces like its siblings, or remove that value to nest it"],
    // Parser codes without an indentation story: plain words at the token.
    ['stray closing bracket', 'a: [1, 2]]\n', 1, 10, 'unexpected "]" here (no bracket is open for it to close)'],
    ['text after a value', 'metadata: {name: x} y\n', 1, 21, 'unexpected text after the end of the value'],
    ['reserved character', 'a: @x\n', 1, 4, 'Plain value cannot start with reserved character @; put the value in quotes'],
    ['two documents', 'a: 1\n---\nb: 2\n', 2, 1, "the file holds more than one YAML document (a second '---'); put one document per file"],
  ])('%s', (_what, text, line, col, message) => {
    const issue = issueOf(text);
    expect([issue.line, issue.col]).toEqual([line, col]);
    expect(issue.message).toBe(`malformed YAML: ${message}`);
  });
});

const yamlFiles = execSync("git ls-files '*.yaml' '*.yml'", { cwd: ROOT, encoding: 'utf8' }).trim().split('\n');

describe('the outline never flags valid YAML', () => {
  it('every YAML file of the repository', () => {
    expect(yamlFiles.length).toBeGreaterThan(20);
    for (const f of yamlFiles) expect(findIndentProblem(outlineYaml(readFileSync(join(ROOT, f), 'utf8'))), f).toBeNull();
  });

  it('JSON files (flow collections across lines)', () => {
    for (const f of ['scenarios/scenario.schema.json', 'tests/fixtures/k8s/edge-cluster.json']) {
      expect(findIndentProblem(outlineYaml(readFileSync(join(ROOT, f), 'utf8'))), f).toBeNull();
    }
  });

  // seed 14: values of every shape, written by the yaml package in block and flow styles, two indents.
  it('random documents as the yaml package writes them (seed 14)', () => {
    const scalar = fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null),
      fc.string(), fc.constantFrom('a: b', '- x', '#c', "it's", 'x\ny', '{a}', '[1', 'q"q', '  pad  ', '|', '>'));
    const key = fc.oneof(fc.string({ minLength: 1, maxLength: 8 }), fc.constantFrom('a', 'b c', 'k:', '-x', '"q"'));
    const { value } = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, scalar, fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(key, tie('value'), { maxKeys: 4 })),
    }));
    let valid = 0;
    fc.assert(fc.property(value, fc.constantFrom(2, 3, 4), fc.boolean(), fc.boolean(), (v, indent, block, indentSeq) => {
      const text = stringify({ root: v }, { indent, indentSeq, collectionStyle: block ? 'block' : 'any', lineWidth: 20, minContentWidth: 0 });
      // The writer is not always right (e.g. `root:` then `[]` at the key's column, which its own parser refuses).
      if (parseDocument(text).errors.length) return;
      valid++;
      expect(findIndentProblem(outlineYaml(text)), text).toBeNull();
      expect(parseYamlSource(text, 'r.yaml').value).toEqual(JSON.parse(JSON.stringify({ root: v })));
    }), { seed: 14, numRuns: 300 });
    expect(valid).toBeGreaterThan(250);
  });
});

describe('a line shifted by one column is blamed where it is', () => {
  it('shipped scenarios: every indented line moved left and right (most at the line, nearly all within one)', () => {
    let refused = 0, atLine = 0, near = 0;
    for (const f of yamlFiles.filter((x) => x.startsWith('scenarios/') && !x.includes('policies/'))) {
      const lines = readFileSync(join(ROOT, f), 'utf8').split('\n');
      lines.forEach((l, i) => {
        if (!/^\s+[^\s#]/.test(l)) return;
        for (const shifted of [l.slice(1), ` ${l}`]) {
          const text = [...lines.slice(0, i), shifted, ...lines.slice(i + 1)].join('\n');
          let issue: InputIssue | undefined;
          try { parseYamlSource(text, f); } catch (err) { if (!(err instanceof InputError)) throw err; issue = err.issues[0]; }
          if (!issue) continue;
          refused++;
          expect(issue.col, `${f}:${i + 1}: ${issue.message}`).toBeGreaterThan(0);
          expect(issue.message, `${f}:${i + 1}`).not.toMatch(/Sequence item without|Implicit keys need|A block sequence may not/);
          if (issue.line === i + 1) atLine++;
          else if (Math.abs(issue.line - (i + 1)) <= 1) near++;
        }
      });
    }
    expect(refused).toBeGreaterThan(1500);
    expect(atLine / refused).toBeGreaterThan(0.8);
    expect((atLine + near) / refused).toBeGreaterThan(0.97);
  }, 180_000); // ~2,000 lines × 2 shifts, each a whole-file parse: ~25 s idle, over 60 s on a loaded CI machine
});
