/**
 * A lint as a test: sim-core/ must compute the same bits on every engine, so it may use only
 * the Math members that ECMAScript defines exactly (abs, floor, sqrt, ...) and the constants;
 * transcendental functions come from sim-core/des/det-math.ts. `**` is allowed only where the
 * result is exact whatever the engine: 2 ** <integer literal>, and BigInt powers.
 * The check walks the TypeScript syntax tree, so comments and strings never count.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../../..');
const SIM_CORE = join(ROOT, 'sim-core');

/** Math members whose results the specification pins exactly (or that are constants). */
const EXACT_MATH = new Set([
  'abs', 'ceil', 'floor', 'round', 'trunc', 'sign', 'min', 'max', 'sqrt', 'fround', 'imul', 'clz32',
  'PI', 'E', 'LN2', 'LN10', 'LOG2E', 'LOG10E', 'SQRT2', 'SQRT1_2',
]);

/** One finding: file:line:col and what was found. */
function findings(fileName: string, text: string): string[] {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const out: string[] = [];
  const at = (node: ts.Node, what: string) => {
    const { line, character } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
    out.push(`${fileName}:${line + 1}:${character + 1}: ${what}`);
  };
  const isIntegerLiteral = (e: ts.Expression): boolean => {
    const inner = ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.MinusToken ? e.operand : e;
    return ts.isNumericLiteral(inner) && Number.isInteger(Number(inner.text));
  };
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && node.text === 'Math') {
      const parent = node.parent;
      if (ts.isPropertyAccessExpression(parent) && parent.expression === node) {
        if (!EXACT_MATH.has(parent.name.text)) at(parent, `Math.${parent.name.text} is not exact on every engine; use sim-core/des/det-math.ts`);
      } else if (!(ts.isPropertyAccessExpression(parent) && parent.name === node)) {
        at(node, 'Math used other than as Math.<exact member>');
      }
    }
    if (ts.isBinaryExpression(node)) {
      const op = node.operatorToken.kind;
      if (op === ts.SyntaxKind.AsteriskAsteriskToken || op === ts.SyntaxKind.AsteriskAsteriskEqualsToken) {
        const exactPowerOfTwo = op === ts.SyntaxKind.AsteriskAsteriskToken && ts.isNumericLiteral(node.left) && node.left.text === '2' && isIntegerLiteral(node.right);
        const bigint = ts.isBigIntLiteral(node.left);
        if (!exactPowerOfTwo && !bigint) at(node, `'${node.getText(sf)}': ** is a libm pow; use pow() from det-math.ts, or x * x`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && d.name.endsWith('.ts'))
    .map((d) => join(d.parentPath, d.name))
    .sort();
}

describe('sim-core uses only engine-independent arithmetic', () => {
  it('no inexact Math function and no inexact ** anywhere under sim-core/', () => {
    const files = sourceFiles(SIM_CORE);
    expect(files.length).toBeGreaterThan(100);
    const problems = files.flatMap((f) => findings(relative(ROOT, f), readFileSync(f, 'utf8')));
    expect(problems).toEqual([]);
  });

  it('the check is live: it flags each forbidden form and passes the allowed ones', () => {
    const text = [
      '// Math.log in a comment, and "Math.exp" in a string, are fine',
      'const s = "Math.exp(1)";',
      'const a = Math.log(x) + Math.sqrt(y) + Math.floor(z) + Math.PI;',
      'const b = x ** 2;',
      'const c = 2 ** 21 + 2 ** -20 + 10n ** 3n;',
      'const d = 10 ** 3;',
      'let e = 3; e **= 2;',
      'const { sin } = Math;',
      'const f = Math.hypot(a, b) + Math.random();',
    ].join('\n');
    expect(findings('x.ts', text)).toEqual([
      'x.ts:3:11: Math.log is not exact on every engine; use sim-core/des/det-math.ts',
      "x.ts:4:11: 'x ** 2': ** is a libm pow; use pow() from det-math.ts, or x * x",
      "x.ts:6:11: '10 ** 3': ** is a libm pow; use pow() from det-math.ts, or x * x",
      "x.ts:7:12: 'e **= 2': ** is a libm pow; use pow() from det-math.ts, or x * x",
      'x.ts:8:17: Math used other than as Math.<exact member>',
      'x.ts:9:11: Math.hypot is not exact on every engine; use sim-core/des/det-math.ts',
      'x.ts:9:30: Math.random is not exact on every engine; use sim-core/des/det-math.ts',
    ]);
  });
});
