/**
 * Kubernetes resource.Quantity strings ("500m", "1.5Gi", "2e3", "128974848") → integers the
 * scheduler uses: MilliValue for cpu, Value for everything else, both rounded up like
 * apimachinery (exact: BigInt arithmetic, no float rounding).
 */

const RE = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(?:(Ki|Mi|Gi|Ti|Pi|Ei)|([numkMGTPE])|[eE]([+-]?\d+))?$/;
const DEC: Record<string, number> = { n: -9, u: -6, m: -3, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BIN: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

/** ceil(quantity × 10^scaleExp) as a number; undefined when `text` is not a quantity or the result exceeds 2^53. */
export function parseQuantityScaled(text: string, scaleExp: number): number | undefined {
  const m = RE.exec(text.trim());
  if (!m) return undefined;
  const [, sign, num, bin, dec, exp] = m;
  const [intPart, frac = ''] = num!.split('.');
  let numer = BigInt(`${intPart || '0'}${frac}`);
  let denom = 10n ** BigInt(frac.length);
  let e10 = scaleExp + (dec ? DEC[dec]! : exp ? Number(exp) : 0);
  if (Math.abs(e10) > 400) return undefined;
  if (e10 >= 0) numer *= 10n ** BigInt(e10); else denom *= 10n ** BigInt(-e10);
  if (bin) numer *= 2n ** BigInt(BIN[bin]!);
  if (sign === '-') numer = -numer;
  // Round toward +infinity, as Quantity.Value()/MilliValue() do.
  let q = numer / denom;
  if (numer % denom !== 0n && numer > 0n) q += 1n;
  if (q > BigInt(Number.MAX_SAFE_INTEGER) || q < -BigInt(Number.MAX_SAFE_INTEGER)) return undefined;
  return Number(q);
}

/** The scheduler's number for resource `name`: millicores for cpu, the plain value otherwise. */
export function parseResourceQuantity(name: string, value: unknown): number | undefined {
  if (typeof value === 'number') value = String(value);
  if (typeof value !== 'string') return undefined;
  return parseQuantityScaled(value, name === 'cpu' ? 3 : 0);
}
