/**
 * `compare`'s terminal output (issue 14): one number format per column, no `±1.73e-18` noise,
 * no `2.38e+8` beside `2383653`, and the gates table — the same gates `plan` applies, per
 * variant, with the reason each infeasible variant fails.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { columnFormat } from '../../../app/report/format.ts';
import { halfWidthText, renderComparison } from '../../../cli/lib/comparison-text.ts';
import type { ExperimentResult } from '../../../sim-core/whatif/result.ts';
import { buildResult } from '../../fixtures/whatif/build-result.ts';

let result: ExperimentResult;
let text: string;
beforeAll(() => {
  result = buildResult('report-small.experiment.yaml');
  text = renderComparison(result);
}, 120_000);

/** The tables of the text, cut into cells at the column spans of their ─── rule: [header, ...rows]. */
function tables(t: string): string[][][] {
  const lines = t.split('\n');
  const out: string[][][] = [];
  lines.forEach((l, i) => {
    if (!/^─/.test(l)) return;
    const spans = [...l.matchAll(/─+/g)].map((m) => [m.index!, m.index! + m[0].length] as const);
    const cut = (row: string) => spans.map(([a, b], k) => row.slice(a, k === spans.length - 1 ? undefined : b).trim());
    const rows = [cut(lines[i - 1]!)];
    for (let k = i + 1; k < lines.length && lines[k] !== '' && !/^ {2}\S/.test(lines[k]!) && !/^objective/.test(lines[k]!); k++) rows.push(cut(lines[k]!));
    out.push(rows);
  });
  return out;
}

describe('renderComparison', () => {
  it('never prints NaN, Infinity or an exponent', () => {
    expect(text).not.toMatch(/NaN|Infinity|\de[+-]?\d/);
  });

  it('tiny CI half-widths print as ±0 or in the column precision', () => {
    const ratio = columnFormat('ratio', [0.01, 0.009]);
    expect(halfWidthText(ratio, 1.73e-18)).toBe('±0');
    expect(halfWidthText(ratio, 0.00055)).toBe('±0.06');
    expect(halfWidthText(columnFormat('Wh', [8.86, 8.91]), 6.8e-4)).toBe('±0');
    expect(halfWidthText(columnFormat('B', [238_365_312]), 425_872)).toBe('±416 KiB');
  });

  it('one format per metric column: the means of a column have the same decimals (or their own unit each)', () => {
    const verdicts = tables(text).filter((t) => t[0]![1]!.startsWith('latencyP95Ms'));
    expect(verdicts.length).toBe(result.meta.faultSets.length * result.meta.sweep!.values.length);
    for (const t of verdicts) {
      const header = t[0]!;
      const body = t.slice(1);
      header.forEach((h, k) => {
        if (k === 0 || h === 'constraints') return;
        const means = body.map((r) => r[k]!.split(' ±')[0]!.trim());
        const shapes = new Set(means.map((m) => (/\(/.test(h) ? m.replace(/[\d,]+/g, 'N') : m.replace(/^[\d,.]+ /, ''))));
        // Shared unit in the header: same decimals; otherwise each value carries a unit.
        if (/\(/.test(h)) expect(shapes.size, `${h}: ${means.join(' | ')}`).toBe(1);
        else for (const m of means) expect(m, h).toMatch(/^[\d,.]+ (ms|s|min|B|KiB|MiB|GiB)$/);
      });
    }
  });

  it('shows the gates per variant, as plan applies them, with feasibility and why not', () => {
    const gates = tables(text).find((t) => t[0]![1] === 'latency / SLO ≤ 1×')!;
    expect(gates[0]).toEqual(['variant', 'latency / SLO ≤ 1×', 'SLO violations ≤ 5%', 'lost ≤ 0.1%', 'CPU headroom ≥ 20%', 'constraints', 'feasible']);
    for (const v of result.variants) {
      const row = gates.slice(1).find((r) => r[0]!.startsWith(v.name))!;
      expect(row.at(-1)).toBe(v.feasible ? 'yes' : 'no');
      v.gates.forEach((g, k) => expect(row[k + 1]!.endsWith(g.pass ? '✓' : '✗'), `${v.name} ${g.id}`).toBe(true));
    }
    const gateway = result.variants.find((v) => v.name === 'gateway')!;
    expect(gateway.feasible).toBe(false);
    expect(text).toMatch(/^ {2}gateway is not feasible: gate latency-slo [\d.,]+× \(needs ≤ 1×\), worst in /m);
    expect(text).toContain(`best feasible variant: ${result.best}`);
  });
});
