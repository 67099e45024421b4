/**
 * The HTML report shows the validation gates per variant (issue 14: compare and plan must judge
 * by the same gates, shown in both): one row per variant, one cell per gate with its worst value,
 * ✓/✗ and the worst run in the tooltip, and the feasible column agreeing with the result.
 */
import { beforeAll, describe, expect, it } from 'vitest';
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
    expect(heads).toEqual(['variant', 'latency / SLO target ≤ 1× SLO', 'SLO violation rate ≤ 5%', 'messages lost ≤ 0.1%', 'CPU headroom ≥ 20%', 'feasible']);
    expect(html.indexOf('id="gates"')).toBeGreaterThan(html.indexOf('id="summary"'));
    expect(html.indexOf('id="gates"')).toBeLessThan(html.indexOf('id="verdicts"'));
  });

  it('every variant × gate cell carries the worst value, pass/fail and the worst run; feasible agrees with the result', () => {
    const table = els.find((e) => e.tag === 'table' && e.attrs.id === 'gates')!;
    for (const v of result.variants) {
      const row = within(els, table).find((e) => e.tag === 'tr' && e.attrs['data-variant'] === v.name)!;
      const cells = within(els, row).filter((e) => e.tag === 'td');
      for (const g of v.gates) {
        const td = cells.find((c) => c.attrs['data-gate'] === g.id)!;
        expect(td.attrs['data-pass']).toBe(String(g.pass));
        expect(td.attrs['data-value']).toBe(g.worst === null ? '' : String(g.worst));
        expect(td.attrs.title).toContain(g.worstAt);
        expect(inner(td)).toContain(gateText(g, g.worst));
      }
      expect(cells.at(-1)!.attrs['data-pass']).toBe(String(v.feasible));
    }
    expect(result.variants.some((v) => !v.feasible && v.gates.some((g) => !g.pass))).toBe(true);
  });

  it.each([
    [{ unit: 'ratio' }, 0.6348, '0.635× SLO'],
    [{ unit: 'fraction' }, 0.00045, '0.045%'],
    [{ unit: 'messages' }, 1234, '1,234'],
    [{ unit: 'fraction' }, null, 'not measured'],
  ])('gateText(%j, %s) = %s', (g, v, t) => expect(gateText(g, v)).toBe(t));

  it('a result without gate evaluations (an old shard merge) says so instead of an empty table', () => {
    const old = { ...result, variants: result.variants.map((v) => ({ ...v, gates: [] })) };
    expect(gatesTable(old)).toContain('carries no gate evaluations');
  });
});
