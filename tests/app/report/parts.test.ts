import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from '../../../sim-core/whatif/stats/latency-histogram.ts';
import { histogramCdf, cdfChart } from '../../../app/report/cdf.ts';
import { csvField } from '../../../app/report/csv.ts';
import { esc, fmtNum, px } from '../../../app/report/markup.ts';
import { OKABE_ITO, seriesColor } from '../../../app/report/palette.ts';
import { barChart } from '../../../app/report/bars.ts';
import { parseHtml } from './html-check.ts';

describe('histogramCdf', () => {
  it('agrees with the histogram: the CDF reaches p/100 at the value percentile(p) reports (property)', () => {
    fc.assert(fc.property(fc.array(fc.double({ min: 0.01, max: 1e5, noNaN: true }), { minLength: 1, maxLength: 300 }), fc.integer({ min: 1, max: 99 }), (xs, p) => {
      const h = new LatencyHistogram();
      for (const x of xs) h.record(x);
      const pts = histogramCdf(h.toJSON());
      expect(pts[0]).toEqual([h.min, 0]);
      expect(pts[pts.length - 1]![1]).toBe(1);
      for (let i = 1; i < pts.length; i++) {
        expect(pts[i]![0]).toBeGreaterThanOrEqual(pts[i - 1]![0]);
        expect(pts[i]![1]).toBeGreaterThan(pts[i - 1]![1]);
      }
      // percentile(p) is the value of rank ⌊p/100·(n−1)⌋: the first CDF point with fraction > rank/n.
      const rank = Math.floor((p / 100) * (xs.length - 1));
      const at = pts.find((q) => q[1] * xs.length > rank + 1e-9)!;
      // percentile() answers the extreme ranks with the exact min/max; the CDF keeps the bucket
      // value there, which the histogram's contract puts within relative error α of it.
      if (rank === 0 || rank === xs.length - 1) expect(Math.abs(at[0] - h.percentile(p))).toBeLessThanOrEqual(0.01 * h.percentile(p) * 1.0000001);
      else expect(at[0]).toBe(h.percentile(p));
    }));
  });

  it('is empty for an empty histogram, so the chart draws no curve', () => {
    expect(histogramCdf(new LatencyHistogram().toJSON())).toEqual([]);
    const svg = cdfChart([], { id: 'c', title: 'empty' });
    expect(() => parseHtml(svg)).not.toThrow();
  });
});

describe('markup and palette', () => {
  it('escapes markup characters', () => {
    expect(esc(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
  it.each([[1.005, '1'], [1.006, '1.01'], [-0.001, '0'], [12, '12'], [0.5, '0.5']])('px(%s) = %s', (x, s) => expect(px(x)).toBe(s));
  it('px refuses a non-finite coordinate', () => expect(() => px(NaN)).toThrow('px: coordinate must be finite, got NaN'));
  // Missing and non-finite numbers print as one mark, '—' (format.ts NONE), never NaN/∞; no exponents.
  it.each([[1234567, '1,234,567'], [0.012345, '0.0123'], [NaN, '—'], [Infinity, '—'], [0, '0'], [1.73e-18, '0'], [0.00001234, '0.0000123']])('fmtNum(%s) = %s', (x, s) => expect(fmtNum(x)).toBe(s));
  it('series colours cycle through the eight Okabe–Ito colours', () => {
    expect(seriesColor(0)).toBe('#0072B2');
    expect(seriesColor(8)).toBe(OKABE_ITO[0]);
    expect(new Set(Array.from({ length: 8 }, (_, i) => seriesColor(i))).size).toBe(8);
  });
  it.each([['plain', 'plain'], ['a,b', '"a,b"'], ['say "hi"', '"say ""hi"""'], ['two\nlines', '"two\nlines"'], [null, ''], [1.5, '1.5']])('csvField(%j)', (v, s) => {
    expect(csvField(v as string | number | null)).toBe(s);
  });
});

describe('barChart', () => {
  it('draws whiskers only for finite intervals and escapes variant names', () => {
    const svg = barChart([
      { variant: 'a<b', colorIndex: 0, mean: 5, ci95: [4, 6] },
      { variant: 'one seed', colorIndex: 1, mean: 3, ci95: [-Infinity, Infinity] },
    ], { id: 'b', title: 't', valueLabel: 'x (ms)' });
    const els = parseHtml(svg);
    expect(els.filter((e) => e.attrs.class === 'bar').map((e) => e.attrs['data-variant'])).toEqual(['a<b', 'one seed'].map((s) => esc(s)));
    expect(els.filter((e) => e.attrs.class === 'whisker')).toHaveLength(1);
  });
});
