/**
 * closest() prunes distances that cannot win; it must pick exactly what the plain definition
 * picks (the full Levenshtein distance to every candidate, the first of the nearest, within the
 * limit), and levenshteinWithin must agree with levenshtein wherever that is within its bound.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { closest, levenshtein, levenshteinWithin } from '../../../sim-core/text/did-you-mean.ts';

/** The definition closest() implements, with no pruning. */
function closestByDefinition(word: string, candidates: readonly string[]): string | undefined {
  const limit = word.length <= 3 ? 1 : Math.max(2, Math.floor(word.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = levenshtein(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) { best = c; bestDistance = d; }
  }
  return bestDistance <= limit ? best : undefined;
}

const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'A', '-', '1'), maxLength: 12 });

describe('did you mean', () => {
  it('levenshteinWithin equals levenshtein within the bound and exceeds the bound otherwise (property)', () => {
    fc.assert(fc.property(word, word, fc.integer({ min: 0, max: 12 }), (a, b, max) => {
      const full = levenshtein(a, b);
      const within = levenshteinWithin(a, b, max);
      if (full <= max) expect(within).toBe(full);
      else expect(within).toBeGreaterThan(max);
    }), { numRuns: 2000 });
  });

  it('closest picks what the unpruned definition picks (property)', () => {
    fc.assert(fc.property(word, fc.array(word, { maxLength: 12 }), (w, cs) => {
      expect(closest(w, cs)).toBe(closestByDefinition(w, cs));
    }), { numRuns: 2000 });
  });

  it('suggests near misses and nothing for a far one', () => {
    expect(closest('regional-eu-wset', ['cloud-1', 'regional-eu-west', 'regional-eu-north'])).toBe('regional-eu-west');
    expect(closest('EDGE-1', ['edge-1', 'edge-2'])).toBe('edge-1');
    expect(closest('x'.repeat(100_000), ['site-001-gw', 'site-002-gw'])).toBeUndefined();
  });
});
