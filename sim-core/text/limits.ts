/**
 * Every limit on the size of the work EdgeTwin accepts, with its default, in one place. Input
 * beyond a limit is refused before the work starts, with a message naming the field and the flag
 * that raises the limit (README "Limits"). The defaults let every shipped scenario and experiment
 * and the benchmark fixtures run (the largest: 10,000 nodes + 100,000 sensors for an hour,
 * ≈ 6 M messages and 24 M kernel events; app fabrics of 100k nodes) with a wide margin.
 */

/** Limits a caller may raise (the CLI flags of LIMIT_FLAGS). */
export interface WorkLimits {
  /** Largest scenario or experiment file, in bytes (checked on the text, before parsing). */
  maxFileBytes: number;
  /** Most nodes after expanding generators (checked before expanding them). */
  maxNodes: number;
  /** Most expected events of one run: messages emitted by sources plus periodic events (work-estimate.ts). */
  maxEvents: number;
  /** Most runs of one experiment: variants × sweep points × fault sets × seeds. */
  maxRuns: number;
}

/** The defaults. */
export const DEFAULT_LIMITS: Readonly<WorkLimits> = Object.freeze({
  maxFileBytes: 16 * 2 ** 20,
  maxNodes: 200_000,
  maxEvents: 100_000_000,
  maxRuns: 10_000,
});

/** The flag that raises each limit (edgetwin validate / run / compare / plan). */
export const LIMIT_FLAGS: Readonly<Record<keyof WorkLimits, string>> = Object.freeze({
  maxFileBytes: '--max-file-size',
  maxNodes: '--max-nodes',
  maxEvents: '--max-events',
  maxRuns: '--max-runs',
});

/** The defaults with `overrides` applied (undefined entries keep the default). */
export function workLimits(overrides: Partial<WorkLimits> = {}): WorkLimits {
  const out = { ...DEFAULT_LIMITS };
  for (const k of Object.keys(out) as (keyof WorkLimits)[]) {
    const v = overrides[k];
    if (v === undefined) continue;
    if (!(Number.isFinite(v) && v >= 0)) throw new Error(`workLimits: ${k} must be a finite number >= 0, got ${v}`);
    out[k] = v;
  }
  return out;
}

/** Deepest nesting of YAML collections (and indentation levels) accepted; the parser recurses per level. Fixed. */
export const MAX_YAML_DEPTH = 100;

/** Most nodes YAML aliases (`*name`, `<<: *name`) may add to a document once expanded ("billion laughs"). Fixed. */
export const MAX_YAML_ALIAS_NODES = 1_000_000;

/** Most aliases in one document: the yaml package resolves each by scanning every anchor and alias, so n aliases cost n². Fixed. */
export const MAX_YAML_ALIASES = 10_000;

/** A count for messages: grouped digits (1,000,000), 3 significant digits from 10^15 on, 'unboundedly many' for Infinity. */
export function count(n: number): string {
  if (!Number.isFinite(n)) return 'unboundedly many';
  if (Math.abs(n) >= 1e15) return n.toPrecision(3);
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
