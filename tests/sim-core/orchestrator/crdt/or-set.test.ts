/** OR-set (add-wins, no tombstones): semantics tables and pinned regressions. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { join } from '../../../../sim-core/orchestrator/crdt/lattice.ts';
import { hasDot, unionDots, dotsOf } from '../../../../sim-core/orchestrator/crdt/dot-set.ts';
import { orAdd, orEmpty, orFromJson, orHas, orJoinInto, orLeq, orRemove, orSetLattice, orToJson, orValues, type OrSet } from '../../../../sim-core/orchestrator/crdt/or-set.ts';

const L = orSetLattice;
const apply = (s: OrSet, d: OrSet) => { orJoinInto(s, d); return d; };

describe('or-set', () => {
  it('add then remove at one replica: gone; re-add: back', () => {
    const s = orEmpty();
    apply(s, orAdd(s, 'a', 'x'));
    apply(s, orRemove(s, 'x'));
    expect(orHas(s, 'x')).toBe(false);
    apply(s, orAdd(s, 'a', 'x'));
    expect(orValues(s)).toEqual(['x']);
    expect(orToJson(s)).toEqual({ e: { x: ['a', 2] }, c: { a: [1, 2] } });
  });

  it('concurrent add and remove: the add wins', () => {
    const a = orEmpty();
    apply(a, orAdd(a, 'a', 'x'));
    const b = L.clone(a); // b has seen a's add
    apply(b, orRemove(b, 'x')); // b removes what it saw
    apply(a, orAdd(a, 'a', 'x')); // a adds again, concurrently
    expect(orValues(join(L, a, b))).toEqual(['x']);
    expect(orValues(join(L, b, a))).toEqual(['x']);
  });

  it('a remove only removes what its replica observed', () => {
    const a = orEmpty();
    const b = orEmpty();
    apply(a, orAdd(a, 'a', 'x'));
    apply(b, orAdd(b, 'b', 'x'));
    const rm = orRemove(a, 'x'); // a saw only its own add
    apply(a, rm);
    const merged = join(L, a, b);
    expect(orValues(merged)).toEqual(['x']);
    expect(orToJson(merged).e).toEqual({ x: ['b', 1] });
  });

  it('a remove delivered before the add it removed still removes it (out-of-order deltas)', () => {
    const a = orEmpty();
    const add = apply(a, orAdd(a, 'a', 'x'));
    const rm = apply(a, orRemove(a, 'x'));
    const r = orEmpty();
    orJoinInto(r, rm);
    orJoinInto(r, add);
    expect(orHas(r, 'x')).toBe(false);
    expect(JSON.stringify(orToJson(r))).toBe(JSON.stringify(orToJson(a)));
  });

  // Pinned from fast-check (seed -1524061170, lattice-laws "leq is the order the join induces"):
  // leq required b to hold every live dot of a, but b may have legitimately removed it.
  it('regression: a state whose live dot was removed elsewhere is ⊑ the state that removed it', () => {
    const removed: OrSet = { entries: new Map(), ctx: dotsOf([{ nodeId: 'r0', counter: 1 }]) };
    const live: OrSet = { entries: new Map([['x', [{ nodeId: 'r0', counter: 1 }]]]), ctx: dotsOf([{ nodeId: 'r0', counter: 1 }]) };
    expect(orLeq(live, removed)).toBe(true);
    expect(orLeq(removed, live)).toBe(false);
  });

  it('wire form rejects a dot that tags two elements', () => {
    expect(() => orFromJson({ e: { x: ['a', 1], y: ['a', 1] }, c: { a: [1, 1] } }, 's')).toThrow('s.e.y: dot a:1 also tags another element');
  });

  /**
   * The join straight from the formula, (s ∩ s') ∪ (s \ c') ∪ (s' \ c), on large sets where small
   * deltas take the indexed path; one long-lived target takes hundreds of joins, small and full,
   * so the dot→element index must stay right across both paths.
   */
  it('incremental joins into a long-lived large set equal the formula (indexed and scanning paths)', () => {
    const refJoin = (a: OrSet, b: OrSet): string[] => {
      const out: string[] = [];
      const keys = new Set([...a.entries.keys(), ...b.entries.keys()]);
      for (const k of keys) {
        const da = a.entries.get(k) ?? [];
        const db = b.entries.get(k) ?? [];
        const has = (ds: typeof da, d: (typeof da)[0]) => ds.some((x) => x.nodeId === d.nodeId && x.counter === d.counter);
        const kept = [...da.filter((d) => has(db, d) || !hasDot(b.ctx, d.nodeId, d.counter)), ...db.filter((d) => !has(da, d) && !hasDot(a.ctx, d.nodeId, d.counter))];
        for (const d of kept) out.push(`${k}@${d.nodeId}:${d.counter}`);
      }
      return out.sort();
    };
    const flat = (s: OrSet) => [...s.entries].flatMap(([k, ds]) => ds.map((d) => `${k}@${d.nodeId}:${d.counter}`)).sort();
    const opArb = fc.record({ r: fc.nat({ max: 2 }), add: fc.boolean(), elem: fc.nat({ max: 59 }), sync: fc.nat({ max: 9 }) });
    fc.assert(fc.property(fc.array(opArb, { minLength: 50, maxLength: 400 }), (ops) => {
      const reps = [orEmpty(), orEmpty(), orEmpty()];
      const target = orEmpty(); // receives every delta and, now and then, whole states
      for (const op of ops) {
        const s = reps[op.r]!;
        const e = `e${op.elem}`;
        const d = op.add ? orAdd(s, `r${op.r}`, e) : orRemove(s, e);
        orJoinInto(s, d);
        const want = refJoin(target, d);
        orJoinInto(target, d);
        expect(flat(target)).toEqual(want);
        if (op.sync === 0) {
          const other = reps[(op.r + 1) % 3]!;
          const want2 = refJoin(target, other);
          orJoinInto(target, other);
          expect(flat(target)).toEqual(want2);
          orJoinInto(other, s); // replicas learn from each other, so removes observe remote adds
        }
      }
      expect(JSON.stringify(orToJson(target))).toBe(JSON.stringify(orToJson([...reps].reduce((acc, r) => join(L, acc, r), orEmpty()))));
      expect(target.ctx).toEqual(unionDots(unionDots(reps[0]!.ctx, reps[1]!.ctx), reps[2]!.ctx));
    }), { numRuns: 100 });
  });

  it('wire form rejects a live dot outside the context, and bad dots, with the path', () => {
    expect(() => orFromJson({ e: { x: ['a', 2] }, c: { a: [1, 1] } }, 's')).toThrow('s.e.x: dot a:2 missing from the context');
    expect(() => orFromJson({ e: { x: ['a', 0] }, c: {} }, 's')).toThrow('s.e.x: bad dot ["a",0]');
    expect(() => orFromJson({ e: { x: [] }, c: {} }, 's')).toThrow('s.e.x: expected [nodeId, counter, ...]');
    expect(() => orAdd(orEmpty(), '', 'x')).toThrow('""');
  });
});
