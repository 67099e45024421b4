/**
 * What a JSON Schema allows at a field path: the keys of a mapping (with their descriptions), the
 * enum / const / boolean values of a field, and a field's description — following local $ref,
 * anyOf / oneOf / allOf, list items (prefixItems too) and additionalProperties. Pure: schema and
 * path in, plain data out (the editor turns it into completions and hover text).
 */
import type { PathSeg } from './yaml-path.ts';

/** A JSON Schema node (object form; `true` / `false` schemas are handled where they appear). */
export type JsonSchema = { [k: string]: unknown };

/** A key allowed in a mapping. */
export interface KeyInfo {
  name: string;
  description: string;
  /** Short type, e.g. "string | number", "mapping", "list", "edge | cloud". */
  detail: string;
  required: boolean;
  /** How its value is shaped (the editor inserts a newline for mappings and lists in block style). */
  shape: 'mapping' | 'list' | 'scalar' | 'mixed';
}

/** A value a field may take. */
export interface ValueInfo { value: string; description: string }

/** A field's help: its description and short type. */
export interface FieldInfo { description: string; detail: string }

const isObj = (v: unknown): v is JsonSchema => typeof v === 'object' && v !== null && !Array.isArray(v);
const MAX_DEPTH = 64;

/** The schema a local `$ref` ("#/$defs/Name") points at; throws for refs it cannot follow, naming them. */
export function resolveRef(root: JsonSchema, ref: string): JsonSchema {
  if (!ref.startsWith('#')) throw new Error(`schema-lookup: only local $ref is supported, got '${ref}'`);
  let node: unknown = root;
  for (const raw of ref.slice(1).split('/').filter((s) => s !== '')) {
    const part = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    node = isObj(node) ? node[part] : undefined;
  }
  if (!isObj(node)) throw new Error(`schema-lookup: $ref '${ref}' points at nothing`);
  return node;
}

/** The plain alternatives of a schema: $ref followed, anyOf / oneOf flattened, allOf members merged in. */
export function alternatives(root: JsonSchema, schema: unknown, depth = 0): JsonSchema[] {
  if (!isObj(schema) || depth > MAX_DEPTH) return [];
  if (typeof schema.$ref === 'string') return alternatives(root, resolveRef(root, schema.$ref), depth + 1);
  const branches = [...(Array.isArray(schema.anyOf) ? schema.anyOf : []), ...(Array.isArray(schema.oneOf) ? schema.oneOf : [])];
  const own: JsonSchema = { ...schema };
  delete own.anyOf; delete own.oneOf; delete own.allOf;
  let base: JsonSchema[] = [own];
  if (Array.isArray(schema.allOf)) {
    for (const part of schema.allOf) {
      const alts = alternatives(root, part, depth + 1);
      base = base.flatMap((b) => alts.map((a) => merge(b, a)));
    }
  }
  if (branches.length === 0) return base;
  return base.flatMap((b) => branches.flatMap((br) => alternatives(root, br, depth + 1).map((a) => merge(b, a))));
}

/** `a` with `b`'s keywords (properties unioned, b's description only where a has none). */
function merge(a: JsonSchema, b: JsonSchema): JsonSchema {
  const out: JsonSchema = { ...b, ...a };
  if (isObj(a.properties) || isObj(b.properties)) {
    const ap = isObj(a.properties) ? a.properties : {}, bp = isObj(b.properties) ? b.properties : {};
    // a's keys first (schema order), a's schemas win.
    out.properties = { ...ap, ...bp, ...ap };
  }
  if (a.type === undefined && b.type !== undefined) out.type = b.type;
  if (Object.keys(a).every((k) => k === 'description' || k === 'title')) return { ...b, ...(a.description !== undefined && b.description === undefined ? { description: a.description } : {}) };
  return out;
}

/** The raw schemas (before expansion) one step below `alts` at `seg`. */
function childRaw(alts: readonly JsonSchema[], seg: PathSeg): unknown[] {
  const out: unknown[] = [];
  for (const s of alts) {
    if (typeof seg === 'string') {
      if (isObj(s.properties) && Object.hasOwn(s.properties, seg)) { out.push(s.properties[seg]); continue; }
      if (isObj(s.patternProperties)) {
        const hit = Object.entries(s.patternProperties).find(([re]) => safeTest(re, seg));
        if (hit) { out.push(hit[1]); continue; }
      }
      if (s.additionalProperties === true || s.additionalProperties === undefined && isObject(s) && !isObj(s.properties)) out.push({});
      else if (isObj(s.additionalProperties)) out.push(s.additionalProperties);
    } else {
      if (Array.isArray(s.prefixItems) && seg < s.prefixItems.length) out.push(s.prefixItems[seg]);
      else if (isObj(s.items) || s.items === true) out.push(s.items === true ? {} : s.items);
    }
  }
  return out;
}

const safeTest = (re: string, s: string) => { try { return new RegExp(re, 'u').test(s); } catch { return false; } };
const types = (s: JsonSchema): string[] => (Array.isArray(s.type) ? (s.type as string[]) : typeof s.type === 'string' ? [s.type] : []);
const isObject = (s: JsonSchema) => types(s).includes('object') || (types(s).length === 0 && (isObj(s.properties) || s.additionalProperties !== undefined));
const isArray = (s: JsonSchema) => types(s).includes('array') || (types(s).length === 0 && (s.items !== undefined || s.prefixItems !== undefined));

/** Keeps the object alternatives that agree with the keys (and const values) already written; all of them when none does. */
export function narrow(alts: readonly JsonSchema[], siblings: Record<string, string>): JsonSchema[] {
  const keys = Object.keys(siblings);
  if (keys.length === 0) return [...alts];
  const fits = alts.filter((s) => isObject(s) && keys.every((k) => {
    const props = isObj(s.properties) ? s.properties : {};
    const p = props[k];
    if (p === undefined) return s.additionalProperties !== false;
    if (!isObj(p) || siblings[k] === '') return true;
    if (p.const !== undefined) return String(p.const) === siblings[k];
    if (Array.isArray(p.enum)) return p.enum.map(String).includes(siblings[k]!);
    return true;
  }));
  return fits.length > 0 ? fits : [...alts];
}

/** The alternatives at `path` below the root. */
export function schemasAt(root: JsonSchema, path: readonly PathSeg[]): JsonSchema[] {
  let alts = alternatives(root, root);
  for (const seg of path) {
    alts = childRaw(alts, seg).flatMap((c) => alternatives(root, c));
    if (alts.length === 0) return [];
  }
  return alts;
}

/** The first description on the way to the field at `path`: on the property itself, its $ref target, then its alternatives. */
export function describeField(root: JsonSchema, path: readonly PathSeg[]): string {
  if (path.length === 0) return typeof root.description === 'string' ? root.description : '';
  const parents = schemasAt(root, path.slice(0, -1));
  for (const raw of childRaw(parents, path[path.length - 1]!)) {
    let node: unknown = raw;
    for (let i = 0; i < MAX_DEPTH && isObj(node); i++) {
      if (typeof node.description === 'string') return node.description;
      if (typeof node.$ref !== 'string') break;
      node = resolveRef(root, node.$ref);
    }
  }
  for (const alt of schemasAt(root, path)) if (typeof alt.description === 'string') return alt.description;
  return '';
}

/** A short type for alternatives: "mapping", "list", "string | number", "edge | cloud", "true | false". */
export function typeSummary(alts: readonly JsonSchema[]): string {
  const parts: string[] = [];
  const add = (p: string) => { if (!parts.includes(p)) parts.push(p); };
  for (const s of alts) {
    if (s.const !== undefined) add(JSON.stringify(s.const));
    else if (Array.isArray(s.enum)) s.enum.forEach((v) => add(String(v)));
    else if (isArray(s)) add('list');
    else if (isObject(s)) add('mapping');
    else for (const t of types(s)) add(t === 'integer' ? 'whole number' : t);
  }
  return parts.length > 12 ? `${parts.slice(0, 12).join(' | ')} | …` : parts.join(' | ');
}

function shapeOf(alts: readonly JsonSchema[]): KeyInfo['shape'] {
  const shapes = new Set(alts.map((s) => (isArray(s) ? 'list' : isObject(s) ? 'mapping' : 'scalar')));
  return shapes.size === 1 ? ([...shapes][0] as KeyInfo['shape']) : 'mixed';
}

/** The keys the mapping at `path` allows (schema order), narrowed by the keys already written; [] where no mapping fits. */
export function keysAt(root: JsonSchema, path: readonly PathSeg[], siblings: Record<string, string> = {}): KeyInfo[] {
  const alts = narrow(schemasAt(root, path).filter(isObject), siblings);
  const out = new Map<string, KeyInfo>();
  for (const s of alts) {
    const props = isObj(s.properties) ? s.properties : {};
    const required = Array.isArray(s.required) ? (s.required as string[]) : [];
    for (const [name, raw] of Object.entries(props)) {
      if (out.has(name)) continue;
      const valueAlts = alternatives(root, raw);
      out.set(name, {
        name,
        description: describeField(root, [...path, name]) || (typeof (raw as JsonSchema).description === 'string' ? String((raw as JsonSchema).description) : ''),
        detail: typeSummary(valueAlts),
        required: required.includes(name),
        shape: shapeOf(valueAlts),
      });
    }
  }
  return [...out.values()];
}

/** The values the field at `path` may take that can be listed: enum members, consts, true/false. */
export function valuesAt(root: JsonSchema, path: readonly PathSeg[], siblings: Record<string, string> = {}): ValueInfo[] {
  let alts: JsonSchema[];
  if (path.length === 0) alts = alternatives(root, root);
  else {
    const parents = narrow(schemasAt(root, path.slice(0, -1)), siblings);
    alts = childRaw(parents, path[path.length - 1]!).flatMap((c) => alternatives(root, c));
  }
  const out = new Map<string, ValueInfo>();
  for (const s of alts) {
    const description = typeof s.description === 'string' ? s.description : '';
    if (s.const !== undefined && typeof s.const !== 'object') out.set(String(s.const), { value: String(s.const), description });
    if (Array.isArray(s.enum)) for (const v of s.enum) if (typeof v !== 'object') out.set(String(v), { value: String(v), description });
    if (types(s).includes('boolean')) for (const v of ['true', 'false']) out.set(v, { value: v, description });
  }
  return [...out.values()];
}

/** Help for the field at `path`, or null when the schema has no such field. */
export function fieldInfo(root: JsonSchema, path: readonly PathSeg[]): FieldInfo | null {
  const alts = schemasAt(root, path);
  if (alts.length === 0) return null;
  return { description: describeField(root, path), detail: typeSummary(alts) };
}
