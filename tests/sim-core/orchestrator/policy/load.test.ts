import { describe, expect, it } from 'vitest';
import { InputError, type InputIssue } from '../../../../sim-core/text/input-error.ts';
import { parsePolicyYaml } from '../../../../sim-core/orchestrator/policy/load.ts';
import { loadFixtures } from './fixtures.ts';

function issues(text: string): InputIssue[] {
  try {
    parsePolicyYaml(text, 'p.yaml');
  } catch (e) {
    if (e instanceof InputError) return e.issues;
    throw e;
  }
  throw new Error('expected an InputError');
}

const head = (name: string) => `apiVersion: edgetwin.io/v1alpha1\nkind: Policy\nmetadata:\n  name: ${name}\nspec:\n`;

describe('fixtures load', () => {
  it('every shipped fixture parses, with the expected policy ids and types', () => {
    const set = loadFixtures('data-governance.yaml', 'security.yaml', 'placement-automation.yaml');
    expect(set.policies.map((p) => `${p.id}:${p.type}`)).toEqual([
      'attested-payment-pii:attestation', 'attested-sensitive:attestation', 'change-freeze:access',
      'encrypt-wireless-wan:encryption', 'eu-camera-residency:residency', 'gpu-inference:placement',
      'least-privilege:talk', 'no-pii-on-cloud:access', 'ops-approve-plans:access', 'raw-video-24h:retention', 'telemetry-30d:retention',
    ]);
    expect(set.automation.map((a) => a.id)).toEqual(['disk-pressure-purge', 'hot-edge-node', 'wan-congestion-throttle']);
  });

  it('parses a document into the typed spec (durations in ms, defaults filled)', () => {
    const b = parsePolicyYaml(`${head('r')}  type: retention\n  tags: [raw-video]\n  maxRetention: 1h30m\n---\n${head('t')}  type: talk\n`, 'p.yaml');
    expect(b.policies).toEqual([
      { id: 'r', spec: { type: 'retention', tags: ['raw-video'], maxRetentionMs: 5_400_000 } },
      { id: 't', spec: { type: 'talk', sameApp: true, allow: [] } },
    ]);
    expect(b.guardedActions).toEqual([]);
  });

  it('a PolicySet can guard actions', () => {
    const b = parsePolicyYaml('apiVersion: edgetwin.io/v1alpha1\nkind: PolicySet\nspec:\n  guardedActions: [push, place]\n  policies: []\n', 'p.yaml');
    expect(b.guardedActions).toEqual(['place', 'push']);
  });
});

describe('errors name file, line:col and field path', () => {
  it('unknown field with did-you-mean, at the key', () => {
    const got = issues(`${head('x')}  type: residency\n  tags: [pii]\n  region: [eu-west]\n`);
    expect(got).toContainEqual({ file: 'p.yaml', line: 8, col: 3, path: 'spec.region', message: "unknown field 'region'; did you mean 'regions'?" });
  });

  it('unknown policy type and action with did-you-mean', () => {
    expect(issues(`${head('x')}  type: acess\n`)).toEqual([{ file: 'p.yaml', line: 6, col: 9, path: 'spec.type', message: expect.stringContaining("did you mean 'access'?") }]);
    const got = issues(`${head('x')}  type: access\n  effect: deny\n  actions: [place, rout]\n`);
    expect(got).toEqual([{ file: 'p.yaml', line: 8, col: 20, path: 'spec.actions[1]', message: expect.stringContaining("did you mean 'route'?") }]);
  });

  it('a bad duration, a bad link type, a bad weight', () => {
    expect(issues(`${head('x')}  type: retention\n  tags: [a]\n  maxRetention: 24hours\n`)[0]).toMatchObject({ line: 8, col: 17, path: 'spec.maxRetention', message: expect.stringContaining("unknown duration unit 'hours'") });
    expect(issues(`${head('x')}  type: encryption\n  linkTypes: [satelite]\n`)[0]).toMatchObject({ line: 7, col: 15, path: 'spec.linkTypes[0]', message: expect.stringContaining("did you mean 'satellite'?") });
    expect(issues(`${head('x')}  type: placement\n  prefer:\n    - weight: 0\n      when: node.gpus > 0\n`)[0]).toMatchObject({ line: 8, col: 15, path: 'spec.prefer[0].weight' });
  });

  it('positions in the second and third documents are file positions', () => {
    const text = `${head('a')}  type: talk\n---\n${head('b')}  type: talk\n---\n${head('c')}  type: talk\n  samApp: false\n`;
    expect(issues(text)).toEqual([{ file: 'p.yaml', line: 21, col: 3, path: 'spec.samApp', message: "unknown field 'samApp'; did you mean 'sameApp'?" }]);
  });

  it('duplicate names across documents', () => {
    const got = issues(`${head('a')}  type: talk\n---\n${head('a')}  type: talk\n`);
    expect(got).toEqual([{ file: 'p.yaml', line: 11, col: 9, path: 'metadata.name', message: "duplicate policy name 'a' (first defined at 4:9)" }]);
  });

  it('PolicySet items report their index in the path', () => {
    const text = 'apiVersion: edgetwin.io/v1alpha1\nkind: PolicySet\nspec:\n  policies:\n    - name: ok\n      type: talk\n    - name: Bad_Name\n      type: talk\n';
    expect(issues(text)).toEqual([{ file: 'p.yaml', line: 7, col: 13, path: 'spec.policies[1].name', message: expect.stringContaining('lowercase') }]);
  });

  it('wrong apiVersion and kind', () => {
    const got = issues('apiVersion: v1\nkind: Polcy\nspec: {}\n');
    expect(got.map((i) => [i.line, i.col, i.path])).toEqual([[1, 13, 'apiVersion'], [2, 7, 'kind']]);
    expect(got[1]!.message).toContain("did you mean 'Policy'?");
  });

  it('every issue is reported, not just the first', () => {
    expect(issues(`${head('x')}  type: residency\n  tags: pii\n  regionz: []\n`).map((i) => i.path)).toEqual(['spec.regionz', 'spec.tags', 'spec']);
  });
});

describe('expression errors point at the offending token in the file', () => {
  it.each([
    // plain: `when: node.gpus >> 0` starts at column 9; the second `>` is offset 11 → column 20
    ['plain', '  when: node.gpus >> 0\n', 9, 20],
    // the third `&` is offset 22 of the decoded text; two `\"` escapes add 2 raw chars → 10 + 24
    ['double-quoted', '  when: "node.tier == \\"edge\\" &&& x"\n', 9, 34],
    // end of expression (offset 24, two `''` escapes) → the closing quote at column 36
    ['single-quoted', "  when: 'node.tier == ''edge'' && ('\n", 9, 36],
    ['block', '  when: |\n    node.tier == "edge" &&\n      node.gpus = 1\n', 11, 17],
    ['folded', '  when: >-\n    workload.labels has app &&\n    workload.labels.app in ["a" "b"]\n', 11, 33],
  ])('%s scalar → line %s col %s', (_style, whenLines, line, col) => {
    const text = `${head('x')}  type: access\n  effect: deny\n  actions: [place]\n${whenLines}`;
    const got = issues(text);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ file: 'p.yaml', line, col, path: 'spec.when', message: expect.stringMatching(/^invalid expression: /) });
  });

  it('inside a nested placement condition', () => {
    const text = `${head('x')}  type: placement\n  require:\n    - node.tier in ["edge",]\n`;
    expect(issues(text)[0]).toMatchObject({ line: 8, col: 28, path: 'spec.require[0]', message: expect.stringContaining('expected a value, found "]"') });
  });
});
