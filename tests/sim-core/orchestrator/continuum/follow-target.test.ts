/** The follow-the-vehicle decision, as a table of cases with the reasoning in comments. */
import { describe, expect, it } from 'vitest';
import { decideFollow, stopAndCopyBytes, type FollowCandidate, type FollowInput } from '../../../../sim-core/orchestrator/continuum/follow-target.ts';

const c = (node: string, hops: number, latencyMs: number, distanceKm: number, up = true): FollowCandidate => ({ node, hops, latencyMs, distanceKm, up });
// Car attached to t2; t1 is one hop (3 ms) back, t3 one hop ahead but farther in km.
const corridor = [c('t1', 1, 3, 3.5), c('t2', 0, 0, 0.6), c('t3', 1, 3, 4.2)];
const base: FollowInput = { current: 't1', attachedTo: 't2', candidates: corridor, policy: 'lowest-latency', maxHops: 0, latencyAboveMs: Infinity };

describe('decideFollow', () => {
  const table: [string, Partial<FollowInput>, string | null][] = [
    // t1 is 1 hop > maxHops 0: move to the 0 ms candidate t2.
    ['one hop behind, maxHops 0 → move to the attachment point', {}, 't2'],
    // 1 hop ≤ maxHops 1: stay.
    ['within maxHops → stay', { maxHops: 1 }, null],
    // within maxHops, but 3 ms > 2 ms latency trigger: move.
    ['within maxHops but over latencyAbove → move', { maxHops: 1, latencyAboveMs: 2 }, 't2'],
    ['already on the attachment point → stay', { current: 't2' }, null],
    ['out of coverage → stay', { attachedTo: null }, null],
    // t2 down: the best up candidate is t1 (3 ms; ties with t3 broken by id) = current → stay.
    ['best candidate down → stay on the next best', { candidates: [c('t1', 1, 3, 3.5), c('t2', 0, 0, 0.6, false), c('t3', 1, 3, 4.2)] }, null],
    // nearest by km: t2 (0.6 km).
    ['policy nearest uses km', { policy: 'nearest' }, 't2'],
    // current is no candidate (e.g. a MEC site): it is moved to the best candidate.
    ['current not a candidate → move', { current: 'mec' }, 't2'],
    ['no reachable candidate → stay', { current: 'mec', candidates: [c('t1', Infinity, Infinity, 3.5)] }, null],
  ];
  for (const [name, patch, target] of table) {
    it(name, () => {
      const d = decideFollow({ ...base, ...patch });
      expect(d.migrate ? d.target : null).toBe(target);
      expect(d.reason.length).toBeGreaterThan(0);
    });
  }

  it('says why', () => {
    expect(decideFollow(base)).toEqual({ migrate: true, target: 't2', reason: '1 hop(s) > maxHops 0: move to the lowest-latency candidate t2' });
  });

  it('throws on a bad maxHops', () => {
    expect(() => decideFollow({ ...base, maxHops: -1 })).toThrow(/maxHops must be an integer >= 0, got -1/);
  });
});

describe('stopAndCopyBytes', () => {
  it('stop-and-copy sends everything; pre-copy what was dirtied, capped at the state', () => {
    expect(stopAndCopyBytes('stop-and-copy', 100, 5, 1000)).toBe(100);
    expect(stopAndCopyBytes('pre-copy', 100, 5, 2000)).toBe(10); // 5 B/s × 2 s
    expect(stopAndCopyBytes('pre-copy', 100, 500, 2000)).toBe(100); // capped
    expect(stopAndCopyBytes('pre-copy', 100, 0, 2000)).toBe(0);
  });
});
