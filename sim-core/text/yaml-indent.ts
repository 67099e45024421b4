/**
 * Indentation mistakes in plain words, at the token that makes them: walks the outline of a YAML
 * text (yaml-outline.ts) with the stack of open mappings and lists, and reports the first line
 * that does not fit — a list item off its siblings' column, a field deeper than a key that
 * already has a value, a line at a list's column without '- ', a missing space after ':', a
 * bracket or quote never closed, a tab. Only consulted when the YAML parser has refused the text
 * (the parser decides what is valid; this says why, and where).
 */
import type { Outline, OutlineLine, Segment } from './yaml-outline.ts';

/** A located explanation: 1-based line and column of the offending token. */
export interface IndentProblem { line: number; col: number; message: string }

interface Level {
  col: number;
  kind: 'map' | 'seq' | 'scalar';
  /** Line where this mapping, list or value starts. */
  line: number;
  /** Mapping: keys seen, with their lines. */
  keys: Map<string, number>;
  /** Keys or items seen at this level. */
  members: number;
  /** Opened after a '- ' on the same line (so its first line does not start at its column). */
  inline: boolean;
  /** The last key or item at this level that took a value on its own line (for "already has a value"). */
  last: { seg: Segment; line: number; value: string } | null;
}

const spaces = (n: number) => `${n} space${n === 1 ? '' : 's'}`;
const quote = (s: string) => `'${s.length > 40 ? `${s.slice(0, 37)}...` : s}'`;

function what(level: Level): string {
  if (level.kind === 'seq') return 'the list items';
  if (level.kind === 'scalar') return 'the value';
  const keys = [...level.keys.keys()];
  return keys.length ? `the fields (${keys.slice(0, 3).join(', ')}${keys.length > 3 ? ', ...' : ''})` : 'the fields';
}

/** The first indentation or structure problem of the outline, or null when it finds none. */
export function findIndentProblem(outline: Outline): IndentProblem | null {
  const limitLine = Math.min(outline.tab?.line ?? Infinity, outline.unclosed?.line ?? Infinity);
  const found = outline.complex ? null : walk(outline.lines, limitLine);
  if (found) return found;
  const candidates: IndentProblem[] = [];
  if (outline.tab) candidates.push({ line: outline.tab.line, col: outline.tab.col + 1, message: 'this line is indented with a tab; YAML indents with spaces only' });
  const u = outline.unclosed;
  if (u) {
    const close = u.char === '[' ? ']' : u.char === '{' ? '}' : u.char;
    const what = u.char === '[' || u.char === '{' ? `this '${u.char}' is never closed: a '${close}' is missing` : `this quoted text is never closed: the closing ${close} is missing`;
    candidates.push({ line: u.line, col: u.col + 1, message: u.wentOnAt === null ? `${what} (the file ends first)` : `${what} before line ${u.wentOnAt}` });
  }
  candidates.sort((a, b) => a.line - b.line || a.col - b.col);
  return candidates[0] ?? null;
}

function walk(lines: readonly OutlineLine[], limitLine: number): IndentProblem | null {
  const stack: Level[] = [];
  /** A key or item with nothing after it on its line: its content is expected below. */
  let pending: { seg: Segment; line: number } | null = null;
  /** The previous line ended in a plain value, which may continue on more indented lines. */
  let plainOpen = false;

  for (const l of lines) {
    if (l.line >= limitLine) return null;
    const first = l.segs[0]!;
    const i = first.col;
    const at = (seg: Segment, message: string): IndentProblem => ({ line: l.line, col: seg.col + 1, message });
    let top = stack[stack.length - 1];

    const child = pending && (i > pending.seg.col || (i === pending.seg.col && first.kind === 'item' && pending.seg.kind === 'key'));
    if (child) {
      if (first.kind === 'value' && first.value === 'plain' && missingSpace(first.text)) return at(first, missingSpaceMessage(first.text));
      stack.push(level(first, l.line));
    } else {
      let popped: Level | undefined;
      while (stack.length && stack[stack.length - 1]!.col > i) popped = stack.pop();
      top = stack[stack.length - 1];
      if (top && top.col === i) {
        if (top.kind === 'seq' && first.kind !== 'item') {
          const below = stack[stack.length - 2];
          if (first.kind === 'key' && below && below.kind === 'map' && below.col === i) {
            stack.pop(); // a list written at its key's column ends at the next key
            top = below;
          } else {
            const fields = popped && popped.kind === 'map' ? ` (or, if it belongs to the list item above, indent it ${spaces(popped.col)} like its fields)` : '';
            return at(first, `this line is at the column of the list items from line ${top.line} (${spaces(i)}) but does not start with '- '; a list item needs '- '${fields}`);
          }
        }
        if (top.kind === 'map' && first.kind === 'item') {
          return at(first, `this list item is at the column of the fields from line ${top.line} (${spaces(i)}); a list goes under a key with no value of its own (like 'nodes:' on its line), indented more than that key`);
        }
        if (top.kind === 'map' && first.kind === 'value') {
          if (missingSpace(first.text)) return at(first, missingSpaceMessage(first.text));
          return at(first, `expected 'key: value' here, like ${what(top)} from line ${top.line}, got ${quote(first.text)}`);
        }
        if (top.kind === 'scalar') {
          if (first.kind === 'value') { plainOpen = first.value === 'plain'; pending = null; continue; } // the value goes on
          return at(first, `line ${top.line} holds a plain value (${quote(top.last?.value ?? '')}) where a mapping or list was expected, so this line cannot follow it; write line ${top.line} as 'key: value' or remove it`);
        }
      } else if (top && top.col < i) {
        if (first.kind === 'value' && plainOpen && !popped) { pending = null; continue; } // a plain value continued
        if (popped) {
          const outer = top.kind === 'seq' ? `the list items around them, from line ${top.line},` : `the fields around them, from line ${top.line},`;
          const advice = first.kind === 'item' && popped.kind === 'seq' ? 'items of one list start at the same column'
            : first.kind === 'key' && popped.kind === 'map' ? 'fields of one mapping start at the same column'
              : first.kind === 'key' && popped.kind === 'seq' ? "a list item needs '- '" : 'indent it like the lines it belongs with';
          // A level of one line may itself be the one off: say so.
          const single = popped.members === 1 && !popped.inline ? `; or line ${popped.line} is the one off, and belongs at ${spaces(i)} like this line` : '';
          return at(first, `this line is indented ${spaces(i)}, but ${what(popped)} from line ${popped.line} use ${popped.col} (${outer} use ${top.col}); ${advice}${single}`);
        }
        const last = top.last;
        if (last) {
          const name = last.seg.kind === 'item' ? `the list item at line ${last.line}` : `'${last.seg.text}' at line ${last.line}`;
          const value = /^[|>]/.test(last.value) ? ' (the block of text below it)' : last.value ? ` (${quote(last.value)})` : '';
          const advice = first.kind === 'item' ? `a list item starts at the column of its siblings (${spaces(top.col)})` : `indent it ${spaces(top.col)} like its siblings, or remove that value to nest it`;
          return at(first, `this line is indented ${spaces(i)}, deeper than ${name} (${spaces(top.col)}), which already has a value${value}; ${advice}`);
        }
        return at(first, `this line is indented ${spaces(i)}, deeper than ${what(top)} from line ${top.line} (${spaces(top.col)}); indent it like them`);
      } else if (!top) {
        if (popped) return at(first, `this line is indented ${spaces(i)}, less than the top level of the document (${spaces(popped.col)} at line ${popped.line}); indent it like the top level`);
        stack.push(level(first, l.line));
      }
    }

    // The first segment sits at `top` (or was just pushed); record it, then nest the segments after it.
    for (let k = 0; k < l.segs.length; k++) {
      const seg = l.segs[k]!;
      if (k > 0 && seg.kind !== 'value') stack.push(level(seg, l.line, true));
      const cur = stack[stack.length - 1]!;
      if (seg.kind === 'key') {
        if (cur.kind === 'map') {
          const firstAt = cur.keys.get(seg.text);
          if (firstAt !== undefined) return at(seg, `'${seg.text}' is given twice in this mapping (first at line ${firstAt}); keep one`);
          cur.keys.set(seg.text, l.line);
        }
        if (seg.value === 'plain' && /:(\s|$)/.test(seg.valueText)) {
          return at(seg, `the value ${quote(seg.valueText)} of '${seg.text}' contains ': ', which YAML reads as another key on the same line; put the value in quotes, or nest it on the lines below`);
        }
      }
      if (seg.kind !== 'value') {
        cur.members++;
        cur.last = { seg, line: l.line, value: seg.kind === 'key' ? seg.valueText : l.segs[k + 1]?.text ?? '' };
      }
      else if (cur.kind === 'scalar') cur.last = { seg, line: l.line, value: seg.text };
    }
    const last = l.segs[l.segs.length - 1]!;
    pending = last.kind !== 'value' && last.value === 'none' ? { seg: last, line: l.line } : null;
    plainOpen = last.value === 'plain';
  }
  return null;
}

function level(seg: Segment, line: number, inline = false): Level {
  const kind = seg.kind === 'item' ? 'seq' : seg.kind === 'key' ? 'map' : 'scalar';
  return { col: seg.col, kind, line, keys: new Map(), members: 0, inline, last: kind === 'scalar' ? { seg, line, value: seg.text } : null };
}

/** `name:x` — a key and a value run together (a URL or a time like 12:30 is not one). */
function missingSpace(text: string): boolean {
  return /^[A-Za-z_][\w.-]*:[^\s/:\d]/.test(text);
}

function missingSpaceMessage(text: string): string {
  const k = text.indexOf(':');
  return `${quote(text)} has no space after ':'; write '${text.slice(0, k)}: ${text.slice(k + 1)}'`;
}
