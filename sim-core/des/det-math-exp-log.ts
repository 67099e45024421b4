/**
 * exp, log, log1p and log10 as ports of fdlibm 5.3 (e_exp.c, e_log.c, s_log1p.c, e_log10.c),
 * in the form V8's src/base/ieee754.cc gives them: on Node 20 they return exactly Math.exp /
 * Math.log / Math.log1p / Math.log10's bits, and the same bits on every engine, because they use
 * nothing but IEEE + - * / and exact bit manipulation. Constants are fdlibm's, written as the
 * shortest decimal that parses to the hex value in the comment (<= 17 digits, so every engine
 * reads the same double).
 */
import { highWord, lowWord, pow2 } from './det-math-bits.ts';

const LN2_HI = 0.6931471803691238; // 3FE62E42 FEE00000
const LN2_LO = 1.9082149292705877e-10; // 3DEA39EF 35793C76
const TWO54 = 18014398509481984; // 43500000 00000000

// Remez polynomial for log(1+f) on [0, 0.1716] (Lg1..Lg7; s_log1p.c's Lp1..Lp7 are the same).
const LG1 = 0.6666666666666735; // 3FE55555 55555593
const LG2 = 0.3999999999940942; // 3FD99999 9997FA04
const LG3 = 0.2857142874366239; // 3FD24924 94229359
const LG4 = 0.22222198432149784; // 3FCC71C5 1D8E78AF
const LG5 = 0.1818357216161805; // 3FC74664 96CB03DE
const LG6 = 0.15313837699209373; // 3FC39A09 D078C69F
const LG7 = 0.14798198605116586; // 3FC2F112 DF3E5244

/**
 * Natural logarithm (fdlibm e_log.c): x = 2^k·(1+f) with √2/2 < 1+f < √2, log(1+f) from
 * s = f/(2+f) and a degree-14 polynomial, plus k·ln2 in two pieces; error < 1 ulp.
 * log(±0) = -Infinity, log(x < 0) = NaN, log(+Infinity) = +Infinity, log(1) = +0, log(NaN) = NaN.
 */
export function log(x: number): number {
  let hx = highWord(x);
  let k = 0;
  if (hx < 0x00100000) { // x < 2^-1022: zero, negative or subnormal
    if (((hx & 0x7fffffff) | lowWord(x)) === 0) return -Infinity;
    if (hx < 0) return NaN;
    k -= 54;
    x *= TWO54;
    hx = highWord(x);
  }
  if (hx >= 0x7ff00000) return x + x;
  const exponent = (hx >> 20) - 1023;
  hx &= 0x000fffff;
  const i = (hx + 0x95f64) & 0x100000;
  // fdlibm sets x's exponent to 0 (or -1 when i says the mantissa is above √2): the same as
  // this exact rescaling, which avoids rebuilding x from its words.
  const shift = exponent + (i >> 20);
  x *= pow2(-shift);
  k += shift;
  const f = x - 1.0;
  if ((0x000fffff & (2 + hx)) < 3) { // -2^-20 <= f < 2^-20
    if (f === 0) return k === 0 ? 0 : k * LN2_HI + k * LN2_LO;
    const r = f * f * (0.5 - 0.3333333333333333 * f);
    return k === 0 ? f - r : k * LN2_HI - ((r - k * LN2_LO) - f);
  }
  const s = f / (2.0 + f);
  const z = s * s;
  const w = z * z;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  const r = t2 + t1;
  if (((hx - 0x6147a) | (0x6b851 - hx)) > 0) { // f outside [-0.2929, 0.4142]: keep hfsq apart
    const hfsq = 0.5 * f * f;
    if (k === 0) return f - (hfsq - s * (hfsq + r));
    return k * LN2_HI - ((hfsq - (s * (hfsq + r) + k * LN2_LO)) - f);
  }
  if (k === 0) return f - s * (f - r);
  return k * LN2_HI - ((s * (f - r) - k * LN2_LO) - f);
}

/**
 * log(1 + x), accurate for tiny x (fdlibm s_log1p.c): as log, on u = 1 + x rounded, plus the
 * correction c/u for the rounding of u; error < 1 ulp.
 * log1p(-1) = -Infinity, log1p(x < -1) = NaN, log1p(±0) = ±0, log1p(+Infinity) = +Infinity.
 */
export function log1p(x: number): number {
  const hx = highWord(x);
  const ax = hx & 0x7fffffff;
  let k = 1;
  let f = 0, c = 0, hu = 0;
  if (hx < 0x3fda827a) { // 1 + x < √2
    if (ax >= 0x3ff00000) return x === -1.0 ? -Infinity : NaN; // x <= -1
    if (ax < 0x3e200000) { // |x| < 2^-29
      if (ax < 0x3c900000) return x; // |x| < 2^-54
      return x - x * x * 0.5;
    }
    if (hx > 0 || hx <= (0xbfd2bec4 | 0)) { // √2/2 <= 1 + x < √2: f = x exactly
      k = 0;
      f = x;
      hu = 1;
    }
  }
  if (hx >= 0x7ff00000) return x + x;
  if (k !== 0) {
    let u: number;
    if (hx < 0x43400000) {
      u = 1.0 + x;
      hu = highWord(u);
      k = (hu >> 20) - 1023;
      c = k > 0 ? 1.0 - (u - x) : x - (u - 1.0); // the rounding error of 1 + x
      c /= u;
    } else {
      u = x;
      hu = highWord(u);
      k = (hu >> 20) - 1023;
      c = 0;
    }
    hu &= 0x000fffff;
    // fdlibm sets u's exponent to 0 (or -1 above √2); the exact rescaling gives the same bits.
    if (hu < 0x6a09e) {
      u *= pow2(-k);
    } else {
      k += 1;
      u *= pow2(-k);
      hu = (0x00100000 - hu) >> 2;
    }
    f = u - 1.0;
  }
  const hfsq = 0.5 * f * f;
  if (hu === 0) { // |f| < 2^-20
    if (f === 0) {
      if (k === 0) return 0;
      c += k * LN2_LO;
      return k * LN2_HI + c;
    }
    const r = hfsq * (1.0 - 0.6666666666666666 * f);
    return k === 0 ? f - r : k * LN2_HI - ((r - (k * LN2_LO + c)) - f);
  }
  const s = f / (2.0 + f);
  const z = s * s;
  const r = z * (LG1 + z * (LG2 + z * (LG3 + z * (LG4 + z * (LG5 + z * (LG6 + z * LG7))))));
  if (k === 0) return f - (hfsq - s * (hfsq + r));
  return k * LN2_HI - ((hfsq - (s * (hfsq + r) + (k * LN2_LO + c))) - f);
}

const IVLN10 = 0.4342944819032518; // 3FDBCB7B 1526E50E
const LOG10_2HI = 0.30102999566361177; // 3FD34413 509F6000
const LOG10_2LO = 3.694239077158931e-13; // 3D59FEF3 11F12B36

/**
 * Base-10 logarithm (fdlibm e_log10.c): with n = ilogb(x) (n + 1 when negative) and x scaled
 * by 2^-n, n·log10(2) in two pieces + log(x)/ln 10. log10(10^n) = n for n = 0..22.
 * log10(±0) = -Infinity, log10(x < 0) = NaN, log10(+Infinity) = +Infinity, log10(1) = +0.
 */
export function log10(x: number): number {
  let hx = highWord(x);
  let k = 0;
  if (hx < 0x00100000) { // x < 2^-1022
    if (((hx & 0x7fffffff) | lowWord(x)) === 0) return -Infinity;
    if (hx < 0) return NaN;
    k -= 54;
    x *= TWO54;
    hx = highWord(x);
  }
  if (hx >= 0x7ff00000) return x + x;
  if (hx === 0x3ff00000 && lowWord(x) === 0) return 0;
  const exponent = (hx >> 20) - 1023;
  k += exponent;
  const i = (k & 0x80000000) >>> 31;
  // fdlibm sets x's exponent to -i: the same as scaling x by 2^-(exponent + i), exactly.
  x *= pow2(-(exponent + i));
  const y = k + i;
  const z = y * LOG10_2LO + IVLN10 * log(x);
  return z + y * LOG10_2HI;
}

const O_THRESHOLD = 709.782712893384; // 40862E42 FEFA39EF
const U_THRESHOLD = -745.1332191019411; // C0874910 D52D3051
const INVLN2 = 1.4426950408889634; // 3FF71547 652B82FE
const E = 2.718281828459045; // 4005BF0A 8B145769
const TWOM1000 = 9.332636185032189e-302; // 01700000 00000000
const TWO1023 = 8.98846567431158e307; // 7FE00000 00000000
// Remez polynomial for r·(e^r + 1)/(e^r - 1) on [0, 0.34658].
const P1 = 0.16666666666666602; // 3FC55555 5555553E
const P2 = -0.0027777777777015593; // BF66C16C 16BEBD93
const P3 = 6.613756321437934e-5; // 3F11566A AF25DE2C
const P4 = -0.0000016533902205465252; // BEBBBD41 C5D26BF1
const P5 = 4.1381367970572385e-8; // 3E663769 72BEA4D0

/**
 * e^x (fdlibm e_exp.c): x = k·ln2 + r with |r| <= ln2/2, e^r from a degree-5 rational
 * approximation, then scaled by 2^k; error < 1 ulp. V8 returns the correctly rounded e for
 * x = 1 (fdlibm is 1 ulp off there), and so does this port.
 * exp(+Infinity) = +Infinity, exp(-Infinity) = +0, exp(NaN) = NaN, exp(x > 709.78...) = +Infinity,
 * exp(x < -745.13...) = +0.
 */
export function exp(x: number): number {
  let hx = highWord(x);
  const negative = hx < 0;
  hx &= 0x7fffffff;
  if (hx >= 0x40862e42) { // |x| >= 709.78...
    if (hx >= 0x7ff00000) {
      if (((hx & 0xfffff) | lowWord(x)) !== 0) return x + x; // NaN
      return negative ? 0 : x;
    }
    if (x > O_THRESHOLD) return Infinity;
    if (x < U_THRESHOLD) return 0;
  }
  let hi = 0, lo = 0, k = 0;
  if (hx > 0x3fd62e42) { // |x| > ln2/2
    if (hx < 0x3ff0a2b2) { // and |x| < 1.5 ln2
      if (x === 1.0) return E;
      hi = negative ? x + LN2_HI : x - LN2_HI;
      lo = negative ? -LN2_LO : LN2_LO;
      k = negative ? -1 : 1;
    } else {
      k = (INVLN2 * x + (negative ? -0.5 : 0.5)) | 0; // truncation, as C's (int) cast
      hi = x - k * LN2_HI; // exact: k·LN2_HI has trailing zeros
      lo = k * LN2_LO;
    }
    x = hi - lo;
  } else if (hx < 0x3e300000) { // |x| < 2^-28
    return 1 + x;
  }
  const t = x * x;
  const c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k === 0) return 1 - ((x * c) / (c - 2.0) - x);
  const y = 1 - ((lo - (x * c) / (2.0 - c)) - hi);
  if (k >= -1021) {
    if (k === 1024) return y * 2.0 * TWO1023;
    return y * pow2(k);
  }
  return y * pow2(k + 1000) * TWOM1000;
}
