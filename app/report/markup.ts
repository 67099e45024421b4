/**
 * Markup helpers for the HTML report: escaping, deterministic number text, element strings.
 * The report is built as strings (no DOM) so the same code runs in Node and in the browser.
 */
import { compactNumber, fmtPercent, fmtSig } from './format.ts';

/** Escapes text for element content and double-quoted attribute values. */
export function esc(text: string | number): string {
  return String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** A coordinate with at most 2 decimals and no trailing zeros (stable across runs and engines). */
export function px(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`px: coordinate must be finite, got ${x}`);
  const s = (Math.round(x * 100) / 100).toFixed(2).replace(/\.?0+$/, '');
  return s === '-0' ? '0' : s;
}

/** Attribute string from a record; undefined/false values are left out, true becomes a bare name. */
export function attrs(a: Record<string, string | number | boolean | undefined>): string {
  let out = '';
  for (const [k, v] of Object.entries(a)) {
    if (v === undefined || v === false) continue;
    out += v === true ? ` ${k}` : ` ${k}="${esc(typeof v === 'number' ? px(v) : v)}"`;
  }
  return out;
}

/** `<tag attrs>children</tag>` (children already markup). */
export function el(tag: string, a: Record<string, string | number | boolean | undefined>, ...children: string[]): string {
  return `<${tag}${attrs(a)}>${children.join('')}</${tag}>`;
}

/** Self-closing SVG element `<tag attrs/>`. */
export function leaf(tag: string, a: Record<string, string | number | boolean | undefined>): string {
  return `<${tag}${attrs(a)}/>`;
}

/**
 * A number for people: up to `digits` significant digits, thousands separated, never an
 * exponent (format.ts fmtSig). Missing and non-finite values print as "—".
 */
export function fmtNum(x: number, digits = 3): string {
  return fmtSig(x, digits);
}

/** A percentage of a 0..1 fraction, e.g. 0.0312 → "3.12%". */
export function fmtPct(fraction: number, digits = 3): string {
  return fmtPercent(fraction, digits);
}

/** A compact axis tick: 25M, 1.5k, 0.25 (SI suffixes from 10 000 up, so labels fit the margin). */
export function fmtTick(x: number): string {
  return compactNumber(x);
}
