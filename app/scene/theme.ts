/**
 * Scene colours per theme (the store's `theme`), as CSS hex strings shared by the 3D scene and
 * the HTML legend. State colours are backed by shape everywhere (down = flattened glyph with a
 * red X, suspect = amber ring, cut link = red and dashed), so no state relies on colour alone.
 * Replica colours are the Okabe–Ito palette (distinguishable with every common colour-vision
 * deficiency).
 */

/** Theme names (the store's `theme`). */
export type ThemeName = 'dark' | 'light';

/** Every colour the scene draws with. */
export interface SceneColors {
  background: string;
  /** Tier plates, ground grid. */
  grid: string;
  label: string;
  /** Links: idle and fully used (utilisation blends between them). */
  linkIdle: string;
  linkBusy: string;
  linkDegraded: string;
  linkDown: string;
  /** A down node's flattened glyph and the X over it. */
  nodeDown: string;
  downMark: string;
  suspect: string;
  controller: string;
  autonomous: string;
  buffering: string;
  selection: string;
  hover: string;
  plan: string;
  /** Tooltip and legend panels (opaque: a translucent layer over the canvas costs a software compositor a blend every frame). */
  panel: string;
  panelText: string;
  panelBorder: string;
}

export const THEMES: Record<ThemeName, SceneColors> = {
  dark: {
    background: '#0e1116', grid: '#222a35', label: '#9aa7b4',
    linkIdle: '#3a4657', linkBusy: '#e6f3ff', linkDegraded: '#f0a202', linkDown: '#ff4d4f',
    nodeDown: '#4a4f57', downMark: '#ff3b30', suspect: '#ffb020', controller: '#c9a2ff', autonomous: '#56b4e9', buffering: '#f0e442',
    selection: '#ffffff', hover: '#9ad1ff', plan: '#ff6ec7',
    panel: '#151a22', panelText: '#e3e8ee', panelBorder: '#334052',
  },
  light: {
    background: '#f4f6f9', grid: '#d5dbe3', label: '#4a5563',
    linkIdle: '#b3bcc8', linkBusy: '#0d2440', linkDegraded: '#c27c00', linkDown: '#d0202a',
    nodeDown: '#3a3d42', downMark: '#d11a1a', suspect: '#d98a00', controller: '#6a3fb5', autonomous: '#0072b2', buffering: '#8a7800',
    selection: '#000000', hover: '#1f6fbf', plan: '#c2188b',
    panel: '#ffffff', panelText: '#1d2430', panelBorder: '#c8d0da',
  },
};

/**
 * The part of the colour ramp each theme uses: the darkest viridis/cividis colours vanish on a
 * dark background and the lightest on a light one, so each theme drops that end.
 */
export const RAMP_RANGE: Record<ThemeName, [number, number]> = { dark: [0.2, 1], light: [0, 0.86] };

/** Replica glyph colours, one per app (app index mod length). */
export const APP_COLORS = ['#E69F00', '#56B4E9', '#009E73', '#F0E442', '#0072B2', '#D55E00', '#CC79A7', '#999999'] as const;

/** Colour of app `index`. */
export function appColor(index: number): string {
  return APP_COLORS[((index % APP_COLORS.length) + APP_COLORS.length) % APP_COLORS.length]!;
}

/** Parses '#rrggbb' into sRGB components 0..1. */
export function hexToRgb(hex: string): [number, number, number] {
  const v = parseInt(hex.slice(1, 7), 16);
  return [((v >> 16) & 255) / 255, ((v >> 8) & 255) / 255, (v & 255) / 255];
}
