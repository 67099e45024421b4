/**
 * Structured matchers: the declarative alternative to expressions. Total by design: a missing
 * entity or attribute simply does not match (expressions, by contrast, report it as an error).
 * Compiled once into closures over arrays, since matchers run per message on the route path.
 */
import type { EntityMatch, Matcher, MatchValue } from './types.ts';

type Test = (have: unknown) => boolean;

/** Compiles a request matcher: true when every entity named in `m` is present and matches. */
export function compileMatcher(m: Matcher): (req: unknown) => boolean {
  const names = Object.keys(m);
  const tests = names.map((n) => compileEntity(m[n as keyof Matcher]!));
  return (req) => {
    const r = req as Record<string, unknown>;
    for (let i = 0; i < names.length; i++) {
      const name = names[i]!;
      if (!tests[i]!(Object.hasOwn(r, name) ? r[name] : undefined)) return false;
    }
    return true;
  };
}

/** Compiles an entity matcher: true when `entity` is an object and every attribute in `want` matches. */
export function compileEntity(want: EntityMatch): Test {
  const attrs = Object.keys(want);
  const tests = attrs.map((a) => compileValue(want[a]!));
  return (entity) => {
    if (typeof entity !== 'object' || entity === null || Array.isArray(entity)) return false;
    const e = entity as Record<string, unknown>;
    for (let i = 0; i < attrs.length; i++) {
      const a = attrs[i]!;
      if (!tests[i]!(Object.hasOwn(e, a) ? e[a] : undefined)) return false;
    }
    return true;
  };
}

/**
 * One attribute: a list wants any of its elements (or any shared element when the attribute is a
 * list itself, like tags); a record recurses key by key (labels); a scalar wants equality
 * (or membership when the attribute is a list).
 */
export function compileValue(want: MatchValue): Test {
  if (Array.isArray(want)) {
    const set = new Set<unknown>(want);
    return (have) => {
      if (have === undefined) return false;
      if (!Array.isArray(have)) return set.has(have);
      for (const h of have) if (set.has(h)) return true;
      return false;
    };
  }
  if (want !== null && typeof want === 'object') return compileEntity(want);
  return (have) => have === want || (Array.isArray(have) && have.includes(want));
}

/** True when `entity` matches `want` (uncompiled convenience for one-off checks and tests). */
export function matchEntity(want: EntityMatch, entity: unknown): boolean {
  return compileEntity(want)(entity);
}
