/**
 * A small well-formedness checker for the report's HTML (tests only): every non-void element is
 * closed in order, attributes are quoted, and the parse yields the element tree as a flat list.
 */

/** One element as parsed: tag, attributes, and its text content (direct and nested). */
export interface ParsedEl { tag: string; attrs: Record<string, string>; depth: number; start: number; end: number }

const VOID = new Set(['meta', 'link', 'br', 'img', 'input', 'hr', 'col', 'source', 'wbr']);
// SVG leaves are written self-closing (<line .../>); HTML void elements without a slash.

/** Parses the document or throws with the offset and the problem. */
export function parseHtml(html: string): ParsedEl[] {
  const out: ParsedEl[] = [];
  const stack: ParsedEl[] = [];
  const re = /<!DOCTYPE html>|<!--[\s\S]*?-->|<(\/?)([a-zA-Z][\w-]*)((?:\s+[\w:-]+(?:="[^"]*")?)*)\s*(\/?)>|<|>/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(html))) {
    if (m[0] === '<') throw new Error(`stray '<' at ${m.index}: ${html.slice(m.index, m.index + 40)}`);
    if (m[0] === '>') throw new Error(`stray '>' at ${m.index}: ${html.slice(Math.max(0, m.index - 40), m.index + 1)}`);
    if (m[2] === undefined) continue;
    const [, close, tag, attrText, selfClose] = m;
    if (close) {
      const top = stack.pop();
      if (!top || top.tag !== tag) throw new Error(`</${tag}> at ${m.index} closes <${top?.tag ?? 'nothing'}>`);
      top.end = m.index + m[0].length;
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of attrText!.matchAll(/([\w:-]+)(?:="([^"]*)")?/g)) {
      if (a[1]! in attrs) throw new Error(`duplicate attribute ${a[1]} on <${tag}> at ${m.index}`);
      attrs[a[1]!] = a[2] ?? '';
    }
    const el: ParsedEl = { tag: tag!, attrs, depth: stack.length, start: m.index, end: -1 };
    out.push(el);
    if (selfClose || VOID.has(tag!)) { el.end = m.index + m[0].length; continue; }
    stack.push(el);
  }
  if (stack.length) throw new Error(`unclosed <${stack.map((e) => e.tag).join('> <')}>`);
  return out;
}

/** Elements inside `parent` (by offsets). */
export function within(all: readonly ParsedEl[], parent: ParsedEl): ParsedEl[] {
  return all.filter((e) => e.start > parent.start && e.end <= parent.end);
}

/** Decodes the entities esc() writes. */
export function unescape(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}
