/**
 * Colour-blind-safe sequential ramps for node metrics: viridis and cividis, as 17 sRGB stops
 * (matplotlib's maps sampled every 1/16) with linear interpolation between them. Both ramps rise
 * monotonically in lightness, so they read in greyscale and for every common colour-vision
 * deficiency. Pure functions: no three.js, no DOM.
 */

/** Ramp names (the store's `palette`). */
export type RampName = 'viridis' | 'cividis';

const STOPS: Record<RampName, readonly string[]> = {
  viridis: ['#440154', '#48186a', '#472d7b', '#424086', '#3b528b', '#33638d', '#2c728e', '#26828e', '#21918c',
    '#1fa088', '#28ae80', '#3fbc73', '#5ec962', '#84d44b', '#addc30', '#d8e219', '#fde725'],
  cividis: ['#002051', '#012b65', '#11366c', '#26426e', '#3c4d6e', '#51586e', '#62646f', '#727071', '#7f7c75',
    '#8c8877', '#9a9478', '#a9a177', '#bbaf71', '#cebd68', '#e2cb5c', '#f3da4f', '#fdea45'],
};

const parsed: Record<RampName, Float32Array> = { viridis: parseStops(STOPS.viridis), cividis: parseStops(STOPS.cividis) };

function parseStops(hex: readonly string[]): Float32Array {
  const out = new Float32Array(hex.length * 3);
  hex.forEach((h, i) => {
    const v = parseInt(h.slice(1), 16);
    out[i * 3] = ((v >> 16) & 255) / 255;
    out[i * 3 + 1] = ((v >> 8) & 255) / 255;
    out[i * 3 + 2] = (v & 255) / 255;
  });
  return out;
}

/** The ramp's sRGB stops as CSS hex strings, low to high (for CSS gradients in the legend). */
export function rampStops(name: RampName): readonly string[] {
  return STOPS[name];
}

/** Writes the sRGB colour (components 0..1) of `t` (clamped to 0..1; NaN reads as 0) into out[offset..offset+2]. */
export function rampInto(name: RampName, t: number, out: Float32Array | number[], offset = 0): void {
  const s = parsed[name];
  const n = s.length / 3 - 1;
  const x = (t > 0 ? (t < 1 ? t : 1) : 0) * n;
  const i = Math.min(n - 1, Math.floor(x));
  const f = x - i;
  for (let c = 0; c < 3; c++) out[offset + c] = s[i * 3 + c]! + (s[(i + 1) * 3 + c]! - s[i * 3 + c]!) * f;
}

/** The sRGB colour of `t` as [r, g, b] (0..1 each). */
export function ramp(name: RampName, t: number): [number, number, number] {
  const out = [0, 0, 0];
  rampInto(name, t, out);
  return out as [number, number, number];
}

/** `steps` CSS colours (#rrggbb) evenly over the ramp's [lo, hi] part (for a legend gradient). */
export function rampCss(name: RampName, lo = 0, hi = 1, steps = 9): string[] {
  const out: string[] = [];
  const c = [0, 0, 0];
  for (let i = 0; i < steps; i++) {
    rampInto(name, lo + ((hi - lo) * i) / (steps - 1), c);
    out.push(`#${c.map((v) => Math.round(v * 255).toString(16).padStart(2, '0')).join('')}`);
  }
  return out;
}

/** sRGB component (0..1) to linear light, the space three.js blends in. */
export function srgbToLinear(c: number): number {
  return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
}

/** A `size`-entry lookup table of linear-light RGB triples over t = 0..1 (index round(t·(size-1))), drawn from the ramp's [lo, hi] part. */
export function linearRampTable(name: RampName, size = 256, lo = 0, hi = 1): Float32Array {
  const out = new Float32Array(size * 3);
  for (let i = 0; i < size; i++) {
    rampInto(name, lo + ((hi - lo) * i) / (size - 1), out, i * 3);
    for (let c = 0; c < 3; c++) out[i * 3 + c] = srgbToLinear(out[i * 3 + c]!);
  }
  return out;
}

/** Relative luminance (WCAG) of an sRGB colour with components 0..1. */
export function relativeLuminance(r: number, g: number, b: number): number {
  return 0.2126 * srgbToLinear(r) + 0.7152 * srgbToLinear(g) + 0.0722 * srgbToLinear(b);
}
