/**
 * Where the cursor is in a YAML document, as a field path — without a YAML parser, because the
 * text being typed is usually not valid YAML yet. One forward scan to the cursor keeps a stack of
 * block collections (by column) and, inside `{…}` / `[…]`, a stack of flow collections; block
 * scalars (`|`, `>`), comments and quoted strings are skipped. Pure: text + offset in, path out.
 */

/** One step of a field path: a mapping key or a list index. */
export type PathSeg = string | number;

/** What may be typed at the cursor. */
export interface CursorContext {
  /**
   * 'key': a key of the mapping at `path` goes here — or, when `path` ends at a list item (a
   * number), the item itself (a key of an item mapping, or a bare scalar item).
   * 'value': the value of the field at `path`.
   */
  kind: 'key' | 'value';
  path: PathSeg[];
  /** The word typed so far, ending at the cursor. */
  prefix: string;
  /** Offset where `prefix` starts (completions replace from here to the cursor). */
  from: number;
  /** Keys present in the mapping being filled (for 'key') or holding the field (for 'value'), with their inline scalar values ('' when not a scalar). */
  siblings: Record<string, string>;
  /** True inside `{…}` or `[…]`. */
  flow: boolean;
  /** Column of the key position (block context), for indenting inserted text. */
  indent: number;
}

/** A field under the cursor (for hover): its path and the word's range. */
export interface FieldAt { path: PathSeg[]; role: 'key' | 'value'; from: number; to: number }

const WORD = /[A-Za-z0-9_.\-/~$@]/;

interface BlockFrame { col: number; kind: 'map' | 'seq'; key: string | null; index: number; siblings: Record<string, string> }
interface FlowFrame { kind: 'map' | 'seq'; key: string | null; afterColon: boolean; index: number; token: string; siblings: Record<string, string> }

/** Segments leading into frames[k] (each outer frame contributes its current key or index). */
function pathTo(frames: readonly { kind: 'map' | 'seq'; key: string | null; index: number }[], k: number, base: readonly PathSeg[] = []): PathSeg[] {
  const out = [...base];
  for (let i = 0; i < k; i++) {
    const f = frames[i]!;
    out.push(f.kind === 'seq' ? f.index : (f.key ?? ''));
  }
  return out;
}

/** Start of the word ending at `offset`. */
function wordStart(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && WORD.test(text[i - 1]!)) i--;
  return i;
}

/** A block key at `col` of `line` (`key:` followed by space or end); returns the key and the offset just past the colon. */
function blockKey(line: string, col: number): { key: string; after: number } | null {
  const rest = line.slice(col);
  const quoted = /^(?:"((?:[^"\\]|\\.)*)"|'((?:[^']|'')*)')[ \t]*:(?=[ \t]|$)/.exec(rest);
  if (quoted) return { key: quoted[1] ?? quoted[2]!.replace(/''/g, "'"), after: col + quoted[0].length };
  const plain = /^([^\s:#{}[\],'"&*!|>%@`](?:[^:#]|:(?![ \t]|$)|#(?<! #))*?)[ \t]*:(?=[ \t]|$)/.exec(rest);
  if (plain) return { key: plain[1]!, after: col + plain[0].length };
  return null;
}

const isDash = (line: string, col: number) => line[col] === '-' && (col + 1 === line.length || line[col + 1] === ' ' || line[col + 1] === '\t');
const skipSpaces = (line: string, col: number) => { while (col < line.length && (line[col] === ' ' || line[col] === '\t')) col++; return col; };
/** A scalar's text without a trailing comment and quotes. */
const scalarText = (s: string) => s.replace(/(^|\s)#.*$/, '').trim().replace(/^(["'])(.*)\1$/, '$2');

/**
 * The context at `offset` (0..text.length), or null inside a comment, a quoted string or a block
 * scalar, where neither keys nor values of the schema apply.
 */
export function cursorContext(text: string, offset: number): CursorContext | null {
  if (offset < 0 || offset > text.length) throw new RangeError(`cursorContext: offset ${offset} outside 0..${text.length}`);
  const frames: BlockFrame[] = [];
  let blockScalarCol = -1;
  let lineStart = 0;
  while (lineStart <= text.length) {
    const nl = text.indexOf('\n', lineStart);
    const lineEnd = nl < 0 ? text.length : nl;
    const cursorHere = offset >= lineStart && offset <= lineEnd;
    const line = text.slice(lineStart, cursorHere ? offset : lineEnd).replace(/\r$/, '');
    const full = text.slice(lineStart, lineEnd).replace(/\r$/, '');
    const indent = skipSpaces(full, 0);
    const blank = indent === full.length || full[indent] === '#';
    if (blockScalarCol >= 0) {
      if (blank || indent > blockScalarCol) {
        if (cursorHere && !(blank && line.trim() === '' && line.length <= blockScalarCol)) return null;
        if (!cursorHere) { lineStart = lineEnd + 1; continue; }
      }
      blockScalarCol = -1;
    }
    if (!cursorHere && (blank || /^(---|\.\.\.)(\s|$)/.test(full))) {
      if (/^---(\s|$)/.test(full)) frames.length = 0;
      lineStart = lineEnd + 1;
      continue;
    }
    const r = blockLine(text, lineStart, line, cursorHere ? offset : -1, frames);
    if (r.type === 'context') return r.context;
    if (r.type === 'none') return null;
    if (r.type === 'blockScalar') blockScalarCol = r.col;
    let next = lineEnd + 1;
    if (r.type === 'flow') {
      const f = flowScan(text, r.start, offset, r.base);
      if (f.type === 'context') return f.context;
      if (f.type === 'none') return null;
      // The rest of the line after the flow collection is a comment at most.
      const after = text.indexOf('\n', f.end);
      if (offset >= f.end && (after < 0 || offset <= after)) return null;
      next = after < 0 ? text.length + 1 : after + 1;
    }
    if (cursorHere) return null;
    lineStart = next;
  }
  return null;
}

type LineResult =
  | { type: 'done' } | { type: 'none' } | { type: 'blockScalar'; col: number }
  | { type: 'flow'; start: number; base: PathSeg[] } | { type: 'context'; context: CursorContext };

/** Processes one block line (cut at the cursor when `cursor` ≥ 0), updating `frames`. */
function blockLine(text: string, lineStart: number, line: string, cursor: number, frames: BlockFrame[]): LineResult {
  let col = skipSpaces(line, 0);
  const top = () => frames[frames.length - 1];
  const popTo = (c: number) => {
    while (top() && top()!.col > c) frames.pop();
  };
  // The node beginning at column c: the frame there, or a new one under the frame above it.
  const containerAt = (c: number): { path: PathSeg[]; siblings: Record<string, string> } => {
    popTo(c);
    let t = top();
    // A list at the column of its parent's key (`key:\n- a`) ends at a line without a dash.
    if (t && t.col === c && t.kind === 'seq') { frames.pop(); t = top(); }
    if (t && t.col === c && t.kind === 'map') return { path: pathTo(frames, frames.length - 1), siblings: t.siblings };
    if (!t) return { path: [], siblings: {} };
    return { path: pathTo(frames, frames.length), siblings: {} };
  };
  const atCursor = col === line.length && cursor >= 0;
  if (line[col] === '#') return cursor >= 0 ? { type: 'none' } : { type: 'done' };
  if (!atCursor) {
    popTo(col);
    const t = top();
    if (t && t.col === col && t.kind === 'seq' && !isDash(line, col)) frames.pop();
  }
  for (;;) {
    if (col >= line.length) {
      if (cursor < 0) return { type: 'done' };
      const c = containerAt(col);
      const siblings = { ...c.siblings, ...keysAfter(text, cursor, col) };
      return { type: 'context', context: { kind: 'key', path: c.path, prefix: '', from: cursor, siblings, flow: false, indent: col } };
    }
    if (isDash(line, col)) {
      popTo(col);
      const t = top();
      if (t && t.kind === 'seq' && t.col === col) { t.index++; t.siblings = {}; }
      else frames.push({ col, kind: 'seq', key: null, index: 0, siblings: {} });
      col = skipSpaces(line, col + 1);
      if (line[col] === '#') return cursor >= 0 ? { type: 'none' } : { type: 'done' };
      if (col >= line.length && cursor < 0) return { type: 'done' };
      continue;
    }
    if (line[col] === '{' || line[col] === '[') {
      const c = containerAt(col);
      return { type: 'flow', start: lineStart + col, base: c.path };
    }
    const k = blockKey(line, col);
    if (k) {
      popTo(col);
      let t = top();
      if (t && t.col === col && t.kind === 'seq') { frames.pop(); t = top(); }
      if (!(t && t.col === col && t.kind === 'map')) { frames.push({ col, kind: 'map', key: null, index: 0, siblings: {} }); t = top(); }
      t!.key = k.key;
      t!.siblings[k.key] = '';
      const v = skipSpaces(line, k.after);
      if (v >= line.length) {
        if (cursor < 0 || v === k.after) return { type: 'done' };
        return valueContext(frames, cursor, '', col, text);
      }
      const ch = line[v]!;
      if (ch === '#') return cursor >= 0 ? { type: 'none' } : { type: 'done' };
      if (ch === '|' || ch === '>') return cursor >= 0 ? { type: 'none' } : { type: 'blockScalar', col };
      if (ch === '{' || ch === '[') return { type: 'flow', start: lineStart + v, base: pathTo(frames, frames.length) };
      if (ch === '"' || ch === "'") {
        const close = line.indexOf(ch, v + 1);
        if (cursor >= 0 && close < 0) return { type: 'none' };
      }
      t!.siblings[k.key] = scalarText(line.slice(v));
      if (cursor < 0) return { type: 'done' };
      return valueContext(frames, cursor, line.slice(v), col, text);
    }
    // A scalar (a list item's value, a continuation, or a key still being typed).
    if (cursor < 0) return { type: 'done' };
    if (line[col] === '"' || line[col] === "'") return { type: 'none' };
    const from = wordStart(text, cursor);
    const c = containerAt(col);
    const siblings = { ...c.siblings, ...keysAfter(text, cursor, col) };
    return { type: 'context', context: { kind: 'key', path: c.path, prefix: text.slice(from, cursor), from, siblings, flow: false, indent: col } };
  }
}

function valueContext(frames: BlockFrame[], cursor: number, _typed: string, col: number, text: string): LineResult {
  const t = frames[frames.length - 1]!;
  const from = wordStart(text, cursor);
  return { type: 'context', context: { kind: 'value', path: pathTo(frames, frames.length), prefix: text.slice(from, cursor), from, siblings: { ...t.siblings }, flow: false, indent: col } };
}

/** Keys at column `col` on the lines after the cursor's, up to the first line indented less (the rest of the mapping). */
function keysAfter(text: string, cursor: number, col: number): Record<string, string> {
  const out: Record<string, string> = {};
  let i = text.indexOf('\n', cursor);
  while (i >= 0) {
    const start = i + 1;
    const end = text.indexOf('\n', start);
    const line = text.slice(start, end < 0 ? text.length : end).replace(/\r$/, '');
    i = end;
    const ind = skipSpaces(line, 0);
    if (ind === line.length || line[ind] === '#') continue;
    if (ind < col) break;
    if (ind > col) continue;
    if (isDash(line, ind)) break;
    const k = blockKey(line, ind);
    if (k) out[k.key] = scalarText(line.slice(k.after));
  }
  return out;
}

type FlowResult = { type: 'end'; end: number } | { type: 'none' } | { type: 'context'; context: CursorContext };

/** Scans a flow collection starting at `start` (its bracket) until it closes or the cursor is reached. */
function flowScan(text: string, start: number, cursor: number, base: PathSeg[]): FlowResult {
  const stack: FlowFrame[] = [];
  const open = (ch: string) => stack.push({ kind: ch === '{' ? 'map' : 'seq', key: null, afterColon: false, index: 0, token: '', siblings: {} });
  const finishEntry = (f: FlowFrame) => {
    if (f.kind === 'map') {
      const tok = f.token.trim();
      if (f.key !== null) f.siblings[f.key] = scalarText(f.token);
      else if (tok) f.siblings[scalarText(tok)] = '';
      f.key = null; f.afterColon = false;
    } else f.index++;
    f.token = '';
  };
  let i = start;
  for (;;) {
    if (i === cursor && stack.length > 0) return { type: 'context', context: flowContext(text, cursor, stack, base) };
    if (i >= text.length) return stack.length > 0 && cursor >= i ? { type: 'context', context: flowContext(text, cursor, stack, base) } : { type: 'end', end: i };
    const ch = text[i]!;
    const f = stack[stack.length - 1];
    if (ch === '{' || ch === '[') { open(ch); i++; continue; }
    if (!f) return { type: 'end', end: i };
    if (ch === '"' || ch === "'") {
      let j = i + 1;
      while (j < text.length) {
        if (ch === '"' && text[j] === '\\') { j += 2; continue; }
        if (text[j] === ch) { if (ch === "'" && text[j + 1] === "'") { j += 2; continue; } break; }
        j++;
      }
      if (cursor > i && cursor <= j) return { type: 'none' };
      f.token += text.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (ch === '#' && (i === 0 || /\s/.test(text[i - 1]!))) {
      const nl = text.indexOf('\n', i);
      if (cursor > i && (nl < 0 || cursor <= nl)) return { type: 'none' };
      i = nl < 0 ? text.length : nl;
      continue;
    }
    if (ch === '}' || ch === ']') {
      finishEntry(f);
      stack.pop();
      i++;
      const parent = stack[stack.length - 1];
      if (!parent) return { type: 'end', end: i };
      // The closed collection was the parent's current value.
      parent.token = '{…}';
      continue;
    }
    if (ch === ',') { finishEntry(f); i++; continue; }
    if (ch === ':' && f.kind === 'map' && !f.afterColon && (i + 1 >= text.length || /[\s,}\]]/.test(text[i + 1]!))) {
      f.key = scalarText(f.token);
      f.afterColon = true;
      f.token = '';
      i++;
      continue;
    }
    f.token += ch;
    i++;
  }
}

function flowContext(text: string, cursor: number, stack: FlowFrame[], base: PathSeg[]): CursorContext {
  const f = stack[stack.length - 1]!;
  const path = pathTo(stack, stack.length - 1, base);
  const from = wordStart(text, cursor);
  const prefix = text.slice(from, cursor);
  const siblings = { ...f.siblings, ...flowKeysAfter(text, cursor) };
  if (f.kind === 'map' && f.afterColon) return { kind: 'value', path: [...path, f.key ?? ''], prefix, from, siblings, flow: true, indent: 0 };
  if (f.kind === 'map') return { kind: 'key', path, prefix, from, siblings, flow: true, indent: 0 };
  return { kind: 'key', path: [...path, f.index], prefix, from, siblings: {}, flow: true, indent: 0 };
}

/** Keys of the flow mapping around the cursor that come after it (up to its closing brace). */
function flowKeysAfter(text: string, cursor: number): Record<string, string> {
  const out: Record<string, string> = {};
  let depth = 0;
  let token = '';
  let key: string | null = null;
  // Skip the rest of the entry the cursor is in.
  let inEntry = true;
  for (let i = cursor; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '{' || ch === '[') { depth++; continue; }
    if (ch === '}' || ch === ']') {
      if (depth === 0) { if (!inEntry && key !== null) out[key] = scalarText(token); break; }
      depth--; continue;
    }
    if (depth > 0) continue;
    if (ch === ',') { if (!inEntry && key !== null) out[key] = scalarText(token); inEntry = false; key = null; token = ''; continue; }
    if (ch === ':' && key === null && /[\s,}\]]/.test(text[i + 1] ?? ' ')) { key = scalarText(token); token = ''; continue; }
    token += ch;
  }
  return out;
}

/** The field whose key or value is the word at `offset` (for hover), or null off words. */
export function fieldAt(text: string, offset: number): FieldAt | null {
  let from = offset, to = offset;
  while (from > 0 && WORD.test(text[from - 1]!)) from--;
  while (to < text.length && WORD.test(text[to]!)) to++;
  if (from === to) return null;
  const ctx = cursorContext(text, to);
  if (!ctx) return null;
  const after = /^[ \t]*:(\s|$)/.test(text.slice(to, to + 40));
  if (after && ctx.kind === 'key') return { path: [...ctx.path, text.slice(from, to)], role: 'key', from, to };
  return { path: ctx.path, role: 'value', from, to };
}

/** `spec.links[3].bandwidth` (the format of InputIssue.path). */
export function formatFieldPath(path: readonly PathSeg[]): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out === '' ? seg : `.${seg}`;
  return out;
}
