/**
 * Field-level difference between two Kubernetes objects as JSON (the live one and what a server
 * dry-run says it would become): one entry per changed leaf, with a dotted path
 * (`spec.template.spec.containers[0].image`), ignoring what the server owns (status,
 * resourceVersion, generation, uid, managedFields, timestamps). Pure.
 */

/** One changed field: its path, the value before (undefined: absent) and after. */
export interface FieldChange { path: string; from: unknown; to: unknown }

/** Metadata fields the server sets; a diff ignores them. */
const SERVER_META = new Set(['resourceVersion', 'generation', 'uid', 'managedFields', 'creationTimestamp', 'selfLink', 'deletionTimestamp', 'deletionGracePeriodSeconds']);

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Changes from `before` (null: the object does not exist yet) to `after`, sorted by path. */
export function objectDiff(before: unknown, after: unknown): FieldChange[] {
  const out: FieldChange[] = [];
  const strip = (o: unknown): unknown => {
    if (!isObj(o)) return o;
    const { status: _s, ...rest } = o;
    if (isObj(rest.metadata)) rest.metadata = Object.fromEntries(Object.entries(rest.metadata).filter(([k]) => !SERVER_META.has(k)));
    return rest;
  };
  walk(strip(before ?? {}), strip(after), '', out);
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

function walk(a: unknown, b: unknown, path: string, out: FieldChange[]): void {
  // A map that appears or disappears is reported leaf by leaf.
  if ((isObj(a) && b === undefined) || (a === undefined && isObj(b))) { walk(a ?? {}, b ?? {}, path, out); return; }
  if (isObj(a) && isObj(b)) {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (a[k] === undefined && b[k] === undefined) continue;
      walk(a[k], b[k], path ? `${path}.${k}` : k, out);
    }
    return;
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    a.forEach((x, i) => walk(x, b[i], `${path}[${i}]`, out));
    return;
  }
  if (JSON.stringify(a) !== JSON.stringify(b)) out.push({ path, from: a, to: b });
}
