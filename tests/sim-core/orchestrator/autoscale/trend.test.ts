/** Holt's linear method (trend.ts) against hand-computed updates; exact on a straight line. */
import { describe, expect, it } from 'vitest';
import { holt, holtForecast, holtUpdate } from '../../../../sim-core/orchestrator/autoscale/trend.ts';

describe("Holt's linear method", () => {
  it('updates level and trend as hand-computed', () => {
    let s = holt(0.5, 0.5);
    expect(Number.isNaN(holtForecast(s, 1))).toBe(true);
    s = holtUpdate(s, 10); // level 10, trend 0
    expect(s).toMatchObject({ level: 10, trend: 0 });
    s = holtUpdate(s, 14); // level 0.5·14 + 0.5·(10 + 0) = 12; trend 0.5·(12 − 10) + 0.5·0 = 1
    expect(s).toMatchObject({ level: 12, trend: 1 });
    s = holtUpdate(s, 16); // level 0.5·16 + 0.5·13 = 14.5; trend 0.5·2.5 + 0.5·1 = 1.75
    expect(s).toMatchObject({ level: 14.5, trend: 1.75 });
    expect(holtForecast(s, 4)).toBe(14.5 + 4 * 1.75);
  });

  it('beta 0 with no trend is the plain EWMA', () => {
    let s = holt(0.25, 0);
    for (const y of [8, 4, 12]) s = holtUpdate(s, y);
    // EWMA: 8 → 0.25·4 + 0.75·8 = 7 → 0.25·12 + 0.75·7 = 8.25
    expect(s.level).toBe(8.25);
    expect(holtForecast(s, 10)).toBe(8.25);
  });

  it('once it has the slope, forecasts a straight line exactly', () => {
    let s = holt(1, 1);
    for (let i = 0; i < 5; i++) s = holtUpdate(s, 3 + 2 * i);
    expect(holtForecast(s, 6)).toBe(3 + 2 * 10);
  });

  it('refuses smoothing factors out of range', () => {
    expect(() => holt(0, 0.1)).toThrow(/alpha must be in \(0, 1\]/);
    expect(() => holt(0.5, 1.5)).toThrow(/beta must be in \[0, 1\]/);
  });
});
