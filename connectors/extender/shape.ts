/**
 * A small checker for JSON request bodies against a declared shape: the Go types kube-scheduler
 * marshals (extender/v1, core/v1), so a body that Go would decode differently from what EdgeTwin
 * reads is refused with its field path and what is allowed, before any handler runs.
 *
 * Go semantics kept: a field that is null counts as absent (nil pointer, slice or map); fields an
 * open shape does not declare are ignored (real Node and Pod objects carry many). Stricter than Go
 * on purpose: a null list element or map value is refused (Go would decode a zero-value struct,
 * e.g. `containers: [null]` becomes a nameless container requesting nothing), and so is an
 * undeclared field of a closed shape (the extender/v1 argument structs), with a did-you-mean.
 */
import type { FieldPath } from '../../sim-core/text/yaml-source.ts';
import { closest } from '../../sim-core/text/did-you-mean.ts';
import { formatPath } from '../../sim-core/orchestrator/k8s/reader.ts';

/** A JSON shape. `what` names the Go type or meaning for messages ("v1 Container", "a node name"). */
export type Shape =
  | { type: 'string'; what?: string; oneOf?: readonly string[]; nonEmpty?: boolean; syntax?: Syntax }
  | { type: 'int'; what?: string; min: number; max: number }
  | { type: 'bool'; what?: string }
  | { type: 'quantity'; what?: string }
  | { type: 'list'; what?: string; of: Shape }
  | { type: 'map'; what?: string; of: Shape; keys?: Syntax }
  | { type: 'object'; what: string; fields: Readonly<Record<string, Shape>>; required?: readonly string[]; closed?: boolean }
  | { type: 'byKind'; what: string; kinds: Readonly<Record<string, Shape>>; defaultKind?: string; hint?: string }
  | { type: 'any' };

/** A syntax a string must follow: a test and how to say what is allowed. */
export interface Syntax { test: (s: string) => boolean; allowed: string }

const NAME_63 = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** A Kubernetes label key (qualified name): [prefix/]name, as the API server validates it. */
export const LABEL_KEY: Syntax = {
  test: (k) => {
    const slash = k.lastIndexOf('/');
    const name = slash < 0 ? k : k.slice(slash + 1), prefix = slash < 0 ? '' : k.slice(0, slash);
    return NAME_63.test(name) && (slash < 0 || (prefix.length <= 253 && DNS_SUBDOMAIN.test(prefix)));
  },
  allowed: 'a label key: [DNS-subdomain prefix/]name, the name 1-63 characters of letters, digits, - _ . starting and ending with a letter or digit',
};

/** A Kubernetes label value: empty, or 1-63 characters of letters, digits, - _ . starting and ending with a letter or digit. */
export const LABEL_VALUE: Syntax = {
  test: (v) => v === '' || NAME_63.test(v),
  allowed: 'a label value: empty, or up to 63 characters of letters, digits, - _ . starting and ending with a letter or digit',
};

/** One refused field: its path (`Pod.spec.containers[0]`) and what is wrong and allowed. */
export interface ShapeIssue { path: string; message: string }

/** Stop collecting after this many issues: a hostile body cannot make the answer huge. */
export const MAX_SHAPE_ISSUES = 20;

/** int32 bounds (Go `int32`), for the many int32 fields of core/v1. */
export const INT32 = { min: -2147483648, max: 2147483647 } as const;
/** int64 bounds as far as a JSON number holds them exactly (2^53 - 1). */
export const INT64 = { min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER } as const;

/** Every issue of `value` against `shape`, at most MAX_SHAPE_ISSUES (the last says how many more). */
export function checkShape(value: unknown, shape: Shape, path: FieldPath = []): ShapeIssue[] {
  const out: ShapeIssue[] = [];
  let dropped = 0;
  const add = (p: FieldPath, message: string) => {
    if (out.length < MAX_SHAPE_ISSUES) out.push({ path: formatPath(p), message });
    else dropped++;
  };
  walk(value, shape, path, add);
  if (dropped > 0) out.push({ path: '', message: `${dropped} more issue(s) not shown` });
  return out;
}

type Add = (path: FieldPath, message: string) => void;

function walk(v: unknown, s: Shape, p: FieldPath, add: Add): void {
  switch (s.type) {
    case 'any': return;
    case 'string': {
      if (typeof v !== 'string') return add(p, `must be a string${of(s.what)}, got ${describe(v)}`);
      if (s.nonEmpty && v === '') return add(p, `must be a non-empty string${of(s.what)}`);
      if (s.oneOf && !s.oneOf.includes(v)) return add(p, `unknown value ${quote(v)} (allowed: ${s.oneOf.map((x) => x === '' ? '""' : x).join(', ')})`);
      if (s.syntax && !s.syntax.test(v)) return add(p, `${quote(v)} is not ${s.syntax.allowed}`);
      return;
    }
    case 'int': {
      if (typeof v !== 'number' || !Number.isInteger(v)) return add(p, `must be an integer${of(s.what)}, got ${describe(v)}`);
      if (v < s.min || v > s.max) return add(p, `must be an integer in [${s.min}, ${s.max}]${of(s.what)}, got ${v}`);
      return;
    }
    case 'bool':
      if (typeof v !== 'boolean') add(p, `must be true or false${of(s.what)}, got ${describe(v)}`);
      return;
    case 'quantity':
      if (typeof v !== 'string' && typeof v !== 'number') add(p, `must be a quantity string like "500m", "2" or "1Gi"${of(s.what)}, got ${describe(v)}`);
      return;
    case 'list': {
      if (!Array.isArray(v)) return add(p, `must be a list${of(s.what)}, got ${describe(v)}`);
      v.forEach((item, i) => element(item, s.of, [...p, i], add));
      return;
    }
    case 'map': {
      if (!isObject(v)) return add(p, `must be an object (a map)${of(s.what)}, got ${describe(v)}`);
      for (const [k, item] of Object.entries(v)) {
        if (s.keys && !s.keys.test(k)) add([...p, k], `key ${quote(k)} is not ${s.keys.allowed}`);
        else element(item, s.of, [...p, k], add);
      }
      return;
    }
    case 'object': {
      if (!isObject(v)) return add(p, `must be an object (${s.what}), got ${describe(v)}`);
      for (const k of s.required ?? []) if (v[k] === undefined || v[k] === null) add([...p, k], `missing (required by ${s.what})`);
      for (const [k, item] of Object.entries(v)) {
        const f = s.fields[k];
        if (f) { if (item !== null) walk(item, f, [...p, k], add); continue; }
        if (s.closed) add([...p, k], unknownField(k, s));
      }
      return;
    }
    case 'byKind': {
      if (!isObject(v)) return add(p, `must be an object (${s.what}), got ${describe(v)}`);
      const kind = v.kind ?? s.defaultKind;
      const allowed = Object.keys(s.kinds);
      if (typeof kind !== 'string') return add([...p, 'kind'], `missing (required by ${s.what}: one of ${allowed.join(', ')})`);
      const inner = s.kinds[kind];
      if (!inner) return add([...p, 'kind'], `unknown value ${quote(kind)} (allowed: ${allowed.join(', ')})${s.hint ? `; ${s.hint}` : ''}`);
      return walk(v, inner, p, add);
    }
  }
}

/** A list element or map value: null is refused (see the file comment). */
function element(v: unknown, s: Shape, p: FieldPath, add: Add): void {
  if (v === null && s.type !== 'any') return add(p, `must not be null${of(what(s))}`);
  walk(v, s, p, add);
}

function unknownField(k: string, s: Extract<Shape, { type: 'object' }>): string {
  const names = Object.keys(s.fields);
  const near = k.length <= 100 ? closest(k, names) : undefined;
  return `unknown field ${quote(k)} (${s.what} has ${names.join(', ')})${near ? `; did you mean '${near}'?` : ''}`;
}

function what(s: Shape): string | undefined {
  return 'what' in s ? s.what : undefined;
}

function of(w: string | undefined): string {
  return w ? ` (${w})` : '';
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** "null", "a list", "an object", "number 3", "string \"x\"" (strings cut at 40 characters). */
export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return `string ${quote(v)}`;
  return `${typeof v} ${String(v)}`;
}

/** A string as JSON, cut to 40 characters (a message never echoes a huge value). */
export function quote(v: string): string {
  return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
}
