/**
 * Source positions for policy files: splitting a multi-document YAML file into documents that
 * keep their original line numbers, and mapping an offset inside an expression (a YAML scalar:
 * plain, quoted or block) back to the file's line:col.
 */
import type { SourcePos } from '../../text/yaml-source.ts';

/** One `---`-separated document, as the whole file's text with every other line blanked out. */
export interface DocumentText { text: string; firstLine: number }

/**
 * Splits YAML text at `---` / `...` marker lines. Lines outside each document become empty lines,
 * so positions reported for the document are positions in the original file.
 */
export function splitDocuments(text: string): DocumentText[] {
  const lines = text.split('\n');
  const out: DocumentText[] = [];
  let start = 0;
  const flush = (end: number) => {
    const body = lines.slice(start, end);
    if (body.some((l) => l.trim() !== '' && !l.trimStart().startsWith('#'))) {
      const blanked = lines.map((l, i) => (i >= start && i < end ? l : ''));
      out.push({ text: blanked.join('\n'), firstLine: start + 1 });
    }
  };
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (/^---(\s|$)/.test(l) || /^\.\.\.(\s|$)/.test(l)) {
      flush(i);
      // Content after `--- ` on the marker line belongs to the next document; keep its columns.
      if (l.startsWith('---') && l.slice(3).trim() !== '' && !l.slice(3).trim().startsWith('#')) {
        lines[i] = '   ' + l.slice(3);
        start = i;
      } else start = i + 1;
    }
  }
  flush(lines.length);
  return out;
}

/**
 * File position of offset `pos` of an expression whose YAML value starts at `at`. Falls back to
 * `at` when the scalar's layout is not understood (the character found must equal `expr[pos]`).
 */
export function exprPosition(text: string, at: SourcePos, expr: string, pos: number): SourcePos {
  const lines = text.split('\n');
  const first = lines[at.line - 1] ?? '';
  const ch = first[at.col - 1];
  const rows: { line: number; col0: number; raw: string }[] = [];
  let style: 'plain' | 'dq' | 'sq' | 'block' = 'plain';
  if (ch === '|' || ch === '>') {
    style = 'block';
    let indent = -1;
    for (let l = at.line; l < lines.length; l++) {
      const s = lines[l]!;
      if (s.trim() === '') { if (indent >= 0) rows.push({ line: l + 1, col0: indent, raw: '' }); continue; }
      const ind = s.length - s.trimStart().length;
      if (indent < 0) indent = ind;
      if (ind < indent) break;
      rows.push({ line: l + 1, col0: indent, raw: s.slice(indent) });
    }
  } else {
    if (ch === '"') style = 'dq';
    if (ch === "'") style = 'sq';
    const skip = style === 'plain' ? 0 : 1;
    rows.push({ line: at.line, col0: at.col - 1 + skip, raw: first.slice(at.col - 1 + skip) });
    for (let l = at.line; l < lines.length; l++) {
      const s = lines[l]!;
      const ind = s.length - s.trimStart().length;
      rows.push({ line: l + 1, col0: ind, raw: s.slice(ind) });
    }
  }
  let d = 0;
  for (const row of rows) {
    let r = 0;
    while (r < row.raw.length) {
      const c = row.raw[r]!;
      if (d === pos) return verify({ line: row.line, col: row.col0 + r + 1 });
      if ((style === 'dq' && c === '"') || (style === 'sq' && c === "'" && row.raw[r + 1] !== "'")) return fallback();
      if (style === 'dq' && c === '\\') r += row.raw[r + 1] === 'x' ? 4 : row.raw[r + 1] === 'u' ? 6 : row.raw[r + 1] === 'U' ? 10 : 2;
      else if (style === 'sq' && c === "'") r += 2;
      else r += 1;
      d++;
    }
    if (d === pos) return { line: row.line, col: row.col0 + r + 1 };
    d++;
  }
  return fallback();

  function verify(p: SourcePos): SourcePos {
    if (pos >= expr.length) return p;
    return lines[p.line - 1]?.[p.col - 1] === expr[pos] || style === 'dq' || style === 'sq' ? p : fallback();
  }
  function fallback(): SourcePos { return at; }
}
