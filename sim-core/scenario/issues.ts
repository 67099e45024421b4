/**
 * Zod issues → located InputIssues: one issue per problem, unions reduced to the branch the
 * user evidently meant, unknown keys split one per key with a did-you-mean, positions taken
 * from the YAML source (keys for unknown fields, values otherwise), sorted by position.
 */
import type { z } from 'zod';
import type { InputIssue } from '../text/input-error.ts';
import type { FieldPath, YamlSource } from '../text/yaml-source.ts';
import { didYouMean, listSome } from '../text/did-you-mean.ts';
import { showValue } from '../text/units.ts';
import { UNKNOWN_KEYS_MARK } from './schema/quantities.ts';

type Issue = z.core.$ZodIssue;
type RawIssue = z.core.$ZodRawIssue;

/** `spec.links[3].between[1]` */
export function formatPath(path: FieldPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? seg : `.${seg}`;
  }
  return out;
}

/** Fallback messages for checks without their own (zod's defaults are too terse for users). */
export function userErrorMap(iss: RawIssue): string | undefined {
  const input = (iss as { input?: unknown }).input;
  switch (iss.code) {
    case 'invalid_type':
      return `expected ${iss.expected === 'object' ? 'a mapping' : iss.expected === 'array' ? 'a list' : iss.expected}, got ${showValue(input)}`;
    case 'too_small':
      if (iss.origin === 'array') return `needs at least ${String(iss.minimum)} item${iss.minimum === 1 ? '' : 's'}`;
      if (iss.origin === 'string') return 'must not be empty';
      return `must be at least ${String(iss.minimum)}, got ${showValue(input)}`;
    case 'too_big':
      if (iss.origin === 'array') return `takes at most ${String(iss.maximum)} items`;
      return `must be at most ${String(iss.maximum)}, got ${showValue(input)}`;
    case 'invalid_value':
      return `expected ${iss.values.map((v) => String(v)).join(' or ')}, got ${showValue(input)}`;
    case 'invalid_key':
      return `invalid key ${showValue(input)}`;
    default:
      return undefined;
  }
}

/** Flattens zod issues into located, sorted InputIssues for `source`. */
export function locateIssues(issues: readonly Issue[], source: YamlSource): InputIssue[] {
  const out: InputIssue[] = [];
  for (const issue of issues) flatten(issue, [], source, out);
  return sortIssues(dedupe(out));
}

/** Sorts by line, col, then path (unknown positions, line 0, first). */
export function sortIssues(issues: InputIssue[]): InputIssue[] {
  return issues.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col || a.path.localeCompare(b.path));
}

function dedupe(issues: InputIssue[]): InputIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const k = `${i.line}:${i.col}:${i.path}:${i.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function flatten(issue: Issue, prefix: FieldPath, source: YamlSource, out: InputIssue[]): void {
  const path = [...prefix, ...(issue.path as (string | number)[])];
  if (issue.code === 'unrecognized_keys') {
    const allowed = issue.message.startsWith(UNKNOWN_KEYS_MARK) ? (JSON.parse(issue.message.slice(UNKNOWN_KEYS_MARK.length)) as string[]) : [];
    for (const key of issue.keys) {
      const hint = didYouMean(key, allowed);
      const message = `unknown field '${key}'${hint || (allowed.length ? `; allowed fields: ${listSome(allowed, 30)}` : '')}`;
      out.push(located(source, [...path, key], 'key', message));
    }
    return;
  }
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    const branch = bestBranch(issue.errors);
    if (branch) {
      for (const sub of branch) flatten(sub, path, source, out);
      return;
    }
  }
  let message = issue.message;
  if ((issue.code === 'invalid_type' || issue.code === 'invalid_union') && path.length > 0 && valueAt(source.value, path) === undefined) {
    out.push(located(source, path, 'value', `missing required field '${String(path[path.length - 1])}'`));
    return;
  }
  if (issue.code === 'invalid_union' && (issue as { discriminator?: string }).discriminator && message.startsWith('unknown distribution nothing')) {
    message = `missing 'dist'; ${message.slice(message.indexOf('allowed'))}`;
  }
  out.push(located(source, path, 'value', message));
}

/**
 * The branch the user meant: the one that got deepest into the value, preferring a branch that
 * accepted the type but not the value. Undefined when every branch failed at the root on type
 * (the union's own message says what is allowed).
 */
function bestBranch(branches: readonly (readonly Issue[])[]): readonly Issue[] | undefined {
  let best: readonly Issue[] | undefined;
  let bestScore = 0;
  for (const branch of branches) {
    const depth = Math.max(0, ...branch.map((i) => i.path.length));
    const typeOnly = branch.every((i) => i.path.length === 0 && (i.code === 'invalid_type' || (i.code === 'invalid_union' && i.errors.length > 0)));
    const score = depth * 2 + (typeOnly ? 0 : 1);
    if (score > bestScore) { best = branch; bestScore = score; }
  }
  return best;
}

function located(source: YamlSource, path: FieldPath, which: 'key' | 'value', message: string): InputIssue {
  const pos = source.locate(path, which);
  return { file: source.file, line: pos.line, col: pos.col, path: formatPath(path), message };
}

function valueAt(root: unknown, path: FieldPath): unknown {
  let cur = root;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[seg];
  }
  return cur;
}
