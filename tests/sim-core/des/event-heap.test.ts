import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EventHeap } from '../../../sim-core/des/event-heap.ts';

interface Entry { timeMs: number; priority: number; seq: number; slot: number }

const order = (x: Entry, y: Entry): number => x.timeMs - y.timeMs || x.priority - y.priority || x.seq - y.seq;

/** The tie the kernel would pass: one number ordering (priority, seq), as kernel.ts packs it (seq < 2^20 here). */
const tieOf = (e: { priority: number; seq: number }): number => (e.priority + 2 ** 15) * 2 ** 20 + e.seq;

/** Operations on the heap: push with small times/priorities (so ties are common), or pop. */
const opArb = fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: fc.constant('push' as const), timeMs: fc.oneof(fc.integer({ min: 0, max: 6 }), fc.double({ min: 0, max: 6, noNaN: true })), priority: fc.integer({ min: -2, max: 2 }) }) },
  { weight: 2, arbitrary: fc.constant({ op: 'pop' as const }) },
);

describe('EventHeap against a sorted-array reference model', () => {
  it('pops entries in (timeMs, priority, seq) order for any push/pop sequence', () => {
    fc.assert(fc.property(fc.array(opArb, { maxLength: 400 }), (ops) => {
      const heap = new EventHeap(1); // tiny start so growth is exercised
      const model: Entry[] = [];
      const freeSlots: number[] = [];
      let nextSlot = 0;
      let seq = 0;
      for (const o of ops) {
        if (o.op === 'push') {
          const slot = freeSlots.pop() ?? nextSlot++;
          const e = { timeMs: o.timeMs, priority: o.priority, seq: seq++, slot };
          heap.push(e.timeMs, tieOf(e), e.slot);
          model.push(e);
          model.sort(order);
        } else if (model.length > 0) {
          expect(heap.peekTimeMs()).toBe(model[0]!.timeMs);
          expect(heap.peekSlot()).toBe(model[0]!.slot);
          const slot = heap.pop();
          const want = model.shift()!;
          expect(slot).toBe(want.slot);
          freeSlots.push(slot);
        } else {
          expect(heap.peekTimeMs()).toBe(Infinity);
          expect(heap.peekSlot()).toBe(-1);
          expect(() => heap.pop()).toThrow(/empty/);
        }
        expect(heap.size).toBe(model.length);
      }
      // Drain: everything left comes out in model order.
      while (model.length > 0) expect(heap.pop()).toBe(model.shift()!.slot);
    }), { numRuns: 300, seed: 20261126 });
  });

  it('retain() drops rejected slots and keeps heap order for the rest', () => {
    fc.assert(fc.property(
      fc.array(fc.record({ timeMs: fc.integer({ min: 0, max: 20 }), priority: fc.integer({ min: -1, max: 1 }), keep: fc.boolean() }), { maxLength: 300 }),
      (items) => {
        const heap = new EventHeap();
        items.forEach((it, i) => heap.push(it.timeMs, tieOf({ priority: it.priority, seq: i }), i));
        const removed = heap.retain((slot) => items[slot]!.keep);
        const kept = items.map((it, i) => ({ ...it, seq: i, slot: i })).filter((e) => e.keep).sort(order);
        expect(removed).toBe(items.length - kept.length);
        expect(heap.size).toBe(kept.length);
        for (const e of kept) expect(heap.pop()).toBe(e.slot);
      },
    ), { numRuns: 200, seed: 7 });
  });

  it('breaks equal times by the tie number (table)', () => {
    const heap = new EventHeap();
    // push(time, tie, slot)
    heap.push(5, 10, 0);
    heap.push(5, 3, 1);  // same time, lower tie → before slot 0
    heap.push(5, 11, 2); // same time, higher tie → after slot 0
    heap.push(4, 99, 3); // earlier time wins whatever the tie
    expect([heap.pop(), heap.pop(), heap.pop(), heap.pop()]).toEqual([3, 1, 0, 2]);
  });

  it('keeps every entry across growth', () => {
    const heap = new EventHeap(1);
    for (let slot = 0; slot < 100; slot++) heap.push(100 - slot, slot, slot); // grows the arrays several times
    for (let k = 0; k < 100; k++) expect(heap.pop()).toBe(99 - k); // slot 99 has the earliest time (1)
    expect(heap.size).toBe(0);
  });

  it('rejects a negative slot and a bad initial capacity, naming the value', () => {
    expect(() => new EventHeap().push(0, 0, -3)).toThrow(/-3/);
    expect(() => new EventHeap().push(0, 0, 1.5)).toThrow(/1\.5/);
    expect(() => new EventHeap(Number.NaN)).toThrow(/NaN/);
  });
});
