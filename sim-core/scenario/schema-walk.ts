/**
 * Walks a zod schema along a field path, so tools that edit a document before validation
 * (--set) know which keys exist at a place even when the document leaves them out.
 * Works on the candidate set: a union contributes every option that has the key.
 */
import type { z } from 'zod';

type Def = { type: string; [k: string]: unknown };
const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/** Strips optional/default/nullable/pipe wrappers; flattens unions into their options. */
function expand(schemas: readonly z.ZodType[]): z.ZodType[] {
  const out: z.ZodType[] = [];
  const stack = [...schemas];
  while (stack.length) {
    const s = stack.pop()!;
    const d = defOf(s);
    switch (d.type) {
      case 'optional': case 'nullable': case 'default': case 'prefault': case 'readonly': case 'catch': case 'nonoptional':
        stack.push(d.innerType as z.ZodType); break;
      case 'pipe': stack.push(d.in as z.ZodType); break;
      case 'lazy': stack.push((d.getter as () => z.ZodType)()); break;
      case 'union': stack.push(...(d.options as z.ZodType[])); break;
      default: out.push(s);
    }
  }
  return out;
}

/** The schemas found at `seg` below `schemas` (array elements for numeric or id segments). */
export function childSchemas(schemas: readonly z.ZodType[], seg: string | number, byId = false): z.ZodType[] {
  const out: z.ZodType[] = [];
  for (const s of expand(schemas)) {
    const d = defOf(s);
    if (d.type === 'object' && typeof seg === 'string' && !byId) {
      const shape = d.shape as Record<string, z.ZodType>;
      if (Object.hasOwn(shape, seg)) out.push(shape[seg]!);
    } else if (d.type === 'record' && typeof seg === 'string' && !byId) {
      out.push(d.valueType as z.ZodType);
    } else if (d.type === 'array' && (typeof seg === 'number' || byId)) {
      out.push(d.element as z.ZodType);
    }
  }
  return out;
}

/** What may go at this place: the union of object keys, 'any' for records / free-form values, or undefined for scalars. */
export function allowedKeys(schemas: readonly z.ZodType[]): string[] | 'any' | undefined {
  let keys: string[] | undefined;
  for (const s of expand(schemas)) {
    const d = defOf(s);
    if (d.type === 'record' || d.type === 'unknown' || d.type === 'any') return 'any';
    if (d.type === 'object') keys = [...(keys ?? []), ...Object.keys(d.shape as object).filter((k) => !keys?.includes(k))];
  }
  return keys;
}

/** Whether a list can be at this place. */
export function allowsArray(schemas: readonly z.ZodType[]): boolean {
  return expand(schemas).some((s) => defOf(s).type === 'array');
}
