import { describe, expect, it } from 'vitest';
import { parseWaves, planWaves, stepCount, WaveSpecError } from '../../../../sim-core/orchestrator/rollout/waves.ts';

const nodes = (n: number) => Array.from({ length: n }, (_, i) => `n${String(i).padStart(2, '0')}`);
const sizes = (n: number, spec: string) => planWaves(nodes(n), parseWaves(spec)).map((w) => w.cumulative.length);

describe('parseWaves', () => {
  it('reads counts and percentages (hundredths of a percent)', () => {
    expect(parseWaves(' 1, 10%,12.5%,100% ').steps).toEqual([
      { kind: 'count', count: 1 }, { kind: 'percent', hundredths: 1000 }, { kind: 'percent', hundredths: 1250 }, { kind: 'percent', hundredths: 10000 },
    ]);
  });

  it.each([
    ['', /empty/],
    ['1,,50%', /waves\[1\]: empty entry/],
    ['0', /at least 1/],
    ['-1', /not a node count or a percentage/],
    ['abc', /waves\[0\] "abc": not a node count/],
    ['101%', /at most 100%/],
    ['0%', /above 0%/],
    ['50%,10%', /waves\[1\] "10%": percentages must increase \(the one before is 50%\)/],
    ['5,5', /node counts must increase/],
    ['1.5', /not a node count/],
    ['10.123%', /not a node count or a percentage/],
    [Array(101).fill('1').join(','), /more than the 100 allowed/],
  ])('refuses %j', (spec, msg) => {
    expect(() => parseWaves(spec)).toThrow(WaveSpecError);
    expect(() => parseWaves(spec)).toThrow(msg);
  });
});

describe('planWaves', () => {
  it.each([
    // 1 canary; ceil(20*10%)=2; ceil(20*50%)=10; 20
    [20, '1,10%,50%,100%', [1, 2, 10, 20]],
    // 1; ceil(7*10%)=1 → dropped (adds nobody); ceil(3.5)=4; 7
    [7, '1,10%,50%,100%', [1, 4, 7]],
    // a single node: every wave collapses into one
    [1, '1,10%,50%,100%', [1]],
    // spec stops short: a final wave with everyone is added
    [10, '1,10%', [1, 10]],
    // counts above the fleet are capped
    [3, '2,50', [2, 3]],
    // mixed kinds: 5 then ceil(10*30%)=3 adds nobody (never shrinks), then 10
    [10, '5,30%', [5, 10]],
    // ceil(3 * 33.33%) = ceil(0.9999) = 1 ; ceil(3*66.67%) = ceil(2.0001) = 3
    [3, '33.33%,66.67%', [1, 3]],
  ])('%i nodes with %s → cumulative sizes %j', (n, spec, expected) => {
    expect(sizes(n, spec)).toEqual(expected);
  });

  it('waves are consecutive slices of the sorted list, canary first, every node exactly once', () => {
    const list = nodes(20);
    const waves = planWaves(list, parseWaves('1,10%,50%'));
    expect(waves[0]!.added).toEqual(['n00']);
    expect(waves[1]!.added).toEqual(['n01']);
    expect(waves.flatMap((w) => w.added)).toEqual(list);
    expect(waves.map((w) => w.index)).toEqual([0, 1, 2, 3]);
    for (let i = 1; i < waves.length; i++) expect(waves[i]!.cumulative.slice(0, waves[i - 1]!.cumulative.length)).toEqual(waves[i - 1]!.cumulative);
  });

  it('no nodes → no waves; duplicate node ids throw', () => {
    expect(planWaves([], parseWaves('1,100%'))).toEqual([]);
    expect(() => planWaves(['a', 'b', 'a'], parseWaves('1'))).toThrow(/"a" appears twice/);
  });

  it('percentages round up exactly (integer arithmetic)', () => {
    for (let total = 0; total <= 200; total++) {
      for (const h of [1, 999, 1000, 3333, 5000, 9999, 10000]) {
        const c = stepCount({ kind: 'percent', hundredths: h }, total);
        // c is the smallest count with c / total >= h / 10000
        expect(c * 10000).toBeGreaterThanOrEqual(total * h);
        if (c > 0) expect((c - 1) * 10000).toBeLessThan(total * h);
      }
    }
  });
});
