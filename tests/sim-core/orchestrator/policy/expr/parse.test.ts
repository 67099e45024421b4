import { describe, expect, it } from 'vitest';
import { parseExpr, type Expr } from '../../../../../sim-core/orchestrator/policy/expr/parse.ts';
import { ExprSyntaxError, tokenize } from '../../../../../sim-core/orchestrator/policy/expr/tokenize.ts';

/** Fully parenthesised rendering, so precedence is visible in the expected strings. */
function show(e: Expr): string {
  switch (e.k) {
    case 'lit': return JSON.stringify(e.value);
    case 'list': return `[${e.items.map(show).join(', ')}]`;
    case 'var': return e.name;
    case 'get': return `${show(e.obj)}[${show(e.key)}]`;
    case 'has': return `(${show(e.obj)} has ${e.key})`;
    case 'not': return `(!${show(e.x)})`;
    case 'neg': return `(-${show(e.x)})`;
    case 'bin': return `(${show(e.l)} ${e.op} ${show(e.r)})`;
  }
}

function syntaxError(src: string): ExprSyntaxError {
  try {
    parseExpr(src);
  } catch (e) {
    if (e instanceof ExprSyntaxError) return e;
    throw e;
  }
  throw new Error(`expected a syntax error for ${src}`);
}

describe('tokenize', () => {
  it('reads numbers, strings with escapes, identifiers and two-char operators with their offsets', () => {
    const t = tokenize(`a.b1 <= 2.5e1 && "x\\"y" != 'q'`);
    expect(t.map((x) => [x.kind, x.value, x.pos])).toEqual([
      ['ident', 'a', 0], ['op', '.', 1], ['ident', 'b1', 2], ['op', '<=', 5], ['num', 25, 8],
      ['op', '&&', 14], ['str', 'x"y', 17], ['op', '!=', 24], ['str', 'q', 27], ['eof', '', 30],
    ]);
  });
  it('decodes \\u escapes', () => {
    expect(tokenize('"\\u00e9"')[0]!.value).toBe('é');
  });
});

describe('parseExpr precedence', () => {
  it.each([
    ['a || b && c', '(a || (b && c))'],
    ['a && b || c', '((a && b) || c)'],
    ['a == 1 && b != 2', '((a == 1) && (b != 2))'],
    ['1 + 2 * 3', '(1 + (2 * 3))'],
    ['(1 + 2) * 3', '((1 + 2) * 3)'],
    ['1 - 2 - 3', '((1 - 2) - 3)'],
    ['8 / 4 / 2', '((8 / 4) / 2)'],
    ['a + 1 < b * 2', '((a + 1) < (b * 2))'],
    ['!a && b', '((!a) && b)'],
    ['!a.b', '(!a["b"])'],
    ['-x.y * 2', '((-x["y"]) * 2)'],
    ['x in [1, 2] || y', '((x in [1, 2]) || y)'],
    ['s.tags contains "pii" && l.type startsWith "sat"', '((s["tags"] contains "pii") && (l["type"] startsWith "sat"))'],
    ['n has zone && n.zone matches "eu-*"', '((n has zone) && (n["zone"] matches "eu-*"))'],
    ['n.labels["topology.kubernetes.io/region"]', 'n["labels"]["topology.kubernetes.io/region"]'],
    ['n has "a.b"', '(n has a.b)'],
    ['xs[0].id', 'xs[0]["id"]'],
    ['[]', '[]'],
    ['true != false == null', ''],
  ])('%s', (src, want) => {
    if (want === '') expect(() => parseExpr(src)).toThrow(ExprSyntaxError);
    else expect(show(parseExpr(src))).toBe(want);
  });
});

describe('parse errors carry the column of the offending token', () => {
  it.each([
    ['a == = b', 6, 'unexpected character "="'],
    ['a = b', 3, 'use =='],
    ['a & b', 3, 'use &&'],
    ['(a || b', 8, 'expected ")"'],
    ['a b', 3, 'after a complete expression'],
    ['1 < 2 < 3', 7, 'cannot chain'],
    ['x in y == true', 8, 'cannot chain'],
    ['a.', 3, 'attribute name'],
    ['a.1', 3, 'attribute name'],
    ['"abc', 1, 'unterminated string'],
    ['"a\\qb"', 3, 'unknown escape'],
    ['[1, 2', 6, 'expected "," or "]"'],
    ['', 1, 'empty expression'],
    ['in x', 1, 'needs a value on its left'],
    ['n has 3', 7, '"has" needs an attribute name'],
    ['3abc', 1, 'malformed number'],
    ['a # b', 3, 'unexpected character "#"'],
  ])('%s → column %i', (src, col, msg) => {
    const e = syntaxError(src);
    expect(e.pos + 1).toBe(col);
    expect(e.message).toContain(msg);
  });
});
