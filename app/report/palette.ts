/**
 * Colours of the report: the Okabe–Ito palette (Okabe & Ito 2008, "Color Universal Design"),
 * distinguishable under the common colour-vision deficiencies. Yellow is last because it is
 * hard to read on white; series beyond eight also get a dash pattern so they stay distinct.
 */

/** Okabe–Ito colours in the order series use them. */
export const OKABE_ITO: readonly string[] = [
  '#0072B2', // blue
  '#E69F00', // orange
  '#009E73', // bluish green
  '#D55E00', // vermillion
  '#CC79A7', // reddish purple
  '#56B4E9', // sky blue
  '#000000', // black
  '#F0E442', // yellow
];

/** Dash patterns cycled after the colours run out ('' = solid). */
const DASHES: readonly string[] = ['', '6 3', '2 3', '8 3 2 3'];

/** Colour of series i (i ≥ 0); throws on a negative or fractional index. */
export function seriesColor(i: number): string {
  if (!(Number.isInteger(i) && i >= 0)) throw new Error(`seriesColor: index must be an integer ≥ 0, got ${i}`);
  return OKABE_ITO[i % OKABE_ITO.length]!;
}

/** Dash pattern of series i: solid for the first eight, then patterned. */
export function seriesDash(i: number): string {
  return DASHES[Math.floor(i / OKABE_ITO.length) % DASHES.length]!;
}

/** Neutral greys for axes, grid and text. */
export const INK = { text: '#1f2328', muted: '#57606a', axis: '#8c959f', grid: '#e6e8eb', band: '#f6f8fa' } as const;

/** Verdict colours (green / vermillion / grey, from the same palette). */
export const VERDICT_COLOR = { better: '#009E73', worse: '#D55E00', indistinguishable: '#57606a' } as const;
