/**
 * The "current state" a plan is diffed against: a snapshot file
 * `{ "placements": { "app/service": ["node", ...] }, "takenAt": ..., "source": ... }` (a live
 * state read will produce the same shape later). Parsing is pure: the caller reads the file.
 */
import { InputError, type InputIssue } from '../../text/input-error.ts';
import type { Placements } from './diff.ts';

/** A parsed snapshot. takenAt and source are carried as given (strings; null when absent). */
export interface PlacementSnapshot { placements: Placements; takenAt: string | null; source: string | null }

const SNAPSHOT_KEYS = ['placements', 'takenAt', 'source'];

/** Parses snapshot JSON text; throws InputError naming the file, line:col and field on bad input. */
export function parseSnapshot(text: string, file: string): PlacementSnapshot {
  const bad = (path: string, message: string, offset = -1): never => {
    const pos = offset >= 0 ? lineCol(text, offset) : { line: 0, col: 0 };
    const issue: InputIssue = { file, line: pos.line, col: pos.col, path, message };
    throw new InputError([issue]);
  };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const m = /position (\d+)/.exec(msg);
    bad('', `not valid JSON: ${msg.replace(/ in JSON at position \d+.*$/, '')}`, m ? Number(m[1]) : -1);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) bad('', 'expected an object { "placements": {...}, "takenAt": ..., "source": ... }');
  const obj = value as Record<string, unknown>;
  for (const k of Object.keys(obj)) if (!SNAPSHOT_KEYS.includes(k)) bad(k, `unknown field '${k}'; expected ${SNAPSHOT_KEYS.join(', ')}`, keyOffset(text, k));
  const p = obj.placements;
  if (p === null || typeof p !== 'object' || Array.isArray(p)) bad('placements', `expected an object of "app/service": ["node", ...], got ${JSON.stringify(p)}`, keyOffset(text, 'placements'));
  const placements: Placements = {};
  for (const [service, nodes] of Object.entries(p as Record<string, unknown>)) {
    if (!/^[^/\s]+\/[^/\s]+$/.test(service)) bad(`placements.${service}`, `service keys are "app/service", got '${service}'`, keyOffset(text, service));
    if (!Array.isArray(nodes) || !nodes.every((n) => typeof n === 'string' && n !== '')) {
      bad(`placements.${service}`, `expected a list of node ids, got ${JSON.stringify(nodes)}`, keyOffset(text, service));
    }
    placements[service] = [...(nodes as string[])];
  }
  const str = (k: 'takenAt' | 'source'): string | null => {
    const v = obj[k];
    if (v === undefined || v === null) return null;
    if (typeof v === 'string' || typeof v === 'number') return String(v);
    return bad(k, `expected a string, got ${JSON.stringify(v)}`, keyOffset(text, k));
  };
  return { placements, takenAt: str('takenAt'), source: str('source') };
}

/** Offset of `"key"` in the text (first occurrence), or -1. */
function keyOffset(text: string, key: string): number {
  return text.indexOf(JSON.stringify(key));
}

/** 1-based line and column of an offset. */
function lineCol(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split('\n');
  return { line: lines.length, col: lines[lines.length - 1]!.length + 1 };
}
