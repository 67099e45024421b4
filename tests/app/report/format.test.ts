/**
 * Number formatting shared by the report and the app (app/report/format.ts): human units, no
 * exponents, no NaN/Infinity, float noise rounded away, one format per table column.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  NONE, axisUnit, clampInterval, columnFormat, compactTicks, decimalsFor, fmtBytes, fmtChange, fmtClock, fmtCount, fmtDuration, fmtMs, fmtPercent,
  fmtSig, fmtUsd, fmtWh, formatValue, guessUnit, metricBounds, timeTicks,
} from '../../../app/report/format.ts';

describe('fmtSig: plain decimals, never an exponent', () => {
  it.each([
    [2383653, '2,383,653'], [238365312, '238,365,312'], [62.279998779296875, '62.3'], [0.012345, '0.0123'], [0.5, '0.5'],
    [1.73e-18, '0'], [-1.73e-18, '0'], [0.00001234, '0.0000123'], [-62.28, '−62.3'], [999.6, '1,000'], [0, '0'],
    [NaN, NONE], [Infinity, NONE], [-Infinity, NONE],
  ])('fmtSig(%s) = %s', (x, s) => expect(fmtSig(x)).toBe(s));

  it('never prints e+ / e- / NaN / Infinity for any double (property)', () => {
    fc.assert(fc.property(fc.double(), (x) => {
      const s = fmtSig(x);
      expect(s).not.toMatch(/e[+-]|NaN|Infinity/);
    }));
  });
});

describe('units', () => {
  it.each([
    [0.42, '0.42 ms'], [62.28, '62.3 ms'], [999, '999 ms'], [1250, '1.25 s'], [19_700, '19.7 s'], [150_000, '2.5 min'], [NaN, NONE], [null, NONE],
  ])('fmtMs(%s) = %s', (x, s) => expect(fmtMs(x as number | null)).toBe(s));

  it.each([
    [0, '0 B'], [512, '512 B'], [1536, '1.5 KiB'], [2383653, '2.27 MiB'], [238_365_312, '227 MiB'], [1.44e9, '1.34 GiB'], [1_048_000, '1,023 KiB'],
    [1_048_300, '1 MiB'], [1e22, '8,881,784 PiB'], [Infinity, NONE],
  ])('fmtBytes(%s) = %s', (x, s) => expect(fmtBytes(x)).toBe(s));

  it('fmtBytes keeps trailing zeros when asked (a column of one precision)', () => {
    expect(fmtBytes(61_865_984, 3, true)).toBe('59.0 MiB');
    expect(fmtBytes(2_383_653, 3, true)).toBe('2.27 MiB');
  });

  it.each([
    [0, '0%'], [1, '100%'], [0.0312, '3.12%'], [0.25, '25%'], [2e-7, '<0.001%'], [1.73e-18, '0%'], [-1.73e-18, '0%'], [NaN, NONE],
  ])('fmtPercent(%s) = %s', (x, s) => expect(fmtPercent(x)).toBe(s));

  it.each([[-0.135, '−13.5%'], [0.0054, '+0.5%'], [0.00001, '0%'], [-0.99, '−99.0%'], [2.5, '+250%'], [null, NONE]])('fmtChange(%s) = %s', (x, s) => {
    expect(fmtChange(x as number | null)).toBe(s);
  });

  it.each([[0.077, '$0.077'], [1.234, '$1.23'], [1234.5, '$1,235'], [123.456, '$123.46'], [-5, '−$5.00'], [4, '$4.00'], [0.4, '$0.40'], [0, '$0.00'], [0.0012, '$0.0012'], [NaN, NONE]])('fmtUsd(%s) = %s', (x, s) => expect(fmtUsd(x)).toBe(s));
  it.each([[10.27, '10.3 Wh'], [12_345, '12.3 kWh']])('fmtWh(%s) = %s', (x, s) => expect(fmtWh(x)).toBe(s));
  it.each([[2399, '2,399'], [2399.5, '2,400'], [7.5, '7.5'], [NaN, NONE]])('fmtCount(%s) = %s', (x, s) => expect(fmtCount(x)).toBe(s));
  it.each([[0, '0:00'], [5_999, '0:05'], [65_000, '1:05'], [600_000, '10:00'], [3_725_000, '1:02:05'], [-65_000, '−1:05'], [NaN, NONE]])('fmtClock(%s) = %s', (x, s) => {
    expect(fmtClock(x)).toBe(s);
  });
  it.each([[60_000, '1 min'], [90_000, '1 min 30 s'], [4_500, '4.5 s'], [3_600_000, '1 h'], [1_200_000, '20 min']])('fmtDuration(%s) = %s', (x, s) => expect(fmtDuration(x)).toBe(s));

  it('formatValue dispatches on the MetricDef unit and never shows a non-finite number', () => {
    expect(formatValue(62.28, 'ms')).toBe('62.3 ms');
    expect(formatValue(2383653, 'B')).toBe('2.27 MiB');
    expect(formatValue(0.009, 'ratio')).toBe('0.9%');
    expect(formatValue(0.077, 'USD')).toBe('$0.077');
    expect(formatValue(10.27, 'Wh')).toBe('10.3 Wh');
    expect(formatValue(7194, '')).toBe('7,194');
    expect(formatValue(1536, 'B/s')).toBe('1.5 KiB/s');
    for (const u of ['ms', 'B', 'ratio', 'USD', 'Wh', '', 'B/s', '/s']) {
      for (const v of [NaN, Infinity, -Infinity, null, undefined]) expect(formatValue(v as number, u)).toBe(NONE);
    }
  });
});

describe('columnFormat: one format per column', () => {
  it('gives every row of a latency column the same unit and decimals', () => {
    const f = columnFormat('ms', [71.78, 62.1, 66.33]);
    expect([71.78, 62.1, 66.33].map(f.value)).toEqual(['71.8 ms', '62.1 ms', '66.3 ms']);
    expect(f.range(58.95, 65.26)).toBe('[59.0, 65.3]');
    expect(f.unit).toBe('ms');
    // A small value asks the whole column for its 3 significant digits.
    const g = columnFormat('ms', [71.78, 4.2]);
    expect([71.78, 4.2].map(g.value)).toEqual(['71.78 ms', '4.20 ms']);
  });

  it('switches a whole latency column to seconds when a value passes 10 s', () => {
    const f = columnFormat('ms', [8_300, 19_700]);
    expect(f.value(8_300)).toBe('8.30 s');
    expect(f.value(19_700)).toBe('19.70 s');
    expect(f.number(19_700)).toBe('19.70');
    expect(f.unit).toBe('s');
  });

  it('keeps a unit per value when latencies span 100× or more (28.6 ms beside 18.9 s, not 0.03 s)', () => {
    const f = columnFormat('ms', [28.594, 18_932.45, 63.8]);
    expect([28.594, 18_932.45, 63.8].map(f.value)).toEqual(['28.6 ms', '18.9 s', '63.8 ms']);
    expect(f.unit).toBe('');
    expect(f.number(28.594)).toBe('28.6 ms');
    expect(f.range(20, 30_000)).toBe('[20.0 ms, 30.0 s]');
    // One precision in the column: 26 ms prints as 26.0 ms beside 28.6 ms.
    expect(columnFormat('ms', [26, 18_932]).value(26)).toBe('26.0 ms');
    expect(columnFormat('ms', [999.7, 1]).value(999.7)).toBe('1,000 ms');
    expect(f.value(null)).toBe(NONE);
  });

  it('number() is the value without the shared unit, in the same precision', () => {
    expect(columnFormat('ms', [71.78, 62.1]).number(62.1)).toBe('62.1');
    expect(columnFormat('ratio', [0.009, 0.0015]).number(0.009)).toBe('0.90');
    expect(columnFormat('USD', [0.089, 0.077]).number(0.077)).toBe('0.0770');
    expect(columnFormat('B', [2_383_653]).number(2_383_653)).toBe('2.27 MiB');
    expect(columnFormat('', [2399, 7194]).number(NaN)).toBe(NONE);
  });

  it('rounds CI noise to the value precision: no ±1.73e-18', () => {
    const f = columnFormat('ratio', [0.009, 0.0015, 0]);
    expect(f.value(0.009)).toBe('0.90%');
    expect(f.value(0)).toBe('0.00%');
    expect(f.range(-1.73e-18, 1.73e-18)).toBe('[0.00, 0.00]');
  });

  it('never mixes 2.38e+8 with 2383653 in a bytes column, and keeps one precision', () => {
    const f = columnFormat('B', [238_365_312, 2_383_653, 61_865_984]);
    expect([238_365_312, 2_383_653, 61_865_984].map(f.value)).toEqual(['227 MiB', '2.27 MiB', '59.0 MiB']);
    expect(f.range(236_000_000, 240_000_000)).toBe('[225, 229] MiB');
  });

  it('counts and dollars align on whole numbers and shared decimals', () => {
    const c = columnFormat('', [2399, 2399.5, 7194]);
    expect([2399, 2399.5, 7194].map(c.value)).toEqual(['2,399', '2,400', '7,194']);
    const d = columnFormat('USD', [0.089, 0.077, 0.08]);
    expect([0.089, 0.077, 0.08].map(d.value)).toEqual(['$0.0890', '$0.0770', '$0.0800']);
    expect(d.value(-0.01)).toBe('−$0.0100');
  });

  it('prints missing values as "—" and never NaN/Infinity, whatever the column (property)', () => {
    fc.assert(fc.property(fc.constantFrom('ms', 'B', 'ratio', 'USD', 'Wh', '', 'x'), fc.array(fc.oneof(fc.double(), fc.constant(null))), (unit, values) => {
      const f = columnFormat(unit, values);
      for (const v of values) expect(f.value(v)).not.toMatch(/NaN|Infinity|e[+-]\d/);
      expect(f.value(null)).toBe(NONE);
    }));
  });

  it('decimalsFor ignores magnitudes under a thousandth of the largest (noise)', () => {
    expect(decimalsFor([1e-18, 0.009], 3, 20)).toBe(8); // from 9e-6 (a thousandth of 0.009), not 20 from 1e-18
    expect(decimalsFor([62.1, 71.8])).toBe(1);
    expect(decimalsFor([0, 0])).toBe(0);
  });
});

describe('bounds and axes', () => {
  it('rates are bounded to [0, 1], amounts to [0, ∞); a CI is clamped into them', () => {
    expect(metricBounds('ratio')).toEqual([0, 1]);
    expect(metricBounds('B')).toEqual([0, Infinity]);
    expect(clampInterval([-0.006, 0.02], metricBounds('ratio'))).toEqual([0, 0.02]);
    expect(clampInterval([0.98, 1.03], metricBounds('ratio'))).toEqual([0.98, 1]);
    expect(clampInterval([-3, 5], metricBounds('ms'))).toEqual([0, 5]);
  });

  it('guesses units from metric keys', () => {
    expect(['latencyP95Ms', 'vision.latencyP99Ms', 'wanBytes', 'costUsd', 'energyWh', 'sloViolationRate', 'north.appAvailability', 'completed'].map(guessUnit))
      .toEqual(['ms', 'ms', 'B', 'USD', 'Wh', 'ratio', 'ratio', '']);
  });

  it('axes use the binary unit of the largest value, s past 10 s, % for rates', () => {
    expect(axisUnit('B', 1.4e9)).toMatchObject({ div: 1024 ** 3, label: 'GiB' });
    expect(axisUnit('B', 250e6)).toMatchObject({ div: 1024 ** 2, label: 'MiB' });
    expect(axisUnit('B/s', 2e6).label).toBe('MiB/s');
    expect(axisUnit('ms', 19_700)).toMatchObject({ div: 1000, label: 's' });
    expect(axisUnit('ratio', 0.5).tick(25)).toBe('25%');
    expect(axisUnit('USD', 0.1).tick(0.05)).toBe('$0.05');
  });

  it('an axis has one tick notation: 0, 5k, 10k, 15k — never 8,000 beside 10k', () => {
    expect([0, 5000, 8000, 10_000, 15_000].map(compactTicks(16_000))).toEqual(['0', '5k', '8k', '10k', '15k']);
    expect([0, 2000, 8000].map(compactTicks(9000))).toEqual(['0', '2,000', '8,000']);
    expect([0, 5e8, 1.5e9].map(compactTicks(1.5e9))).toEqual(['0', '500M', '1,500M']);
    expect(axisUnit('', 16_000).tick(6000)).toBe('6k');
  });

  it('time ticks fall on whole 10 s / 30 s / 1 min / 2 min steps', () => {
    expect(timeTicks(60_000, 6)).toEqual([0, 10_000, 20_000, 30_000, 40_000, 50_000, 60_000]);
    expect(timeTicks(600_000, 6)).toEqual([0, 120_000, 240_000, 360_000, 480_000, 600_000]);
    expect(timeTicks(600_000, 4, 1000)).toEqual([300_000, 600_000]);
    expect(timeTicks(0)).toEqual([0]);
  });
});
