import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { paretoFront, type Objective } from '../../../../sim-core/whatif/stats/pareto.ts';

/** The definition, O(n²): i is on the front when no j is ≥ as good everywhere and better somewhere. */
function bruteForce(points: Record<string, number>[], objectives: Objective[]): number[] {
  const better = (a: number, b: number, o: Objective) => (o.direction === 'lower' ? a < b : a > b);
  const front: number[] = [];
  points.forEach((p, i) => {
    const dominated = points.some((q, j) => j !== i
      && objectives.every((o) => !better(p[o.metric]!, q[o.metric]!, o))
      && objectives.some((o) => better(q[o.metric]!, p[o.metric]!, o)));
    if (!dominated) front.push(i);
  });
  return front;
}

describe('paretoFront', () => {
  it('latency vs cost vs throughput: a worked example', () => {
    const variants = [
      { p95Ms: 120, costUsd: 10, throughput: 900 }, // 0: dominated by 2 (slower, same cost, less throughput)
      { p95Ms: 80, costUsd: 30, throughput: 1000 }, // 1: fastest → front
      { p95Ms: 100, costUsd: 10, throughput: 950 }, // 2: cheapest of the fast ones → front
      { p95Ms: 100, costUsd: 10, throughput: 950 }, // 3: duplicate of 2: equal points do not dominate → front
      { p95Ms: 150, costUsd: 5, throughput: 500 }, //  4: cheapest → front
      { p95Ms: 90, costUsd: 40, throughput: 990 }, //  5: dominated by 1
    ];
    const objectives: Objective[] = [
      { metric: 'p95Ms', direction: 'lower' },
      { metric: 'costUsd', direction: 'lower' },
      { metric: 'throughput', direction: 'higher' },
    ];
    expect(paretoFront(variants, objectives)).toEqual([1, 2, 3, 4]);
    // With throughput as the only objective, only the best one remains.
    expect(paretoFront(variants, [{ metric: 'throughput', direction: 'higher' }])).toEqual([1]);
  });

  it('equals the brute-force definition (fast-check, small integer grids so ties are common)', () => {
    const objectives = fc.array(
      fc.record({ metric: fc.constantFrom('a', 'b', 'c'), direction: fc.constantFrom('lower' as const, 'higher' as const) }),
      { minLength: 1, maxLength: 3 },
    );
    const point = fc.record({ a: fc.integer({ min: 0, max: 4 }), b: fc.integer({ min: 0, max: 4 }), c: fc.constantFrom(-Infinity, 0, 1, Infinity) });
    fc.assert(fc.property(fc.array(point, { maxLength: 40 }), objectives, (points, objs) => {
      expect(paretoFront(points, objs)).toEqual(bruteForce(points, objs));
    }), { numRuns: 500 });
  });

  it('is deterministic: permuting the input permutes the answer the same way', () => {
    const pts = fc.array(fc.record({ x: fc.integer({ min: 0, max: 9 }), y: fc.integer({ min: 0, max: 9 }) }), { minLength: 1, maxLength: 30 });
    fc.assert(fc.property(pts.chain((p) => fc.tuple(fc.constant(p), fc.shuffledSubarray(p.map((_, i) => i), { minLength: p.length }))), ([points, perm]) => {
      const objs: Objective[] = [{ metric: 'x', direction: 'lower' }, { metric: 'y', direction: 'higher' }];
      const front = paretoFront(points, objs);
      const permutedFront = paretoFront(perm.map((i) => points[i]!), objs);
      expect(permutedFront.map((k) => perm[k]!).sort((a, b) => a - b)).toEqual(front);
    }));
  });

  it('rejects missing or NaN values and empty objective lists with the offending point', () => {
    expect(() => paretoFront([{ x: 1 }, { y: 2 }], [{ metric: 'x', direction: 'lower' }])).toThrow(/points\[1\]\.x.*undefined/);
    expect(() => paretoFront([{ x: NaN }], [{ metric: 'x', direction: 'lower' }])).toThrow(/NaN/);
    expect(() => paretoFront([{ x: 1 }], [])).toThrow(/at least one objective/);
    expect(paretoFront([], [{ metric: 'x', direction: 'lower' }])).toEqual([]);
  });
});
