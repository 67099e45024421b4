/**
 * Structured matchers: the declarative alternative to expressions. Total by design: a missing
 * entity or attribute simply does not match (expressions, by contrast, report it as an error).
 */
import { isRecord } from './expr/evaluate.ts';
import type { EntityMatch, Matcher, MatchValue } from './types.ts';

/** True when every entity named in `m` is present in `req` and matches. */
export function matchRequest(m: Matcher, req: Readonly<Record<string, unknown>>): boolean {
  for (const name in m) {
    const want = m[name as keyof Matcher]!;
    const have = Object.hasOwn(req, name) ? req[name] : undefined;
    if (!matchEntity(want, have)) return false;
  }
  return true;
}

/** True when `entity` is a record and every attribute in `want` matches. */
export function matchEntity(want: EntityMatch, entity: unknown): boolean {
  if (!isRecord(entity)) return false;
  for (const attr in want) {
    const have = Object.hasOwn(entity, attr) ? entity[attr] : undefined;
    if (!matchValue(want[attr]!, have)) return false;
  }
  return true;
}

/**
 * One attribute: a list wants any of its elements (or any shared element when the attribute is a
 * list itself, like tags); a record recurses key by key (labels); a scalar wants equality
 * (or membership when the attribute is a list).
 */
export function matchValue(want: MatchValue, have: unknown): boolean {
  if (have === undefined) return false;
  if (Array.isArray(want)) {
    if (Array.isArray(have)) return want.some((w) => have.includes(w));
    return want.includes(have as string);
  }
  if (want !== null && typeof want === 'object') return matchEntity(want, have);
  if (Array.isArray(have)) return have.includes(want);
  return have === want;
}
