import { describe, expect, it } from 'vitest';
import { mergePatch } from '../../../sim-core/whatif/merge-patch.ts';

// RFC 7386 Appendix A: the normative examples (original, patch, result).
const RFC_7386_EXAMPLES: [unknown, unknown, unknown][] = [
  [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
  [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
  [{ a: 'b' }, { a: null }, {}],
  [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
  [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
  [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
  [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
  [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
  [['a', 'b'], ['c', 'd'], ['c', 'd']],
  [{ a: 'b' }, ['c'], ['c']],
  [{ a: 'foo' }, null, null],
  [{ a: 'foo' }, 'bar', 'bar'],
  [{ e: null }, { a: 1 }, { e: null, a: 1 }],
  [[1, 2], { a: 'b', c: null }, { a: 'b' }],
  [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
];

describe('mergePatch', () => {
  it.each(RFC_7386_EXAMPLES.map((e, i) => [i + 1, ...e]))('RFC 7386 appendix A example %i', (_n, original, patch, result) => {
    expect(mergePatch(original, patch)).toEqual(result);
  });

  it('merges lists of objects with ids element by id, appending new ids', () => {
    const doc = { spec: { apps: [{ id: 'video', services: [{ id: 'detect', placement: ['a'], cpuWork: '20ms' }, { id: 'agg' }] }, { id: 'other' }] } };
    const patch = { spec: { apps: [{ id: 'video', services: [{ id: 'detect', placement: ['b', 'c'] }, { id: 'new', cpuWork: '1ms' }] }] } };
    expect(mergePatch(doc, patch)).toEqual({
      spec: { apps: [{ id: 'video', services: [{ id: 'detect', placement: ['b', 'c'], cpuWork: '20ms' }, { id: 'agg' }, { id: 'new', cpuWork: '1ms' }] }, { id: 'other' }] },
    });
  });

  it('replaces lists whose patch elements are not all objects with ids (RFC semantics)', () => {
    expect(mergePatch({ l: [{ id: 'a', x: 1 }] }, { l: [{ id: 'a' }, { x: 2 }] })).toEqual({ l: [{ id: 'a' }, { x: 2 }] });
  });

  it('does not mutate its inputs', () => {
    const doc = { a: { b: [{ id: 'x', v: 1 }] } };
    const patch = { a: { b: [{ id: 'x', v: 2 }] } };
    const before = JSON.stringify([doc, patch]);
    const out = mergePatch(doc, patch) as typeof doc;
    out.a.b[0]!.v = 3;
    expect(JSON.stringify([doc, patch])).toBe(before);
  });
});
