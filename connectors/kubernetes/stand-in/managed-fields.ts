/**
 * Server-side apply's field ownership, at field granularity, for the Kubernetes API stand-in:
 * the set of fields an applied configuration sets (FieldsV1 paths: `f:spec`, `k:{"name":"web"}`
 * for items of associative lists, `.` for the item itself), conflicts with other managers (a
 * field another manager owns, set to a different value), and the merge (set what the applier
 * sets, drop what it set before and no longer sets unless someone else owns it). Pure.
 *
 * Simplifications against the real structured-merge-diff: associative lists are known by field
 * name (containers, env, ports, volumes, …); every other list is atomic; there are no set-lists
 * (`v:`), no schema defaults and no type conversion.
 *
 * This is part of a STAND-IN for a Kubernetes API server: no API server installs here.
 */

/** A field path: FieldsV1 segments (`f:name`, `k:{json}`, `.`). */
export type FieldPath = readonly string[];

/** One managedFields entry (metav1.ManagedFieldsEntry). */
export interface ManagedFieldsEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time: string;
  fieldsType: 'FieldsV1';
  fieldsV1: FieldsV1;
}

/** The FieldsV1 tree: segment → subtree; `{}` marks an owned leaf. */
export interface FieldsV1 { [segment: string]: FieldsV1 }

/** A field another manager owns with a different value. */
export interface FieldConflict { manager: string; field: string; path: FieldPath }

type Obj = Record<string, unknown>;

/** List fields merged by key (the keys of their items), as in the Kubernetes OpenAPI's x-kubernetes-list-map-keys. */
export const ASSOCIATIVE_LISTS: Record<string, readonly string[]> = {
  containers: ['name'], initContainers: ['name'], ephemeralContainers: ['name'], env: ['name'], volumes: ['name'],
  imagePullSecrets: ['name'], ports: ['containerPort', 'protocol'], volumeMounts: ['mountPath'],
};

/** Top-level and metadata fields that are identity or server-owned, never tracked. */
const UNTRACKED_TOP = new Set(['apiVersion', 'kind', 'status']);
const UNTRACKED_META = new Set(['name', 'namespace', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'managedFields', 'selfLink', 'deletionTimestamp']);

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Key of a list item under `field` when `field` is an associative list and the item has its keys; null otherwise. */
function itemKey(field: string, item: unknown): Obj | null {
  const keys = ASSOCIATIVE_LISTS[field];
  if (!keys || !isObj(item)) return null;
  const out: Obj = {};
  for (const k of keys) if (item[k] !== undefined) out[k] = item[k];
  return Object.keys(out).length ? out : null;
}

/** Every leaf path the object sets (the applied configuration's field set). */
export function fieldSet(obj: unknown): FieldPath[] {
  const out: FieldPath[] = [];
  if (!isObj(obj)) return out;
  for (const [k, v] of Object.entries(obj)) {
    if (UNTRACKED_TOP.has(k) || v === undefined) continue;
    if (k === 'metadata' && isObj(v)) {
      for (const [mk, mv] of Object.entries(v)) if (!UNTRACKED_META.has(mk) && mv !== undefined) walk(mk, mv, ['f:metadata'], out);
      continue;
    }
    walk(k, v, [], out);
  }
  return out;
}

function walk(field: string, v: unknown, prefix: string[], out: FieldPath[]): void {
  const here = [...prefix, `f:${field}`];
  if (isObj(v) && Object.keys(v).length > 0) {
    for (const [k, c] of Object.entries(v)) if (c !== undefined) walk(k, c, here, out);
    return;
  }
  if (Array.isArray(v) && v.length > 0 && v.every((it) => itemKey(field, it))) {
    for (const it of v) {
      const item = [...here, `k:${JSON.stringify(itemKey(field, it))}`];
      out.push([...item, '.']);
      for (const [k, c] of Object.entries(it as Obj)) if (c !== undefined) walk(k, c, item, out);
    }
    return;
  }
  out.push(here); // scalar, null, empty object or atomic list: owned as a whole
}

/** A set of paths as a FieldsV1 tree. */
export function toFieldsV1(paths: readonly FieldPath[]): FieldsV1 {
  const root: FieldsV1 = {};
  for (const p of paths) {
    let node = root;
    for (const seg of p) node = node[seg] ??= {};
  }
  return root;
}

/** A FieldsV1 tree as paths (a leaf is an empty subtree or `.`); malformed input yields what parses. */
export function fromFieldsV1(tree: unknown, prefix: string[] = []): FieldPath[] {
  if (!isObj(tree)) return [];
  const out: FieldPath[] = [];
  for (const [seg, sub] of Object.entries(tree)) {
    const p = [...prefix, seg];
    if (seg === '.' || (isObj(sub) && Object.keys(sub).length === 0)) out.push(p);
    else out.push(...fromFieldsV1(sub, p));
  }
  return out;
}

/** `.spec.template.spec.containers[name="web"].image`, as the API server names fields in conflicts. */
export function formatField(path: FieldPath): string {
  let s = '';
  for (const seg of path) {
    if (seg.startsWith('f:')) s += `.${seg.slice(2)}`;
    else if (seg.startsWith('k:')) {
      let key: Obj = {};
      try { key = JSON.parse(seg.slice(2)) as Obj; } catch { /* malformed key: shown empty */ }
      s += `[${Object.entries(key).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}]`;
    }
  }
  return s;
}

const MISSING = Symbol('missing');

/** The value at `path` (MISSING when absent); `.` is the list item itself. */
export function valueAt(obj: unknown, path: FieldPath): unknown {
  let cur: unknown = obj;
  let field = '';
  for (const seg of path) {
    if (seg === '.') return cur;
    if (seg.startsWith('f:')) {
      if (!isObj(cur) || !(seg.slice(2) in cur)) return MISSING;
      field = seg.slice(2);
      cur = cur[field];
    } else if (seg.startsWith('k:')) {
      if (!Array.isArray(cur)) return MISSING;
      const want = seg.slice(2);
      cur = cur.find((it) => JSON.stringify(itemKey(field, it)) === want);
      if (cur === undefined) return MISSING;
    } else return MISSING;
  }
  return cur;
}

/** True when `valueAt` found something. */
export function present(v: unknown): boolean { return v !== MISSING; }

/** Deep equality of JSON values (object key order ignored). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  }
  if (isObj(a) && isObj(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined), kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => jsonEqual(a[k], b[k]));
  }
  return false;
}

/** Sets the value at `path`, creating maps and associative-list items on the way. */
function setAt(obj: Obj, path: FieldPath, value: unknown): void {
  let cur: unknown = obj;
  let field = '';
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    const last = i === path.length - 1;
    if (seg === '.') return;
    if (seg.startsWith('f:')) {
      const o = cur as Obj;
      field = seg.slice(2);
      if (last) { o[field] = structuredClone(value); return; }
      const nextIsItem = path[i + 1]!.startsWith('k:');
      if (nextIsItem ? !Array.isArray(o[field]) : !isObj(o[field])) o[field] = nextIsItem ? [] : {};
      cur = o[field];
    } else {
      const list = cur as unknown[];
      const want = seg.slice(2);
      let item = list.find((it) => JSON.stringify(itemKey(field, it)) === want);
      if (!item) { item = JSON.parse(want) as Obj; list.push(item); }
      cur = item;
    }
  }
}

/** Removes the field at `path` (a `.` path removes the list item). */
function removeAt(obj: Obj, path: FieldPath): void {
  const itemPath = path[path.length - 1] === '.';
  const target = itemPath ? path.slice(0, -1) : path;
  const parentPath = target.slice(0, -1);
  const parent = parentPath.length ? valueAt(obj, parentPath) : obj;
  const seg = target[target.length - 1]!;
  if (seg.startsWith('f:') && isObj(parent)) delete parent[seg.slice(2)];
  else if (seg.startsWith('k:') && Array.isArray(parent)) {
    const field = String(parentPath[parentPath.length - 1] ?? '').slice(2);
    const i = parent.findIndex((it) => JSON.stringify(itemKey(field, it)) === seg.slice(2));
    if (i >= 0) parent.splice(i, 1);
  }
}

const key = (p: FieldPath) => JSON.stringify(p);
const isPrefix = (pre: FieldPath, p: FieldPath) => pre.length <= p.length && pre.every((s, i) => s === p[i]);

/** What an apply does: conflicts (when not forced), the merged object and the new managedFields. */
export interface ApplyMerge {
  conflicts: FieldConflict[];
  /** The object after the apply (live fields nobody applied stay); null when there are unforced conflicts. */
  merged: Obj | null;
  managedFields: ManagedFieldsEntry[];
}

/**
 * Server-side apply of `applied` by `manager` onto `live` (null: create). Conflicts: fields in
 * the applied set that another manager owns and whose live value differs from the applied one;
 * with `force` they change owner, without it nothing is applied. Fields set to the same value
 * become shared. `time` is the managedFields timestamp.
 */
export function serverSideApply(live: Obj | null, applied: Obj, manager: string, opts: { force: boolean; apiVersion: string; time: string }): ApplyMerge {
  const entries: ManagedFieldsEntry[] = live && Array.isArray((live.metadata as Obj | undefined)?.managedFields)
    ? structuredClone((live.metadata as Obj).managedFields as ManagedFieldsEntry[]) : [];
  const mine = entries.find((e) => e.manager === manager && e.operation === 'Apply');
  const others = entries.filter((e) => e !== mine);
  const applySet = fieldSet(applied);
  const applyKeys = new Set(applySet.map(key));
  const conflicts: FieldConflict[] = [];
  const otherSets = others.map((e) => ({ entry: e, paths: fromFieldsV1(e.fieldsV1) }));
  for (const o of otherSets) {
    for (const p of o.paths) {
      if (!applyKeys.has(key(p)) || p[p.length - 1] === '.') continue;
      const was = live ? valueAt(live, p) : MISSING;
      if (!jsonEqual(was, valueAt(applied, p))) conflicts.push({ manager: o.entry.manager, field: formatField(p), path: p });
    }
  }
  if (conflicts.length && !opts.force) return { conflicts, merged: null, managedFields: entries };
  // Forced: the applier takes the conflicting fields from their owners.
  const taken = new Set(conflicts.map((c) => key(c.path)));
  for (const o of otherSets) o.paths = o.paths.filter((p) => !taken.has(key(p)));
  const otherKeys = new Set(otherSets.flatMap((o) => o.paths.map(key)));
  const merged: Obj = live ? structuredClone(live) : {};
  // Fields this manager applied before and no longer applies, owned by nobody else, are removed (deepest first).
  const dropped = (mine ? fromFieldsV1(mine.fieldsV1) : []).filter((p) => !applyKeys.has(key(p)) && !otherKeys.has(key(p)));
  const kept = [...applySet, ...otherSets.flatMap((o) => o.paths)];
  dropped.sort((a, b) => b.length - a.length);
  for (const p of dropped) {
    if (p[p.length - 1] === '.' && kept.some((k) => isPrefix(p.slice(0, -1), k))) continue; // the item still has owned fields
    removeAt(merged, p);
  }
  for (const p of applySet) if (p[p.length - 1] !== '.') setAt(merged, p, valueAt(applied, p));
  const next: ManagedFieldsEntry[] = [];
  for (const o of otherSets) if (o.paths.length) next.push({ ...o.entry, fieldsV1: toFieldsV1(o.paths) });
  const fieldsV1 = toFieldsV1(applySet);
  // The entry's time moves only when the manager's field set changes (so a repeated apply is a no-op).
  const time = mine && jsonEqual(mine.fieldsV1, fieldsV1) ? mine.time : opts.time;
  next.push({ manager, operation: 'Apply', apiVersion: opts.apiVersion, time, fieldsType: 'FieldsV1', fieldsV1 });
  return { conflicts, merged, managedFields: next };
}

/**
 * An Update (PUT, `kubectl scale`, an HPA) by `manager` from `before` to `after`: the manager
 * takes every field whose value changed (updates never conflict), and removed fields leave
 * every owner. Returns the new managedFields.
 */
export function recordUpdate(before: Obj, after: Obj, manager: string, opts: { apiVersion: string; time: string }): ManagedFieldsEntry[] {
  const entries: ManagedFieldsEntry[] = Array.isArray((before.metadata as Obj | undefined)?.managedFields)
    ? structuredClone((before.metadata as Obj).managedFields as ManagedFieldsEntry[]) : [];
  const afterSet = fieldSet(after);
  const changed = afterSet.filter((p) => p[p.length - 1] !== '.' && !jsonEqual(valueAt(before, p), valueAt(after, p)));
  const changedKeys = new Set(changed.map(key));
  const gone = (p: FieldPath) => !present(valueAt(after, p));
  const next: ManagedFieldsEntry[] = [];
  let mine: FieldPath[] = [];
  for (const e of entries) {
    const paths = fromFieldsV1(e.fieldsV1).filter((p) => !gone(p) && (e.manager === manager && e.operation === 'Update' ? true : !changedKeys.has(key(p))));
    if (e.manager === manager && e.operation === 'Update') { mine = paths; continue; }
    if (paths.length) next.push({ ...e, fieldsV1: toFieldsV1(paths) });
  }
  const all = [...mine, ...changed.filter((p) => !mine.some((m) => key(m) === key(p)))];
  if (all.length) next.push({ manager, operation: 'Update', apiVersion: opts.apiVersion, time: opts.time, fieldsType: 'FieldsV1', fieldsV1: toFieldsV1(all) });
  return next;
}
