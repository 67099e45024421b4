import { readFileSync } from 'node:fs';
import { Text } from '@codemirror/state';
import { describe, expect, it } from 'vitest';
import type { InputIssue } from '../../../sim-core/text/input-error.ts';
import { createSessionApi } from '../../../workers/session-worker.ts';
import { issueDiagnostics, issueRange, issueText } from '../../../app/panels/editor/issue-ranges.ts';
import { decodeText, MAX_SCENARIO_BYTES, notAScenario, readScenarioFile } from '../../../app/panels/editor/scenario-file.ts';
import { shareUrlFor } from '../../../app/panels/editor/share.ts';
import { decompressText, parseUrlState } from '../../../app/sim-client/url-state.ts';

const read = (p: string) => readFileSync(new URL(`../../../${p}`, import.meta.url), 'utf8');
// The worker's validate, in this thread: the same parser the editor asks.
const api = createSessionApi();
const validate = async (text: string, file: string) => api.validate(text, file);
const issue = (line: number, col: number, file = 'f.yaml'): InputIssue => ({ file, line, col, path: 'spec.x', message: 'bad' });

describe('issue ranges', () => {
  const doc = Text.of(['spec:', '  links:', '    - {between: [a, b], bandwith: 1Gbps}', '  seed: "x y"', '']);
  const slice = (r: { from: number; to: number }) => doc.sliceString(r.from, r.to);
  const cases: [string, InputIssue, string][] = [
    ['a key: the word at line:col', issue(3, 25), 'bandwith'],
    ['a value', issue(3, 35), '1Gbps'],
    ['a flow collection: its bracket', issue(3, 7), '{'],
    ['a quoted value: the whole string', issue(4, 9), '"x y"'],
    ['a column past the line end: a point at the end', issue(2, 40), ''],
  ];
  it.each(cases)('%s', (_n, i, want) => {
    expect(slice(issueRange(doc, i, 'f.yaml'))).toBe(want);
  });
  it('line 0, another file, or a line past the end: at the top, or at the last line', () => {
    expect(issueRange(doc, issue(0, 0), 'f.yaml')).toEqual({ from: 0, to: 0 });
    expect(issueRange(doc, issue(3, 5, 'policy.yaml'), 'f.yaml')).toEqual({ from: 0, to: 0 });
    expect(issueRange(doc, issue(99, 1), 'f.yaml').from).toBe(doc.line(doc.lines).from);
  });
  it('the text names the path, and the place for another file', () => {
    expect(issueText(issue(3, 5), 'f.yaml')).toBe('spec.x: bad');
    expect(issueText(issue(3, 5, 'p.yaml'), 'f.yaml')).toBe('p.yaml:3:5: spec.x: bad');
  });
  it('the parser\'s issue for a misspelt key lands on the key, with its message', async () => {
    const text = read('scenarios/metro-operations.yaml').replace('latency: 1ms, bandwidth: 10Gbps', 'latency: 1ms, bandwith: 10Gbps');
    const issues = await validate(text, 'm.yaml');
    expect(issues).toHaveLength(1);
    const d = issueDiagnostics(Text.of(text.split('\n')), issues, 'm.yaml');
    expect(d).toHaveLength(1);
    expect(text.slice(d[0]!.from, d[0]!.to)).toBe('bandwith');
    expect(d[0]!.message).toBe("spec.links[0].bandwith: unknown field 'bandwith'; did you mean 'bandwidth'?");
    expect(d[0]!.severity).toBe('error');
  });
});

describe('scenario files', () => {
  const file = (name: string, body: string | Uint8Array) => new File([body as BlobPart], name);
  it('a shipped scenario is accepted without issues', async () => {
    const v = await readScenarioFile(file('metro.yaml', read('scenarios/metro-operations.yaml')), validate);
    expect(v).toMatchObject({ ok: true, name: 'metro.yaml', issues: [] });
  });
  it('a scenario with mistakes is accepted with them (the editor shows them)', async () => {
    const v = await readScenarioFile(file('typo.yml', read('scenarios/metro-operations.yaml').replace('seed: 7', 'sed: 7')), validate);
    expect(v.ok).toBe(true);
    if (v.ok) expect(v.issues.map((i) => i.message)).toEqual(["unknown field 'sed'; did you mean 'seed'?"]);
  });
  it('a BOM is dropped', async () => {
    const v = await readScenarioFile(file('bom.yaml', `\uFEFF${read('scenarios/metro-operations.yaml')}`), validate);
    expect(v.ok && v.text.startsWith('#')).toBe(true);
  });
  const refusals: [string, string | Uint8Array, RegExp][] = [
    ['binary (NUL bytes)', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13]), /x was not opened: it is a binary file, not YAML text\. Nothing changed\./],
    ['invalid UTF-8', new Uint8Array([0x61, 0x3a, 0x20, 0xff, 0xfe]), /binary file/],
    ['empty', '', /it is empty/],
    ['not YAML', 'spec: [1, 2\nkind: {', /it is not valid YAML \(line \d+:\d+: /],
    ['YAML but a list', '- a\n- b\n', /YAML but not a scenario/],
    ['YAML of another kind (an Experiment)', read('scenarios/experiments/control-plane-partition.yaml'), /it is not a scenario \(expected kind Scenario, got "Experiment"\)/],
    ['a Kubernetes object', 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec: {}\n', /got "Deployment"/],
    ['a mapping without kind', 'services:\n  web: {image: nginx}\n', /it has no 'kind: Scenario'/],
  ];
  it.each(refusals)('refuses %s with a message, and changes nothing', async (_n, body, message) => {
    const v = await readScenarioFile(file('x', body), validate);
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.message).toMatch(message);
  });
  it('refuses a huge file without reading it', async () => {
    const big = { name: 'big.yaml', size: MAX_SCENARIO_BYTES + 1, arrayBuffer: () => { throw new Error('read'); } } as unknown as File;
    const v = await readScenarioFile(big, validate);
    expect(!v.ok && v.message).toMatch(/big\.yaml was not opened: it is 4\.0 MB, more than a scenario/);
  });
  it('decodeText and notAScenario on their own', () => {
    expect(decodeText(new TextEncoder().encode('a: é'))).toBe('a: é');
    expect(decodeText(new Uint8Array([0x61, 0]))).toBeNull();
    expect(notAScenario([])).toBeNull();
    expect(notAScenario([{ file: 'f', line: 3, col: 1, path: 'spec.seed', message: 'x' }])).toBeNull();
  });
});

describe('shareUrlFor', () => {
  it('makes a URL whose yaml parameter decodes to the text, and which the app accepts', async () => {
    const text = read('scenarios/metro-operations.yaml').replace('seed: 7', 'seed: 8');
    const url = new URL(await shareUrlFor(text, { origin: 'https://twin.example', pathname: '/app/' }));
    expect(`${url.origin}${url.pathname}`).toBe('https://twin.example/app/');
    const { state, errors } = parseUrlState(url.search, []);
    expect(errors).toEqual([]);
    expect(await decompressText(state.yaml!)).toBe(text);
  });
});
