import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compileExpr, deepEqual, ExprEvalError } from '../../../../../sim-core/orchestrator/policy/expr/evaluate.ts';
import { ExprSyntaxError } from '../../../../../sim-core/orchestrator/policy/expr/tokenize.ts';

const env = {
  node: {
    id: 'edge-1', tier: 'edge', gpus: 2, attested: true, zone: null,
    labels: { 'topology.kubernetes.io/region': 'eu-west', gpu: 'true' },
  },
  stream: { tags: ['camera-footage', 'raw-video'] },
  workload: { requests: { cpuMillicores: 500, memoryBytes: 2 ** 30 }, labels: { app: 'vision' } },
  link: { type: 'satellite' },
  path: [{ type: 'fibre' }, { type: 'lte' }],
};
const ev = (src: string, e: Record<string, unknown> = env) => compileExpr(src).evaluate(e);

function evalError(src: string, e: Record<string, unknown> = env): ExprEvalError {
  try {
    ev(src, e);
  } catch (err) {
    if (err instanceof ExprEvalError) return err;
    throw err;
  }
  throw new Error(`expected an evaluation error for ${src}`);
}

describe('operators', () => {
  it.each([
    ['1 + 2 * 3', 7], ['(1 + 2) * 3', 9], ['10 - 4 - 3', 3], ['12 / 4 / 3', 1], ['-2 * -3', 6],
    ['"ab" + "cd"', 'abcd'],
    ['1 == 1', true], ['1 == "1"', false], ['null == null', true], ['[1, [2]] == [1, [2]]', true],
    ['node.labels != null', true],
    ['1 != 2', true], ['2 < 3', true], ['3 <= 3', true], ['4 > 5', false], ['5 >= 5', true],
    ['"apple" < "banana"', true],
    ['true && false', false], ['true || false', true], ['!true', false],
    ['"lte" in ["lte", "satellite"]', true], ['"wifi" in ["lte"]', false], ['[1] in [[1], [2]]', true],
    ['stream.tags contains "raw-video"', true], ['stream.tags contains "pii"', false],
    ['"satellite" contains "tell"', true],
    ['link.type startsWith "sat"', true], ['link.type startsWith "lte"', false],
    ['node.id matches "edge-*"', true], ['node.id matches "edge-?"', true], ['node.id matches "edge-??"', false], ['node.id matches "cloud*"', false],
    ['node has tier', true], ['node has region', false], ['node.labels has "topology.kubernetes.io/region"', true],
    ['node has zone', true], ['node.zone == null', true],
    ['node.labels["topology.kubernetes.io/region"] == "eu-west"', true],
    ['workload.requests.cpuMillicores / 1000', 0.5],
    ['path[1].type', 'lte'], ['[10, 20][1]', 20],
    ['node.gpus > 0 && node.attested', true],
  ])('%s → %j', (src, want) => {
    expect(ev(src)).toEqual(want);
  });

  it('short-circuits && and || (the right side is never evaluated, so its error never happens)', () => {
    expect(ev('false && node.missing')).toBe(false);
    expect(ev('true || node.missing')).toBe(true);
    expect(() => ev('true && node.missing')).toThrow(ExprEvalError);
    expect(ev('true && false && node.missing && node.other')).toBe(false);
    expect(ev('false || true || node.missing || node.other')).toBe(true);
  });

  it('compiles once and evaluates against many environments', () => {
    const c = compileExpr('node.gpus * 2 >= 4');
    expect([1, 2, 3].map((g) => c.evaluate({ node: { gpus: g } }))).toEqual([false, true, true]);
  });
});

describe('type errors are errors, not false', () => {
  it.each([
    ['1 < "a"', 3, '"<" needs two numbers or two strings'],
    ['1 + "a"', 3, '"+" needs two numbers or two strings'],
    ['"a" - 1', 5, '"-" needs two numbers'],
    ['1 / 0', 3, 'division by zero'],
    ['1e308 * 10', 7, 'overflowed'],
    ['1 && true', 3, '"&&" needs booleans'],
    ['false || 0', 7, '"||" needs booleans'],
    ['true && true && 1 && false', 14, '"&&" needs booleans, got number on the right'],
    ['1 && true && true', 3, '"&&" needs booleans, got number on the left'],
    ['false || false || "x"', 16, '"||" needs booleans, got string on the right'],
    ['!1', 1, '"!" needs a boolean'],
    ['-"a"', 1, 'unary "-" needs a number'],
    ['1 in 2', 3, '"in" needs a list'],
    ['1 contains 1', 3, '"contains" needs a list'],
    ['1 startsWith "a"', 3, '"startsWith" needs two strings'],
    ['1 matches "a"', 3, '"matches" needs a string'],
    ['"a" matches 1', 5, '"matches" needs a glob string'],
    ['1 has x', 3, '"has" needs a record'],
    ['node.region', 6, 'no attribute "region"'],
    ['node.tier.x', 11, 'cannot read "x" of string'],
    ['missing.x', 1, '"missing" is not part of this request'],
    ['path[2]', 5, 'out of range'],
    ['path[1.5]', 5, 'list index must be an integer'],
    ['path["a"]', 5, 'cannot read "a" of list'],
    ['node[1]', 5, 'record key must be a string'],
  ])('%s → column %i', (src, col, msg) => {
    const e = evalError(src);
    expect(e.pos + 1).toBe(col);
    expect(e.message).toContain(msg);
  });

  it('test() demands a boolean result', () => {
    expect(() => compileExpr('node.gpus').test(env)).toThrow(/condition must be a boolean, got number/);
    expect(compileExpr('node.gpus == 2').test(env)).toBe(true);
  });

  it('a bad literal glob is a syntax error at compile time', () => {
    expect(() => compileExpr('node.id matches "abc\\\\"')).toThrow(ExprSyntaxError);
  });
});

describe('no prototype access, no code', () => {
  const probes = [
    'node.constructor', 'node.__proto__', 'node["__proto__"]', 'node.toString', 'node.hasOwnProperty',
    'node.labels.constructor', 'path.length', 'path.map', 'path["constructor"]', 'stream.tags.__proto__',
    '"abc".length', 'constructor', '__proto__', 'toString', 'node.constructor.constructor',
  ];
  it.each(probes)('%s is an error, not a prototype member', (src) => {
    expect(() => ev(src)).toThrow(ExprEvalError);
  });

  it('inherited members are invisible to `has`', () => {
    expect(ev('node has constructor')).toBe(false);
    expect(ev('node has __proto__')).toBe(false);
    expect(ev('node has toString')).toBe(false);
  });

  it('own data keys that look dangerous are ordinary data and do not pollute anything', () => {
    const data = JSON.parse('{"__proto__": {"polluted": true}, "constructor": "x"}') as Record<string, unknown>;
    expect(ev('o["__proto__"].polluted', { o: data })).toBe(true);
    expect(ev('o.constructor', { o: data })).toBe('x');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses class instances and functions in the environment', () => {
    expect(() => ev('m.size', { m: new Map([['a', 1]]) })).toThrow(/no attribute "size"/);
    expect(() => ev('m.get', { m: new Map([['a', 1]]) })).toThrow(/no attribute "get"/);
    expect(() => ev('o.f', { o: { f: () => 1 } })).toThrow(/unsupported value of type function/);
  });

  it('an environment whose prototype carries a root does not leak it', () => {
    const proto = { secret: { x: 1 } };
    expect(() => ev('secret.x', Object.create(proto) as Record<string, unknown>)).toThrow(/not part of this request/);
  });
});

describe('properties', () => {
  const json = fc.jsonValue({ maxDepth: 3 });
  it('== is reflexive and agrees with structural equality on JSON values (seed 0xE1)', () => {
    fc.assert(fc.property(json, json, (a, b) => {
      expect(ev('a == a', { a })).toBe(true);
      expect(ev('a == b', { a, b })).toBe(deepEqual(a, b));
      expect(ev('a != b', { a, b })).toBe(!deepEqual(a, b));
    }), { seed: 0xe1, numRuns: 300 });
  });

  it('integer arithmetic matches JavaScript on safe integers (seed 0xE2)', () => {
    const i = fc.integer({ min: -1e6, max: 1e6 });
    fc.assert(fc.property(i, i, i, (a, b, c) => {
      expect(ev('a + b * c', { a, b, c })).toBe(a + b * c);
      expect(ev('(a - b) * c', { a, b, c })).toBe((a - b) * c);
      expect(ev('a < b || a >= b', { a, b })).toBe(true);
    }), { seed: 0xe2, numRuns: 300 });
  });

  it('compiling never throws anything but ExprSyntaxError on arbitrary text (seed 0xE3)', () => {
    fc.assert(fc.property(fc.string({ maxLength: 40 }), (s) => {
      try { compileExpr(s); } catch (e) { expect(e).toBeInstanceOf(ExprSyntaxError); }
    }), { seed: 0xe3, numRuns: 2000 });
  });
});
