import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compileGlob, globMatch } from '../../../../../sim-core/orchestrator/policy/expr/glob.ts';

const m = (p: string, t: string) => globMatch(compileGlob(p), t);

/** Reference: glob translated to an anchored regex (test-only; the engine never builds regexes). */
function reference(p: string, t: string): boolean {
  let re = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    if (c === '\\') re += (p[++i] ?? '').replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
    else if (c === '*') re += '[\\s\\S]*';
    else if (c === '?') re += '[\\s\\S]';
    else re += c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
  }
  return new RegExp(`^${re}$`).test(t);
}

describe('glob', () => {
  it.each([
    ['edge-*', 'edge-1', true], ['edge-*', 'edge-', true], ['edge-*', 'cloud-1', false],
    ['*-eu-*', 'cam-eu-7', true], ['*-eu-*', 'cam-us-7', false], ['a*b*c', 'abc', true], ['a*b*c', 'aXbYbZc', true],
    ['a*b*c', 'acb', false], ['?', '', false], ['?', 'x', true], ['a?c', 'abc', true], ['a?c', 'ac', false],
    ['*', '', true], ['**', 'x', true], ['\\*', '*', true], ['\\*', 'x', false], ['a\\?', 'a?', true], ['a\\?', 'ab', false],
    ['aa*aa', 'aaa', false], ['aa*aa', 'aaaa', true], ['', '', true], ['', 'a', false],
  ])('%s ~ %s → %s', (p, t, want) => {
    expect(m(p, t)).toBe(want);
  });

  it('rejects a trailing lone backslash', () => {
    expect(() => compileGlob('abc\\')).toThrow(/lone backslash/);
  });

  it('agrees with an anchored-regex reference on random patterns (seed 0x61)', () => {
    const alpha = fc.constantFrom('a', 'b', '*', '?', '\\*');
    const pat = fc.array(alpha, { maxLength: 8 }).map((xs) => xs.join(''));
    const txt = fc.array(fc.constantFrom('a', 'b', '*', '?'), { maxLength: 10 }).map((xs) => xs.join(''));
    fc.assert(fc.property(pat, txt, (p, t) => { expect(m(p, t)).toBe(reference(p, t)); }), { seed: 0x61, numRuns: 3000 });
  });

  it('stays polynomial on the classic catastrophic-backtracking input', () => {
    // a*a*a*…b against aaaa…: exponential for naive backtracking, a handful of scans here.
    const p = 'a*'.repeat(30) + 'b';
    expect(m(p, 'a'.repeat(5000))).toBe(false);
  });
});
