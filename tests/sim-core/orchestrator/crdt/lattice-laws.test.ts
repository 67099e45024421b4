/**
 * Join-semilattice laws and delta-state properties, for each CRDT type (LWW map, OR-set,
 * PN-counter). States come from random histories: several replicas apply δ-mutations and
 * sometimes merge full states, so the pool mixes concurrent states, causally related states and
 * the small deltas themselves (deltas are lattice elements too). Equality is canonical JSON, which
 * is stricter than lattice equality.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { join, joinAll } from '../../../../sim-core/orchestrator/crdt/lattice.ts';
import { canon, MODELS } from './models.ts';
import { histStepsArb, runHistory } from './sim.ts';

const N = 3;
const RUNS = 300;

describe.each(MODELS.map((m) => [m.name, m] as const))('%s', (_name, m) => {
  const L = m.lattice;
  const c = (s: unknown) => canon(m, s);
  /** A random history plus three picks from its states and deltas. */
  const triple = histStepsArb(m.opArb, N).chain((steps) => {
    const h = runHistory(m, N, steps);
    const pool = [...h.states, ...h.deltas, L.bottom()];
    const pick = fc.nat({ max: pool.length - 1 }).map((i) => pool[i]);
    return fc.tuple(pick, pick, pick);
  });

  it('join is commutative', () => {
    fc.assert(fc.property(triple, ([a, b]) => {
      expect(c(join(L, a, b))).toBe(c(join(L, b, a)));
    }), { numRuns: RUNS });
  });

  it('join is associative', () => {
    fc.assert(fc.property(triple, ([a, b, d]) => {
      expect(c(join(L, join(L, a, b), d))).toBe(c(join(L, a, join(L, b, d))));
    }), { numRuns: RUNS });
  });

  it('join is idempotent, and bottom is the identity', () => {
    fc.assert(fc.property(triple, ([a]) => {
      expect(c(join(L, a, a))).toBe(c(a));
      expect(c(join(L, a, L.bottom()))).toBe(c(a));
    }), { numRuns: RUNS });
  });

  it('leq is the order the join induces: a ⊑ b exactly when a ⊔ b = b', () => {
    fc.assert(fc.property(triple, ([a, b]) => {
      const ab = join(L, a, b);
      expect(L.leq(a, ab)).toBe(true);
      expect(L.leq(b, ab)).toBe(true);
      expect(L.leq(a, b)).toBe(c(ab) === c(b));
    }), { numRuns: RUNS });
  });

  it('joinInto reports a change exactly when the target grew, and leaves the source alone', () => {
    fc.assert(fc.property(triple, ([a, b]) => {
      const before = c(b);
      const t = L.clone(a);
      const changed = L.joinInto(t, b);
      expect(changed).toBe(c(t) !== c(a));
      expect(c(b)).toBe(before);
      // Mutating the result afterwards must not reach back into the source either.
      L.joinInto(t, a);
      expect(c(b)).toBe(before);
    }), { numRuns: RUNS });
  });

  it('deltas applied in any order, duplicated, converge to the full-state merge and to the spec', () => {
    const arb = histStepsArb(m.opArb, N, 60).chain((steps) => {
      const h = runHistory(m, N, steps);
      // Every delta at least once, some twice, all in one random order.
      const idx = h.deltas.map((_, i) => i);
      return fc.subarray(idx).chain((dups) => {
        const all = [...idx, ...dups];
        return fc.tuple(fc.constant(h), fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length }));
      });
    });
    fc.assert(fc.property(arb, ([h, order]) => {
      const full = joinAll(L, h.states);
      const applied = L.bottom();
      for (const i of order) L.joinInto(applied, h.deltas[i]);
      expect(c(applied)).toBe(c(full));
      m.checkSpec(applied, h.events);
    }), { numRuns: RUNS });
  });

  it('delta-groups (deltas joined together first) apply like the deltas one by one', () => {
    const arb = histStepsArb(m.opArb, N, 60).chain((steps) => {
      const h = runHistory(m, N, steps);
      return fc.tuple(fc.constant(h), fc.array(fc.nat({ max: 3 }), { minLength: h.deltas.length, maxLength: h.deltas.length }));
    });
    fc.assert(fc.property(arb, ([h, groupOf]) => {
      const groups = [0, 1, 2, 3].map(() => L.bottom());
      h.deltas.forEach((d, i) => L.joinInto(groups[groupOf[i]!]!, d));
      expect(c(joinAll(L, groups.reverse()))).toBe(c(joinAll(L, h.deltas)));
    }), { numRuns: RUNS });
  });

  it('wire form round-trips exactly, through JSON text', () => {
    fc.assert(fc.property(triple, ([a]) => {
      const text = JSON.stringify(m.encode(a));
      const back = m.decode(JSON.parse(text), 'x');
      expect(JSON.stringify(m.encode(back))).toBe(text);
      expect(L.leq(a, back) && L.leq(back, a)).toBe(true);
    }), { numRuns: RUNS });
  });
});
