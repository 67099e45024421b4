/** PN-counter: value = ΣP − ΣN; per-replica maxima make deltas idempotent. */
import { describe, expect, it } from 'vitest';
import { join } from '../../../../sim-core/orchestrator/crdt/lattice.ts';
import { pnCounterLattice, pnDecrement, pnEmpty, pnFromJson, pnIncrement, pnJoinInto, pnToJson, pnValue } from '../../../../sim-core/orchestrator/crdt/pn-counter.ts';

const L = pnCounterLattice;

describe('pn-counter', () => {
  it('two replicas: (+3 +2 −1) at a, (+4 −6) at b → 2, whatever the merge order or repetition', () => {
    const a = pnEmpty();
    const b = pnEmpty();
    const deltas = [
      pnJoinAndReturn(a, pnIncrement(a, 'a', 3)),
      pnJoinAndReturn(a, pnIncrement(a, 'a', 2)),
      pnJoinAndReturn(a, pnDecrement(a, 'a', 1)),
      pnJoinAndReturn(b, pnIncrement(b, 'b', 4)),
      pnJoinAndReturn(b, pnDecrement(b, 'b', 6)),
    ];
    expect(pnValue(join(L, a, b))).toBe(2);
    const r = pnEmpty();
    for (const d of [...deltas].reverse().concat(deltas)) pnJoinInto(r, d);
    expect(pnValue(r)).toBe(2);
    expect(pnToJson(r)).toEqual({ p: { a: 5, b: 4 }, n: { a: 1, b: 6 } });
  });

  it('an increment of 0 is an empty delta', () => {
    expect(pnToJson(pnIncrement(pnEmpty(), 'a', 0))).toEqual({});
  });

  it('rejects negative, fractional and non-finite amounts, and bad wire totals', () => {
    expect(() => pnIncrement(pnEmpty(), 'a', -1)).toThrow('got -1');
    expect(() => pnDecrement(pnEmpty(), 'a', 0.5)).toThrow('got 0.5');
    expect(() => pnIncrement(pnEmpty(), 'a', Infinity)).toThrow('got Infinity');
    expect(() => pnFromJson({ p: { a: -2 } }, 'c')).toThrow('c.p.a: expected an integer total >= 0, got -2');
  });
});

function pnJoinAndReturn(s: ReturnType<typeof pnEmpty>, d: ReturnType<typeof pnEmpty>) {
  pnJoinInto(s, d);
  return d;
}
