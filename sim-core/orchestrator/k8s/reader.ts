/**
 * A small located reader over parsed Kubernetes JSON/YAML: typed getters that record an issue
 * (file, line:col, field path) instead of throwing, so one pass reports every bad field.
 */
import type { InputIssue } from '../../text/input-error.ts';
import { InputError } from '../../text/input-error.ts';
import type { FieldPath } from '../../text/yaml-source.ts';

/** Where values come from: file name and an optional locator into the source text. */
export interface SourceRef { file: string; locate?: (path: FieldPath) => { line: number; col: number } }

/** Collects located issues while converting. */
export class Reader {
  readonly issues: InputIssue[] = [];
  constructor(readonly src: SourceRef) {}

  /** Records a problem with the value at `path`. */
  fail(path: FieldPath, message: string): void {
    const pos = this.src.locate ? this.src.locate(path) : { line: 0, col: 0 };
    this.issues.push({ file: this.src.file, line: pos.line, col: pos.col, path: formatPath(path), message });
  }

  /** Throws an InputError when any issue was recorded. */
  throwIfAny(): void {
    if (this.issues.length > 0) throw new InputError(this.issues);
  }

  /** The object at path, or undefined when absent; records an issue when present but not an object. */
  obj(v: unknown, path: FieldPath): Record<string, unknown> | undefined {
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'object' || Array.isArray(v)) { this.fail(path, `must be an object, got ${kind(v)}`); return undefined; }
    return v as Record<string, unknown>;
  }

  /** The array at path ([] when absent). */
  arr(v: unknown, path: FieldPath): unknown[] {
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) { this.fail(path, `must be a list, got ${kind(v)}`); return []; }
    return v;
  }

  /** A string, or undefined when absent. */
  str(v: unknown, path: FieldPath): string | undefined {
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') { this.fail(path, `must be a string, got ${kind(v)}`); return undefined; }
    return v;
  }

  /** An integer, or undefined when absent. */
  int(v: unknown, path: FieldPath): number | undefined {
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v)) { this.fail(path, `must be an integer, got ${JSON.stringify(v)}`); return undefined; }
    return v;
  }

  /** One of the allowed strings, or undefined when absent. */
  oneOf<T extends string>(v: unknown, path: FieldPath, allowed: readonly T[]): T | undefined {
    const s = this.str(v, path);
    if (s === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(s)) { this.fail(path, `unknown value ${JSON.stringify(s)} (allowed: ${allowed.join(', ')})`); return undefined; }
    return s as T;
  }

  /** A map of string → string (labels, nodeSelector), or undefined when absent. */
  strMap(v: unknown, path: FieldPath): Record<string, string> | undefined {
    const o = this.obj(v, path);
    if (!o) return undefined;
    const out: Record<string, string> = {};
    for (const [k, val] of Object.entries(o)) {
      if (typeof val !== 'string') { this.fail([...path, k], `must be a string, got ${kind(val)}`); continue; }
      out[k] = val;
    }
    return out;
  }
}

function kind(v: unknown): string {
  return Array.isArray(v) ? 'a list' : v === null ? 'null' : typeof v === 'object' ? 'an object' : `${typeof v} ${JSON.stringify(v)}`;
}

/** `items[3].spec.containers[0]` from a path array. */
export function formatPath(path: FieldPath): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out ? `.${seg}` : seg;
  return out;
}
