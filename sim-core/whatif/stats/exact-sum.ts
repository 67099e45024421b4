/**
 * Exact floating-point summation (Shewchuk's non-overlapping partials, as in Python's math.fsum).
 * The sum of any multiset of doubles comes out correctly rounded whatever the order of addition,
 * which is what lets per-seed histograms merge into exactly the histogram of all the values.
 */

/** Adds x to a list of non-overlapping partials (ascending magnitude), in place; x must be finite. */
export function addToPartials(partials: number[], x: number): void {
  let i = 0;
  for (let j = 0; j < partials.length; j++) {
    let y = partials[j]!;
    if (Math.abs(x) < Math.abs(y)) {
      const t = x;
      x = y;
      y = t;
    }
    const hi = x + y;
    const lo = y - (hi - x);
    if (lo !== 0) partials[i++] = lo;
    x = hi;
  }
  partials.length = i;
  partials.push(x);
}

/** The correctly rounded (half-even) value of the exact sum held in `partials`. */
export function roundPartials(partials: readonly number[]): number {
  let n = partials.length;
  if (n === 0) return 0;
  let hi = partials[--n]!;
  let lo = 0;
  while (n > 0) {
    const x = hi;
    const y = partials[--n]!;
    hi = x + y;
    lo = y - (hi - x);
    if (lo !== 0) break;
  }
  // hi + lo is exact; if lo sits exactly half an ulp away, the partials below decide the rounding.
  if (n > 0 && ((lo < 0 && partials[n - 1]! < 0) || (lo > 0 && partials[n - 1]! > 0))) {
    const y = lo * 2;
    const x = hi + y;
    if (y === x - hi) hi = x;
  }
  return hi;
}

/**
 * A canonical form of the exact sum: [r0, r1, …] (ascending magnitude) where the largest is
 * round(S), the next round(S − that), and so on. Equal exact sums give equal arrays.
 */
export function canonicalPartials(partials: readonly number[]): number[] {
  const rest = [...partials];
  const out: number[] = [];
  for (;;) {
    const r = roundPartials(rest);
    if (r === 0) break;
    out.push(r);
    addToPartials(rest, -r);
  }
  return out.reverse();
}

/** Exact, correctly rounded sum of finite numbers (order-independent). */
export function exactSum(xs: Iterable<number>): number {
  const partials: number[] = [];
  for (const x of xs) addToPartials(partials, x);
  return roundPartials(partials);
}

const SPLITTER = 134217729; // 2^27 + 1, Veltkamp's constant for doubles

/** Adds the exact product a·b to the partials (Dekker's two-product; a·b must not overflow). */
export function addProductToPartials(partials: number[], a: number, b: number): void {
  const p = a * b;
  let t = SPLITTER * a;
  const aHi = t - (t - a);
  const aLo = a - aHi;
  t = SPLITTER * b;
  const bHi = t - (t - b);
  const bLo = b - bHi;
  const err = aLo * bLo - (((p - aHi * bHi) - aLo * bHi) - aHi * bLo);
  addToPartials(partials, p);
  if (err !== 0) addToPartials(partials, err);
}
