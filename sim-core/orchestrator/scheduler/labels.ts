/**
 * Label selectors compiled once and matched many times, with apimachinery's semantics:
 * an absent selector matches nothing, `{}` matches everything, NotIn/DoesNotExist match a
 * missing key, Gt/Lt compare base-10 int64 label values (a non-integer value never matches).
 */
import type { LabelSelector, NodeSelectorOperator, NodeSelectorRequirement } from './api-types.ts';

/** Labels as a plain record; read them with labelOf so inherited keys ("constructor") never match. */
export type Labels = Readonly<Record<string, string>>;

/** The value of `key` in `labels`, undefined when absent (own properties only). */
export function labelOf(labels: Labels | undefined, key: string): string | undefined {
  return labels !== undefined && Object.prototype.hasOwnProperty.call(labels, key) ? labels[key] : undefined;
}

/** One compiled requirement; `values` holds the In/NotIn set, `bound` the Gt/Lt integer. */
export interface Requirement {
  readonly key: string;
  readonly op: NodeSelectorOperator;
  readonly values: ReadonlySet<string>;
  readonly bound: number;
}

/** A compiled selector: `nothing` (absent selector), or the AND of `reqs` (empty = everything). */
export interface Selector {
  readonly nothing: boolean;
  readonly reqs: readonly Requirement[];
}

/** Matches no labels at all (labels.Nothing()). */
export const NOTHING: Selector = Object.freeze({ nothing: true, reqs: Object.freeze([]) as readonly Requirement[] });
/** Matches every label set (labels.Everything()). */
export const EVERYTHING: Selector = Object.freeze({ nothing: false, reqs: Object.freeze([]) as readonly Requirement[] });

const INT64 = /^[+-]?\d+$/;

/** Parses a label value as Go strconv.ParseInt(v, 10, 64) would; NaN when it would fail. */
export function parseInt64(v: string): number {
  if (!INT64.test(v)) return NaN;
  const n = Number(v);
  return Math.abs(n) <= 9223372036854775807 ? n : NaN;
}

/** Compiles one requirement; throws on a shape kube's validation rejects (programmer error upstream of us). */
export function requirement(key: string, op: NodeSelectorOperator, values: readonly string[] = []): Requirement {
  if (typeof key !== 'string' || key === '') throw new Error(`label requirement: key must be a non-empty string, got ${JSON.stringify(key)}`);
  let bound = NaN;
  switch (op) {
    case 'In': case 'NotIn':
      if (values.length === 0) throw new Error(`label requirement ${key} ${op}: values must be non-empty`);
      break;
    case 'Exists': case 'DoesNotExist':
      if (values.length !== 0) throw new Error(`label requirement ${key} ${op}: values must be empty, got ${JSON.stringify(values)}`);
      break;
    case 'Gt': case 'Lt':
      if (values.length !== 1 || Number.isNaN(parseInt64(values[0]!))) {
        throw new Error(`label requirement ${key} ${op}: needs exactly one integer value, got ${JSON.stringify(values)}`);
      }
      bound = parseInt64(values[0]!);
      break;
    default:
      throw new Error(`label requirement ${key}: unknown operator ${JSON.stringify(op)}`);
  }
  return Object.freeze({ key, op, values: new Set(values), bound });
}

/** Whether one label value (undefined = key missing) satisfies the requirement. */
export function requirementMatchesValue(r: Requirement, v: string | undefined): boolean {
  switch (r.op) {
    case 'In': return v !== undefined && r.values.has(v);
    case 'NotIn': return v === undefined || !r.values.has(v);
    case 'Exists': return v !== undefined;
    case 'DoesNotExist': return v === undefined;
    case 'Gt': { if (v === undefined) return false; const n = parseInt64(v); return !Number.isNaN(n) && n > r.bound; }
    case 'Lt': { if (v === undefined) return false; const n = parseInt64(v); return !Number.isNaN(n) && n < r.bound; }
  }
}

/** metav1.LabelSelectorAsSelector: undefined → NOTHING, `{}` → EVERYTHING, else the AND of requirements. */
export function compileLabelSelector(sel: LabelSelector | undefined | null): Selector {
  if (sel === undefined || sel === null) return NOTHING;
  const reqs: Requirement[] = [];
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) reqs.push(requirement(k, 'In', [v]));
  for (const e of sel.matchExpressions ?? []) reqs.push(requirement(e.key, e.operator, e.values ?? []));
  if (reqs.length === 0) return EVERYTHING;
  reqs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return Object.freeze({ nothing: false, reqs: Object.freeze(reqs) });
}

/** A selector with extra requirements ANDed on (used for matchLabelKeys / mismatchLabelKeys). */
export function withRequirements(sel: Selector, extra: readonly Requirement[]): Selector {
  if (extra.length === 0 || sel.nothing) return sel;
  return Object.freeze({ nothing: false, reqs: Object.freeze([...sel.reqs, ...extra]) });
}

/** node-selector requirements (Gt/Lt allowed) compiled as an AND. */
export function compileNodeSelectorRequirements(reqs: readonly NodeSelectorRequirement[]): Requirement[] {
  return reqs.map((r) => requirement(r.key, r.operator, r.values ?? []));
}

/** Whether `labels` satisfies the selector. */
export function selectorMatches(sel: Selector, labels: Labels | undefined): boolean {
  if (sel.nothing) return false;
  const reqs = sel.reqs;
  for (let i = 0; i < reqs.length; i++) {
    const r = reqs[i]!;
    if (!requirementMatchesValue(r, labelOf(labels, r.key))) return false;
  }
  return true;
}

/** labels.Selector.Empty(): true for EVERYTHING (no requirements), false for NOTHING. */
export function selectorIsEmpty(sel: Selector): boolean {
  return !sel.nothing && sel.reqs.length === 0;
}
