/**
 * √(a² + b²) as V8 computes Math.hypot (src/builtins/math.tq, MathHypot): each term divided by
 * the largest, squared and added with Kahan compensation, then √ times the largest. Pure IEEE
 * arithmetic, so the same bits on every engine (other engines' own Math.hypot differ).
 */

/**
 * Hypotenuse of a right triangle with legs a and b, without overflow or underflow; the same
 * bits as Node 20's Math.hypot(a, b). ±Infinity in either leg gives +Infinity (even with NaN in
 * the other), else NaN gives NaN; hypot(±0, ±0) = +0.
 */
export function hypot(a: number, b: number): number {
  const absA = Math.abs(a), absB = Math.abs(b);
  const aIsNaN = absA !== absA, bIsNaN = absB !== absB;
  // V8 leaves a NaN out of the maximum and of the sum (its slot stays 0).
  const termA = aIsNaN ? 0 : absA, termB = bIsNaN ? 0 : absB;
  const max = termA > termB ? termA : termB;
  if (max === Infinity) return Infinity;
  if (aIsNaN || bIsNaN) return NaN;
  if (max === 0) return 0;
  let sum = 0, compensation = 0;
  let n = termA / max;
  let summand = n * n - compensation;
  let preliminary = sum + summand;
  compensation = (preliminary - sum) - summand;
  sum = preliminary;
  n = termB / max;
  summand = n * n - compensation;
  preliminary = sum + summand;
  sum = preliminary;
  return Math.sqrt(sum) * max;
}
