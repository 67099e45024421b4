/**
 * Pratt parser of the policy expression language into an AST. Precedence, loosest first:
 *   ||  <  &&  <  == != < <= > >= in contains startsWith matches has (non-associative)
 *   <  + -  <  * /  <  unary ! -  <  postfix .attr ["key"] [index]
 * No calls, no assignment, no record literals: the language can only read the request.
 */
import { ExprSyntaxError, tokenize, type Token } from './tokenize.ts';

/** Binary operators. */
export type BinaryOp =
  | '||' | '&&' | '==' | '!=' | '<' | '<=' | '>' | '>='
  | 'in' | 'contains' | 'startsWith' | 'matches' | '+' | '-' | '*' | '/';

/** Expression AST; `pos` is the 0-based offset of the node's operator or first token. */
export type Expr =
  | { k: 'lit'; value: null | boolean | number | string; pos: number }
  | { k: 'list'; items: Expr[]; pos: number }
  | { k: 'var'; name: string; pos: number }
  | { k: 'get'; obj: Expr; key: Expr; pos: number }
  | { k: 'has'; obj: Expr; key: string; pos: number }
  | { k: 'not' | 'neg'; x: Expr; pos: number }
  | { k: 'bin'; op: BinaryOp; l: Expr; r: Expr; pos: number };

const KEYWORDS = new Set(['true', 'false', 'null', 'in', 'contains', 'startsWith', 'matches', 'has']);

// Binding powers; relations share one level and refuse to chain (`a < b < c` is an error).
const INFIX: Record<string, number> = {
  '||': 10, '&&': 20,
  '==': 30, '!=': 30, '<': 30, '<=': 30, '>': 30, '>=': 30,
  in: 30, contains: 30, startsWith: 30, matches: 30, has: 30,
  '+': 40, '-': 40, '*': 50, '/': 50,
};
const RELATION = 30;
const PREFIX = 60;

/** Parses one expression; throws ExprSyntaxError with the 0-based offset of the offending token. */
export function parseExpr(src: string): Expr {
  const p = new Parser(tokenize(src));
  if (p.peek().kind === 'eof') throw new ExprSyntaxError('empty expression', 0);
  const e = p.expr(0);
  const t = p.peek();
  if (t.kind !== 'eof') throw new ExprSyntaxError(`unexpected ${describe(t)} after a complete expression`, t.pos);
  return e;
}

class Parser {
  private i = 0;
  constructor(private readonly toks: Token[]) {}

  peek(): Token { return this.toks[this.i]!; }
  private next(): Token { return this.toks[this.i++]!; }

  private expect(op: string): Token {
    const t = this.next();
    if (t.kind !== 'op' || t.value !== op) throw new ExprSyntaxError(`expected "${op}", found ${describe(t)}`, t.pos);
    return t;
  }

  expr(minBp: number): Expr {
    let left = this.prefix();
    for (;;) {
      const t = this.peek();
      const op = infixOf(t);
      if (op === undefined) break;
      const bp = INFIX[op]!;
      if (bp <= minBp) {
        if (bp === RELATION && minBp === RELATION) {
          throw new ExprSyntaxError(`"${op}" cannot chain another comparison; add parentheses`, t.pos);
        }
        break;
      }
      this.next();
      if (op === 'has') {
        const k = this.next();
        if (k.kind !== 'ident' && k.kind !== 'str') throw new ExprSyntaxError(`"has" needs an attribute name, found ${describe(k)}`, k.pos);
        left = { k: 'has', obj: left, key: k.value, pos: t.pos };
      } else {
        // Left-associative arithmetic and logic: the right side binds at our own power.
        const right = this.expr(bp);
        left = { k: 'bin', op: op as BinaryOp, l: left, r: right, pos: t.pos };
      }
      if (bp === RELATION) {
        const after = infixOf(this.peek());
        if (after !== undefined && INFIX[after] === RELATION) {
          throw new ExprSyntaxError(`"${after}" cannot chain another comparison; add parentheses`, this.peek().pos);
        }
      }
    }
    return left;
  }

  private prefix(): Expr {
    const t = this.next();
    let e: Expr;
    if (t.kind === 'num') e = { k: 'lit', value: t.value, pos: t.pos };
    else if (t.kind === 'str') e = { k: 'lit', value: t.value, pos: t.pos };
    else if (t.kind === 'ident') {
      if (t.value === 'true' || t.value === 'false') e = { k: 'lit', value: t.value === 'true', pos: t.pos };
      else if (t.value === 'null') e = { k: 'lit', value: null, pos: t.pos };
      else if (KEYWORDS.has(t.value)) throw new ExprSyntaxError(`"${t.value}" needs a value on its left`, t.pos);
      else e = { k: 'var', name: t.value, pos: t.pos };
    } else if (t.kind === 'op' && (t.value === '!' || t.value === '-')) {
      const x = this.expr(PREFIX);
      e = { k: t.value === '!' ? 'not' : 'neg', x, pos: t.pos };
    } else if (t.kind === 'op' && t.value === '(') {
      e = this.expr(0);
      this.expect(')');
    } else if (t.kind === 'op' && t.value === '[') {
      const items: Expr[] = [];
      if (!(this.peek().kind === 'op' && this.peek().value === ']')) {
        for (;;) {
          items.push(this.expr(0));
          const s = this.next();
          if (s.kind === 'op' && s.value === ']') break;
          if (!(s.kind === 'op' && s.value === ',')) throw new ExprSyntaxError(`expected "," or "]" in list, found ${describe(s)}`, s.pos);
        }
      } else this.next();
      e = { k: 'list', items, pos: t.pos };
    } else {
      throw new ExprSyntaxError(`expected a value, found ${describe(t)}`, t.pos);
    }
    return this.postfix(e);
  }

  private postfix(e: Expr): Expr {
    for (;;) {
      const t = this.peek();
      if (t.kind !== 'op') return e;
      if (t.value === '.') {
        this.next();
        const name = this.next();
        if (name.kind !== 'ident') throw new ExprSyntaxError(`expected an attribute name after ".", found ${describe(name)}`, name.pos);
        e = { k: 'get', obj: e, key: { k: 'lit', value: name.value, pos: name.pos }, pos: name.pos };
      } else if (t.value === '[') {
        this.next();
        const key = this.expr(0);
        this.expect(']');
        e = { k: 'get', obj: e, key, pos: t.pos };
      } else return e;
    }
  }
}

function infixOf(t: Token): string | undefined {
  if (t.kind === 'op' && t.value in INFIX) return t.value;
  if (t.kind === 'ident' && KEYWORDS.has(t.value) && t.value in INFIX) return t.value;
  return undefined;
}

function describe(t: Token): string {
  if (t.kind === 'eof') return 'end of expression';
  if (t.kind === 'str') return `string ${JSON.stringify(t.value)}`;
  return `"${String(t.value)}"`;
}
