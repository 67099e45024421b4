import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addProductToPartials, addToPartials, canonicalPartials, exactSum, roundPartials } from '../../../../sim-core/whatif/stats/exact-sum.ts';

// Doubles of the form m·2^e with |m| < 2^31 and e in [-60, 40]: every one is exact, and their sum
// scaled by 2^60 is an integer, so BigInt gives the exact reference and Number(BigInt) rounds it
// half-to-even exactly as IEEE addition should.
const dyadic = fc.tuple(fc.integer({ min: -(2 ** 31), max: 2 ** 31 }), fc.integer({ min: -60, max: 40 }))
  .map(([m, e]) => m * 2 ** e);
function referenceSum(xs: number[]): number {
  let s = 0n;
  for (const x of xs) s += BigInt(x * 2 ** 60); // x·2^60 is an integer below 2^131
  return Number(s) / 2 ** 60;
}

describe('exactSum', () => {
  it('classic cancellations that naive summation gets wrong', () => {
    expect(exactSum([1e16, 1, -1e16])).toBe(1);
    expect(exactSum([0.1, 0.2, -0.3])).toBe(2.7755575615628914e-17); // Python math.fsum
    expect(exactSum(new Array(10).fill(0.1))).toBe(1);
    expect(exactSum([])).toBe(0);
  });

  it('is the correctly rounded exact sum, in any order (fast-check vs BigInt)', () => {
    fc.assert(fc.property(fc.array(dyadic, { maxLength: 60 }), (xs) => {
      const want = referenceSum(xs);
      expect(exactSum(xs)).toBe(want);
      expect(exactSum([...xs].reverse())).toBe(want);
    }));
  });

  it('adding exact products equals adding the product k times', () => {
    fc.assert(fc.property(fc.double({ min: 1e-9, max: 1e9, noNaN: true }), fc.integer({ min: 1, max: 1000 }), (v, k) => {
      const byProduct: number[] = [];
      addProductToPartials(byProduct, v, k);
      const byRepeat: number[] = [];
      for (let i = 0; i < k; i++) addToPartials(byRepeat, v);
      expect(canonicalPartials(byProduct)).toEqual(canonicalPartials(byRepeat));
    }));
  });

  it('canonicalPartials is the same for any order, and still rounds to the sum', () => {
    fc.assert(fc.property(fc.array(dyadic, { maxLength: 40 }), (xs) => {
      const a: number[] = [];
      const b: number[] = [];
      xs.forEach((x) => addToPartials(a, x));
      [...xs].reverse().forEach((x) => addToPartials(b, x));
      expect(canonicalPartials(a)).toEqual(canonicalPartials(b));
      expect(roundPartials(canonicalPartials(a))).toBe(referenceSum(xs));
    }));
  });
});
