/**
 * The YAML parser's complaints in plain words, at the offending token. Structural errors
 * (indentation, a missing '- ', an unclosed bracket or quote, a tab) are explained by walking the
 * text's outline (yaml-indent.ts), which names the line and column of the token and what its
 * siblings look like; anything else gets a plain sentence per parser error code, at the parser's
 * position moved off leading blanks onto the token.
 */
import type { LineCounter, YAMLError } from 'yaml';
import { findIndentProblem } from './yaml-indent.ts';
import type { Outline } from './yaml-outline.ts';

/** A located explanation (1-based line and column). */
export interface YamlErrorText { line: number; col: number; message: string }

/** Parser error codes the outline can explain better than the parser's wording. */
const STRUCTURAL = new Set(['BAD_INDENT', 'MISSING_CHAR', 'BLOCK_AS_IMPLICIT_KEY', 'MULTILINE_IMPLICIT_KEY', 'TAB_AS_INDENT', 'UNEXPECTED_TOKEN', 'DUPLICATE_KEY']);

/** Explains the parser's first error in `text` (whose outline is given). */
export function explainYamlError(error: YAMLError, text: string, lineCounter: LineCounter, outline: Outline): YamlErrorText {
  if (STRUCTURAL.has(error.code)) {
    const found = findIndentProblem(outline);
    if (found) return found;
  }
  const pos = lineCounter.linePos(tokenStart(text, error.pos[0]));
  return { line: pos.line, col: pos.col, message: plainWording(error) };
}

/** The offset moved past blanks to the token (the parser often points at a line's indentation). */
function tokenStart(text: string, offset: number): number {
  let k = offset;
  while (k < text.length && (text[k] === ' ' || text[k] === '\t')) k++;
  return k < text.length && text[k] !== '\n' && text[k] !== '\r' ? k : offset;
}

/** One plain sentence per parser error (the parser's own first line when none fits). */
export function plainWording(error: YAMLError): string {
  const raw = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  switch (error.code) {
    case 'BAD_INDENT':
      if (/Flow (map|sequence)/.test(raw)) return `a ${raw.includes('map') ? "'{ ... }' mapping" : "'[ ... ]' list"} is not closed, or its next line is not indented enough: add the missing '${raw.includes('map') ? '}' : ']'}'`;
      if (raw.includes('sequence items')) return 'list items of one list must start at the same column';
      if (raw.includes('mapping items')) return 'fields of one mapping must start at the same column';
      return `this line is not indented to match the lines around it (${raw})`;
    case 'MISSING_CHAR':
      if (raw.includes('Sequence item without')) return "a list item needs '- ' at the column of its siblings";
      if (raw.includes('closing')) return 'a quoted text is not closed: the closing quote is missing';
      if (/Missing , (or : )?between/.test(raw)) return "items inside '[ ... ]' or '{ ... }' are separated by commas: a ',' is missing here";
      if (raw.includes('Missing space after :')) return "put a space after ':' (key: value)";
      if (raw.includes('Implicit map keys need to be followed')) return "this key has no ':' after it; write 'key: value'";
      if (raw.includes('Comments must be separated')) return "a comment needs a space before its '#'";
      return `a character is missing here: ${raw}`;
    case 'BLOCK_AS_IMPLICIT_KEY':
      return "a mapping cannot start on the line of another key's value; put it on its own lines, or quote the value";
    case 'MULTILINE_IMPLICIT_KEY':
      return "a key must fit on one line: is the ': ' after it missing, or is the line indented wrongly?";
    case 'TAB_AS_INDENT':
      return 'a tab is used for indentation; YAML indents with spaces only';
    case 'DUPLICATE_KEY':
      return 'this key is given twice in the same mapping; keep one';
    case 'BAD_SCALAR_START':
      return `${raw}; put the value in quotes`;
    case 'BAD_DQ_ESCAPE':
      return `${raw} in double-quoted text; use single quotes, or write a backslash as \\\\`;
    case 'MULTIPLE_DOCS':
      return "the file holds more than one YAML document (a second '---'); put one document per file";
    case 'BAD_ALIAS':
      return `${raw}; an alias (*name) refers to an anchor (&name) set before it`;
    case 'TAG_RESOLVE_FAILED':
      return `${raw}; EdgeTwin files do not use YAML tags`;
    case 'UNEXPECTED_TOKEN':
    {
      if (raw.includes('at node end')) return 'unexpected text after the end of the value';
      const m = /^Unexpected (\S+) token in YAML stream: (.*)$/.exec(raw);
      if (!m) return raw;
      return `unexpected ${m[2]} here${m[1]!.endsWith('-end') ? ' (no bracket is open for it to close)' : ''}`;
    }
    default:
      return raw;
  }
}
