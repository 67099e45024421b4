/**
 * Copying the data of an object graph, and writing such a copy back into a live graph of the
 * same shape (checkpoints of a running twin, checkpoint.ts).
 *
 * `copyGraph` deep-copies the data reachable from a root: primitives, typed arrays, arrays (holes
 * kept), Maps and Sets (insertion order kept), plain objects and class instances (own properties,
 * prototype kept). Shared references stay shared in the copy. Functions are not copied: a
 * function is recorded as a marker holding a copy of its own enumerable properties (a function
 * that keeps state as properties, like a trace sampler's cursor, keeps it that way). Objects in
 * `shared` (immutable inputs such as the scenario model) and frozen objects are referenced, not copied. WeakMaps and
 * WeakSets cannot be enumerated: they are recorded as opaque, and the live graph keeps its own; so
 * is every object in `opaque` (say, an event bus whose subscribers belong to the client).
 *
 * `transplant` writes a copy into a live graph built the same way, in place: an object that
 * exists at the same path in both keeps its identity (closures that captured it stay valid) and
 * gets the copy's contents; an object only the copy has is created anew; the live graph's
 * functions are kept. The copy is only read, so one copy can be transplanted any number of times.
 */

/** A function in the copy: the live graph's function at the same place is kept. */
class FunctionMark {
  constructor(readonly props: Map<string, unknown> | null) {}
}

/** A WeakMap or WeakSet in the copy: the live graph's own is kept. */
class OpaqueMark {}

const OPAQUE = new OpaqueMark();

function isTypedArray(v: object): v is Float64Array | Float32Array | Int32Array | Uint32Array | Int16Array | Uint16Array | Int8Array | Uint8Array | Uint8ClampedArray {
  return ArrayBuffer.isView(v) && !(v instanceof DataView);
}

/** A deep copy of the data reachable from `root` (see the file comment); objects in `shared` are referenced as they are. */
export function copyGraph<T>(root: T, shared: ReadonlySet<object> = new Set(), opaque: ReadonlySet<object> = new Set()): T {
  const memo = new Map<object, unknown>();
  const copy = (v: unknown): unknown => {
    if (typeof v === 'function') {
      const keys = Object.keys(v);
      if (keys.length === 0) return new FunctionMark(null);
      const done = memo.get(v);
      if (done !== undefined) return done;
      const props = new Map<string, unknown>();
      const mark = new FunctionMark(props);
      memo.set(v, mark);
      for (const k of keys) props.set(k, copy((v as unknown as Record<string, unknown>)[k]));
      return mark;
    }
    if (v === null || typeof v !== 'object') return v;
    // A frozen object is a value: referenced, not copied (its own fields cannot change).
    if (shared.has(v) || Object.isFrozen(v)) return v;
    if (opaque.has(v)) return OPAQUE;
    const done = memo.get(v);
    if (done !== undefined) return done;
    if (isTypedArray(v)) { const out = v.slice(); memo.set(v, out); return out; }
    if (v instanceof WeakMap || v instanceof WeakSet) return OPAQUE;
    if (Array.isArray(v)) {
      const out = new Array<unknown>(v.length);
      memo.set(v, out);
      for (let i = 0; i < v.length; i++) if (i in v) out[i] = copy(v[i]);
      return out;
    }
    if (v instanceof Map) {
      const out = new Map<unknown, unknown>();
      memo.set(v, out);
      for (const [k, x] of v) out.set(copy(k), copy(x));
      return out;
    }
    if (v instanceof Set) {
      const out = new Set<unknown>();
      memo.set(v, out);
      for (const x of v) out.add(copy(x));
      return out;
    }
    if (v instanceof ArrayBuffer || v instanceof DataView || v instanceof Promise) {
      throw new Error(`copyGraph: cannot copy a ${v.constructor.name}`);
    }
    const out = Object.create(Object.getPrototypeOf(v)) as Record<string, unknown>;
    memo.set(v, out);
    for (const k of Object.keys(v)) out[k] = copy((v as Record<string, unknown>)[k]);
    return out;
  };
  return copy(root) as T;
}

/**
 * Writes `copy` (from copyGraph of a graph shaped like `live`) into `live` in place and returns
 * the value for live's slot (live itself whenever it could be reused). Throws when the copy
 * holds a function where the live graph has none (a closure the live graph cannot provide).
 */
export function transplant<T>(live: T, copy: T, shared: ReadonlySet<object> = new Set()): T {
  const memo = new Map<object, unknown>(); // copy object → live object
  const used = new Set<object>(); // live objects already standing for some copy object
  const claim = (liveVal: unknown, ok: boolean): boolean => {
    if (!ok || liveVal === null || typeof liveVal !== 'object' || used.has(liveVal)) return false;
    used.add(liveVal);
    return true;
  };
  const place = (c: unknown, liveVal: unknown, path: string): unknown => {
    if (c instanceof FunctionMark) {
      if (typeof liveVal !== 'function') throw new Error(`transplant: the checkpoint has a function at ${path} where the rebuilt twin has ${liveVal === undefined ? 'nothing' : typeof liveVal}`);
      if (c.props) for (const [k, x] of c.props) (liveVal as unknown as Record<string, unknown>)[k] = place(x, (liveVal as unknown as Record<string, unknown>)[k], `${path}.${k}`);
      return liveVal;
    }
    if (c instanceof OpaqueMark) return liveVal;
    if (c === null || typeof c !== 'object') return c;
    if (shared.has(c) || Object.isFrozen(c)) return c;
    const done = memo.get(c);
    if (done !== undefined) return done;
    if (isTypedArray(c)) {
      const same = claim(liveVal, isTypedArray(liveVal as object) && (liveVal as object).constructor === c.constructor && (liveVal as typeof c).length === c.length);
      const out = same ? liveVal as typeof c : c.slice();
      if (same) out.set(c as never);
      memo.set(c, out);
      return out;
    }
    if (Array.isArray(c)) {
      const out = claim(liveVal, Array.isArray(liveVal)) ? liveVal as unknown[] : [];
      memo.set(c, out);
      const before = out.slice();
      out.length = c.length;
      for (let i = 0; i < c.length; i++) {
        if (i in c) out[i] = place(c[i], before[i], `${path}[${i}]`);
        else delete out[i];
      }
      return out;
    }
    if (c instanceof Map) {
      const out = claim(liveVal, liveVal instanceof Map) ? liveVal as Map<unknown, unknown> : new Map();
      memo.set(c, out);
      const before = new Map(out);
      out.clear();
      for (const [k, x] of c) {
        const key = place(k, undefined, `${path}.key`);
        out.set(key, place(x, before.get(key), `${path}.get(${String(key)})`));
      }
      return out;
    }
    if (c instanceof Set) {
      const out = claim(liveVal, liveVal instanceof Set) ? liveVal as Set<unknown> : new Set();
      memo.set(c, out);
      out.clear();
      for (const x of c) out.add(place(x, undefined, `${path}.item`));
      return out;
    }
    const proto = Object.getPrototypeOf(c);
    const reuse = claim(liveVal, typeof liveVal === 'object' && liveVal !== null && Object.getPrototypeOf(liveVal) === proto && !Array.isArray(liveVal));
    const out = (reuse ? liveVal : Object.create(proto)) as Record<string, unknown>;
    memo.set(c, out);
    const src = c as Record<string, unknown>;
    const keys = Object.keys(src);
    const before: Record<string, unknown> = {};
    for (const k of Object.keys(out)) { before[k] = out[k]; }
    // Same keys in the same order as the copy (iteration order of a record is behaviour too).
    const liveKeys = Object.keys(out);
    if (liveKeys.length !== keys.length || liveKeys.some((k, i) => k !== keys[i])) for (const k of liveKeys) delete out[k];
    for (const k of keys) out[k] = place(src[k], before[k], `${path}.${k}`);
    return out;
  };
  return place(copy, live, '') as T;
}

/** Every object reachable from `root` (functions' own properties included), for copyGraph's `shared`. */
export function reachableObjects(root: unknown, into: Set<object> = new Set()): Set<object> {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || (typeof v !== 'object' && typeof v !== 'function') || into.has(v as object)) continue;
    into.add(v as object);
    if (ArrayBuffer.isView(v)) continue;
    if (v instanceof Map) { for (const [k, x] of v) stack.push(k, x); continue; }
    if (v instanceof Set) { for (const x of v) stack.push(x); continue; }
    for (const k of Object.keys(v as object)) stack.push((v as Record<string, unknown>)[k]);
  }
  return into;
}
