/**
 * sin, cos and tan as ports of fdlibm 5.3 (s_sin.c, s_cos.c, s_tan.c over k_sin.c, k_cos.c,
 * k_tan.c and the reduction in det-math-rem-pio2.ts), as V8's src/base/ieee754.cc has them: on
 * Node 20 the same bits as Math.sin / Math.cos / Math.tan, and the same bits on every engine.
 *
 * With x - n·π/2 = y0 + y1 and S, C, T the kernels on [-π/4, π/4]:
 *   n mod 4:   0    1    2    3
 *   sin:       S    C   -S   -C
 *   cos:       C   -S   -C    S
 *   tan:       T  -1/T   T  -1/T
 */
import { fromHighWord, highWord, clearLowWord, lowWord } from './det-math-bits.ts';
import { remPio2, REM_PIO2_Y } from './det-math-rem-pio2.ts';

// sin(x)/x - 1 ~ S1·x² + ... + S6·x¹² on [0, π/4], error <= 2^-58.
const S1 = -0.16666666666666632; // BFC55555 55555549
const S2 = 0.00833333333332249; // 3F811111 1110F8A6
const S3 = -0.0001984126982985795; // BF2A01A0 19C161D5
const S4 = 0.0000027557313707070068; // 3EC71DE3 57B1FE7D
const S5 = -2.5050760253406863e-8; // BE5AE5E6 8A2B9CEB
const S6 = 1.58969099521155e-10; // 3DE5D93A 5ACFD57C

/** fdlibm __kernel_sin: sin(x + y) for |x| <= π/4, y the tail of x (taken as 0 when iy is 0). */
function kernelSin(x: number, y: number, iy: number): number {
  if ((highWord(x) & 0x7fffffff) < 0x3e400000) return x; // |x| < 2^-27
  const z = x * x;
  const v = z * x;
  const r = S2 + z * (S3 + z * (S4 + z * (S5 + z * S6)));
  if (iy === 0) return x + v * (S1 + z * r);
  return x - ((z * (0.5 * y - v * r) - y) - v * S1);
}

// cos(x) - 1 + x²/2 ~ C1·x⁴ + ... + C6·x¹⁴ on [0, π/4], error <= 2^-58.
const C1 = 0.0416666666666666; // 3FA55555 5555554C
const C2 = -0.001388888888887411; // BF56C16C 16C15177
const C3 = 0.00002480158728947673; // 3EFA01A0 19CB1590
const C4 = -2.7557314351390663e-7; // BE927E4F 809C52AD
const C5 = 2.087572321298175e-9; // 3E21EE9E BDB4B1C4
const C6 = -1.1359647557788195e-11; // BDA8FAE9 BE8838D4

/**
 * fdlibm __kernel_cos: cos(x + y) for |x| <= π/4, y the tail of x. Above |x| = 0.3 it
 * subtracts qx (|x|/4 truncated to 21 bits, or 0.28125) from both parts, exactly, so the
 * cancellation in 1 - x²/2 loses nothing.
 */
function kernelCos(x: number, y: number): number {
  const ix = highWord(x) & 0x7fffffff;
  if (ix < 0x3e400000) return 1; // |x| < 2^-27
  const z = x * x;
  const r = z * (C1 + z * (C2 + z * (C3 + z * (C4 + z * (C5 + z * C6)))));
  if (ix < 0x3fd33333) return 1 - (0.5 * z - (z * r - x * y)); // |x| < 0.3
  const qx = ix > 0x3fe90000 ? 0.28125 : fromHighWord(ix - 0x00200000);
  const hz = 0.5 * z - qx;
  const a = 1 - qx;
  return a - (hz - (z * r - x * y));
}

// tan(x)/x - 1 ~ T0·x² + ... + T12·x²⁶ on [0, 0.67434], error <= 2^-59.2.
const T0 = 0.3333333333333341; // 3FD55555 55555563
const T1 = 0.13333333333320124; // 3FC11111 1110FE7A
const T2 = 0.05396825397622605; // 3FABA1BA 1BB341FE
const T3 = 0.021869488294859542; // 3F9664F4 8406D637
const T4 = 0.0088632398235993; // 3F8226E3 E96E8493
const T5 = 0.0035920791075913124; // 3F6D6D22 C9560328
const T6 = 0.0014562094543252903; // 3F57DBC8 FEE08315
const T7 = 0.0005880412408202641; // 3F4344D8 F2F26501
const T8 = 0.0002464631348184699; // 3F3026F7 1A8D1068
const T9 = 0.00007817944429395571; // 3F147E88 A03792A6
const T10 = 0.00007140724913826082; // 3F12B80F 32F0A7E9
const T11 = -0.000018558637485527546; // BEF375CB DB605373
const T12 = 0.00002590730518636337; // 3EFB2A70 74BF7AD4
const PIO4 = 0.7853981633974483; // 3FE921FB 54442D18
const PIO4LO = 3.061616997868383e-17; // 3C81A626 33145C07

/** -1/w where w = x + r, to < 1 ulp: a 21-bit head of each and one correction (fdlibm's tail of k_tan.c). */
function negReciprocal(w: number, x: number, r: number): number {
  const z = clearLowWord(w);
  const v = r - (z - x); // z + v = x + r
  const a = -1.0 / w;
  const t = clearLowWord(a);
  const s = 1.0 + t * z;
  return t + a * (s + t * v);
}

/**
 * fdlibm __kernel_tan (the 2004 k_tan.c): tan(x + y) when iy = 1, -1/tan(x + y) when iy = -1,
 * for |x| <= π/4; above 0.6744 it uses tan(π/4 - x) = (1 - tan x)/(1 + tan x).
 */
function kernelTan(x: number, y: number, iy: number): number {
  const hx = highWord(x);
  const ix = hx & 0x7fffffff;
  if (ix < 0x3e300000) { // |x| < 2^-28
    if (((ix | lowWord(x)) | (iy + 1)) === 0) return 1 / Math.abs(x); // -1/tan(±0)
    if (iy === 1) return x;
    return negReciprocal(x + y, x, y);
  }
  const big = ix >= 0x3fe59428; // |x| >= 0.6744
  if (big) {
    if (hx < 0) {
      x = -x;
      y = -y;
    }
    x = (PIO4 - x) + (PIO4LO - y);
    y = 0.0;
  }
  const z = x * x;
  const w = z * z;
  // x⁵·(T1 + x²·T2 + ...) split into odd and even powers of x⁴ for parallel evaluation.
  let r = T1 + w * (T3 + w * (T5 + w * (T7 + w * (T9 + w * T11))));
  const v = z * (T2 + w * (T4 + w * (T6 + w * (T8 + w * (T10 + w * T12)))));
  const s = z * x;
  r = y + z * (s * (r + v) + y);
  r += T0 * s;
  const sum = x + r;
  if (big) return (1 - ((hx >> 30) & 2)) * (iy - 2.0 * (x - ((sum * sum) / (sum + iy) - r)));
  if (iy === 1) return sum;
  return negReciprocal(sum, x, r);
}

/** Sine (fdlibm s_sin.c), error < 1 ulp. sin(±0) = ±0; sin(±Infinity) = sin(NaN) = NaN. */
export function sin(x: number): number {
  const ix = highWord(x) & 0x7fffffff;
  if (ix <= 0x3fe921fb) return kernelSin(x, 0, 0); // |x| ~<= π/4
  if (ix >= 0x7ff00000) return x - x; // NaN or ±Infinity
  const n = remPio2(x);
  const y0 = REM_PIO2_Y[0]!, y1 = REM_PIO2_Y[1]!;
  switch (n & 3) {
    case 0: return kernelSin(y0, y1, 1);
    case 1: return kernelCos(y0, y1);
    case 2: return -kernelSin(y0, y1, 1);
    default: return -kernelCos(y0, y1);
  }
}

/** Cosine (fdlibm s_cos.c), error < 1 ulp. cos(±0) = 1; cos(±Infinity) = cos(NaN) = NaN. */
export function cos(x: number): number {
  const ix = highWord(x) & 0x7fffffff;
  if (ix <= 0x3fe921fb) return kernelCos(x, 0); // |x| ~<= π/4
  if (ix >= 0x7ff00000) return x - x; // NaN or ±Infinity
  const n = remPio2(x);
  const y0 = REM_PIO2_Y[0]!, y1 = REM_PIO2_Y[1]!;
  switch (n & 3) {
    case 0: return kernelCos(y0, y1);
    case 1: return -kernelSin(y0, y1, 1);
    case 2: return -kernelCos(y0, y1);
    default: return kernelSin(y0, y1, 1);
  }
}

/** Tangent (fdlibm s_tan.c), error < 1 ulp. tan(±0) = ±0; tan(±Infinity) = tan(NaN) = NaN. */
export function tan(x: number): number {
  const ix = highWord(x) & 0x7fffffff;
  if (ix <= 0x3fe921fb) return kernelTan(x, 0, 1); // |x| ~<= π/4
  if (ix >= 0x7ff00000) return x - x; // NaN or ±Infinity
  const n = remPio2(x);
  return kernelTan(REM_PIO2_Y[0]!, REM_PIO2_Y[1]!, 1 - ((n & 1) << 1)); // 1: n even, -1: n odd
}
