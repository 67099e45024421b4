import { describe, expect, it } from 'vitest';
import { chooseAttachment, distanceKm, positionAt } from '../../../sim-core/fabric/mobility.ts';

// A 3 km × 4 km right-angle path: (0,0) → (3,0) → (3,4); closing segment (3,4) → (0,0) is 5 km.
const path = [{ xKm: 0, yKm: 0 }, { xKm: 3, yKm: 0 }, { xKm: 3, yKm: 4 }];
// 10 m/s = 1 km per 100 s = 1 km per 100,000 ms.
const KM_MS = 100_000;

describe('positionAt', () => {
  it('moves at constant speed along the polyline', () => {
    expect(positionAt(path, 10, false, 0)).toEqual({ xKm: 0, yKm: 0 });
    expect(positionAt(path, 10, false, 1.5 * KM_MS)).toEqual({ xKm: 1.5, yKm: 0 });
    expect(positionAt(path, 10, false, 3 * KM_MS)).toEqual({ xKm: 3, yKm: 0 });
    expect(positionAt(path, 10, false, 5 * KM_MS)).toEqual({ xKm: 3, yKm: 2 }); // 3 km + 2 km up
  });

  it('stops at the end without loop', () => {
    expect(positionAt(path, 10, false, 7 * KM_MS)).toEqual({ xKm: 3, yKm: 4 });
    expect(positionAt(path, 10, false, 100 * KM_MS)).toEqual({ xKm: 3, yKm: 4 });
  });

  it('with loop returns along the closing segment and repeats every 12 km', () => {
    // 7 km + 2.5 km into the 5 km closing segment (3,4)→(0,0): halfway = (1.5, 2).
    const p = positionAt(path, 10, true, 9.5 * KM_MS);
    expect(p.xKm).toBeCloseTo(1.5, 12);
    expect(p.yKm).toBeCloseTo(2, 12);
    const q = positionAt(path, 10, true, (12 * 3 + 1.5) * KM_MS);
    expect(q.xKm).toBeCloseTo(1.5, 9);
    expect(q.yKm).toBeCloseTo(0, 9);
  });

  it('a single waypoint or zero speed stays put; bad input throws', () => {
    expect(positionAt([{ xKm: 2, yKm: 1 }], 10, true, 1e9)).toEqual({ xKm: 2, yKm: 1 });
    expect(positionAt(path, 0, true, 1e9)).toEqual({ xKm: 0, yKm: 0 });
    expect(() => positionAt([], 1, false, 0)).toThrow(/no waypoints/);
    expect(() => positionAt(path, -1, false, 0)).toThrow(/-1/);
    expect(() => positionAt(path, 1, false, -5)).toThrow(/-5/);
  });

  it('distanceKm is Euclidean', () => {
    expect(distanceKm({ xKm: 0, yKm: 0 }, { xKm: 3, yKm: 4 })).toBe(5);
  });
});

describe('chooseAttachment with hysteresis', () => {
  const towers = [{ xKm: 0, yKm: 0 }, { xKm: 10, yKm: 0 }];
  const RANGE = 8, MARGIN = 1;

  it('hands over only when the other tower is closer by more than the margin', () => {
    // Driving from x=0 to x=10 along y=0, starting attached to tower 0.
    let cur = chooseAttachment({ xKm: 0, yKm: 0 }, towers, -1, RANGE, MARGIN);
    expect(cur).toBe(0);
    const seq: number[] = [];
    for (const x of [4, 5, 5.4, 5.6, 6, 9]) {
      cur = chooseAttachment({ xKm: x, yKm: 0 }, towers, cur, RANGE, MARGIN);
      seq.push(cur);
    }
    // At x=5.4: to t1 4.6 vs current 5.4 → 0.8 closer, not > 1: stay. At 5.6: 4.4 vs 5.6 → 1.2 > 1: hand over.
    expect(seq).toEqual([0, 0, 0, 1, 1, 1]);
    // Coming back, tower 1 is kept until tower 0 is closer by more than 1 km (x < 4.5).
    expect(chooseAttachment({ xKm: 4.6, yKm: 0 }, towers, 1, RANGE, MARGIN)).toBe(1);
    expect(chooseAttachment({ xKm: 4.4, yKm: 0 }, towers, 1, RANGE, MARGIN)).toBe(0);
  });

  it('drops the current tower out of range and returns -1 when none is in range', () => {
    expect(chooseAttachment({ xKm: 8.5, yKm: 0 }, towers, 0, RANGE, 5)).toBe(1); // 8.5 > 8: out of range
    expect(chooseAttachment({ xKm: 5, yKm: 20 }, towers, 0, RANGE, MARGIN)).toBe(-1);
    expect(chooseAttachment({ xKm: 5, yKm: 0 }, towers, -1, RANGE, MARGIN)).toBe(0); // tie → lower index
    expect(() => chooseAttachment({ xKm: 0, yKm: 0 }, towers, 2, RANGE, MARGIN)).toThrow(/currentIndex 2/);
  });
});
