/**
 * Terminal tables: one number format per column, chosen from the column's values; human units;
 * "—" for missing; never NaN, Infinity or an exponent (issue 14: `±1.73e-18`, `2.38e+8` beside
 * `2383653`, `NaN` latencies).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fmtMs, renderTable } from '../../../cli/lib/table.ts';

const body = (t: string) => t.split('\n').slice(2);
const column = (t: string, i: number) => body(t).map((l) => l.trim().split(/\s{2,}/)[i]!);

describe('renderTable', () => {
  it('names a shared unit once in the header and prints one precision per column', () => {
    const t = renderTable(['variant', { header: 'p95', unit: 'ms' }], [['a', 71.78], ['b', 62.1], ['c', 66.333]]);
    expect(t.split('\n')[0]).toBe('variant  p95 (ms)');
    expect(column(t, 1)).toEqual(['71.8', '62.1', '66.3']);
  });

  it('chooses a column format from all its values: a small value asks for more decimals in every row', () => {
    expect(column(renderTable(['x', { header: 'p95', unit: 'ms' }], [['a', 71.78], ['b', 4.2]]), 1)).toEqual(['71.78', '4.20']);
  });

  it('bytes keep a binary unit per value, never 2.38e+8 beside 2383653', () => {
    const t = renderTable(['v', { header: 'WAN', unit: 'B' }], [['cloud', 238_365_312], ['edge', 2_383_653]]);
    expect(t.split('\n')[0]).toMatch(/^v\s+WAN$/);
    expect(column(t, 1)).toEqual(['227 MiB', '2.27 MiB']);
  });

  it('latencies 100× apart keep their own unit (28.6 ms beside 18.9 s)', () => {
    const t = renderTable(['app', { header: 'mean', unit: 'ms' }], [['a', 28.594], ['b', 18_932.45], ['c', 26]]);
    expect(t.split('\n')[0]).toMatch(/^app\s+mean$/);
    expect(column(t, 1)).toEqual(['28.6 ms', '18.9 s', '26.0 ms']);
  });

  it('counts get thousands separators; rates print in % with the column\'s decimals', () => {
    const t = renderTable(['x', 'n', { header: 'violations', unit: 'ratio' }], [['a', 35_990, 0.009], ['b', 7, 0.0015]]);
    expect(column(t, 1)).toEqual(['35,990', '7']);
    expect(t.split('\n')[0]).toMatch(/violations \(%\)$/);
    expect(column(t, 2)).toEqual(['0.90', '0.15']);
  });

  it('missing numbers (null, undefined, NaN, Infinity) print as —, and the column stays right-aligned', () => {
    const t = renderTable(['app', 'n', { header: 'p95', unit: 'ms' }], [['traffic', 0, null], ['x', 1, NaN], ['y', 2, Infinity], ['z', 3, 12.5]]);
    expect(t).not.toMatch(/NaN|Infinity/);
    expect(column(t, 2)).toEqual(['—', '—', '—', '12.5']);
    // Right-aligned last column: every line ends at the same place.
    expect(new Set(t.split('\n').map((l) => l.length)).size).toBe(1);
  });

  it('never prints NaN, Infinity or an exponent, whatever the numbers (property)', () => {
    fc.assert(fc.property(fc.constantFrom('ms', 'B', 'ratio', 'USD', 'Wh', ''), fc.array(fc.oneof(fc.double(), fc.constant(null)), { minLength: 1, maxLength: 6 }), (unit, xs) => {
      const t = renderTable(['k', { header: 'v', unit }], xs.map((x, i) => [`r${i}`, x]));
      expect(t).not.toMatch(/NaN|Infinity|\de[+-]\d/);
    }));
  });
});

describe('fmtMs (simulated durations)', () => {
  it.each([[0, '0ms'], [4.5, '4.5ms'], [12.34, '12.3ms'], [2500, '2.5s'], [2000, '2s'], [60_000, '1m'], [90_000, '1m30s'], [5_400_000, '1h30m'], [NaN, '—']])('fmtMs(%s) = %s', (ms, s) => {
    expect(fmtMs(ms)).toBe(s);
  });
});
