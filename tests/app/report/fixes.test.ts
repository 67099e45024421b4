/**
 * What the report fixes promise, checked on real and on crafted inputs: nothing spills out of a
 * chart or table (wide tables scroll in their box, bar names have rows of their own, Pareto
 * labels do not overlap), intervals stay in a metric's range, WAN traffic is in binary units,
 * and no text says NaN, Infinity or 1.73e-18.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { ExperimentResult } from '../../../sim-core/whatif/result.ts';
import { barChart } from '../../../app/report/bars.ts';
import { cdfChart } from '../../../app/report/cdf.ts';
import { timeSeriesChart } from '../../../app/report/timeseries.ts';
import { renderHtmlReport } from '../../../app/report/index.ts';
import { groupCoincident, overlapArea, placeLabels, textWidth } from '../../../app/report/labels.ts';
import { coincidentWith } from '../../../app/report/overlap.ts';
import { paretoChart, type ParetoPoint } from '../../../app/report/pareto.ts';
import { sweepChart } from '../../../app/report/sweep.ts';
import { buildResult } from '../../fixtures/whatif/build-result.ts';
import { parseHtml, unescape, within, type ParsedEl } from './html-check.ts';

let result: ExperimentResult;
let html: string;
let els: ParsedEl[];

/** Text content of the document (tags stripped, entities decoded), attributes left out. */
const textOf = (h: string) => unescape(h.replace(/<style>[\s\S]*?<\/style>/g, '').replace(/<[^>]*>/g, ' '));

beforeAll(() => {
  result = buildResult('report-small.experiment.yaml');
  html = renderHtmlReport(result);
  els = parseHtml(html);
});

describe('report text', () => {
  it('never shows NaN, Infinity, ∞ or an exponent anywhere people read (text, tooltips, labels)', () => {
    const text = textOf(html);
    expect(text).not.toMatch(/NaN|Infinity|∞/);
    expect(text).not.toMatch(/\d(\.\d+)?e[+-]\d/);
    // Tooltips are read too.
    const titles = els.filter((e) => 'title' in e.attrs).map((e) => e.attrs.title!);
    for (const t of titles) expect(t).not.toMatch(/NaN|Infinity|\de[+-]\d/);
  });

  it('every wide table sits in a scroll box, so it never overflows its column', () => {
    const tables = els.filter((e) => e.tag === 'table');
    expect(tables.length).toBeGreaterThan(3);
    for (const t of tables) {
      const wrap = els.find((e) => e.tag === 'div' && e.attrs.class === 'table-wrap' && e.start < t.start && e.end >= t.end);
      expect(wrap, t.attrs.id).toBeDefined();
    }
    expect(html).toMatch(/\.table-wrap \{ max-width:100%; overflow-x:auto;/);
  });

  it('one format per verdict column: every mean in a column has the same unit and decimals (bytes, and latencies spanning 100×: 3 digits, a unit each)', () => {
    const table = els.find((e) => e.tag === 'table' && e.attrs['data-table'] === 'verdicts')!;
    for (const m of result.meta.metrics) {
      const vals = within(els, table).filter((e) => e.attrs['data-metric'] === m.key)
        .map((td) => { const v = within(els, td).find((x) => x.attrs.class === 'val')!; return unescape(html.slice(html.indexOf('>', v.start) + 1, v.end - 7)); });
      expect(vals.length).toBe(result.meta.variants.length);
      if (m.unit === 'B') { for (const v of vals) expect(v).toMatch(/^\d[\d,]*(\.\d+)? (B|KiB|MiB|GiB)$/); continue; }
      if (m.unit === 'ms' && new Set(vals.map((v) => v.split(' ')[1])).size > 1) {
        // 64.2 ms beside 20.7 s: three significant digits each, never 0.06 s.
        for (const v of vals) expect(v.replace(/[^\d]/g, '').replace(/^0+/, '').length, v).toBeLessThanOrEqual(3);
        continue;
      }
      const shape = (v: string) => v.replace(/\d/g, '9').replace(/9(,?9)*/g, 'N');
      expect(new Set(vals.map(shape)).size, `${m.key}: ${vals.join(' | ')}`).toBe(1);
    }
  });

  it('WAN traffic is charted in binary units, not raw bytes', () => {
    const labels = els.filter((e) => e.attrs.class === 'axis-label').map((e) => html.slice(html.indexOf('>', e.start) + 1, e.end - 7));
    expect(labels.some((l) => /WAN bytes \((B|KiB|MiB|GiB)\)/.test(l))).toBe(true);
    expect(labels.some((l) => /WAN data \(cumulative, (B|KiB|MiB|GiB)\)/.test(l))).toBe(true);
    expect(labels.join('|')).not.toMatch(/\(bytes\)/);
  });

  it('every axis uses one notation for its ticks (no "8,000" beside "10k")', () => {
    for (const svg of els.filter((e) => e.tag === 'svg' && e.attrs.class === 'chart')) {
      const ticks = within(els, svg).filter((e) => e.attrs.class === 'tick');
      for (const anchor of ['end', 'middle']) {
        const texts = ticks.filter((t) => t.attrs['text-anchor'] === anchor).map((t) => html.slice(html.indexOf('>', t.start) + 1, t.end - 7));
        const suffixed = texts.filter((t) => /\d[kMG]$/.test(t));
        const longPlain = texts.filter((t) => /^\D?\d{1,3}(,\d{3})+/.test(t));
        expect(suffixed.length === 0 || longPlain.length === 0, `${svg.attrs.id}: ${texts.join(' ')}`).toBe(true);
      }
    }
  });

  it('time axes read m:ss', () => {
    const ts = els.filter((e) => e.tag === 'svg' && e.attrs['data-chart'] === 'timeseries');
    const ticks = within(els, ts[0]!).filter((e) => e.attrs.class === 'tick' && e.attrs['text-anchor'] === 'middle').map((e) => html.slice(html.indexOf('>', e.start) + 1, e.end - 7));
    expect(ticks.length).toBeGreaterThan(2);
    for (const t of ticks) expect(t).toMatch(/^\d+:\d\d$/);
  });
});

describe('names are text, never markup (the app inlines these SVG strings)', () => {
  const evil = '<img src=x onerror="alert(1)">&';
  it.each([
    ['cdf', () => cdfChart([{ name: evil, points: [[1, 0], [2, 1]] }], { id: 'c', title: evil, sloMs: 5 })],
    ['timeseries', () => timeSeriesChart([{ name: evil, points: [[0, 1], [1000, 2]] }], { id: 't', title: evil, yLabel: evil, unit: 'B' })],
    ['bars', () => barChart([{ variant: evil, colorIndex: 0, mean: 1, ci95: [0, 2] }], { id: 'b', title: evil, valueLabel: evil, unit: 'ms' })],
    ['sweep', () => sweepChart([{ name: evil, points: [{ x: 1, mean: 1, lo: 0, hi: 2 }] }], { id: 's', title: evil, xLabel: evil, yLabel: evil, unit: '' })],
    ['pareto', () => paretoChart([{ variant: evil, colorIndex: 0, latencyMs: 1, costUsd: 1, energyWh: 1, onFront: true }], { id: 'p', title: evil })],
  ])('%s escapes every name', (_k, make) => {
    const svg = make();
    const e = parseHtml(svg);
    expect(e.some((x) => x.tag === 'img')).toBe(false);
    expect(svg).not.toContain('<img');
    expect(svg).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;');
  });
});

describe('intervals stay in the metric range', () => {
  it('a rate sweep band never goes below 0%', () => {
    const svg = sweepChart([{ name: 'a', points: [{ x: 1, mean: 0.002, lo: -0.006, hi: 0.01 }, { x: 2, mean: 0.004, lo: -0.002, hi: 0.01 }] }],
      { id: 's', title: 't', xLabel: 'x', yLabel: 'SLO violation rate', unit: 'ratio', bounds: [0, 1] });
    const e = parseHtml(svg);
    const band = e.find((x) => x.attrs.class === 'band')!;
    const ys = [...band.attrs.d!.matchAll(/[ML][\d.-]+,([\d.-]+)/g)].map((m) => Number(m[1]));
    const zeroTick = e.filter((x) => x.attrs.class === 'tick').find((x) => svg.slice(svg.indexOf('>', x.start) + 1, x.end - 7) === '0%')!;
    const y0 = Number(zeroTick.attrs.y) - 4;
    for (const y of ys) expect(y).toBeLessThanOrEqual(y0 + 0.01);
    expect(svg).toContain('95% CI 0% to 1%');
  });

  it('a bar whisker of a rate stops at 0', () => {
    const svg = barChart([{ variant: 'a', colorIndex: 0, mean: 0.002, ci95: [-0.004, 0.008] }], { id: 'b', title: 't', valueLabel: 'rate', unit: 'ratio', bounds: [0, 1] });
    const e = parseHtml(svg);
    const bar = e.find((x) => x.attrs.class === 'bar')!;
    const whisker = within(e, e.find((x) => x.attrs.class === 'whisker')!).filter((x) => x.tag === 'line');
    expect(Math.min(...whisker.map((l) => Number(l.attrs.x1)))).toBeGreaterThanOrEqual(Number(bar.attrs.x) - 0.01);
  });
});

describe('labels do not collide', () => {
  it('bar charts give each variant name a row of its own, at least 20 px apart', () => {
    const names = ['cloud-only', 'edge-ward', 'latency-aware', 'scheduler', 'a-very-long-variant-name'];
    const svg = barChart(names.map((variant, i) => ({ variant, colorIndex: i, mean: 10 + i, ci95: [9 + i, 11 + i] })), { id: 'b', title: 't', valueLabel: 'p95 latency', unit: 'ms' });
    const e = parseHtml(svg);
    const labels = e.filter((x) => x.tag === 'text' && x.attrs['text-anchor'] === 'end' && x.attrs.class === 'tick');
    expect(labels).toHaveLength(names.length);
    const ys = labels.map((l) => Number(l.attrs.y)).sort((a, b) => a - b);
    for (let i = 1; i < ys.length; i++) expect(ys[i]! - ys[i - 1]!).toBeGreaterThanOrEqual(20);
    expect(svg).toContain('a-very-long-var…'); // 16 characters at most, the full name in the tooltip
  });

  it('placeLabels keeps labels apart and inside the plot for crowded marks', () => {
    const marks = [
      { cx: 100, cy: 100, r: 10, text: 'cloud-only' }, { cx: 112, cy: 104, r: 8, text: 'edge-ward' }, { cx: 96, cy: 118, r: 6, text: 'latency-aware' },
      { cx: 300, cy: 20, r: 12, text: 'scheduler' }, { cx: 420, cy: 260, r: 10, text: 'right-edge' },
    ];
    const placed = placeLabels(marks, { w: 438, h: 276 });
    for (let i = 0; i < placed.length; i++) {
      const b = placed[i]!.box;
      expect(b.w).toBe(textWidth(marks[i]!.text));
      expect(b.x).toBeGreaterThanOrEqual(0);
      expect(b.x + b.w).toBeLessThanOrEqual(438);
      for (let j = 0; j < i; j++) expect(overlapArea(b, placed[j]!.box), `${marks[i]!.text} vs ${marks[j]!.text}`).toBe(0);
    }
  });

  it('variants at the same spot share one Pareto label', () => {
    const pts: ParetoPoint[] = [
      { variant: 'cloud-only', colorIndex: 0, latencyMs: 71.8, costUsd: 0.089, energyWh: 8.87, onFront: true },
      { variant: 'edge-ward', colorIndex: 1, latencyMs: 62.1, costUsd: 0.077, energyWh: 8.91, onFront: true },
      { variant: 'latency-aware', colorIndex: 2, latencyMs: 62.1, costUsd: 0.077, energyWh: 8.91, onFront: true },
      { variant: 'scheduler', colorIndex: 3, latencyMs: 66.3, costUsd: 0.08, energyWh: 8.9, onFront: true },
    ];
    const svg = paretoChart(pts, { id: 'p', title: 't' });
    const e = parseHtml(svg);
    const labels = e.filter((x) => x.attrs.class === 'point-label').map((x) => svg.slice(svg.indexOf('>', x.start) + 1, x.end - 7));
    expect(labels.sort()).toEqual(['cloud-only', 'edge-ward, latency-aware', 'scheduler']);
    expect(e.filter((x) => x.tag === 'g' && x.attrs.class?.startsWith('point'))).toHaveLength(4);
    expect(groupCoincident([{ x: 1, y: 1 }, { x: 1.5, y: 1.2 }, { x: 9, y: 9 }])).toEqual([[0, 1], [2]]);
  });

  it('identical series are drawn dashed over each other and say so in the legend', () => {
    expect(coincidentWith([{ points: [1, 2] }, { points: [3] }, { points: [1, 2] }, { points: [] }, { points: [] }])).toEqual([-1, -1, 0, -1, -1]);
    expect(html).toMatch(/\(same as [\w-]+\)/);
  });
});
