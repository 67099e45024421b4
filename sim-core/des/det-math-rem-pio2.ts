/**
 * Argument reduction for the trig ports (det-math-trig.ts): x - n·π/2 as a double-double, as
 * fdlibm 5.3's e_rem_pio2.c (Cody–Waite with π/2 in 33-bit pieces, up to |x| ~ 2^19·π/2) and
 * k_rem_pio2.c (Payne–Hanek with 2/π in 24-bit chunks, beyond that) do in V8's
 * src/base/ieee754.cc, so the result carries the same bits. Scratch arrays are module-level
 * (no allocation per call).
 */
import { highWord, pow2, scalbn } from './det-math-bits.ts';

/** Output of remPio2: [y0, y1], the reduced argument as head + tail, |y0 + y1| <= π/4. */
export const REM_PIO2_Y = new Float64Array(2);

// 2/π to 1584 bits, in 24-bit chunks: chunk i is bits 24i+1..24i+24 after the binary point.
const TWO_OVER_PI = Int32Array.from([
  0xa2f983, 0x6e4e44, 0x1529fc, 0x2757d1, 0xf534dd, 0xc0db62, 0x95993c, 0x439041, 0xfe5163, 0xabdebb, 0xc561b7,
  0x246e3a, 0x424dd2, 0xe00649, 0x2eea09, 0xd1921c, 0xfe1deb, 0x1cb129, 0xa73ee8, 0x8235f5, 0x2ebb44, 0x84e99c,
  0x7026b4, 0x5f7e41, 0x3991d6, 0x398353, 0x39f49c, 0x845f8b, 0xbdf928, 0x3b1ff8, 0x97ffde, 0x05980f, 0xef2f11,
  0x8b5a0a, 0x6d1f6d, 0x367ecf, 0x27cb09, 0xb74f46, 0x3f669e, 0x5fea2d, 0x7527ba, 0xc7ebe5, 0xf17b3d, 0x0739f7,
  0x8a5292, 0xea6bfb, 0x5fb11f, 0x8d5d08, 0x560330, 0x46fc7b, 0x6babf0, 0xcfbc20, 0x9af436, 0x1da9e3, 0x91615e,
  0xe61b08, 0x659985, 0x5f14a0, 0x68408d, 0xffd880, 0x4d7327, 0x310606, 0x1556ca, 0x73a8c9, 0x60e27b, 0xc08c6b,
]);

// High words of n·π/2 for n = 1..32: an argument sharing one may cancel badly in one step.
const NPIO2_HW = Int32Array.from([
  0x3ff921fb, 0x400921fb, 0x4012d97c, 0x401921fb, 0x401f6a7a, 0x4022d97c, 0x4025fdbb, 0x402921fb,
  0x402c463a, 0x402f6a7a, 0x4031475c, 0x4032d97c, 0x40346b9c, 0x4035fdbb, 0x40378fdb, 0x403921fb,
  0x403ab41b, 0x403c463a, 0x403dd85a, 0x403f6a7a, 0x40407e4c, 0x4041475c, 0x4042106c, 0x4042d97c,
  0x4043a28c, 0x40446b9c, 0x404534ac, 0x4045fdbb, 0x4046c6cb, 0x40478fdb, 0x404858eb, 0x404921fb,
]);

const INVPIO2 = 0.6366197723675814; // 3FE45F30 6DC9C883: 53 bits of 2/π
const PIO2_1 = 1.5707963267341256; // 3FF921FB 54400000: first 33 bits of π/2
const PIO2_1T = 6.077100506506192e-11; // 3DD0B461 1A626331: π/2 - PIO2_1
const PIO2_2 = 6.077100506303966e-11; // 3DD0B461 1A600000: second 33 bits
const PIO2_2T = 2.0222662487959506e-21; // 3BA3198A 2E037073: π/2 - (PIO2_1 + PIO2_2)
const PIO2_3 = 2.0222662487111665e-21; // 3BA3198A 2E000000: third 33 bits
const PIO2_3T = 8.4784276603689e-32; // 397B839A 252049C1: π/2 - (PIO2_1 + PIO2_2 + PIO2_3)
const TWO24 = 16777216;
const TWON24 = 5.960464477539063e-8; // 2^-24

/**
 * n such that x - n·π/2 = REM_PIO2_Y[0] + REM_PIO2_Y[1] (fdlibm __ieee754_rem_pio2); for
 * NaN and ±Infinity, n = 0 and both are NaN.
 */
export function remPio2(x: number): number {
  const y = REM_PIO2_Y;
  const hx = highWord(x);
  const ix = hx & 0x7fffffff;
  if (ix <= 0x3fe921fb) { // |x| ~<= π/4: nothing to reduce
    y[0] = x;
    y[1] = 0;
    return 0;
  }
  if (ix < 0x4002d97c) { // |x| < 3π/4: n = ±1
    if (hx > 0) {
      let z = x - PIO2_1;
      if (ix !== 0x3ff921fb) { // 33 + 53 bits of π/2 are enough
        y[0] = z - PIO2_1T;
        y[1] = (z - y[0]!) - PIO2_1T;
      } else { // near π/2: use 33 + 33 + 53 bits
        z -= PIO2_2;
        y[0] = z - PIO2_2T;
        y[1] = (z - y[0]!) - PIO2_2T;
      }
      return 1;
    }
    let z = x + PIO2_1;
    if (ix !== 0x3ff921fb) {
      y[0] = z + PIO2_1T;
      y[1] = (z - y[0]!) + PIO2_1T;
    } else {
      z += PIO2_2;
      y[0] = z + PIO2_2T;
      y[1] = (z - y[0]!) + PIO2_2T;
    }
    return -1;
  }
  if (ix <= 0x413921fb) { // |x| ~<= 2^19·π/2: Cody–Waite
    const t = Math.abs(x);
    const n = (t * INVPIO2 + 0.5) | 0;
    const fn = n;
    let r = t - fn * PIO2_1;
    let w = fn * PIO2_1T; // first round: good to 85 bits
    if (n < 32 && ix !== NPIO2_HW[n - 1]) {
      y[0] = r - w; // no cancellation possible
    } else {
      const j = ix >> 20;
      y[0] = r - w;
      if (j - ((highWord(y[0]!) >> 20) & 0x7ff) > 16) { // second round, good to 118 bits
        let u = r;
        w = fn * PIO2_2;
        r = u - w;
        w = fn * PIO2_2T - ((u - r) - w);
        y[0] = r - w;
        if (j - ((highWord(y[0]!) >> 20) & 0x7ff) > 49) { // third round, 151 bits: covers every case
          u = r;
          w = fn * PIO2_3;
          r = u - w;
          w = fn * PIO2_3T - ((u - r) - w);
          y[0] = r - w;
        }
      }
    }
    y[1] = (r - y[0]!) - w;
    if (hx < 0) {
      y[0] = -y[0]!;
      y[1] = -y[1]!;
      return -n;
    }
    return n;
  }
  if (ix >= 0x7ff00000) { // NaN or ±Infinity
    y[0] = y[1] = x - x;
    return 0;
  }
  // Split |x|·2^-e0 (in [2^23, 2^24)) into three 24-bit pieces for Payne–Hanek.
  const e0 = (ix >> 20) - 1046;
  let z = Math.abs(x) * pow2(-e0); // fdlibm rewrites the exponent: the same exact scaling
  const tx = TX;
  for (let i = 0; i < 2; i++) {
    tx[i] = z | 0;
    z = (z - tx[i]!) * TWO24;
  }
  tx[2] = z;
  let nx = 3;
  while (tx[nx - 1] === 0) nx--; // skip zero terms
  const n = kernelRemPio2(tx, e0, nx);
  if (hx < 0) {
    y[0] = -y[0]!;
    y[1] = -y[1]!;
    return -n;
  }
  return n;
}

// π/2 in 24-bit pieces (k_rem_pio2.c PIo2[]).
const PIO2_CHUNKS = Float64Array.from([
  1.570796251296997, // 3FF921FB 40000000
  7.549789415861596e-8, // 3E74442D 00000000
  5.390302529957765e-15, // 3CF84698 80000000
  3.282003415807913e-22, // 3B78CC51 60000000
  1.270655753080676e-29, // 39F01B83 80000000
  1.2293330898111133e-36, // 387A2520 40000000
  2.7337005381646456e-44, // 36E38222 80000000
  2.1674168387780482e-51, // 3569F31D 00000000
]);

const TX = new Float64Array(3);
const F = new Float64Array(20);
const Q = new Float64Array(20);
const FQ = new Float64Array(20);
const IQ = new Int32Array(20);
const JK = 4; // init_jk[prec] for prec = 2, the precision __ieee754_rem_pio2 asks for
const JP = JK;

/**
 * fdlibm __kernel_rem_pio2(x, y, e0, nx, prec = 2, two_over_pi): the last three bits of N and
 * x·2^e0 - N·π/2 into REM_PIO2_Y, where x[] holds nx 24-bit pieces of the argument. Skips
 * the part of x·2/π that is a multiple of 8, so the cost does not grow with the exponent.
 */
function kernelRemPio2(x: Float64Array, e0: number, nx: number): number {
  const jx = nx - 1;
  let jv = ((e0 - 3) / 24) | 0; // C division truncates toward zero
  if (jv < 0) jv = 0;
  let q0 = e0 - 24 * (jv + 1);

  // f[0..jx+jk] = two_over_pi[jv-jx .. jv+jk], zero before the table starts.
  for (let i = 0, j = jv - jx; i <= jx + JK; i++, j++) F[i] = j < 0 ? 0 : TWO_OVER_PI[j]!;
  for (let i = 0; i <= JK; i++) {
    let fw = 0;
    for (let j = 0; j <= jx; j++) fw += x[j]! * F[jx + i - j]!;
    Q[i] = fw;
  }

  let jz = JK;
  let z: number, n: number, ih: number;
  for (;;) { // fdlibm's `recompute:` label
    // Distill q[] into iq[], most significant last.
    let i = 0;
    z = Q[jz]!;
    for (let j = jz; j > 0; i++, j--) {
      const fw = (TWON24 * z) | 0;
      IQ[i] = (z - TWO24 * fw) | 0;
      z = Q[j - 1]! + fw;
    }
    z = scalbn(z, q0);
    z -= 8.0 * Math.floor(z * 0.125); // drop the integer part >= 8
    n = z | 0;
    z -= n;
    ih = 0;
    if (q0 > 0) { // iq[jz-1] holds bits of n
      const top = IQ[jz - 1]! >> (24 - q0);
      n += top;
      IQ[jz - 1] = IQ[jz - 1]! - (top << (24 - q0));
      ih = IQ[jz - 1]! >> (23 - q0);
    } else if (q0 === 0) {
      ih = IQ[jz - 1]! >> 23;
    } else if (z >= 0.5) {
      ih = 2;
    }
    if (ih > 0) { // fraction > 0.5: take 1 - fraction and round n up
      n += 1;
      let carry = 0;
      for (let k = 0; k < jz; k++) {
        const j = IQ[k]!;
        if (carry === 0) {
          if (j !== 0) {
            carry = 1;
            IQ[k] = 0x1000000 - j;
          }
        } else {
          IQ[k] = 0xffffff - j;
        }
      }
      if (q0 === 1) IQ[jz - 1] = IQ[jz - 1]! & 0x7fffff;
      else if (q0 === 2) IQ[jz - 1] = IQ[jz - 1]! & 0x3fffff;
      if (ih === 2) {
        z = 1 - z;
        if (carry !== 0) z -= scalbn(1, q0);
      }
    }
    if (z !== 0) break;
    let any = 0;
    for (let k = jz - 1; k >= JK; k--) any |= IQ[k]!;
    if (any !== 0) break;
    // The fraction is all zeros so far: take more terms of 2/π and distill again.
    let more = 1;
    while (more <= JK && IQ[JK - more] === 0) more++;
    for (let k = jz + 1; k <= jz + more; k++) {
      F[jx + k] = TWO_OVER_PI[jv + k]!;
      let fw = 0;
      for (let j = 0; j <= jx; j++) fw += x[j]! * F[jx + k - j]!;
      Q[k] = fw;
    }
    jz += more;
  }

  // Chop off zero terms, or split z into 24-bit pieces.
  if (z === 0) {
    jz -= 1;
    q0 -= 24;
    while (IQ[jz] === 0) {
      jz--;
      q0 -= 24;
    }
  } else {
    z = scalbn(z, -q0);
    if (z >= TWO24) {
      const fw = (TWON24 * z) | 0;
      IQ[jz] = z - TWO24 * fw;
      jz += 1;
      q0 += 24;
      IQ[jz] = fw;
    } else {
      IQ[jz] = z;
    }
  }

  // Back to floating point, then multiply by π/2.
  let fw = scalbn(1, q0);
  for (let i = jz; i >= 0; i--) {
    Q[i] = fw * IQ[i]!;
    fw *= TWON24;
  }
  for (let i = jz; i >= 0; i--) {
    let sum = 0;
    for (let k = 0; k <= JP && k <= jz - i; k++) sum += PIO2_CHUNKS[k]! * Q[i + k]!;
    FQ[jz - i] = sum;
  }

  // Compress fq[] into y[0] + y[1] (prec 2).
  let sum = 0;
  for (let i = jz; i >= 0; i--) sum += FQ[i]!;
  REM_PIO2_Y[0] = ih === 0 ? sum : -sum;
  sum = FQ[0]! - sum;
  for (let i = 1; i <= jz; i++) sum += FQ[i]!;
  REM_PIO2_Y[1] = ih === 0 ? sum : -sum;
  return n & 7;
}
