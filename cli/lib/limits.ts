/**
 * The work-limit flags of validate / run / compare / plan (sim-core/text/limits.ts holds the
 * limits and their defaults): --max-file-size, --max-nodes, --max-events, --max-runs.
 */
import { InputError } from '../../sim-core/text/input-error.ts';
import { count, DEFAULT_LIMITS, LIMIT_FLAGS, type WorkLimits } from '../../sim-core/text/limits.ts';
import { formatBytes, parseBytes } from '../../sim-core/text/units.ts';

/** The flags' values as commander hands them over. */
export interface LimitFlags { maxFileSize?: string; maxNodes?: string; maxEvents?: string; maxRuns?: string }

const HELP: Record<keyof WorkLimits, string> = {
  maxFileBytes: `refuse scenario and experiment files larger than this, before parsing (default ${formatBytes(DEFAULT_LIMITS.maxFileBytes)})`,
  maxNodes: `refuse scenarios with more nodes than this once generators are expanded (default ${count(DEFAULT_LIMITS.maxNodes)})`,
  maxEvents: `refuse runs expected to process more events than this: messages from sources plus heartbeats, samples, position updates, link changes and random faults (default ${count(DEFAULT_LIMITS.maxEvents)})`,
  maxRuns: `refuse experiments of more runs than this: variants × sweep points × fault sets × seeds (default ${count(DEFAULT_LIMITS.maxRuns)})`,
};

/** Commander's (flags, description) of one limit flag: `.option(...limitOption('maxNodes'))`. */
export function limitOption(k: keyof WorkLimits): [string, string] {
  return [`${LIMIT_FLAGS[k]} <${k === 'maxFileBytes' ? 'size' : 'n'}>`, HELP[k]];
}

/** The limits the flags set (InputError naming the flag for a bad value). */
export function limitsFromFlags(flags: LimitFlags): Partial<WorkLimits> {
  const out: Partial<WorkLimits> = {};
  if (flags.maxFileSize !== undefined) {
    const r = parseBytes(flags.maxFileSize);
    if (!r.ok || !(r.value > 0)) throw bad(LIMIT_FLAGS.maxFileBytes, `expected a size like 64Mi or 100MB, got '${flags.maxFileSize}'`);
    out.maxFileBytes = r.value;
  }
  if (flags.maxNodes !== undefined) out.maxNodes = whole(LIMIT_FLAGS.maxNodes, flags.maxNodes);
  if (flags.maxEvents !== undefined) out.maxEvents = whole(LIMIT_FLAGS.maxEvents, flags.maxEvents);
  if (flags.maxRuns !== undefined) out.maxRuns = whole(LIMIT_FLAGS.maxRuns, flags.maxRuns);
  return out;
}

/** A whole number >= 1, written 2000000, 2_000_000 or 2e6. */
function whole(flag: string, text: string): number {
  const v = /^\d[\d_]*(e\d+)?$/i.test(text.trim()) ? Number(text.trim().replace(/_/g, '')) : NaN;
  if (!(Number.isSafeInteger(v) && v >= 1)) throw bad(flag, `expected a whole number >= 1 like 2000000 or 2e6, got '${text}'`);
  return v;
}

const bad = (flag: string, message: string) => new InputError([{ file: `<${flag}>`, line: 0, col: 0, path: '', message }]);
