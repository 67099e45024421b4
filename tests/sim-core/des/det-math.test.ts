/**
 * sim-core/des/det-math.ts: pinned bit patterns (what makes the functions engine-independent),
 * agreement with the running engine's Math.* to 1 ulp (Node 20 agrees exactly, other engines
 * may round the last bit differently), and the bit helpers on their edge cases.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as det from '../../../sim-core/des/det-math.ts';
import { clearLowWord, fromHighWord, scalbn } from '../../../sim-core/des/det-math-bits.ts';
import { PINS } from './det-math-pins.ts';

const F64 = new Float64Array(1);
const U64 = new BigUint64Array(F64.buffer);

/** The bits of x as 16 hex digits; 'NaN' for every NaN (payloads are not portable). */
function bits(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  F64[0] = x;
  return U64[0]!.toString(16).padStart(16, '0');
}

/** Distance in ulps between a and b (0 when both are NaN, Infinity when only one is, or when they are of different signs). */
function ulpsApart(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : Infinity;
  if (a === b) return 0;
  if (Math.sign(a) !== Math.sign(b) || !Number.isFinite(a) || !Number.isFinite(b)) {
    // Different signs are only close when both are within an ulp of zero; infinities never are.
    if (!Number.isFinite(a) || !Number.isFinite(b)) return Infinity;
    return Math.abs(a) <= 5e-324 && Math.abs(b) <= 5e-324 ? 1 : Infinity;
  }
  F64[0] = Math.abs(a);
  const ia = U64[0]!;
  F64[0] = Math.abs(b);
  const ib = U64[0]!;
  return Number(ia > ib ? ia - ib : ib - ia);
}

const UNARY = { log: det.log, log1p: det.log1p, log10: det.log10, exp: det.exp, sin: det.sin, cos: det.cos, tan: det.tan };
const MATH_UNARY = { log: Math.log, log1p: Math.log1p, log10: Math.log10, exp: Math.exp, sin: Math.sin, cos: Math.cos, tan: Math.tan };

describe('det-math: pinned bits (the cross-engine guarantee)', () => {
  it('covers every function and its special cases', () => {
    const names = new Set(PINS.map((p) => p[0]));
    expect([...names].sort()).toEqual(['cos', 'exp', 'hypot', 'log', 'log10', 'log1p', 'pow', 'sin', 'tan']);
    expect(PINS.length).toBeGreaterThan(250);
  });

  it.each(PINS.map((p) => [p.slice(0, -1).map(String).join(', '), p] as const))('%s', (_label, pin) => {
    if (pin.length === 3) {
      const [name, x, expected] = pin;
      expect(bits(UNARY[name](x))).toBe(expected);
    } else {
      const [name, x, y, expected] = pin;
      expect(bits(det[name](x, y))).toBe(expected);
    }
  });

  it('keeps the identities the ports promise', () => {
    expect(Object.is(det.sin(-0), -0)).toBe(true);
    expect(Object.is(det.tan(-0), -0)).toBe(true);
    expect(Object.is(det.log1p(-0), -0)).toBe(true);
    expect(Object.is(det.log(1), 0)).toBe(true);
    expect(det.exp(1)).toBe(Math.E);
    for (let n = 0; n <= 22; n++) expect(det.log10(Number(`1e${n}`))).toBe(n);
    for (let n = 0; n <= 30; n++) expect(det.pow(3, n)).toBe(Number(3n ** BigInt(n)));
    expect(det.pow(-2, 5)).toBe(-32);
    expect(Object.is(det.pow(-0, 3), -0)).toBe(true);
  });
});

describe('det-math: within 1 ulp of this engine\'s Math (fast-check)', () => {
  const anyDouble = fc.double();
  const moderate = fc.double({ min: -1e6, max: 1e6, noNaN: true });
  const unit = fc.double({ min: 0, max: 1, noNaN: true });

  it.each(Object.keys(UNARY) as (keyof typeof UNARY)[])('%s on any double, near [-1e6, 1e6] and on [0, 1]', (name) => {
    const mine = UNARY[name], ref = MATH_UNARY[name];
    for (const arb of [anyDouble, moderate, unit]) {
      fc.assert(fc.property(arb, (x) => ulpsApart(mine(x), ref(x)) <= 1), { numRuns: 3000 });
    }
  });

  it('pow on any pair, on positive bases, and on negative bases with integer exponents', () => {
    const ok = (x: number, y: number) => ulpsApart(det.pow(x, y), Math.pow(x, y)) <= 1;
    fc.assert(fc.property(anyDouble, anyDouble, ok), { numRuns: 5000 });
    fc.assert(fc.property(fc.double({ min: 0, max: 1e3, noNaN: true }), fc.double({ min: -60, max: 60, noNaN: true }), ok), { numRuns: 5000 });
    fc.assert(fc.property(fc.double({ min: -50, max: 0, noNaN: true }), fc.integer({ min: -200, max: 200 }), ok), { numRuns: 5000 });
  });

  it('hypot on any pair', () => {
    fc.assert(fc.property(anyDouble, anyDouble, (a, b) => ulpsApart(det.hypot(a, b), Math.hypot(a, b)) <= 1), { numRuns: 5000 });
  });
});

describe('det-math-bits', () => {
  // Rows: x, n, x·2^n rounded once (by hand: 2^-1074 is the least subnormal).
  it.each([
    [1, -1074, 5e-324], // exact least subnormal
    [1.5, -1074, 1e-323], // 1.5 ulp: ties to even, 2^-1073
    [1.25, -1074, 5e-324], // 1.25 ulp rounds down
    [1, -1075, 0], // half the least subnormal: ties to even, 0
    [5e-324, 1074, 1],
    [3, 1023, Infinity],
    [-3, 1022, -3 * 2 ** 1022],
    [0.75, 1024, 0.75 * 2 * 2 ** 1023],
    [-0, 100, -0],
    [-1, -2000, -0],
  ])('scalbn(%d, %d) = %d', (x, n, expected) => {
    expect(Object.is(scalbn(x, n), expected)).toBe(true);
  });

  it('scalbn passes NaN and infinities through', () => {
    expect(scalbn(NaN, 3)).toBeNaN();
    expect(scalbn(-Infinity, -3)).toBe(-Infinity);
  });

  it('fromHighWord and clearLowWord build the double with a zero low word', () => {
    expect(fromHighWord(0x3ff00000)).toBe(1);
    expect(fromHighWord(0xbff80000 | 0)).toBe(-1.5);
    expect(fromHighWord(0x00000001)).toBe(2 ** -1042); // subnormal: no implicit bit
    expect(Object.is(fromHighWord(0x80000000 | 0), -0)).toBe(true);
    expect(fromHighWord(0x7ff00000)).toBe(Infinity);
    expect(clearLowWord(Math.PI)).toBe(3.141592025756836); // 400921FB 00000000
    expect(clearLowWord(-(1 + 2 ** -52))).toBe(-1);
  });
});
