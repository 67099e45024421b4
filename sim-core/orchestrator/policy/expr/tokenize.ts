/**
 * Tokenizer of the policy expression language. Positions are 0-based offsets into the
 * expression text so the YAML loader can turn them into file columns.
 */

/** One lexical token; `pos` is the 0-based offset of its first character. */
export type Token =
  | { kind: 'num'; value: number; pos: number; end: number }
  | { kind: 'str'; value: string; pos: number; end: number }
  | { kind: 'ident'; value: string; pos: number; end: number }
  | { kind: 'op'; value: string; pos: number; end: number }
  | { kind: 'eof'; value: ''; pos: number; end: number };

/** A syntax error at a 0-based offset in the expression (column = pos + 1). */
export class ExprSyntaxError extends Error {
  readonly pos: number;
  readonly detail: string;
  constructor(detail: string, pos: number) {
    super(`column ${pos + 1}: ${detail}`);
    this.name = 'ExprSyntaxError';
    this.detail = detail;
    this.pos = pos;
  }
}

// Longest operators first so `<=` is not read as `<` then `=`.
const OPERATORS = ['==', '!=', '<=', '>=', '&&', '||', '<', '>', '!', '+', '-', '*', '/', '(', ')', '[', ']', ',', '.'];

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', "'": "'", '\\': '\\', '/': '/' };

/** Splits `src` into tokens ending with one `eof`; throws ExprSyntaxError on a bad character or string. */
export function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const n = src.length;
  while (i < n) {
    const c = src[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') { i++; continue; }
    const start = i;
    if (isDigit(c)) {
      while (i < n && isDigit(src[i]!)) i++;
      if (src[i] === '.' && isDigit(src[i + 1] ?? '')) { i++; while (i < n && isDigit(src[i]!)) i++; }
      if ((src[i] === 'e' || src[i] === 'E') && /[0-9+-]/.test(src[i + 1] ?? '')) {
        i++;
        if (src[i] === '+' || src[i] === '-') i++;
        if (!isDigit(src[i] ?? '')) throw new ExprSyntaxError('malformed number exponent', start);
        while (i < n && isDigit(src[i]!)) i++;
      }
      if (isIdentChar(src[i] ?? '')) throw new ExprSyntaxError(`malformed number "${src.slice(start, i + 1)}"`, start);
      out.push({ kind: 'num', value: Number(src.slice(start, i)), pos: start, end: i });
      continue;
    }
    if (isIdentStart(c)) {
      while (i < n && isIdentChar(src[i]!)) i++;
      out.push({ kind: 'ident', value: src.slice(start, i), pos: start, end: i });
      continue;
    }
    if (c === '"' || c === "'") {
      i++;
      let s = '';
      for (;;) {
        if (i >= n) throw new ExprSyntaxError('unterminated string', start);
        const d = src[i]!;
        if (d === c) { i++; break; }
        if (d === '\\') {
          const e = src[i + 1];
          if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(src.slice(i + 2, i + 6))) {
            s += String.fromCharCode(parseInt(src.slice(i + 2, i + 6), 16));
            i += 6;
            continue;
          }
          if (e === undefined || !(e in ESCAPES)) throw new ExprSyntaxError(`unknown escape "\\${e ?? ''}"`, i);
          s += ESCAPES[e];
          i += 2;
          continue;
        }
        s += d;
        i++;
      }
      out.push({ kind: 'str', value: s, pos: start, end: i });
      continue;
    }
    const op = OPERATORS.find((o) => src.startsWith(o, i));
    if (!op) {
      const hint = c === '=' ? ' (use == to compare)' : c === '&' ? ' (use &&)' : c === '|' ? ' (use ||)' : '';
      throw new ExprSyntaxError(`unexpected character "${c}"${hint}`, i);
    }
    i += op.length;
    out.push({ kind: 'op', value: op, pos: start, end: i });
  }
  out.push({ kind: 'eof', value: '', pos: n, end: n });
  return out;
}

function isDigit(c: string): boolean { return c >= '0' && c <= '9'; }
function isIdentStart(c: string): boolean { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_'; }
function isIdentChar(c: string): boolean { return isIdentStart(c) || isDigit(c); }
