/**
 * Compiles an expression AST into a tree of closures, once; evaluating is then a few calls per
 * node with no parsing or lookups by operator name. Values are JSON-like (null, boolean, finite
 * number, string, list, plain record). Every operator checks its operand types and throws
 * ExprEvalError instead of coercing: a policy whose condition is ill-typed is skipped and
 * reported by the engine, never silently treated as false. Attributes are read as own
 * properties only (Object.hasOwn), so `constructor`, `__proto__`, inherited methods and getters
 * of class instances are unreachable; a function value is an error. The language cannot call,
 * assign or allocate anything but lists.
 */
import { compileGlob, globMatch, type Glob } from './glob.ts';
import { parseExpr, type Expr } from './parse.ts';
import { ExprSyntaxError } from './tokenize.ts';
import { deepEqual, isRecord, typeName } from './values.ts';

export { deepEqual, isRecord, typeName };

/** Roots visible to an expression, e.g. {workload, node, stream, link, context}. */
export type Env = Readonly<Record<string, unknown>>;

/** A compiled expression: evaluate many times against different environments. */
export interface CompiledExpr {
  /** The original text, for messages. */
  readonly source: string;
  /** Evaluates to a JSON-like value; throws ExprEvalError on a type error or missing attribute. */
  evaluate(env: Env): unknown;
  /** Evaluates and requires a boolean result; throws ExprEvalError otherwise. */
  test(env: Env): boolean;
}

/** An evaluation error at a 0-based offset of the expression (the operator or attribute at fault). */
export class ExprEvalError extends Error {
  readonly pos: number;
  constructor(message: string, pos: number) {
    super(`column ${pos + 1}: ${message}`);
    this.name = 'ExprEvalError';
    this.pos = pos;
  }
}

type Fn = (env: Env) => unknown;

/** Parses and compiles `src`; throws ExprSyntaxError (with the offset) when it does not parse. */
export function compileExpr(src: string): CompiledExpr {
  const fn = build(parseExpr(src));
  // A standalone closure (no `this`), so callers may pass `test` around as a plain function.
  const test = (env: Env): boolean => {
    const v = fn(env);
    if (typeof v !== 'boolean') throw new ExprEvalError(`condition must be a boolean, got ${typeName(v)}`, 0);
    return v;
  };
  return { source: src, evaluate: fn, test };
}

/** Compiles an already parsed AST into a closure. */
export function build(e: Expr): Fn {
  switch (e.k) {
    case 'lit': { const v = e.value; return () => v; }
    case 'list': {
      const items = e.items.map(build);
      return (env) => items.map((f) => f(env));
    }
    case 'var': return buildVar(e.name, e.pos);
    case 'get': return buildPath(e) ?? buildGet(e.obj, e.key, e.pos);
    case 'has': {
      const obj = build(e.obj), key = e.key, pos = e.pos;
      return (env) => {
        const o = obj(env);
        if (typeof o !== 'object' || o === null || Array.isArray(o)) throw new ExprEvalError(`"has" needs a record on its left, got ${typeName(o)}`, pos);
        return Object.hasOwn(o, key) && (o as Record<string, unknown>)[key] !== undefined;
      };
    }
    case 'not': {
      const x = build(e.x), pos = e.pos;
      return (env) => {
        const v = x(env);
        if (typeof v !== 'boolean') throw new ExprEvalError(`"!" needs a boolean, got ${typeName(v)}`, pos);
        return !v;
      };
    }
    case 'neg': {
      const x = build(e.x), pos = e.pos;
      return (env) => {
        const v = x(env);
        if (typeof v !== 'number') throw new ExprEvalError(`unary "-" needs a number, got ${typeName(v)}`, pos);
        return -v;
      };
    }
    case 'bin': return buildBinary(e);
  }
}

function buildVar(name: string, pos: number): Fn {
  return (env) => {
    const v = Object.hasOwn(env, name) ? env[name] : undefined;
    if (v === undefined || typeof v === 'function') throw new ExprEvalError(`"${name}" is not part of this request`, pos);
    return v;
  };
}

/**
 * `root.a.b["c"]` with literal keys becomes one closure walking a key array: attribute paths are
 * most of what policies read, and one call per path instead of one per step keeps them cheap.
 */
function buildPath(e: Expr): Fn | undefined {
  const keys: string[] = [];
  const posns: number[] = [];
  let cur: Expr = e;
  while (cur.k === 'get' && cur.key.k === 'lit' && typeof cur.key.value === 'string') {
    keys.push(cur.key.value);
    posns.push(cur.pos);
    cur = cur.obj;
  }
  if (cur.k !== 'var' || keys.length === 0) return undefined;
  keys.reverse();
  posns.reverse();
  const rootFn = buildVar(cur.name, cur.pos);
  const steps = keys.map((k, i) => plainGetter(k, posns[i]!));
  const [s0, s1] = steps;
  // Short paths (almost all of them) get straight-line closures; longer ones loop.
  if (steps.length === 1) return (env) => s0!(rootFn(env));
  if (steps.length === 2) return (env) => s1!(s0!(rootFn(env)));
  return (env) => {
    let o = rootFn(env);
    for (const step of steps) o = step(o);
    return o;
  };
}

function buildGet(objE: Expr, keyE: Expr, pos: number): Fn {
  const obj = build(objE);
  if (keyE.k === 'lit' && typeof keyE.value === 'string') {
    const key = keyE.value;
    return (env) => getAttr(obj(env), key, pos);
  }
  const key = build(keyE);
  return (env) => {
    const o = obj(env);
    const k = key(env);
    if (Array.isArray(o)) {
      if (typeof k !== 'number' || !Number.isInteger(k)) throw new ExprEvalError(`list index must be an integer, got ${typeName(k)}`, pos);
      if (k < 0 || k >= o.length) throw new ExprEvalError(`list index ${k} is out of range (length ${o.length})`, pos);
      return checkValue(o[k], pos);
    }
    if (typeof k !== 'string') throw new ExprEvalError(`record key must be a string, got ${typeName(k)}`, pos);
    return getAttr(o, k, pos);
  };
}

function getAttr(o: unknown, key: string, pos: number): unknown {
  if (typeof o !== 'object' || o === null || Array.isArray(o)) throw new ExprEvalError(`cannot read "${key}" of ${typeName(o)}`, pos);
  // Own properties only: `constructor`, `__proto__`, getters of class instances are never reachable.
  const v = Object.hasOwn(o, key) ? (o as Record<string, unknown>)[key] : undefined;
  if (v === undefined) throw new ExprEvalError(`no attribute "${key}" (test it first with \`has\`)`, pos);
  if (typeof v === 'function') throw new ExprEvalError('unsupported value of type function', pos);
  return v;
}

/** getAttr with the key fixed at compile time. */
function plainGetter(key: string, pos: number): (o: unknown) => unknown {
  return (o) => getAttr(o, key, pos);
}

function checkValue(v: unknown, pos: number): unknown {
  const t = typeof v;
  if (t === 'function' || t === 'symbol' || t === 'bigint' || t === 'undefined') throw new ExprEvalError(`unsupported value of type ${t}`, pos);
  return v;
}

function buildBinary(e: Extract<Expr, { k: 'bin' }>): Fn {
  const l = build(e.l), r = build(e.r), pos = e.pos, op = e.op;
  switch (op) {
    case '&&': case '||': {
      const parts = flatten(e, op, []);
      if (parts.length > 2) {
        // Operand i is blamed on the operator before it (the first operand on the one after it).
        const terms = parts.map((p) => build(p.x));
        const at = parts.map((p, i) => (i === 0 ? parts[1]!.opPos : p.opPos));
        return op === '&&' ? allOf(terms, at) : anyOf(terms, at);
      }
      break;
    }
  }
  switch (op) {
    case '&&': return (env) => {
      const a = l(env);
      if (typeof a !== 'boolean') throw new ExprEvalError(`"&&" needs booleans, got ${typeName(a)} on the left`, pos);
      if (!a) return false;
      const b = r(env);
      if (typeof b !== 'boolean') throw new ExprEvalError(`"&&" needs booleans, got ${typeName(b)} on the right`, pos);
      return b;
    };
    case '||': return (env) => {
      const a = l(env);
      if (typeof a !== 'boolean') throw new ExprEvalError(`"||" needs booleans, got ${typeName(a)} on the left`, pos);
      if (a) return true;
      const b = r(env);
      if (typeof b !== 'boolean') throw new ExprEvalError(`"||" needs booleans, got ${typeName(b)} on the right`, pos);
      return b;
    };
    case '==': case '!=': {
      // A primitive literal on either side needs no structural walk: only === can be equal.
      const lit = e.r.k === 'lit' ? e.r : e.l.k === 'lit' ? e.l : undefined;
      const other = lit === e.r ? l : r;
      if (lit) {
        const v = lit.value;
        return op === '==' ? (env) => other(env) === v : (env) => other(env) !== v;
      }
      return op === '==' ? (env) => deepEqual(l(env), r(env)) : (env) => !deepEqual(l(env), r(env));
    }
    case '<': case '<=': case '>': case '>=': return (env) => {
      const a = l(env), b = r(env);
      const ta = typeof a;
      if (ta !== typeof b || (ta !== 'number' && ta !== 'string')) {
        throw new ExprEvalError(`"${op}" needs two numbers or two strings, got ${typeName(a)} and ${typeName(b)}`, pos);
      }
      const x = a as number, y = b as number;
      return op === '<' ? x < y : op === '<=' ? x <= y : op === '>' ? x > y : x >= y;
    };
    case 'in': return (env) => {
      const a = l(env), b = r(env);
      if (!Array.isArray(b)) throw new ExprEvalError(`"in" needs a list on its right, got ${typeName(b)}`, pos);
      return listHas(b, a);
    };
    case 'contains': return (env) => {
      const a = l(env), b = r(env);
      if (Array.isArray(a)) return listHas(a, b);
      if (typeof a === 'string' && typeof b === 'string') return a.includes(b);
      throw new ExprEvalError(`"contains" needs a list, or two strings; got ${typeName(a)} and ${typeName(b)}`, pos);
    };
    case 'startsWith': return (env) => {
      const a = l(env), b = r(env);
      if (typeof a !== 'string' || typeof b !== 'string') throw new ExprEvalError(`"startsWith" needs two strings, got ${typeName(a)} and ${typeName(b)}`, pos);
      return a.startsWith(b);
    };
    case 'matches': {
      let fixed: Glob | undefined;
      if (e.r.k === 'lit' && typeof e.r.value === 'string') {
        try { fixed = compileGlob(e.r.value); } catch (err) { throw new ExprSyntaxError((err as Error).message, e.r.pos); }
      }
      return (env) => {
        const a = l(env);
        if (typeof a !== 'string') throw new ExprEvalError(`"matches" needs a string on its left, got ${typeName(a)}`, pos);
        let g = fixed;
        if (!g) {
          const b = r(env);
          if (typeof b !== 'string') throw new ExprEvalError(`"matches" needs a glob string on its right, got ${typeName(b)}`, pos);
          try { g = compileGlob(b); } catch (err) { throw new ExprEvalError((err as Error).message, pos); }
        }
        return globMatch(g, a);
      };
    }
    case '+': return (env) => {
      const a = l(env), b = r(env);
      if (typeof a === 'string' && typeof b === 'string') return a + b;
      if (typeof a !== 'number' || typeof b !== 'number') throw new ExprEvalError(`"+" needs two numbers or two strings, got ${typeName(a)} and ${typeName(b)}`, pos);
      return finite(a + b, op, pos);
    };
    case '-': case '*': case '/': return (env) => {
      const a = l(env), b = r(env);
      if (typeof a !== 'number' || typeof b !== 'number') throw new ExprEvalError(`"${op}" needs two numbers, got ${typeName(a)} and ${typeName(b)}`, pos);
      if (op === '/' && b === 0) throw new ExprEvalError('division by zero', pos);
      return finite(op === '-' ? a - b : op === '*' ? a * b : a / b, op, pos);
    };
  }
}

/** Operands of a chain of the same logical operator, left to right, each with the operator before it. */
function flatten(e: Expr, op: '&&' | '||', out: { x: Expr; opPos: number }[], opPos = -1): { x: Expr; opPos: number }[] {
  if (e.k === 'bin' && e.op === op) {
    flatten(e.l, op, out, opPos);
    flatten(e.r, op, out, e.pos);
  } else out.push({ x: e, opPos });
  return out;
}

function allOf(terms: Fn[], at: number[]): Fn {
  return (env) => {
    for (let i = 0; i < terms.length; i++) {
      const v = terms[i]!(env);
      if (v === false) return false;
      if (v !== true) throw new ExprEvalError(`"&&" needs booleans, got ${typeName(v)} on the ${i === 0 ? 'left' : 'right'}`, at[i]!);
    }
    return true;
  };
}

function anyOf(terms: Fn[], at: number[]): Fn {
  return (env) => {
    for (let i = 0; i < terms.length; i++) {
      const v = terms[i]!(env);
      if (v === true) return true;
      if (v !== false) throw new ExprEvalError(`"||" needs booleans, got ${typeName(v)} on the ${i === 0 ? 'left' : 'right'}`, at[i]!);
    }
    return false;
  };
}

function finite(x: number, op: string, pos: number): number {
  if (!Number.isFinite(x)) throw new ExprEvalError(`"${op}" overflowed to ${x}`, pos);
  return x;
}

function listHas(list: unknown[], v: unknown): boolean {
  for (const x of list) if (deepEqual(x, v)) return true;
  return false;
}
