import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseResourceQuantity } from '../../../../sim-core/orchestrator/k8s/quantity.ts';

describe('resource.Quantity parsing (rounded up like Value()/MilliValue())', () => {
  it.each([
    ['cpu', '500m', 500], ['cpu', '2', 2000], ['cpu', '0.1', 100], ['cpu', '1.5', 1500], ['cpu', '100u', 1], ['cpu', 1, 1000],
    ['memory', '1Gi', 1073741824], ['memory', '512Mi', 536870912], ['memory', '1G', 1e9], ['memory', '128974848', 128974848],
    ['memory', '129e6', 129000000], ['memory', '123Mi', 128974848], ['memory', '1.5Ki', 1536], ['memory', '100m', 1],
    ['nvidia.com/gpu', '1', 1], ['pods', '110', 110], ['memory', '1Ti', 1099511627776],
  ])('%s %s → %d', (name, q, want) => expect(parseResourceQuantity(name, q)).toBe(want));
  it.each(['', 'abc', '1Gb', '1.2.3', '--1', '1 Gi'])('rejects %j', (q) => expect(parseResourceQuantity('memory', q)).toBeUndefined());
  it('integers round-trip with every suffix (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 1e6 }), fc.constantFrom(['Ki', 1024], ['Mi', 1024 ** 2], ['k', 1e3], ['M', 1e6], ['', 1]), (n, [suf, mul]) =>
      parseResourceQuantity('memory', `${n}${suf}`) === n * (mul as number)));
  });
});
