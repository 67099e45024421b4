/** Interval-compressed dot sets, checked against a plain Set of "node:counter" strings. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDot, dotCount, dotsFromJson, dotsOf, dotsToJson, emptyDots, hasDot, isSubsetDots, maxCounter, unionDots, unionDotsInto, type DotSet } from '../../../../sim-core/orchestrator/crdt/dot-set.ts';

const dotsArb = fc.array(fc.record({ nodeId: fc.constantFrom('a', 'b'), counter: fc.integer({ min: 1, max: 30 }) }), { maxLength: 40 });
const ref = (ds: { nodeId: string; counter: number }[]) => new Set(ds.map((d) => `${d.nodeId}:${d.counter}`));
const probe = (s: DotSet) => {
  const out = new Set<string>();
  for (const n of ['a', 'b']) for (let c = 0; c <= 32; c++) if (hasDot(s, n, c)) out.add(`${n}:${c}`);
  return out;
};

describe('dot-set', () => {
  it('stores intervals normalized: adjacent dots fuse, gaps stay', () => {
    const s = dotsOf([1, 2, 3, 7, 5, 6, 10].map((counter) => ({ nodeId: 'a', counter })));
    expect(dotsToJson(s)).toEqual({ a: [1, 3, 5, 7, 10, 10] });
    addDot(s, 'a', 4);
    addDot(s, 'a', 8);
    expect(dotsToJson(s)).toEqual({ a: [1, 8, 10, 10] });
    expect(maxCounter(s, 'a')).toBe(10);
    expect(maxCounter(s, 'b')).toBe(0);
    expect(dotCount(s)).toBe(9);
  });

  it('membership, union, subset and count agree with a plain set', () => {
    fc.assert(fc.property(dotsArb, dotsArb, (xs, ys) => {
      const a = dotsOf(xs);
      const b = dotsOf(ys);
      expect(probe(a)).toEqual(ref(xs));
      const u = unionDots(a, b);
      expect(probe(u)).toEqual(new Set([...ref(xs), ...ref(ys)]));
      expect(dotCount(u)).toBe(new Set([...ref(xs), ...ref(ys)]).size);
      expect(isSubsetDots(a, b)).toBe([...ref(xs)].every((d) => ref(ys).has(d)));
      expect(probe(a)).toEqual(ref(xs)); // union left its inputs alone
      // The wire form is canonical: equal sets, equal text, whatever the insertion order.
      expect(JSON.stringify(dotsToJson(u))).toBe(JSON.stringify(dotsToJson(unionDots(b, a))));
      const t = dotsOf(xs);
      expect(unionDotsInto(t, b)).toBe(!isSubsetDots(b, a));
    }), { numRuns: 500 });
  });

  it('parses its wire form and rejects malformed intervals with the path', () => {
    expect(dotsToJson(dotsFromJson({ a: [1, 3, 5, 5] }, 'c'))).toEqual({ a: [1, 3, 5, 5] });
    expect(() => dotsFromJson({ a: [1, 3, 4, 5] }, 'c')).toThrow('c.a: intervals must be sorted, disjoint, non-adjacent');
    expect(() => dotsFromJson({ a: [3, 1] }, 'c')).toThrow('c.a');
    expect(() => dotsFromJson({ a: [0, 1] }, 'c')).toThrow('c.a');
    expect(() => dotsFromJson({ a: [1] }, 'c')).toThrow('c.a: expected [lo, hi, ...]');
    expect(() => dotsFromJson([], 'c')).toThrow('c: expected an object');
  });

  it('rejects a counter below 1', () => {
    expect(() => addDot(emptyDots(), 'a', 0)).toThrow('got 0');
    expect(() => addDot(emptyDots(), 'a', 1.5)).toThrow('got 1.5');
  });
});
