/**
 * Structural mutations of a parsed document (a scenario or experiment after YAML parsing, or an
 * extender request body): delete, duplicate or retype fields, extreme numbers and durations,
 * wrong types, bad references, unknown keys, huge strings and lists. Each returns a one-line
 * description for the failure report; the input value is never changed (it is cloned first).
 */
import type { Prng } from './prng.ts';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Path = (string | number)[];

/** A mutated copy and what was done to it. */
export interface ValueMutation { value: unknown; what: string }

/** Numbers that break careless arithmetic (NaN and ±Infinity serialise to YAML .nan / .inf). */
export const EXTREME_NUMBERS: readonly number[] = [
  0, -1, -0.5, 1e308, -1e308, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY,
  2 ** 53 + 1, 1e21, 1.2345678901234568e29, 5e-324, 0.1, 4294967296, 2147483648,
];
/** Durations and quantities as text that parse badly or hugely. */
export const EXTREME_STRINGS: readonly string[] = [
  '', ' ', '0s', '-1s', '1e308h', '99999999999999999999h', 'NaN', 'NaNs', 'Infinity', '.inf', '1h30', '10 m', 'ten',
  '1e308', '-0', '0x10', '1_000', '💥', '\u0000', '[object Object]', '${x}', '../../etc/passwd', 'null', '~',
];
const WRONG_TYPES: readonly Json[] = [null, true, false, 'text', 0, 42, [], {}, [1, 'a'], { x: 1 }];

function clone<T>(v: T): T { return v === undefined ? v : structuredClone(v); }

/** Every path to a node (object, array or leaf) below the root, root first. */
export function allPaths(root: unknown, max = 20_000): Path[] {
  const out: Path[] = [[]];
  const stack: [unknown, Path][] = [[root, []]];
  while (stack.length && out.length < max) {
    const [v, p] = stack.pop()!;
    if (Array.isArray(v)) v.forEach((c, i) => { out.push([...p, i]); stack.push([c, [...p, i]]); });
    else if (v && typeof v === 'object') for (const [k, c] of Object.entries(v)) { out.push([...p, k]); stack.push([c, [...p, k]]); }
  }
  return out;
}

function get(root: unknown, p: Path): unknown {
  let v = root;
  for (const k of p) v = (v as Record<string | number, unknown>)[k];
  return v;
}

function set(root: unknown, p: Path, value: unknown): unknown {
  if (p.length === 0) return value;
  const parent = get(root, p.slice(0, -1)) as Record<string | number, unknown>;
  parent[p.at(-1)!] = value;
  return root;
}

const show = (p: Path) => p.map((k) => (typeof k === 'number' ? `[${k}]` : `.${k}`)).join('') || '(root)';
const brief = (v: unknown) => {
  const s = typeof v === 'number' ? String(v) : JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 60)}…(${s.length} chars)` : s;
};

/** The string leaves of a document: candidate references (ids used elsewhere). */
function stringLeaves(root: unknown, paths: Path[]): { p: Path; s: string }[] {
  return paths.flatMap((p) => { const v = get(root, p); return typeof v === 'string' ? [{ p, s: v }] : []; });
}

type Op = (rng: Prng, root: unknown, paths: Path[]) => ValueMutation | null;

const OPS: Record<string, Op> = {
  deleteField(rng, root, paths) {
    const cands = paths.filter((p) => p.length > 0 && typeof p.at(-1) === 'string');
    if (!cands.length) return null;
    const p = rng.pick(cands);
    delete (get(root, p.slice(0, -1)) as Record<string, unknown>)[p.at(-1) as string];
    return { value: root, what: `delete ${show(p)}` };
  },
  duplicateItem(rng, root, paths) {
    const cands = paths.filter((p) => Array.isArray(get(root, p)) && (get(root, p) as unknown[]).length > 0);
    if (!cands.length) return null;
    const p = rng.pick(cands);
    const list = get(root, p) as unknown[];
    const i = rng.int(list.length);
    const times = rng.chance(0.2) ? 200 : 1;
    for (let t = 0; t < times; t++) list.splice(i, 0, clone(list[i]));
    return { value: root, what: `duplicate ${show([...p, i])} ×${times}` };
  },
  retype(rng, root, paths) {
    const p = rng.pick(paths);
    const v = rng.pick(WRONG_TYPES);
    return { value: set(root, p, clone(v)), what: `retype ${show(p)} to ${brief(v)}` };
  },
  extremeNumber(rng, root, paths) {
    const nums = paths.filter((p) => typeof get(root, p) === 'number');
    const p = nums.length && rng.chance(0.8) ? rng.pick(nums) : rng.pick(paths);
    const v = rng.pick(EXTREME_NUMBERS);
    return { value: set(root, p, v), what: `set ${show(p)} = ${brief(v)}` };
  },
  numberAsText(rng, root, paths) {
    const nums = paths.filter((p) => typeof get(root, p) === 'number');
    if (!nums.length) return null;
    const p = rng.pick(nums);
    const v = rng.chance(0.5) ? String(get(root, p)) : `${String(get(root, p))}${rng.pick(['x', ' ', 'e999', '.5.5'])}`;
    return { value: set(root, p, v), what: `set ${show(p)} = ${brief(v)}` };
  },
  extremeString(rng, root, paths) {
    const leaves = stringLeaves(root, paths);
    if (!leaves.length) return null;
    const { p } = rng.pick(leaves);
    const v = rng.pick(EXTREME_STRINGS);
    return { value: set(root, p, v), what: `set ${show(p)} = ${brief(v)}` };
  },
  badReference(rng, root, paths) {
    const leaves = stringLeaves(root, paths).filter((l) => /^[a-z][\w.-]*$/i.test(l.s));
    if (leaves.length < 2) return null;
    const { p, s } = rng.pick(leaves);
    const v = rng.chance(0.5) ? `${s}-nope` : rng.pick(leaves).s;
    return { value: set(root, p, v), what: `reference ${show(p)}: ${brief(s)} → ${brief(v)}` };
  },
  unknownKey(rng, root, paths) {
    const objs = paths.filter((p) => { const v = get(root, p); return v !== null && typeof v === 'object' && !Array.isArray(v); });
    if (!objs.length) return null;
    const p = rng.pick(objs);
    const o = get(root, p) as Record<string, unknown>;
    const keys = Object.keys(o);
    const k = keys.length && rng.chance(0.6) ? `${rng.pick(keys)}s` : rng.pick(['bogus', '__proto__', 'constructor', '', ' ']);
    o[k] = rng.pick(WRONG_TYPES);
    return { value: root, what: `add key ${show(p)}.${JSON.stringify(k)}` };
  },
  hugeString(rng, root, paths) {
    const leaves = stringLeaves(root, paths);
    if (!leaves.length) return null;
    const { p } = rng.pick(leaves);
    return { value: set(root, p, 'x'.repeat(rng.pick([1000, 100_000]))), what: `set ${show(p)} to a huge string` };
  },
  swapSubtree(rng, root, paths) {
    const a = rng.pick(paths), b = rng.pick(paths);
    if (a.length === 0) return null;
    const v = clone(get(root, b));
    return { value: set(root, a, v), what: `replace ${show(a)} with a copy of ${show(b)}` };
  },
};

/** Names of the structural mutation operators. */
export const VALUE_OPS = Object.keys(OPS);

/** One to `maxOps` random structural mutations of a copy of `value`. */
export function mutateValue(rng: Prng, value: unknown, maxOps = 3): ValueMutation {
  let root = clone(value);
  const what: string[] = [];
  const n = 1 + rng.int(maxOps);
  for (let i = 0; i < n; i++) {
    const op = rng.pick(VALUE_OPS);
    const m = OPS[op]!(rng, root, allPaths(root));
    if (!m) continue;
    root = m.value;
    what.push(m.what);
  }
  return { value: root, what: what.join('; ') || 'no change' };
}
