import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyDiff, diffPlacements, diffSize, type Placements } from '../../../../sim-core/whatif/plan/diff.ts';

describe('diffPlacements', () => {
  it.each<[string, Placements, Placements, ReturnType<typeof diffPlacements>]>([
    ['added', {}, { 'a/x': ['n2', 'n1'] }, { added: [{ service: 'a/x', nodes: ['n1', 'n2'] }], removed: [], moved: [], unchanged: [] }],
    ['removed', { 'a/x': ['n1'] }, {}, { added: [], removed: [{ service: 'a/x', nodes: ['n1'] }], moved: [], unchanged: [] }],
    ['moved', { 'a/x': ['n1'] }, { 'a/x': ['n2'] }, { added: [], removed: [], moved: [{ service: 'a/x', from: ['n1'], to: ['n2'] }], unchanged: [] }],
    ['unchanged (order ignored)', { 'a/x': ['n1', 'n2'] }, { 'a/x': ['n2', 'n1'] }, { added: [], removed: [], moved: [], unchanged: ['a/x'] }],
    ['scaled out is a move', { 'a/x': ['n1'] }, { 'a/x': ['n1', 'n1'] }, { added: [], removed: [], moved: [{ service: 'a/x', from: ['n1'], to: ['n1', 'n1'] }], unchanged: [] }],
    ['mixed, sorted by service', { 'b/y': ['n1'], 'a/x': ['n1'], 'c/z': ['n3'] }, { 'a/x': ['n1'], 'b/y': ['n2'], 'd/w': ['n4'] }, {
      added: [{ service: 'd/w', nodes: ['n4'] }], removed: [{ service: 'c/z', nodes: ['n3'] }],
      moved: [{ service: 'b/y', from: ['n1'], to: ['n2'] }], unchanged: ['a/x'],
    }],
  ])('%s', (_name, current, target, expected) => {
    expect(diffPlacements(current, target)).toEqual(expected);
  });

  it('diffSize counts replicas gained plus replicas left', () => {
    // added 2 + removed 1 + moved {n1,n2}→{n2,n3}: one left, one gained = 5
    const d = diffPlacements({ 'a/r': ['n9'], 'a/m': ['n1', 'n2'] }, { 'a/a': ['n1', 'n2'], 'a/m': ['n2', 'n3'] });
    expect(diffSize(d)).toBe(5);
    expect(diffSize(diffPlacements({ 'a/x': ['n1'] }, { 'a/x': ['n1'] }))).toBe(0);
  });

  const placements = fc.dictionary(
    fc.constantFrom('a/x', 'a/y', 'b/x', 'b/z', 'c/q'),
    fc.array(fc.constantFrom('n1', 'n2', 'n3', 'n4'), { minLength: 1, maxLength: 3 }),
  );
  const norm = (p: Placements) => Object.fromEntries(Object.entries(p).map(([k, v]) => [k, [...v].sort()]).sort());

  it('applying the diff to the current state gives the target (property)', () => {
    fc.assert(fc.property(placements, placements, (cur, tgt) => {
      expect(norm(applyDiff(cur, diffPlacements(cur, tgt)))).toEqual(norm(tgt));
    }));
  });

  it('every service lands in exactly one bucket, and a placement against itself is all unchanged (property)', () => {
    fc.assert(fc.property(placements, placements, (cur, tgt) => {
      const d = diffPlacements(cur, tgt);
      const all = [...d.added.map((x) => x.service), ...d.removed.map((x) => x.service), ...d.moved.map((x) => x.service), ...d.unchanged];
      expect(all.sort()).toEqual([...new Set([...Object.keys(cur), ...Object.keys(tgt)])].sort());
      const self = diffPlacements(tgt, tgt);
      expect(self.unchanged).toEqual(Object.keys(tgt).sort());
      expect(diffSize(self)).toBe(0);
    }));
  });
});
