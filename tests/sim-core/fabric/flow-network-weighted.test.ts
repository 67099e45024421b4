/**
 * Weighted max-min fair sharing: hand-computed cases, the weighted max-min characterisation on
 * random flow sets (property), agreement with an independent naive weighted filling, and weight 1
 * giving exactly the unweighted rates.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FlowNetwork } from '../../../sim-core/fabric/flow-network.ts';

const MBPS = 1e6;
const REL = 1e-9;

/** Naive weighted progressive filling, written independently of FlowNetwork. */
function referenceRates(caps: readonly number[], paths: readonly number[][], w: readonly number[]): number[] {
  const rate = paths.map(() => NaN);
  const rem = [...caps];
  let open = paths.map((_, i) => i);
  while (open.length > 0) {
    let best = Infinity, bestR = -1;
    for (let r = 0; r < caps.length; r++) {
      const on = open.filter((f) => paths[f]!.includes(r));
      const ws = on.reduce((s, f) => s + w[f]!, 0);
      if (on.length > 0 && Math.max(0, rem[r]!) / ws < best) { best = Math.max(0, rem[r]!) / ws; bestR = r; }
    }
    const frozen = open.filter((f) => paths[f]!.includes(bestR));
    for (const f of frozen) {
      rate[f] = best * w[f]!;
      for (const r of paths[f]!) rem[r] = rem[r]! - rate[f]!;
    }
    open = open.filter((f) => !frozen.includes(f));
  }
  return rate;
}

describe('FlowNetwork: weighted max-min, hand-computed', () => {
  it('one link, weights 8 : 1 : 0.25 share 100 Mbps in proportion', () => {
    const net = new FlowNetwork([100 * MBPS], 1);
    const a = net.start([0], 1e9, 0, 0, 8), b = net.start([0], 1e9, 0, 1, 1), c = net.start([0], 1e9, 0, 2, 0.25);
    // unit share = 100 / (8 + 1 + 0.25) = 10.8108… Mbps
    const unit = (100 * MBPS) / 9.25;
    expect(net.rateBps(a)).toBeCloseTo(8 * unit, 3);
    expect(net.rateBps(b)).toBeCloseTo(unit, 3);
    expect(net.rateBps(c)).toBeCloseTo(0.25 * unit, 3);
    expect(net.weightOf(a)).toBe(8);
    expect(net.resourceRateBps(0)).toBeCloseTo(100 * MBPS, 3);
  });

  it('a heavy flow capped by its other link leaves the rest to the light one', () => {
    // r0 = 100 Mbps shared by A (w 4, also on r1 = 20 Mbps) and B (w 1).
    // Unit shares: r0 100/5 = 20, r1 20/4 = 5 → r1 first: A = 4·5 = 20 Mbps; then B = 100 − 20 = 80.
    const net = new FlowNetwork([100 * MBPS, 20 * MBPS], 2);
    const a = net.start([0, 1], 1e9, 0, 0, 4), b = net.start([0], 1e9, 0, 1, 1);
    expect(net.rateBps(a)).toBeCloseTo(20 * MBPS, 3);
    expect(net.rateBps(b)).toBeCloseTo(80 * MBPS, 3);
  });

  it('a weighted flow finishes first, then the other takes the whole link', () => {
    // 80 Mbps, A (w 3) and B (w 1) each 10 MB: A at 60 Mbps ends at 10e6·8/60e6 s = 1333.33 ms,
    // B has sent 20 Mbps · 1.3333 s = 3.3333 MB, its other 6.6667 MB at 80 Mbps take 666.67 ms → 2000 ms.
    const net = new FlowNetwork([80 * MBPS], 1);
    net.start([0], 10e6, 0, 0, 3); net.start([0], 10e6, 0, 1, 1);
    expect(net.nextCompletionMs()).toBeCloseTo(4000 / 3, 6);
    expect(net.takeCompleted(net.nextCompletionMs())).toEqual([0]);
    expect(net.nextCompletionMs()).toBeCloseTo(2000, 6);
  });

  it('refuses a weight that is not finite and > 0', () => {
    const net = new FlowNetwork([MBPS], 1);
    expect(() => net.start([0], 1, 0, 0, 0)).toThrow(/weight must be finite and > 0, got 0/);
    expect(() => net.startOnResource(0, 1, 0, 0, -1)).toThrow(/weight/);
    expect(() => net.start([0], 1, 0, 0, Infinity)).toThrow(/weight/);
  });
});

const weightedSet = fc.integer({ min: 1, max: 5 }).chain((nRes) => fc.record({
  caps: fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 1000 }).map((m) => m * MBPS)), { minLength: nRes, maxLength: nRes }),
  flows: fc.array(fc.record({
    path: fc.uniqueArray(fc.integer({ min: 0, max: nRes - 1 }), { minLength: 1, maxLength: nRes }),
    weight: fc.oneof(fc.constantFrom(0.25, 1, 8), fc.double({ min: 0.01, max: 100, noNaN: true })),
  }), { minLength: 1, maxLength: 20 }),
}));

describe('FlowNetwork: weighted max-min characterisation (property)', () => {
  it('capacity never exceeded; every flow has a saturated bottleneck where its rate/weight is maximal; equals naive filling', () => {
    fc.assert(fc.property(weightedSet, ({ caps, flows }) => {
      const net = new FlowNetwork(caps, caps.length);
      const ids = flows.map((f, i) => net.start(f.path, 1e12, 0, i, f.weight));
      const rate = ids.map((id) => net.rateBps(id));
      const load = caps.map((_, r) => flows.reduce((s, f, i) => s + (f.path.includes(r) ? rate[i]! : 0), 0));
      caps.forEach((c, r) => expect(load[r]!).toBeLessThanOrEqual(c * (1 + REL) + REL));
      flows.forEach((f, i) => {
        const norm = rate[i]! / f.weight;
        const hasBottleneck = f.path.some((r) => {
          const saturated = load[r]! >= caps[r]! * (1 - REL) - REL;
          const maximal = flows.every((g, j) => !g.path.includes(r) || rate[j]! / g.weight <= norm * (1 + 1e-7) + REL);
          return saturated && maximal;
        });
        expect(hasBottleneck, `flow ${i} w ${f.weight} on [${f.path}] at ${rate[i]} has no bottleneck`).toBe(true);
      });
      referenceRates(caps, flows.map((f) => f.path), flows.map((f) => f.weight))
        .forEach((r, i) => expect(Math.abs(rate[i]! - r)).toBeLessThanOrEqual(1e-7 * Math.max(1, r)));
    }), { numRuns: 300, seed: 20261203 });
  });

  it('weight 1 everywhere gives bit-identical rates and completions to the default', () => {
    fc.assert(fc.property(weightedSet, ({ caps, flows }) => {
      const a = new FlowNetwork(caps, caps.length), b = new FlowNetwork(caps, caps.length);
      flows.forEach((f, i) => { a.start(f.path, 1e6 * (i + 1), 0, i); b.start(f.path, 1e6 * (i + 1), 0, i, 1); });
      expect(b.nextCompletionMs()).toBe(a.nextCompletionMs());
      for (let r = 0; r < caps.length; r++) expect(b.resourceRateBps(r)).toBe(a.resourceRateBps(r));
    }), { numRuns: 100, seed: 7 });
  });

  it('scaling every weight by the same factor does not change the rates', () => {
    fc.assert(fc.property(weightedSet, fc.constantFrom(0.5, 2, 10), ({ caps, flows }, k) => {
      const a = new FlowNetwork(caps, caps.length), b = new FlowNetwork(caps, caps.length);
      const ia = flows.map((f, i) => a.start(f.path, 1e12, 0, i, f.weight));
      const ib = flows.map((f, i) => b.start(f.path, 1e12, 0, i, f.weight * k));
      ia.forEach((id, i) => expect(Math.abs(a.rateBps(id) - b.rateBps(ib[i]!))).toBeLessThanOrEqual(1e-7 * Math.max(1, a.rateBps(id))));
    }), { numRuns: 100, seed: 11 });
  });
});
