/**
 * The HTML report shows the validation gates per variant (issue 14: compare and plan must judge
 * by the same gates, shown in both): one row per variant, one cell per gate with its worst value,
 * ✓/✗ and the worst run in the tooltip, and the feasible column agreeing with the result.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { gateColumnFormat } from '../../../app/report/gate-format.ts';
import { gateText, gatesTable } from '../../../app/report/tables.ts';
import { renderHtmlReport } from '../../../app/report/index.ts';
import type { ExperimentResult } from '../../../sim-core/whatif/result.ts';
import { buildResult } from '../../fixtures/whatif/build-result.ts';
import { parseHtml, unescape, within, type ParsedEl } from './html-check.ts';

let result: ExperimentResult;
let html: string;
let els: ParsedEl[];
beforeAll(() => {
  result = buildResult('report-small.experiment.yaml');
  html = renderHtmlReport(result);
  els = parseHtml(html);
}, 120_000);

const inner = (e: ParsedEl) => unescape(html.slice(html.indexOf('>', e.start) + 1, e.end - `</${e.tag}>`.length).replace(/<[^>]*>/g, ''));

describe('report gates table', () => {
  it('sits in the summary with a header per gate naming its bound', () => {
    const table = els.find((e) => e.tag === 'table' && e.attrs.id === 'gates')!;
    expect(table).toBeDefined();
    const heads = within(els, table).filter((e) => e.tag === 'th').map(inner);
    // The terminal's names and bounds (gate-format.ts is shared with compare and plan).
    expect(heads).toEqual(['variant', 'latency / SLO ≤ 1×', 'SLO violations ≤ 5%', 'lost ≤ 0.1%', 'CPU headroom ≥ 20%', 'feasible']);
    expect(html.indexOf('id="gates"')).toBeGreaterThan(html.indexOf('id="summary"'));
    expect(html.indexOf('id="gates"')).toBeLessThan(html.indexOf('id="verdicts"'));
  });

  it('every variant × gate cell carries the worst value (one format per column), pass/fail and the worst run; feasible agrees', () => {
    const table = els.find((e) => e.tag === 'table' && e.attrs.id === 'gates')!;
    const formats = result.variants[0]!.gates.map((g, k) => gateColumnFormat(g, result.variants.map((v) => v.gates[k]!.worst)));
    for (const v of result.variants) {
      const row = within(els, table).find((e) => e.tag === 'tr' && e.attrs['data-variant'] === v.name)!;
      const cells = within(els, row).filter((e) => e.tag === 'td');
      v.gates.forEach((g, k) => {
        const td = cells.find((c) => c.attrs['data-gate'] === g.id)!;
        expect(td.attrs['data-pass']).toBe(String(g.pass));
        expect(td.attrs['data-value']).toBe(g.worst === null ? '' : String(g.worst));
        expect(td.attrs.title).toContain(g.worstAt);
        expect(inner(td)).toBe(`${formats[k]!(g.worst)} ${g.pass ? '✓' : '✗'}`);
      });
      expect(cells.at(-1)!.attrs['data-pass']).toBe(String(v.feasible));
    }
    expect(result.variants.some((v) => !v.feasible && v.gates.some((g) => !g.pass))).toBe(true);
  });

  it.each([
    [{ unit: 'ratio' }, 0.6348, '0.635×'],
    [{ unit: 'fraction' }, 0.00045, '0.045%'],
    [{ unit: 'messages' }, 1234, '1,234'],
    [{ unit: 'fraction' }, null, 'not measured'],
  ])('gateText(%j, %s) = %s', (g, v, t) => expect(gateText(g, v)).toBe(t));

  it('gateColumnFormat: one precision per gate column; 3 digits each when the values span 100×', () => {
    const frac = gateColumnFormat({ unit: 'fraction' }, [0.011, 0.009, 0.002]);
    expect([0.011, 0.009, 0.002].map(frac)).toEqual(['1.10%', '0.90%', '0.20%']);
    const ratio = gateColumnFormat({ unit: 'ratio' }, [0.848, 0.627, 0.74]);
    expect([0.848, 0.74].map(ratio)).toEqual(['0.848×', '0.740×']);
    const wide = gateColumnFormat({ unit: 'ratio' }, [0.693, 210.958]);
    expect([0.693, 210.958].map(wide)).toEqual(['0.693×', '211×']);
    expect(frac(null)).toBe('not measured');
  });

  it('a result without gate evaluations (an old shard merge) says so instead of an empty table', () => {
    const old = { ...result, variants: result.variants.map((v) => ({ ...v, gates: [] })) };
    expect(gatesTable(old)).toContain('carries no gate evaluations');
  });
});
