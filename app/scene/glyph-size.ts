/**
 * How big each glyph is: a size per tier in glyph units (× the layout's glyphScale), aggregates
 * growing with the log of the nodes they stand for, and a floor in screen pixels so a far glyph
 * never vanishes (quantised to 1/8 octave so a slowly moving camera rewrites few instances).
 * Pure.
 */
import { ITEM_GROUP, ITEM_NODE, ITEM_SITE } from './display.ts';

/** Glyph diameter per tier (sensor, gateway, edge, regional, cloud) in glyph units. */
export const TIER_DIAMETER = [0.19, 0.5, 0.6, 1.0, 2.6] as const;
/** Height / width of each tier's glyph (regional servers are tall). */
export const TIER_ASPECT = [1, 1, 1, 1.8, 0.8] as const;
/** Smallest on-screen diameter per tier, px. */
export const TIER_MIN_PX = [4, 8, 8, 12, 20] as const;

/** Diameter in glyph units of an item: a node by tier, an aggregate by kind and size (~ log of its node count). */
export function itemDiameter(kind: number, tier: number, size: number): number {
  if (kind === ITEM_NODE) return TIER_DIAMETER[tier] ?? 0.5;
  const ln = Math.log(Math.max(1, size));
  if (kind === ITEM_GROUP) return 0.3 * (1 + 0.6 * ln);
  if (kind === ITEM_SITE) return 0.7 * (1 + 0.5 * ln);
  return 1.2 * (1 + 0.4 * ln);
}

/** Smallest on-screen diameter (px) of an item. */
export function itemMinPx(kind: number, tier: number, size: number): number {
  if (kind === ITEM_NODE) return TIER_MIN_PX[tier] ?? 6;
  return 6 + 2.2 * Math.log(Math.max(1, size));
}

/** Height of an aggregate glyph relative to its width (sensor groups are flat pucks, sites and zones squat prisms). */
export function itemAspect(kind: number, tier: number): number {
  if (kind === ITEM_NODE) return TIER_ASPECT[tier] ?? 1;
  return kind === ITEM_GROUP ? 0.3 : kind === ITEM_SITE ? 0.6 : 0.5;
}

/**
 * The world diameter to draw: `diameter` (world units), raised so it spans at least `minPx` on
 * screen at `distance` (px per world unit = focalPx / distance), in steps of 2^(1/8).
 */
export function flooredDiameter(diameter: number, minPx: number, distance: number, focalPx: number): number {
  const need = (minPx * distance) / focalPx;
  if (need <= diameter) return diameter;
  return diameter * Math.pow(2, Math.ceil(Math.log2(need / diameter) * 8) / 8);
}
