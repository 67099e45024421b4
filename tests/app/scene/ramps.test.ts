/**
 * Colour ramps: the stops are matplotlib's (checked against d3-scale-chromatic, which ships the
 * same maps), linear interpolation between the 17 stops stays within 4.5/255 of the reference (an invisible difference), and lightness rises
 * monotonically (what makes viridis and cividis readable without colour vision).
 */
import { interpolateCividis, interpolateViridis } from 'd3-scale-chromatic';
import { color } from 'd3-color';
import { describe, expect, it } from 'vitest';
import { linearRampTable, ramp, rampCss, rampStops, relativeLuminance, srgbToLinear } from '../../../app/scene/ramps.ts';

const reference = { viridis: interpolateViridis, cividis: interpolateCividis };

describe('ramps', () => {
  for (const name of ['viridis', 'cividis'] as const) {
    it(`${name}: within 4.5/255 of the reference at 201 points; ends are the first and last stop`, () => {
      for (let i = 0; i <= 200; i++) {
        const t = i / 200;
        const ref = color(reference[name](t))!.rgb();
        const got = ramp(name, t);
        expect(Math.abs(got[0] * 255 - ref.r)).toBeLessThan(4.5);
        expect(Math.abs(got[1] * 255 - ref.g)).toBeLessThan(4.5);
        expect(Math.abs(got[2] * 255 - ref.b)).toBeLessThan(4.5);
      }
      expect(rampCss(name, 0, 1, 2)).toEqual([rampStops(name)[0], rampStops(name)[16]]);
    });

    it(`${name}: relative luminance rises with t (readable in greyscale)`, () => {
      let prev = -1;
      for (let i = 0; i <= 100; i++) {
        const [r, g, b] = ramp(name, i / 100);
        const y = relativeLuminance(r, g, b);
        expect(y).toBeGreaterThan(prev);
        prev = y;
      }
    });
  }

  it('clamps t, reads NaN as 0', () => {
    expect(ramp('viridis', -3)).toEqual(ramp('viridis', 0));
    expect(ramp('viridis', 7)).toEqual(ramp('viridis', 1));
    expect(ramp('cividis', NaN)).toEqual(ramp('cividis', 0));
  });

  it('the linear table is the sRGB ramp over [lo, hi] converted to linear light', () => {
    const table = linearRampTable('viridis', 5, 0.2, 1);
    // entry 2 is t = 0.2 + 0.8 · 2/4 = 0.6
    const mid = ramp('viridis', 0.6).map(srgbToLinear);
    for (let c = 0; c < 3; c++) expect(table[2 * 3 + c]).toBeCloseTo(mid[c]!, 6);
    expect(srgbToLinear(0)).toBe(0);
    expect(srgbToLinear(1)).toBeCloseTo(1, 12);
    expect(srgbToLinear(0.5)).toBeCloseTo(0.214, 3);
  });
});
