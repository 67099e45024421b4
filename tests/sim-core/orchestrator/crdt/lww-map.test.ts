/** LWW map: greatest HLC wins, tombstones, deterministic ties, purge, wire form. */
import { describe, expect, it } from 'vitest';
import { lwwDelete, lwwEmpty, lwwFromJson, lwwGet, lwwJoinInto, lwwLive, lwwMapLattice, lwwPurgeTombstones, lwwSet, lwwToJson, type JsonValue } from '../../../../sim-core/orchestrator/crdt/lww-map.ts';
import { join } from '../../../../sim-core/orchestrator/crdt/lattice.ts';

const h = (wallMs: number, logical: number, nodeId: string) => ({ wallMs, logical, nodeId });
const L = lwwMapLattice;
const canon = (m: Parameters<typeof lwwToJson>[0]) => JSON.stringify(lwwToJson(m));

describe('lww-map', () => {
  it.each([
    // [first write, second write, winner] — the greater (wallMs, logical, nodeId) wins
    ['later wallMs', h(10, 0, 'a'), h(11, 0, 'a'), 'second'],
    ['same wallMs, higher logical', h(10, 2, 'b'), h(10, 1, 'a'), 'first'],
    ['full tie on time: nodeId breaks it', h(10, 1, 'a'), h(10, 1, 'b'), 'second'],
  ])('%s', (_label, h1, h2, winner) => {
    const a = lwwSet<JsonValue>('k', 'first', h1);
    const b = lwwSet<JsonValue>('k', 'second', h2);
    expect(lwwGet(join(L, a, b), 'k')).toBe(winner);
    expect(lwwGet(join(L, b, a), 'k')).toBe(winner);
  });

  it('a delete is a tombstone: it beats older writes, and newer writes beat it', () => {
    const m = lwwEmpty<JsonValue>();
    lwwJoinInto(m, lwwSet('k', 1, h(10, 0, 'a')));
    lwwJoinInto(m, lwwDelete('k', h(12, 0, 'b')));
    expect(lwwGet(m, 'k')).toBeUndefined();
    expect(lwwJoinInto(m, lwwSet('k', 2, h(11, 0, 'c')))).toBe(false); // late, older write cannot resurrect
    expect(lwwGet(m, 'k')).toBeUndefined();
    lwwJoinInto(m, lwwSet('k', 3, h(13, 0, 'c')));
    expect(lwwGet(m, 'k')).toBe(3);
  });

  it('agrees on one winner when a clock was reused for different writes (tombstone < value, then JSON text)', () => {
    const t = h(5, 0, 'a');
    const pairs: [ReturnType<typeof lwwSet<JsonValue>>, ReturnType<typeof lwwSet<JsonValue>>, JsonValue | undefined][] = [
      [lwwSet<JsonValue>('k', 'x', t), lwwDelete<JsonValue>('k', t), 'x'],
      [lwwSet<JsonValue>('k', 'x', t), lwwSet<JsonValue>('k', 'y', t), 'y'],
      [lwwSet<JsonValue>('k', { b: 1 }, t), lwwSet<JsonValue>('k', [1], t), { b: 1 }], // '{' > '['
    ];
    for (const [a, b, want] of pairs) {
      expect(lwwGet(join(L, a, b), 'k')).toEqual(want);
      expect(canon(join(L, a, b))).toBe(canon(join(L, b, a)));
    }
  });

  it('purges only tombstones at or below the stable clock', () => {
    const m = lwwEmpty<JsonValue>();
    lwwJoinInto(m, lwwDelete('a', h(1, 0, 'n')));
    lwwJoinInto(m, lwwDelete('b', h(3, 0, 'n')));
    lwwJoinInto(m, lwwSet('c', 1, h(1, 0, 'n')));
    expect(lwwPurgeTombstones(m, h(2, 0, 'n'))).toBe(1);
    expect([...m.entries.keys()].sort()).toEqual(['b', 'c']);
  });

  it('wire form: [wallMs, logical, nodeId(, value)], keys sorted, "__proto__" kept as data', () => {
    const m = lwwEmpty<JsonValue>();
    lwwJoinInto(m, lwwSet('z', { n: 1 }, h(7, 2, 'a')));
    lwwJoinInto(m, lwwDelete('b', h(8, 0, 'a')));
    lwwJoinInto(m, lwwSet('__proto__', null, h(9, 0, 'a')));
    const text = JSON.stringify(lwwToJson(m));
    expect(text).toBe('{"__proto__":[9,0,"a",null],"b":[8,0,"a"],"z":[7,2,"a",{"n":1}]}');
    const back = lwwFromJson(JSON.parse(text), 'm');
    expect(JSON.stringify(lwwToJson(back))).toBe(text);
    expect(lwwLive(back)).toEqual([['__proto__', null], ['z', { n: 1 }]]);
    expect(() => lwwFromJson({ k: [1, 0] }, 'm')).toThrow('m.k: expected [wallMs, logical, nodeId(, value)]');
    expect(() => lwwFromJson({ k: [1, 0, ''] }, 'm')).toThrow('m.k: malformed clock');
  });

  it('rejects an undefined value (programmer error)', () => {
    expect(() => lwwSet('k', undefined, h(1, 0, 'a'))).toThrow('"k"');
  });
});
