/**
 * Bit access for the fdlibm ports (det-math-*.ts): a double's high and low 32-bit words, as
 * fdlibm's GET_HIGH_WORD / GET_LOW_WORD / INSERT_WORDS, through one module-level
 * Float64Array/Int32Array/Uint32Array triple (no allocation per call).
 *
 * Reading a word after writing the double is cheap, but rebuilding a double from words written
 * into the buffer stalls the CPU (a 64-bit load cannot be forwarded from 32-bit stores; ~15 ns
 * on Node 20). So the hot paths never do that: they rescale by an exact power of two (pow2) or
 * rebuild a low-word-cleared double by arithmetic (fromHighWord); both give the same bits as
 * the word writes they replace. fromWords and scalbn keep the buffer way for rare paths.
 */

const F64 = new Float64Array(1);
const I32 = new Int32Array(F64.buffer);
const U32 = new Uint32Array(F64.buffer);
F64[0] = 1;
// Which 32-bit slot holds the sign and exponent: 1 on little-endian hosts, 0 on big-endian ones.
const HI = U32[1] === 0x3ff00000 ? 1 : 0;
const LO = 1 - HI;

// 2^n for n = -1074..1023, built by doubling from 2^-1074 (every step exact).
const POW2 = new Float64Array(2098);
POW2[0] = 5e-324;
for (let i = 1; i < POW2.length; i++) POW2[i] = POW2[i - 1]! * 2;

/** The high 32 bits of x (sign, exponent, top 20 mantissa bits) as a signed int32. */
export function highWord(x: number): number {
  F64[0] = x;
  return I32[HI]!;
}

/** The low 32 bits of x (bottom 32 mantissa bits) as an unsigned int. */
export function lowWord(x: number): number {
  F64[0] = x;
  return U32[LO]!;
}

/** The double with high word `hi` and low word `lo` (fdlibm INSERT_WORDS); rare paths only (see the file comment). */
export function fromWords(hi: number, lo: number): number {
  I32[HI] = hi;
  U32[LO] = lo;
  return F64[0]!;
}

/** 2^n exactly, for integer n in -1074..1023 (out of range: undefined behaviour of the caller). */
export function pow2(n: number): number {
  return POW2[n + 1074]!;
}

/**
 * The double with high word `hi` and low word 0 (fdlibm INSERT_WORDS(d, hi, 0), or
 * SET_LOW_WORD(d, 0) when hi is d's high word), by exact arithmetic instead of a buffer write.
 */
export function fromHighWord(hi: number): number {
  const biased = (hi >>> 20) & 0x7ff;
  if (biased === 0x7ff) return fromWords(hi, 0);
  const top = hi & 0xfffff;
  // A 21-bit integer times a power of two: exact. Subnormals have no implicit bit.
  const magnitude = biased === 0 ? top * POW2[32]! : (top | 0x100000) * POW2[biased - 1043 + 1074]!;
  return hi < 0 ? -magnitude : magnitude;
}

/** x with its low 32 bits cleared (fdlibm SET_LOW_WORD(x, 0)). */
export function clearLowWord(x: number): number {
  F64[0] = x;
  return fromHighWord(I32[HI]!);
}

/**
 * x · 2^n correctly rounded, for any integer n (fdlibm s_scalbn.c: scale subnormals up by 2^54
 * first, set the exponent, and round once through 2^-54 when the result is subnormal).
 */
export function scalbn(x: number, n: number): number {
  F64[0] = x;
  let hx = I32[HI]!;
  let k = (hx & 0x7ff00000) >> 20;
  if (k === 0) {
    if (((hx & 0x7fffffff) | U32[LO]!) === 0) return x; // ±0
    x *= 18014398509481984; // 2^54
    F64[0] = x;
    hx = I32[HI]!;
    k = ((hx & 0x7ff00000) >> 20) - 54;
  }
  if (k === 0x7ff) return x + x; // NaN or ±Infinity
  k += n;
  if (k > 0x7fe) return hx < 0 ? -Infinity : Infinity;
  if (k > 0) {
    I32[HI] = (hx & 0x800fffff) | (k << 20);
    return F64[0]!;
  }
  if (k <= -54) return hx < 0 ? -0 : 0;
  I32[HI] = (hx & 0x800fffff) | ((k + 54) << 20);
  return F64[0]! * 5.551115123125783e-17; // 2^-54
}
