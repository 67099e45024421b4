import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IndexedHeap } from '../../../sim-core/fabric/indexed-heap.ts';

describe('IndexedHeap (property)', () => {
  it('pops in (key1, key2, id) order after random set/remove, like a sorted list', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('set' as const), id: fc.nat(40), k1: fc.integer({ min: -5, max: 5 }), k2: fc.integer({ min: 0, max: 3 }) }),
      fc.record({ kind: fc.constant('remove' as const), id: fc.nat(40) }),
    );
    fc.assert(fc.property(fc.array(op, { maxLength: 120 }), (ops) => {
      const h = new IndexedHeap(2); // small on purpose: exercises ensureCapacity
      h.ensureCapacity(41);
      const model = new Map<number, [number, number]>();
      for (const o of ops) {
        if (o.kind === 'set') { h.set(o.id, o.k1, o.k2); model.set(o.id, [o.k1, o.k2]); } else { h.remove(o.id); model.delete(o.id); }
        expect(h.size).toBe(model.size);
      }
      const want = [...model].sort((x, y) => x[1][0] - y[1][0] || x[1][1] - y[1][1] || x[0] - y[0]).map(([id]) => id);
      const got: number[] = [];
      while (h.size > 0) got.push(h.pop());
      expect(got).toEqual(want);
      expect(h.pop()).toBe(-1);
      expect(h.peekKey()).toBe(Infinity);
    }), { numRuns: 500, seed: 3 });
  });

  it('rejects out-of-range ids and NaN keys', () => {
    const h = new IndexedHeap(4);
    expect(() => h.set(4, 1)).toThrow(/id 4 out of range/);
    expect(() => h.set(1, NaN)).toThrow(/NaN/);
  });
});
