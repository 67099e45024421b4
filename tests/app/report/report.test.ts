/**
 * The HTML report over a real experiment result (tests/fixtures/whatif/report-small: 3 variants ×
 * 3 sweep points × 2 fault sets × 3 seeds, simulated here): well-formed, self-contained, every
 * chart present with the right series and points, table numbers equal to the result, CSV equal
 * to the runs, deterministic.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { ExperimentResult } from '../../../sim-core/whatif/result.ts';
import { renderHtmlReport } from '../../../app/report/index.ts';
import { histogramCdf } from '../../../app/report/cdf.ts';
import { buildResult } from '../../fixtures/whatif/build-result.ts';
import { parseHtml, unescape, within, type ParsedEl } from './html-check.ts';

let result: ExperimentResult;
let html: string;
let els: ParsedEl[];
const charts = (kind: string) => els.filter((e) => e.tag === 'svg' && e.attrs['data-chart'] === kind);
const seriesOf = (svg: ParsedEl) => within(els, svg).filter((e) => e.attrs.class === 'series' || e.attrs.class?.startsWith('series'));

beforeAll(() => {
  result = buildResult('report-small.experiment.yaml');
  html = renderHtmlReport(result);
  els = parseHtml(html);
});

describe('renderHtmlReport', () => {
  it('is a well-formed HTML document with a title, inline CSS and no scripts', () => {
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(els.filter((e) => e.tag === 'title' && e.depth === 2)).toHaveLength(1);
    expect(els.some((e) => e.tag === 'style')).toBe(true);
    expect(els.some((e) => e.tag === 'script' || e.tag === 'link' || e.tag === 'iframe' || e.tag === 'img')).toBe(false);
  });

  it('refers to nothing outside the file: no http(s) URLs at all, the only href is the data: CSV', () => {
    expect(html).not.toMatch(/https?:\/\//i);
    expect(html).not.toMatch(/@import|url\(|@font-face/);
    const refs = els.flatMap((e) => ['src', 'href', 'xlink:href', 'action'].filter((a) => a in e.attrs).map((a) => e.attrs[a]!));
    expect(refs).toHaveLength(1);
    expect(refs[0]).toMatch(/^data:text\/csv;charset=utf-8,/);
  });

  it('is deterministic: the same result renders to the identical string', () => {
    expect(renderHtmlReport(structuredClone(result))).toBe(html);
  });

  it('draws one CDF per app and fault set, one curve per variant, one point per non-empty bucket (+ the origin)', () => {
    const cdfs = charts('cdf');
    expect(cdfs).toHaveLength(result.meta.faultSets.length); // one app
    cdfs.forEach((svg, k) => {
      const fs = result.meta.faultSets[k]!.name;
      const s = seriesOf(svg);
      expect(s.map((e) => e.attrs['data-series'])).toEqual(['edge', 'cloud', 'gateway']);
      for (const e of s) {
        const cell = result.cells.find((c) => c.variant === e.attrs['data-series'] && c.faultSet === fs && c.sweepIndex === 0)!;
        const h = cell.latency[0]!.histogram;
        expect(Number(e.attrs['data-points'])).toBe(histogramCdf(h).length);
        expect(Number(e.attrs['data-points'])).toBe(1 + (h.zeroCount > 0 ? 1 : 0) + h.counts.filter((c) => c > 0).length);
        // The path has exactly one vertex per point for a step-after curve: 2 per step minus 1.
        const d = e.attrs.d!;
        expect((d.match(/[ML]/g) ?? []).length).toBe(2 * histogramCdf(h).length - 1);
      }
    });
  });

  it('draws one bar chart per metric and fault set, one bar per variant with its mean', () => {
    const bars = charts('bars');
    expect(bars).toHaveLength(result.meta.metrics.length * result.meta.faultSets.length);
    const first = within(els, bars[0]!).filter((e) => e.attrs.class === 'bar');
    expect(first.map((e) => e.attrs['data-variant'])).toEqual(['edge', 'cloud', 'gateway']);
    // Whiskers: every cell has 3 seeds, so a finite CI and one whisker per bar.
    expect(within(els, bars[0]!).filter((e) => e.attrs.class === 'whisker')).toHaveLength(3);
  });

  it('draws the Pareto scatter with every variant and rings exactly the front', () => {
    const p = charts('pareto');
    expect(p).toHaveLength(result.meta.faultSets.length);
    p.forEach((svg, k) => {
      const group = result.pareto.find((g) => g.sweepIndex === 0 && g.faultSet === result.meta.faultSets[k]!.name)!;
      const pts = within(els, svg).filter((e) => e.tag === 'g' && e.attrs.class?.startsWith('point'));
      expect(pts.map((e) => e.attrs['data-variant']).sort()).toEqual(group.points.map((x) => x.variant).sort());
      expect(pts.filter((e) => e.attrs.class === 'point front').map((e) => e.attrs['data-variant']).sort()).toEqual([...group.front].sort());
    });
  });

  it('draws sweep curves per metric and fault set, a series per variant, a point per sweep value', () => {
    const sw = charts('sweep');
    expect(sw).toHaveLength(result.meta.metrics.length * result.meta.faultSets.length);
    for (const svg of sw) {
      const s = within(els, svg).filter((e) => e.tag === 'g' && e.attrs.class === 'series');
      expect(s.map((e) => e.attrs['data-series'])).toEqual(['edge', 'cloud', 'gateway']);
      for (const e of s) {
        expect(Number(e.attrs['data-points'])).toBe(3);
        expect(within(els, e).filter((x) => x.attrs.class === 'pt')).toHaveLength(3);
      }
    }
  });

  it('draws three time-series charts per fault set, one line per variant with every sample', () => {
    const ts = charts('timeseries');
    expect(ts).toHaveLength(3 * result.meta.faultSets.length);
    for (const svg of ts) {
      const s = seriesOf(svg);
      expect(s).toHaveLength(3);
      const run = result.runs.find((r) => r.variant === s[0]!.attrs['data-series'])!;
      expect(Number(s[0]!.attrs['data-points'])).toBe(run.timeSeries.length);
    }
  });

  it('every chart is accessible: role img, a <title> and <desc> it is labelled by, axis labels with units', () => {
    const svgs = els.filter((e) => e.tag === 'svg' && e.attrs.class === 'chart');
    expect(svgs.length).toBe(charts('cdf').length + charts('bars').length + charts('pareto').length + charts('sweep').length + charts('timeseries').length);
    for (const svg of svgs) {
      expect(svg.attrs.role).toBe('img');
      const [t, d] = svg.attrs['aria-labelledby']!.split(' ');
      const inside = within(els, svg);
      expect(inside.find((e) => e.tag === 'title' && e.attrs.id === t)).toBeDefined();
      expect(inside.find((e) => e.tag === 'desc' && e.attrs.id === d)).toBeDefined();
      const labels = inside.filter((e) => e.attrs.class === 'axis-label').map((e) => html.slice(html.indexOf('>', e.start) + 1, e.end - 7));
      expect(labels).toHaveLength(2);
    }
    expect(html).toContain('end-to-end latency (ms, log scale)');
    // The value axes carry a human unit: ms, or s when a variant's mean passes 10 s (the gateway's does here).
    expect(html).toMatch(/p95 latency \(detect\) \((ms|s)\)/);
  });

  it('variant table numbers equal the result exactly', () => {
    const rows = els.filter((e) => e.tag === 'tr' && e.attrs['data-variant'] && within(els, e).some((c) => 'data-pass' in c.attrs) && els.find((t) => t.attrs.id === 'variants' && t.start < e.start && t.end > e.end));
    expect(rows).toHaveLength(result.variants.length);
    rows.forEach((row, i) => {
      const v = result.variants[i]!;
      const cells = within(els, row).filter((c) => c.tag === 'td');
      expect(row.attrs['data-variant']).toBe(v.name);
      expect(cells[2]!.attrs['data-pass']).toBe(String(v.feasible));
      expect(cells[4]!.attrs['data-value']).toBe(v.objectiveValue === null ? '' : String(v.objectiveValue));
      expect(cells[5]!.attrs['data-value']).toBe(v.rank === null ? '' : String(v.rank));
    });
    expect(html).toContain(`<strong>${result.best}</strong>`);
  });

  it('verdict tables hold each cell mean and verdict exactly', () => {
    const tables = els.filter((e) => e.tag === 'table' && e.attrs['data-table'] === 'verdicts');
    expect(tables).toHaveLength(3 * 2);
    let checked = 0;
    for (const c of result.cells) {
      const k = c.sweepIndex * result.meta.faultSets.length + result.meta.faultSets.findIndex((f) => f.name === c.faultSet);
      const row = within(els, tables[k]!).find((e) => e.tag === 'tr' && e.attrs['data-variant'] === c.variant)!;
      for (const m of result.meta.metrics) {
        const td = within(els, row).find((e) => e.attrs['data-metric'] === m.key)!;
        expect(td.attrs['data-value']).toBe(c.metrics[m.key]!.mean === null ? '' : String(c.metrics[m.key]!.mean));
        if (c.variant !== result.meta.baseline) expect(td.attrs['data-verdict']).toBe(c.vsBaseline[m.key]!.verdict);
        checked++;
      }
    }
    expect(checked).toBe(result.cells.length * result.meta.metrics.length);
  });

  it('constraint table: satisfied / runs and pass marks equal the result', () => {
    const rows = els.filter((e) => e.tag === 'tr' && 'data-metric' in e.attrs && e.attrs['data-variant'] && els.some((t) => t.attrs.id === 'constraints' && t.start < e.start && t.end > e.end));
    const expected = result.variants.flatMap((v) => v.constraints.map((c) => ({ v: v.name, c })));
    expect(rows).toHaveLength(expected.length);
    rows.forEach((row, i) => {
      const cells = within(els, row).filter((e) => e.tag === 'td');
      expect(cells[3]!.attrs['data-value']).toBe(String(expected[i]!.c.satisfied));
      expect(cells[4]!.attrs['data-value']).toBe(String(expected[i]!.c.fraction));
      expect(cells[6]!.attrs['data-pass']).toBe(String(expected[i]!.c.pass));
    });
  });

  it('the CSV download decodes to one row per run with the exact metric values', () => {
    const href = els.find((e) => e.tag === 'a' && e.attrs.download)!.attrs.href!;
    const csv = decodeURIComponent(unescape(href).replace(/^data:text\/csv;charset=utf-8,/, ''));
    const lines = csv.trimEnd().split('\r\n');
    expect(lines).toHaveLength(result.runs.length + 1);
    const head = lines[0]!.split(',');
    const col = head.indexOf('latencyP95Ms');
    result.runs.forEach((r, i) => {
      const cells = lines[i + 1]!.split(',');
      expect(Number(cells[0])).toBe(r.index);
      expect(cells[1]).toBe(r.variant);
      const v = r.metrics.latencyP95Ms;
      expect(cells[col]).toBe(v === null || v === undefined ? '' : String(v));
    });
  });

  it('refuses a shard (programmer error)', () => {
    expect(() => renderHtmlReport({ ...result, shard: { index: 0, count: 2 } })).toThrow('merge the shards first');
  });
});
