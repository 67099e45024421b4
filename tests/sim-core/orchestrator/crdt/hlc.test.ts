/**
 * Hybrid logical clocks against Kulkarni et al. (OPODIS 2014): the update rules, monotonicity,
 * send/receive causality, and the paper's bounds — Theorem 1 (l >= pt), Theorem 2
 * (l − pt <= ε, the clock skew) and the bound on c (c <= N·(ε+1) when each node's physical
 * clock ticks at least once between its events).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareHlc, hlcNow, hlcReceive, hlcZero, maxHlc, type Hlc } from '../../../../sim-core/orchestrator/crdt/hlc.ts';

const clockArb: fc.Arbitrary<Hlc> = fc.record({
  wallMs: fc.integer({ min: 0, max: 20 }),
  logical: fc.integer({ min: 0, max: 5 }),
  nodeId: fc.constantFrom('a', 'b', 'c'),
});

describe('hlc update rules (table)', () => {
  it.each([
    // local (l, c), pt → expected (l, c): l = max(l, pt); c = c+1 if l unchanged else 0
    [{ wallMs: 5, logical: 3 }, 9, { wallMs: 9, logical: 0 }],
    [{ wallMs: 5, logical: 3 }, 5, { wallMs: 5, logical: 4 }],
    [{ wallMs: 5, logical: 3 }, 2, { wallMs: 5, logical: 4 }], // physical clock stepped back
  ])('send/local %j at pt=%d → %j', (local, pt, want) => {
    expect(hlcNow({ ...local, nodeId: 'a' }, pt)).toEqual({ ...want, nodeId: 'a' });
  });

  it.each([
    // local, remote, pt → expected; l = max(l, l_m, pt), c per the four cases of the paper
    [{ wallMs: 5, logical: 3 }, { wallMs: 5, logical: 7 }, 4, { wallMs: 5, logical: 8 }], // l = l' = l_m: max(c, c_m)+1
    [{ wallMs: 6, logical: 3 }, { wallMs: 5, logical: 7 }, 4, { wallMs: 6, logical: 4 }], // l = l': c+1
    [{ wallMs: 4, logical: 3 }, { wallMs: 5, logical: 7 }, 4, { wallMs: 5, logical: 8 }], // l = l_m: c_m+1
    [{ wallMs: 4, logical: 3 }, { wallMs: 5, logical: 7 }, 9, { wallMs: 9, logical: 0 }], // pt wins: 0
  ])('receive local %j remote %j at pt=%d → %j', (local, remote, pt, want) => {
    const r = hlcReceive({ ...local, nodeId: 'a' }, { ...remote, nodeId: 'b' }, pt);
    expect(r).toEqual({ ok: true, clock: { ...want, nodeId: 'a' } });
  });

  it('orders by wallMs, then logical, then nodeId', () => {
    expect(compareHlc({ wallMs: 1, logical: 9, nodeId: 'z' }, { wallMs: 2, logical: 0, nodeId: 'a' })).toBe(-1);
    expect(compareHlc({ wallMs: 2, logical: 1, nodeId: 'a' }, { wallMs: 2, logical: 0, nodeId: 'z' })).toBe(1);
    expect(compareHlc({ wallMs: 2, logical: 1, nodeId: 'a' }, { wallMs: 2, logical: 1, nodeId: 'b' })).toBe(-1);
    expect(compareHlc({ wallMs: 2, logical: 1, nodeId: 'b' }, { wallMs: 2, logical: 1, nodeId: 'b' })).toBe(0);
    expect(maxHlc({ wallMs: 2, logical: 1, nodeId: 'a' }, { wallMs: 2, logical: 1, nodeId: 'b' }).nodeId).toBe('b');
  });

  it('rejects bad input with the offending value', () => {
    expect(() => hlcZero('')).toThrow('""');
    expect(() => hlcNow(hlcZero('a'), Number.NaN)).toThrow('NaN');
    expect(() => hlcReceive(hlcZero('a'), { wallMs: 1, logical: -1, nodeId: 'b' }, 0)).toThrow('"logical":-1');
    expect(() => hlcReceive(hlcZero('a'), hlcZero('b'), 0, { maxDriftMs: -5 })).toThrow('-5');
  });
});

describe('hlc properties', () => {
  it('compareHlc is a total order (antisymmetric, transitive, 0 only for equal clocks)', () => {
    fc.assert(fc.property(clockArb, clockArb, clockArb, (a, b, c) => {
      expect(compareHlc(a, b)).toBe(-compareHlc(b, a) || 0);
      if (compareHlc(a, b) <= 0 && compareHlc(b, c) <= 0) expect(compareHlc(a, c)).toBeLessThanOrEqual(0);
      expect(compareHlc(a, b) === 0).toBe(a.wallMs === b.wallMs && a.logical === b.logical && a.nodeId === b.nodeId);
    }), { numRuns: 500 });
  });

  it('local events are strictly monotonic and never behind the physical clock, even when it steps back', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 1_000 }), { minLength: 1, maxLength: 100 }), (pts) => {
      let c = hlcZero('a');
      for (const pt of pts) {
        const next = hlcNow(c, pt);
        expect(compareHlc(next, c)).toBe(1);
        expect(next.wallMs).toBeGreaterThanOrEqual(pt);
        c = next;
      }
    }), { numRuns: 300 });
  });

  it('a receive is later than both the local clock and the remote clock (causality)', () => {
    fc.assert(fc.property(clockArb, clockArb, fc.integer({ min: 0, max: 25 }), (local, remote, pt) => {
      const r = hlcReceive({ ...local, nodeId: 'x' }, remote, pt);
      if (!r.ok) throw new Error('no limit set');
      expect(compareHlc(r.clock, { ...local, nodeId: 'x' })).toBe(1);
      expect(compareHlc(r.clock, remote)).toBe(1);
      expect(r.clock.wallMs).toBeGreaterThanOrEqual(pt);
    }), { numRuns: 500 });
  });

  it('the drift limit refuses exactly the remote clocks more than maxDriftMs ahead of our physical clock', () => {
    fc.assert(fc.property(clockArb, clockArb, fc.integer({ min: 0, max: 25 }), fc.integer({ min: 0, max: 10 }), (local, remote, pt, maxDriftMs) => {
      const r = hlcReceive(local, remote, pt, { maxDriftMs });
      expect(r.ok).toBe(remote.wallMs - pt <= maxDriftMs);
      if (!r.ok) expect(r.error).toEqual({ kind: 'clock-drift', aheadMs: remote.wallMs - pt, maxDriftMs, remote });
    }), { numRuns: 500 });
  });

  /**
   * N nodes, true time T rising by >= 1 ms per event, node j's physical clock = T + offset_j with
   * offsets in [0, ε] (so any two clocks differ by <= ε). Messages are delivered after they are sent.
   */
  it('stays within the paper\'s bounds: pt <= l <= pt + ε, and c <= N·(ε+1)', () => {
    const arb = fc.record({
      n: fc.integer({ min: 2, max: 5 }),
      epsMs: fc.integer({ min: 0, max: 20 }),
    }).chain(({ n, epsMs }) => fc.record({
      n: fc.constant(n),
      epsMs: fc.constant(epsMs),
      offsets: fc.array(fc.integer({ min: 0, max: epsMs }), { minLength: n, maxLength: n }),
      events: fc.array(fc.record({
        node: fc.nat({ max: n - 1 }),
        dtMs: fc.integer({ min: 1, max: 3 }),
        kind: fc.constantFrom('local', 'send', 'recv'),
        pick: fc.nat({ max: 1_000 }),
      }), { maxLength: 300, size: 'max' }),
    }));
    fc.assert(fc.property(arb, ({ n, epsMs, offsets, events }) => {
      const clocks = Array.from({ length: n }, (_, j) => hlcZero(`n${j}`));
      const inbox: Hlc[][] = clocks.map(() => []);
      let trueMs = 0;
      let maxLogical = 0;
      for (const e of events) {
        trueMs += e.dtMs;
        const j = e.node;
        const pt = trueMs + offsets[j]!;
        let next: Hlc;
        if (e.kind === 'recv' && inbox[j]!.length > 0) {
          const [m] = inbox[j]!.splice(e.pick % inbox[j]!.length, 1);
          const r = hlcReceive(clocks[j]!, m!, pt);
          if (!r.ok) throw new Error('no limit set');
          next = r.clock;
        } else {
          next = hlcNow(clocks[j]!, pt);
          if (e.kind === 'send') inbox[(j + 1 + (e.pick % (n - 1))) % n]!.push(next);
        }
        clocks[j] = next;
        expect(next.wallMs).toBeGreaterThanOrEqual(pt); // Theorem 1
        expect(next.wallMs - pt).toBeLessThanOrEqual(epsMs); // Theorem 2
        maxLogical = Math.max(maxLogical, next.logical);
      }
      expect(maxLogical).toBeLessThanOrEqual(n * (epsMs + 1)); // bound on c
    }), { numRuns: 300 });
  });
});
