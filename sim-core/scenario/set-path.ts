/**
 * `--set path=value`: edits the plain document before validation, so the value goes through
 * the same checks and defaults as if it had been written in the file. Paths use dots and
 * [index]; in lists of objects with an `id`, a segment may name the element by id
 * (`spec.apps.vision.slo.latency`). Values are YAML (`8`, `2h`, `true`, `[edge-1, edge-2]`).
 * With a schema, absent-but-allowed fields are created, unit-suffixed names (latencyMs,
 * memoryBytes, bandwidthBps) map to the unit-bearing field, and unknown keys get a did-you-mean.
 */
import type { z } from 'zod';
import { didYouMean, listSome } from '../text/did-you-mean.ts';
import { allowedKeys, allowsArray, childSchemas } from './schema-walk.ts';
import { InputError } from '../text/input-error.ts';
import { showValue } from '../text/units.ts';
import { parseYamlSource } from '../text/yaml-source.ts';

/** A malformed or impossible --set; the message names the first missing segment and what is there. */
export class SetPathError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SetPathError';
  }
}

/** One path segment: key, index, or a bracketed quoted key (labels["a.b/c"]). */
export type PathSegment = string | number;

/** Parses `spec.nodes[2].cores` into ['spec', 'nodes', 2, 'cores']; throws SetPathError on bad syntax. */
export function parseSetPath(text: string): PathSegment[] {
  const out: PathSegment[] = [];
  const re = /\.?([^.[\]]+)|\[(\d+)\]|\[("([^"]*)"|'([^']*)')\]/y;
  let pos = 0;
  while (pos < text.length) {
    re.lastIndex = pos;
    const m = re.exec(text);
    if (!m || (m[1] !== undefined && pos === 0 && text[0] === '.')) throw new SetPathError(`bad path '${text}' at character ${pos + 1}; use a.b[2].c or a.b["key.with.dots"]`);
    if (m[1] !== undefined) {
      if (pos > 0 && text[pos] !== '.') throw new SetPathError(`bad path '${text}' at character ${pos + 1}: expected '.' or '['`);
      out.push(m[1]);
    } else if (m[2] !== undefined) out.push(Number(m[2]));
    else out.push(m[4] ?? m[5] ?? '');
    pos = re.lastIndex;
  }
  if (out.length === 0) throw new SetPathError(`empty path in '${text}'`);
  return out;
}

const UNIT_SUFFIXES = ['Ms', 'Bytes', 'Bps', 'Millicores', 'Usd', 'Mps', 'Km', 'Watts'];

/** Applies `path=value` to `doc` in place (and returns it); throws SetPathError with a clear message. */
export function applySet(doc: unknown, assignment: string, schema?: z.ZodType): unknown {
  const eq = assignment.indexOf('=');
  if (eq <= 0) throw new SetPathError(`expected path=value, got '${assignment}'`);
  const path = parseSetPath(assignment.slice(0, eq).trim());
  const valueText = assignment.slice(eq + 1).trim();
  let value: unknown;
  try {
    // Through parseYamlSource: the same nesting and alias limits as files (a value is spliced into the document).
    value = valueText === '' ? '' : parseYamlSource(valueText, '<--set>').value;
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    const issue = err.issues[0]!;
    throw new SetPathError(`value '${clip(valueText)}' is not valid YAML (at column ${issue.col}): ${issue.message.replace(/^malformed YAML: /, '')}`);
  }
  if (doc === null || typeof doc !== 'object') throw new SetPathError(`the document is not a mapping, cannot set '${assignment}'`);
  let cur: unknown = doc;
  let schemas: z.ZodType[] = schema ? [schema] : [];
  const done: string[] = [];
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    const last = i === path.length - 1;
    const where = done.length ? done.join('') : 'the document';
    if (Array.isArray(cur)) {
      const index = typeof seg === 'number' ? seg : cur.findIndex((e) => e && typeof e === 'object' && (e as { id?: unknown }).id === seg);
      if (index < 0 || index >= cur.length || (typeof seg === 'number' && !last && index >= cur.length)) {
        const ids = cur.map((e) => (e as { id?: unknown })?.id).filter((x): x is string => typeof x === 'string');
        throw new SetPathError(typeof seg === 'number'
          ? `${where} has ${cur.length} item(s); index [${seg}] does not exist`
          : `${where} has no element with id '${seg}'${didYouMean(seg, ids)}; ids: ${listSome(ids) || '(none)'}`);
      }
      schemas = schema ? childSchemas(schemas, seg, typeof seg === 'string') : [];
      done.push(typeof seg === 'number' ? `[${seg}]` : `.${seg}`);
      if (last) { cur[index] = value; return doc; }
      cur = cur[index];
      continue;
    }
    if (cur === null || typeof cur !== 'object') throw new SetPathError(`${where} is ${showValue(cur)}, not a mapping or list; cannot set '${seg}'`);
    if (typeof seg === 'number') throw new SetPathError(`${where} is a mapping, not a list; use .key instead of [${seg}]`);
    const obj = cur as Record<string, unknown>;
    const allowed = schema ? allowedKeys(schemas) : undefined;
    let key = seg;
    if (!Object.hasOwn(obj, key) && !(Array.isArray(allowed) && allowed.includes(key))) {
      const suffix = UNIT_SUFFIXES.find((s) => key.endsWith(s) && key.length > s.length);
      const base = suffix ? key.slice(0, -suffix.length) : undefined;
      if (base && (Object.hasOwn(obj, base) || (Array.isArray(allowed) && allowed.includes(base)))) key = base;
    }
    const present = Object.hasOwn(obj, key);
    const permitted = present || allowed === 'any' || (Array.isArray(allowed) && allowed.includes(key)) || (!schema && last);
    if (!permitted) {
      const candidates = Array.isArray(allowed) ? allowed : Object.keys(obj);
      throw new SetPathError(`${where === 'the document' ? 'the document' : where.replace(/^\./, '')} has no field '${seg}'${didYouMean(seg, candidates)}; valid keys there: ${listSome(candidates, 30) || '(none)'}`);
    }
    schemas = schema ? childSchemas(schemas, key) : [];
    done.push(done.length ? `.${key}` : key);
    if (last) { obj[key] = value; return doc; }
    if (!present || obj[key] === null || obj[key] === undefined) {
      const next = path[i + 1]!;
      if (typeof next === 'number' || (schema && allowsArray(schemas) && allowedKeys(schemas) === undefined)) {
        throw new SetPathError(`${done.join('')} is not set, so it has no element ${typeof next === 'number' ? `[${next}]` : `'${next}'`}; set the whole list instead (${done.join('')}=[…])`);
      }
      obj[key] = {};
    }
    cur = obj[key];
  }
  return doc;
}

/** A value cut to 60 characters for messages. */
function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
