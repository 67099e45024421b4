/**
 * The block outline of a YAML text from one fast scan of its lines, without the parser: where
 * each key, list item and value starts, how deep the nesting gets, and which brackets or quotes
 * are left open. yaml-source.ts uses it to refuse nesting too deep for the parser (before the
 * parser's recursion can overflow the stack) and yaml-indent.ts to explain indentation mistakes
 * at the token that causes them. It models block mappings, block lists, flow collections,
 * quoted and plain scalars, block scalars, anchors, tags and aliases; explicit keys (`? `) and
 * several documents only mark the outline `complex` (depth is still tracked through them).
 */

/** What starts at a column of a line. */
export type SegmentKind = 'item' | 'key' | 'value';
/** What follows a key's ':' or an item's '- ' on its line: nothing (children below), or a value. */
export type ValueKind = 'none' | 'plain' | 'flow' | 'quoted' | 'block-scalar' | 'alias';

/** One node start: a list item (`- `), a key (`name:`) or a bare value, at a 0-based column. */
export interface Segment {
  col: number;
  kind: SegmentKind;
  /** Key: the key as written; value: its text up to a comment or the end of the line. */
  text: string;
  /** Items and keys: what follows on the same line ('none': the node's content is on the lines below). */
  value: ValueKind;
  /** Keys: the value's text on this line (up to a comment), for messages. */
  valueText: string;
}

/** A line that holds structure (blank lines, comments and the insides of scalars and brackets are left out). */
export interface OutlineLine {
  /** 1-based. */
  line: number;
  /** Leading spaces. */
  indent: number;
  segs: Segment[];
}

/** A 1-based line and 0-based column. */
export interface OutlinePos { line: number; col: number }

/** The outline of a text. */
export interface Outline {
  lines: OutlineLine[];
  /** The first bracket or quote that a later line goes on without closing (or that the text never closes). */
  unclosed: (OutlinePos & { char: string; wentOnAt: number | null }) | null;
  /** The first line indented with a tab. */
  tab: OutlinePos | null;
  /** The first token nested deeper than the scan's maxDepth (the scan stops there). */
  tooDeep: (OutlinePos & { depth: number }) | null;
  /** Deepest nesting seen (block levels plus open brackets). */
  maxDepth: number;
  /** Constructs the outline does not model: explicit keys, several documents. */
  complex: boolean;
}

const SPACE = 32, TAB = 9, HASH = 35, DASH = 45, QMARK = 63, COLON = 58;

const isBlank = (c: number) => c === SPACE || c === TAB;
/** A `-`, `?` or `:` indicator is one when followed by a blank or the end of the line. */
const indicatorAt = (t: string, i: number, end: number) => i + 1 >= end || isBlank(t.charCodeAt(i + 1));

/** Options of outlineYaml. */
export interface OutlineOptions {
  /** Stop at the first token nested deeper than this (default: no limit). */
  maxDepth?: number;
  /** Keep every line in `lines` (default true; false when only depth and onLine are wanted, for large texts). */
  keepLines?: boolean;
  /** Called with each line that holds structure, in order. */
  onLine?: (line: OutlineLine) => void;
}

/** Scans `text` line by line. */
export function outlineYaml(text: string, opts: OutlineOptions = {}): Outline {
  const maxDepth = opts.maxDepth ?? Infinity;
  const keepLines = opts.keepLines ?? true;
  const onLine = opts.onLine;
  const out: Outline = { lines: [], unclosed: null, tab: null, tooDeep: null, maxDepth: 0, complex: false };
  const n = text.length;
  const blocks: number[] = []; // columns of the open block nodes
  let flowDepth = 0;
  let mode = 'block' as 'block' | 'flow' | 'quoted' | 'block-scalar';
  let quoteChar = 0;           // quoted mode, and quotes inside flows
  // The open bracket or quote, and the least indentation its continuation lines may have (a closing bracket may sit one column left).
  let openLine = 0, openCol = 0, openChar = '', openMin = 0, closeMin = 0;
  let scalarOwner = -1, scalarIndent = -1;                          // block-scalar mode
  let seenContent = false;
  let lineNo = 0;
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  // The line being scanned (the helpers below read these).
  let lineStart = 0, lineEnd = 0, indent = 0;
  let segs: Segment[] = [];
  const col = (k: number) => k - lineStart;

  const deeper = (line: number, col: number): boolean => {
    const depth = blocks.length + flowDepth;
    if (depth > out.maxDepth) out.maxDepth = depth;
    if (depth > maxDepth) { out.tooDeep = { line, col, depth }; return true; }
    return false;
  };
  const pushBlock = (line: number, col: number): boolean => {
    while (blocks.length && blocks[blocks.length - 1]! > col) blocks.pop();
    if (!blocks.length || blocks[blocks.length - 1] !== col) blocks.push(col);
    return deeper(line, col);
  };
  const suspectUnclosed = (line: number, indent: number, isEnd: boolean, closing = false) => {
    if (out.unclosed || !(isEnd || indent < (closing ? closeMin : openMin))) return;
    out.unclosed = { line: openLine, col: openCol, char: openChar, wentOnAt: isEnd ? null : line };
  };

  /** Scans a flow collection (or its continuation) from `i`; returns the index after it closes, or -1 if it stays open. */
  const scanFlow = (t: string, i: number, end: number, line: number, lineStart: number): number => {
    let prev = 0; // last non-blank char code before i, for telling a quote that starts a scalar from an apostrophe
    for (; i < end; i++) {
      const c = t.charCodeAt(i);
      if (quoteChar) {
        if (c === 92 && quoteChar === 34) { i++; continue; } // \" inside double quotes
        if (c === quoteChar) {
          if (quoteChar === 39 && t.charCodeAt(i + 1) === 39) { i++; continue; } // '' inside single quotes
          quoteChar = 0;
        }
        continue;
      }
      if (c === HASH && (i === lineStart || isBlank(t.charCodeAt(i - 1)))) return -1;
      if ((c === 34 || c === 39) && (prev === 0 || prev === 91 || prev === 123 || prev === 44 || prev === COLON || isBlank(t.charCodeAt(i - 1)))) {
        quoteChar = c;
      } else if (c === 91 || c === 123) {
        flowDepth++;
        if (deeper(line, i - lineStart)) return -2;
      } else if (c === 93 || c === 125) {
        if (flowDepth > 0) flowDepth--;
        if (flowDepth === 0) return i + 1;
      }
      if (!isBlank(c)) prev = c;
    }
    return -1;
  };

  /** Scans a quoted scalar from `i` (at or after its opening quote); index after the closing quote, or -1. */
  const scanQuoted = (t: string, i: number, end: number): number => {
    for (; i < end; i++) {
      const c = t.charCodeAt(i);
      if (c === 92 && quoteChar === 34) { i++; continue; }
      if (c === quoteChar) {
        if (quoteChar === 39 && t.charCodeAt(i + 1) === 39) { i++; continue; }
        quoteChar = 0;
        return i + 1;
      }
    }
    return -1;
  };

  /** The node at `k`: [its kind (or 'key' when a ':' follows it), the index after it, its text]; null when it opens a multi-line mode. */
  function scanNode(k: number, ownerCol = -1): [ValueKind | 'key', number, string] | null {
    const ch = text.charCodeAt(k);
    // Continuation lines of a key's value go deeper than the key; of an item's, not left of the '-'.
    const item = segs.length ? segs[segs.length - 1]!.col : -1;
    const least = ownerCol >= 0 ? ownerCol + 1 : item >= 0 ? item : 0;
    if (ch === 91 || ch === 123) { // [ or {
      openLine = lineNo; openCol = col(k); openChar = String.fromCharCode(ch); openMin = least; closeMin = ownerCol >= 0 ? ownerCol : least;
      const after = scanFlow(text, k, lineEnd, lineNo, lineStart);
      if (after < 0) { if (after === -1) mode = 'flow'; return null; }
      return keyAfter(after) ? ['key', keyAfter(after)!, text.slice(k, after)] : ['flow', after, text.slice(k, after)];
    }
    if (ch === 34 || ch === 39) { // " or '
      openLine = lineNo; openCol = col(k); openChar = String.fromCharCode(ch); openMin = least; closeMin = least;
      quoteChar = ch;
      const after = scanQuoted(text, k + 1, lineEnd);
      if (after < 0) { mode = 'quoted'; return null; }
      return keyAfter(after) ? ['key', keyAfter(after)!, text.slice(k, after)] : ['quoted', after, text.slice(k, after)];
    }
    if (ch === 124 || ch === 62) { // | or >
      mode = 'block-scalar';
      scalarOwner = ownerCol >= 0 ? ownerCol : (segs.length ? segs[segs.length - 1]!.col : (blocks[blocks.length - 2] ?? -1));
      // An explicit indentation indicator fixes the body's indentation; without one the first line sets it.
      scalarIndent = /^[|>][-+]?[1-9]/.test(text.slice(k, k + 3)) ? scalarOwner + 1 : -1;
      return ['block-scalar', lineEnd, text.slice(k, lineEnd).trim()];
    }
    // A plain scalar (or an alias): a key when ': ' (or ':' at the end) follows, before any comment.
    let e = k;
    for (; e < lineEnd; e++) {
      const cc = text.charCodeAt(e);
      if (cc === COLON && indicatorAt(text, e, lineEnd)) return ['key', e + 1, text.slice(k, e).trim()];
      if (cc === HASH && isBlank(text.charCodeAt(e - 1))) break;
    }
    return [ch === 42 ? 'alias' : 'plain', e, text.slice(k, e).trim()];
  }

  /** Index after the ':' when one follows position `k` (a quoted or flow key), else null. */
  function keyAfter(k: number): number | null {
    while (k < lineEnd && isBlank(text.charCodeAt(k))) k++;
    return text.charCodeAt(k) === COLON && indicatorAt(text, k, lineEnd) ? k + 1 : null;
  }
  /** The text from `k` up to a comment or the end of the line. */
  function plainText(k: number): string {
    let e = k;
    while (e < lineEnd && !(text.charCodeAt(e) === HASH && isBlank(text.charCodeAt(e - 1)))) e++;
    return text.slice(k, e).trim();
  }
  function openKind(): ValueKind {
    return mode === 'flow' ? 'flow' : mode === 'quoted' ? 'quoted' : 'block-scalar';
  }

  while (pos <= n && !out.tooDeep) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = n;
    lineStart = pos;
    lineEnd = end;
    if (lineEnd > lineStart && text.charCodeAt(lineEnd - 1) === 13) lineEnd--;
    pos = end + 1;
    lineNo++;
    let i = lineStart;
    while (i < lineEnd && text.charCodeAt(i) === SPACE) i++;
    indent = i - lineStart;
    const empty = i === lineEnd;

    if (mode === 'block-scalar') {
      if (empty) continue;
      if (scalarIndent < 0 && indent > scalarOwner) { scalarIndent = indent; continue; }
      if (scalarIndent >= 0 && indent >= scalarIndent) continue;
      mode = 'block';
    }
    if (mode === 'quoted') {
      if (!empty) suspectUnclosed(lineNo, indent, false);
      const after = scanQuoted(text, lineStart, lineEnd);
      if (after >= 0) mode = 'block';
      continue;
    }
    if (mode === 'flow') {
      const first = text.charCodeAt(i);
      if (!empty && first !== HASH && !quoteChar) suspectUnclosed(lineNo, indent, false, first === 93 || first === 125);
      const after = scanFlow(text, i, lineEnd, lineNo, lineStart);
      if (after === -2) break;
      if (after >= 0) mode = 'block';
      continue;
    }
    if (empty) continue;
    let c = text.charCodeAt(i);
    if (c === HASH) continue;
    if (c === TAB) {
      let k = i;
      while (k < lineEnd && isBlank(text.charCodeAt(k))) k++;
      if (k === lineEnd || text.charCodeAt(k) === HASH) continue;
      out.tab ??= { line: lineNo, col: i - lineStart };
      i = k;
      c = text.charCodeAt(i);
    }
    if (indent === 0 && (text.startsWith('---', i) || text.startsWith('...', i)) && indicatorAt(text, i + 2, lineEnd)) {
      if (seenContent || text.startsWith('...', i)) out.complex = true;
      i += 3;
      while (i < lineEnd && isBlank(text.charCodeAt(i))) i++;
      if (i === lineEnd || text.charCodeAt(i) === HASH) continue;
      out.complex = true; // content on the document-start line
    }
    if (indent === 0 && c === 37 /* % */ && !seenContent) continue; // a directive
    seenContent = true;

    segs = [];
    // Node starts along the line: `- ` and `? ` indicators nest what follows them.
    for (;;) {
      c = text.charCodeAt(i);
      if ((c === DASH || c === QMARK) && indicatorAt(text, i, lineEnd)) {
        if (c === QMARK) out.complex = true;
        if (pushBlock(lineNo, col(i))) break;
        const seg: Segment = { col: col(i), kind: 'item', text: '-', value: 'none', valueText: '' };
        segs.push(seg);
        i++;
        while (i < lineEnd && isBlank(text.charCodeAt(i))) i++;
        if (i === lineEnd || text.charCodeAt(i) === HASH) break;
        continue;
      }
      if (c === COLON && indicatorAt(text, i, lineEnd)) { out.complex = true; break; } // the value of an explicit key
      if (pushBlock(lineNo, col(i))) break;
      const start = i;
      // Anchors and tags before the node: skip them (a line of only properties opens the node below).
      while (i < lineEnd && (text.charCodeAt(i) === 38 || text.charCodeAt(i) === 33)) {
        while (i < lineEnd && !isBlank(text.charCodeAt(i))) i++;
        while (i < lineEnd && isBlank(text.charCodeAt(i))) i++;
      }
      if (i === lineEnd || text.charCodeAt(i) === HASH) {
        const parent = segs[segs.length - 1];
        if (!parent) segs.push({ col: col(start), kind: 'value', text: text.slice(start, i).trim(), value: 'none', valueText: '' });
        break;
      }
      const node = scanNode(i);
      if (node === null) {
        segs.push({ col: col(start), kind: 'value', text: text.slice(start, lineEnd).trim(), value: openKind(), valueText: '' });
        break;
      }
      const [kind, after, nodeText] = node;
      if (kind === 'key') {
        const seg: Segment = { col: col(start), kind: 'key', text: nodeText, value: 'none', valueText: '' };
        segs.push(seg);
        let v = after;
        while (v < lineEnd && isBlank(text.charCodeAt(v))) v++;
        const vStart = v;
        while (v < lineEnd && (text.charCodeAt(v) === 38 || text.charCodeAt(v) === 33)) { // properties of the value
          while (v < lineEnd && !isBlank(text.charCodeAt(v))) v++;
          while (v < lineEnd && isBlank(text.charCodeAt(v))) v++;
        }
        if (v === lineEnd || text.charCodeAt(v) === HASH) { seg.valueText = text.slice(vStart, v).trim(); break; }
        const value = scanNode(v, col(start));
        if (value === null) { seg.value = openKind(); seg.valueText = text.slice(vStart, lineEnd).trim(); break; }
        seg.value = value[0] === 'key' ? 'plain' : value[0];
        // A plain value with ': ' inside reads as a nested key: keep all of it for the message.
        seg.valueText = value[0] === 'key' ? plainText(v) : value[2];
        break;
      }
      segs.push({ col: col(start), kind: 'value', text: nodeText, value: kind, valueText: '' });
      break;
    }
    if (out.tooDeep) break;
    if (segs.length && (keepLines || onLine)) {
      const entry: OutlineLine = { line: lineNo, indent, segs };
      if (keepLines) out.lines.push(entry);
      onLine?.(entry);
    }

  }
  if (!out.tooDeep && (mode === 'flow' || mode === 'quoted')) suspectUnclosed(lineNo, 0, true);
  return out;
}
