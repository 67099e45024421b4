/** Transfer tags: every kind and index round-trips, and the kinds never share a tag. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeTransfer, encodeTransfer, transferIndexOf, transferKindOf, type Transfer } from '../../../sim-core/twin/transfer.ts';

const index = fc.integer({ min: 0, max: 2 ** 29 });
const transfer: fc.Arbitrary<Transfer> = fc.oneof(
  index.map((message) => ({ kind: 'data' as const, message })),
  index.map((job) => ({ kind: 'replica' as const, job })),
  index.map((slot) => ({ kind: 'control' as const, slot })),
  fc.integer({ min: 0, max: 2 ** 28 - 1 }).map((job) => ({ kind: 'bulk' as const, job })),
);

describe('transfer tags', () => {
  it('decode(encode(t)) is t, and the tag is an int32 (property)', () => {
    fc.assert(fc.property(transfer, (t) => {
      const tag = encodeTransfer(t);
      expect(tag | 0).toBe(tag);
      expect(decodeTransfer(tag)).toEqual(t);
      expect(transferKindOf(tag)).toBe(t.kind);
    }));
  });

  it('different transfers get different tags (property)', () => {
    fc.assert(fc.property(transfer, transfer, (a, b) => {
      if (a.kind !== b.kind || transferIndexOf(encodeTransfer(a)) !== transferIndexOf(encodeTransfer(b))) expect(encodeTransfer(a)).not.toBe(encodeTransfer(b));
    }));
  });

  it('keeps the flow tags the twin has always used (data m, replica -(j+1), control -2^30 - k)', () => {
    expect([encodeTransfer({ kind: 'data', message: 7 }), encodeTransfer({ kind: 'replica', job: 0 }), encodeTransfer({ kind: 'control', slot: 3 })])
      .toEqual([7, -1, -(2 ** 30) - 3]);
  });

  it('bulk tags sit at the bottom of int32, below every control slot up to 3·2^28', () => {
    expect(encodeTransfer({ kind: 'bulk', job: 0 })).toBe(-(2 ** 31));
    expect(transferKindOf(encodeTransfer({ kind: 'bulk', job: 2 ** 28 - 1 }))).toBe('bulk');
    expect(transferKindOf(encodeTransfer({ kind: 'control', slot: 3 * 2 ** 28 - 1 }))).toBe('control');
  });
});
