import { describe, expect, it } from 'vitest';
import { InputError } from '../../../../sim-core/text/input-error.ts';
import { parseSnapshot } from '../../../../sim-core/whatif/plan/snapshot.ts';

const issueOf = (text: string) => {
  try { parseSnapshot(text, 'snap.json'); } catch (e) { if (e instanceof InputError) return e.issues[0]!; throw e; }
  throw new Error('expected an InputError');
};

describe('parseSnapshot', () => {
  it('reads placements, takenAt and source', () => {
    expect(parseSnapshot('{"placements":{"a/x":["n1","n2"]},"takenAt":"2025-01-01T00:00:00Z","source":"fleet"}', 's.json'))
      .toEqual({ placements: { 'a/x': ['n1', 'n2'] }, takenAt: '2025-01-01T00:00:00Z', source: 'fleet' });
    expect(parseSnapshot('{"placements":{}}', 's.json')).toEqual({ placements: {}, takenAt: null, source: null });
  });

  it('malformed JSON names the file, and line:col when the engine reports a position', () => {
    const i = issueOf('{\n  "placements": {\n    "a/x": ["n1",]\n  }\n}');
    expect(i.file).toBe('snap.json');
    expect(i.message).toMatch(/^not valid JSON/);
    const j = issueOf('{\n  "placements": {},\n}');
    expect([j.line, j.col]).toEqual([3, 1]);
  });

  it.each([
    ['{"placement": {}}', 'placement', "unknown field 'placement'"],
    ['{"placements": []}', 'placements', 'expected an object'],
    ['{"placements": {"infer": ["n1"]}}', 'placements.infer', 'service keys are "app/service"'],
    ['{"placements": {"a/x": "n1"}}', 'placements.a/x', 'expected a list of node ids'],
    ['{"placements": {}, "takenAt": {"t": 1}}', 'takenAt', 'expected a string'],
  ])('%s → %s', (text, path, msg) => {
    const i = issueOf(text);
    expect(i.path).toBe(path);
    expect(i.message).toContain(msg);
    expect(i.line).toBe(1);
  });
});
