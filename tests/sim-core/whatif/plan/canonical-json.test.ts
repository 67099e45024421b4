import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../../sim-core/whatif/plan/canonical-json.ts';

/** The same object with its keys inserted in reverse order, recursively. */
function reverseKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reverseKeys);
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).reverse().map(([k, x]) => [k, reverseKeys(x)]));
  }
  return v;
}

describe('canonicalJson', () => {
  it('sorts keys, drops whitespace, writes numbers as JSON does', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'x'], c: { z: 0.1, y: -0 } })).toBe('{"a":[true,null,"x"],"b":1,"c":{"y":0,"z":0.1}}');
  });

  it('is independent of key insertion order (property)', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => {
      expect(canonicalJson(reverseKeys(v))).toBe(canonicalJson(v));
    }));
  });

  it('parses back to a value deep-equal to the input (property)', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => {
      expect(JSON.parse(canonicalJson(v))).toEqual(JSON.parse(JSON.stringify(v)));
    }));
  });

  it.each([
    [{ a: NaN }, '$.a is NaN'],
    [{ a: [1, Infinity] }, '$.a[1] is Infinity'],
    [{ a: undefined }, '$.a is undefined'],
    [{ a: new Map() }, '$.a is a Map'],
  ])('throws naming the path of a value JSON cannot carry (%#)', (v, msg) => {
    expect(() => canonicalJson(v)).toThrow(msg);
  });
});
