/**
 * Majority quorum: which side of a partition may decide (3 and 5 members), a deterministic
 * leader, and — property — two disjoint groups can never both decide.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quorumOf } from '../../../../sim-core/orchestrator/detector/quorum.ts';

/** Reachability of a partition: members reach each other iff they are in the same group. */
const partition = (groups: string[][]) => (a: string, b: string) => groups.some((g) => g.includes(a) && g.includes(b));
const allUp = () => true;

describe('quorumOf', () => {
  it('3 members: the side with 2 decides, the single member does not', () => {
    const q = quorumOf(['a', 'b', 'c'], allUp, partition([['a'], ['b', 'c']]));
    expect(q).toEqual({ canDecide: true, leader: 'b', reachable: ['b', 'c'], needed: 2 });
    expect(quorumOf(['a', 'b', 'c'], (m) => m === 'a', partition([['a'], ['b', 'c']])).canDecide).toBe(false);
  });
  it('5 members: 3 | 2 → the three decide; 2 | 2 | 1 → nobody', () => {
    const ms = ['m1', 'm2', 'm3', 'm4', 'm5'];
    const q = quorumOf(ms, allUp, partition([['m1', 'm2'], ['m3', 'm4', 'm5']]));
    expect(q.canDecide).toBe(true);
    expect(q.leader).toBe('m3');
    expect(q.needed).toBe(3);
    expect(quorumOf(ms, allUp, partition([['m1', 'm2'], ['m3', 'm4'], ['m5']])).canDecide).toBe(false);
  });
  it('down members do not count, even when reachable', () => {
    expect(quorumOf(['a', 'b', 'c'], (m) => m !== 'b', () => true)).toEqual({ canDecide: true, leader: 'a', reachable: ['a', 'c'], needed: 2 });
    expect(quorumOf(['a', 'b', 'c'], (m) => m === 'c', () => true).canDecide).toBe(false);
  });
  it('the leader is the lowest id of the majority, whatever the input order', () => {
    const a = quorumOf(['z', 'y', 'x', 'w'], allUp, partition([['w'], ['x', 'y', 'z']]));
    const b = quorumOf(['x', 'w', 'z', 'y'], allUp, partition([['w'], ['x', 'y', 'z']]));
    expect(a.leader).toBe('x');
    expect(b).toEqual(a);
  });
  it('no two disjoint groups can both decide (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 9 }), fc.array(fc.boolean(), { minLength: 9, maxLength: 9 }), (n, side) => {
      const ms = Array.from({ length: n }, (_, i) => `m${i}`);
      const g1 = ms.filter((_, i) => side[i]);
      const g2 = ms.filter((_, i) => !side[i]);
      const reach = partition([g1, g2]);
      // Each side asks with only its own members up (the view from inside it).
      const q1 = quorumOf(ms, (m) => g1.includes(m), reach);
      const q2 = quorumOf(ms, (m) => g2.includes(m), reach);
      expect(q1.canDecide && q2.canDecide).toBe(false);
      expect(q1.canDecide).toBe(g1.length >= Math.floor(n / 2) + 1);
    }));
  });
});
