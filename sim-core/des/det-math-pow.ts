/**
 * x^y as a port of fdlibm 5.3's e_pow.c in the form V8's src/base/ieee754.cc gives it (the
 * function behind Math.pow and ** in Node 20): the same bits as Node 20's Math.pow, and the
 * same bits on every engine.
 */
import { clearLowWord, fromHighWord, highWord, lowWord, pow2, scalbn } from './det-math-bits.ts';

const BP1 = 1.5;
const DP_H1 = 0.5849624872207642; // 3FE2B803 40000000: log2(1.5) head
const DP_L1 = 1.350039202129749e-8; // 3E4CFDEB 43CFD006: log2(1.5) tail
const TWO53 = 9007199254740992;
const HUGE = 1.0e300;
const TINY = 1.0e-300;
// (3/2)·(log(x) - 2s - (2/3)s³) ~ L1·s⁴ + ... + L6·s¹⁴.
const L1 = 0.5999999999999946; // 3FE33333 33333303
const L2 = 0.4285714285785502; // 3FDB6DB6 DB6FABFF
const L3 = 0.33333332981837743; // 3FD55555 518F264D
const L4 = 0.272728123808534; // 3FD17460 A91D4101
const L5 = 0.23066074577556175; // 3FCD864A 93C9DB65
const L6 = 0.20697501780033842; // 3FCA7E28 4A454EEF
// e_exp.c's polynomial, for 2^(fraction).
const P1 = 0.16666666666666602; // 3FC55555 5555553E
const P2 = -0.0027777777777015593; // BF66C16C 16BEBD93
const P3 = 6.613756321437934e-5; // 3F11566A AF25DE2C
const P4 = -0.0000016533902205465252; // BEBBBD41 C5D26BF1
const P5 = 4.1381367970572385e-8; // 3E663769 72BEA4D0
const LG2 = 0.6931471805599453; // 3FE62E42 FEFA39EF
const LG2_H = 0.6931471824645996; // 3FE62E43 00000000
const LG2_L = -1.904654299957768e-9; // BE205C61 0CA86C39
const OVT = 8.008566259537294e-17; // -(1024 - log2(overflow + 0.5 ulp))
const CP = 0.9617966939259756; // 3FEEC709 DC3A03FD: 2/(3 ln 2)
const CP_H = 0.9617967009544373; // 3FEEC709 E0000000: CP to 24 bits
const CP_L = -7.028461650952758e-9; // BE3E2FE0 145B01F5: CP - CP_H
const IVLN2 = 1.4426950408889634; // 3FF71547 652B82FE: 1/ln 2
const IVLN2_H = 1.4426950216293335; // 3FF71547 60000000: 1/ln 2 to 24 bits
const IVLN2_L = 1.9259629911266175e-8; // 3E54AE0B F85DDF44: 1/ln 2 - IVLN2_H

/**
 * x^y (fdlibm e_pow.c): log2(x) in two pieces w1 + w2 (w1 with 29 trailing zero bits),
 * y·log2(x) = n + y' in simulated extra precision, then 2^n·e^(y'·ln 2); nearly rounded, and
 * exact for integer powers of integers that are representable.
 * Special cases (ECMAScript Number::exponentiate): anything^±0 = 1; x^NaN = NaN; NaN^(y ≠ 0) =
 * NaN; ±1^±Infinity = NaN; |x| > 1: ^+Infinity = +Infinity, ^-Infinity = +0; |x| < 1: the
 * reverse; ±0 and ±Infinity follow the sign rules (odd integer y keeps the sign of x);
 * x < 0 with non-integer y = NaN; overflow gives ±Infinity, underflow ±0.
 */
export function pow(x: number, y: number): number {
  const hx = highWord(x), lx = lowWord(x);
  const hy = highWord(y), ly = lowWord(y);
  const ix = hx & 0x7fffffff;
  const iy = hy & 0x7fffffff;

  if ((iy | ly) === 0) return 1; // y = ±0
  if (ix > 0x7ff00000 || (ix === 0x7ff00000 && lx !== 0) || iy > 0x7ff00000 || (iy === 0x7ff00000 && ly !== 0)) {
    return x + y; // NaN
  }

  // For x < 0: yIsInt 0 = y not an integer, 1 = odd integer, 2 = even integer.
  let yIsInt = 0;
  if (hx < 0) {
    if (iy >= 0x43400000) {
      yIsInt = 2; // |y| >= 2^53: even
    } else if (iy >= 0x3ff00000) {
      const e = (iy >> 20) - 0x3ff;
      if (e > 20) {
        const j = ly >>> (52 - e);
        if ((j << (52 - e)) === (ly | 0)) yIsInt = 2 - (j & 1);
      } else if (ly === 0) {
        const j = iy >> (20 - e);
        if ((j << (20 - e)) === iy) yIsInt = 2 - (j & 1);
      }
    }
  }

  if (ly === 0) {
    if (iy === 0x7ff00000) { // y = ±Infinity
      if (((ix - 0x3ff00000) | lx) === 0) return y - y; // ±1^±Infinity = NaN
      if (ix >= 0x3ff00000) return hy >= 0 ? y : 0; // |x| > 1
      return hy < 0 ? -y : 0; // |x| < 1
    }
    if (iy === 0x3ff00000) return hy < 0 ? 1 / x : x; // y = ±1
    if (hy === 0x40000000) return x * x; // y = 2
    if (hy === 0x3fe00000 && hx >= 0) return Math.sqrt(x); // y = 0.5, x >= +0
  }

  let ax = Math.abs(x);
  if (lx === 0 && (ix === 0x7ff00000 || ix === 0 || ix === 0x3ff00000)) { // x = ±0, ±Infinity, ±1
    let z = ax;
    if (hy < 0) z = 1 / z;
    if (hx < 0) {
      if (((ix - 0x3ff00000) | yIsInt) === 0) z = NaN; // (-1)^non-integer
      else if (yIsInt === 1) z = -z; // (x < 0)^odd = -(|x|^odd)
    }
    return z;
  }

  let n = (hx >> 31) + 1; // 0 for x < 0, 1 otherwise
  if ((n | yIsInt) === 0) return NaN; // (x < 0)^non-integer
  const sign = (n | (yIsInt - 1)) === 0 ? -1 : 1; // (x < 0)^odd is negative

  let t1: number, t2: number;
  if (iy > 0x41e00000) { // |y| > 2^31
    if (iy > 0x43f00000) { // |y| > 2^64: must overflow or underflow
      if (ix <= 0x3fefffff) return hy < 0 ? HUGE * HUGE : TINY * TINY;
      if (ix >= 0x3ff00000) return hy > 0 ? HUGE * HUGE : TINY * TINY;
    }
    if (ix < 0x3fefffff) return hy < 0 ? sign * HUGE * HUGE : sign * TINY * TINY;
    if (ix > 0x3ff00000) return hy > 0 ? sign * HUGE * HUGE : sign * TINY * TINY;
    // |1 - x| <= 2^-20: log(x) ~ t - t²/2 + t³/3 - t⁴/4 is enough.
    const t = ax - 1;
    const w = (t * t) * (0.5 - t * (0.3333333333333333 - t * 0.25));
    const u = IVLN2_H * t;
    const v = t * IVLN2_L - w * IVLN2;
    t1 = clearLowWord(u + v);
    t2 = v - (t1 - u);
  } else {
    n = 0;
    let axHigh = ix;
    if (axHigh < 0x00100000) { // subnormal x
      ax *= TWO53;
      n -= 53;
      axHigh = highWord(ax);
    }
    n += (axHigh >> 20) - 0x3ff;
    const j = axHigh & 0x000fffff;
    let k: number;
    if (j <= 0x3988e) k = 0; // |x| mantissa < √(3/2)
    else if (j < 0xbb67a) k = 1; // < √3
    else {
      k = 0;
      n += 1;
    }
    // fdlibm sets ax's exponent to 0 (or -1 when n was bumped): the same exact rescaling.
    ax *= pow2(-((axHigh >> 20) - 0x3ff) - (j >= 0xbb67a ? 1 : 0));
    const normHigh = j >= 0xbb67a ? (j | 0x3ff00000) - 0x00100000 : j | 0x3ff00000;
    const bp = k === 0 ? 1.0 : BP1;

    // ss = s_h + s_l = (x - 1)/(x + 1) or (x - 1.5)/(x + 1.5).
    let u = ax - bp;
    let v = 1 / (ax + bp);
    const ss = u * v;
    const sH = clearLowWord(ss);
    let tH = fromHighWord(((normHigh >> 1) | 0x20000000) + 0x00080000 + (k << 18)); // ax + bp, high part
    let tL = ax - (tH - bp);
    const sL = v * ((u - sH * tH) - sH * tL);
    // log(ax).
    let s2 = ss * ss;
    let r = s2 * s2 * (L1 + s2 * (L2 + s2 * (L3 + s2 * (L4 + s2 * (L5 + s2 * L6)))));
    r += sL * (sH + ss);
    s2 = sH * sH;
    tH = clearLowWord(3.0 + s2 + r);
    tL = r - ((tH - 3.0) - s2);
    // u + v = ss·(1 + ...).
    u = sH * tH;
    v = sL * tH + tL * ss;
    // 2/(3 ln 2)·(ss + ...).
    const pH = clearLowWord(u + v);
    const pL = v - (pH - u);
    const zH = CP_H * pH;
    const zL = CP_L * pH + pL * CP + (k === 0 ? 0 : DP_L1);
    // log2(ax) = (ss + ...)·2/(3 ln 2) = n + dp_h + z_h + z_l.
    const dpH = k === 0 ? 0 : DP_H1;
    const t = n;
    t1 = clearLowWord(((zH + zL) + dpH) + t);
    t2 = zL - (((t1 - t) - dpH) - zH);
  }

  // (y1 + y2)·(t1 + t2) with y1 = y to 21 bits.
  const y1 = clearLowWord(y);
  const pL = (y - y1) * t1 + y * t2;
  let pH = y1 * t1;
  let z = pL + pH;
  const j = highWord(z), i = lowWord(z);
  if (j >= 0x40900000) { // z >= 1024
    if (j !== 0x40900000 || i !== 0) return sign * HUGE * HUGE; // z > 1024
    if (pL + OVT > z - pH) return sign * HUGE * HUGE;
  } else if ((j & 0x7fffffff) >= 0x4090cc00) { // z <= -1075
    if (j !== (0xc090cc00 | 0) || i !== 0) return sign * TINY * TINY; // z < -1075
    if (pL <= z - pH) return sign * TINY * TINY;
  }

  // 2^(pH + pL): split off the nearest integer n when |z| > 0.5.
  const absHigh = j & 0x7fffffff;
  let k = (absHigh >> 20) - 0x3ff;
  n = 0;
  if (absHigh > 0x3fe00000) {
    n = j + (0x00100000 >> (k + 1));
    k = ((n & 0x7fffffff) >> 20) - 0x3ff; // new k for n
    const t = fromHighWord(n & ~(0x000fffff >> k));
    n = ((n & 0x000fffff) | 0x00100000) >> (20 - k);
    if (j < 0) n = -n;
    pH -= t;
  }
  const t = clearLowWord(pL + pH);
  const u = t * LG2_H;
  const v = (pL - (t - pH)) * LG2 + t * LG2_L;
  z = u + v;
  const w = v - (z - u);
  const tt = z * z;
  const p = z - tt * (P1 + tt * (P2 + tt * (P3 + tt * (P4 + tt * P5))));
  const r = (z * p) / ((p - 2) - (w + z * w));
  z = 1 - (r - z);
  const high = (highWord(z) + (n << 20)) | 0;
  // fdlibm adds n to the exponent field; when the result is normal that is an exact scaling.
  if ((high >> 20) <= 0) z = scalbn(z, n);
  else z = n > 1023 ? z * 2 * pow2(n - 1) : z * pow2(n);
  return sign * z;
}
