/**
 * Text-level mutations that break YAML (or JSON) the way hands and tools do: tabs and shifted
 * indentation, unclosed quotes, truncation, duplicate keys, aliases (undefined, merge keys, and
 * the "billion laughs" bomb), deep nesting, control characters, CRLF, a second document, very
 * long lines. Each returns the new text and a one-line description.
 */
import type { Prng } from './prng.ts';

/** A mutated text and what was done to it. */
export interface TextMutation { text: string; what: string }

type Op = (rng: Prng, text: string) => TextMutation;

function lines(text: string): string[] { return text.split('\n'); }
function contentLine(rng: Prng, ls: string[]): number {
  const idx = ls.map((l, i) => (l.trim() && !l.trim().startsWith('#') ? i : -1)).filter((i) => i >= 0);
  return idx.length ? rng.pick(idx) : 0;
}

/** "Billion laughs": 9 levels of 9 aliases each (9^9 nodes once expanded). */
export function aliasBomb(): string {
  const out = ['lol0: &l0 "lol"'];
  for (let i = 1; i <= 9; i++) out.push(`lol${i}: &l${i} [${Array.from({ length: 9 }, () => `*l${i - 1}`).join(', ')}]`);
  return out.join('\n');
}

/** `depth` nested block sequences ("- - - …" one level per line) followed by a dedent. */
export function deepBlockNesting(depth: number): string {
  const out: string[] = [];
  for (let i = 0; i < depth; i++) out.push(`${' '.repeat(i * 2)}- `);
  out.push(`${' '.repeat(depth * 2)}x`, 'after: 1');
  return out.join('\n');
}

/** `depth` nested flow sequences: [[[…]]]. */
export function deepFlowNesting(depth: number): string {
  return `${'['.repeat(depth)}1${']'.repeat(depth)}`;
}

const OPS: Record<string, Op> = {
  tabIndent(rng, text) {
    const ls = lines(text), i = contentLine(rng, ls);
    ls[i] = ls[i]!.replace(/^ +/, '\t');
    return { text: ls.join('\n'), what: `tab indentation on line ${i + 1}` };
  },
  shiftIndent(rng, text) {
    const ls = lines(text), i = contentLine(rng, ls);
    const delta = rng.pick([-2, -1, 1, 2, 3]);
    ls[i] = delta > 0 ? `${' '.repeat(delta)}${ls[i]}` : ls[i]!.replace(new RegExp(`^ {1,${-delta}}`), '');
    return { text: ls.join('\n'), what: `indent line ${i + 1} by ${delta}` };
  },
  unclosedQuote(rng, text) {
    const ls = lines(text), i = contentLine(rng, ls);
    ls[i] = ls[i]!.replace(/: (\S)/, `: ${rng.pick(['"', "'"])}$1`);
    return { text: ls.join('\n'), what: `unclosed quote on line ${i + 1}` };
  },
  truncate(rng, text) {
    const at = rng.int(text.length);
    return { text: text.slice(0, at), what: `truncate at offset ${at} of ${text.length}` };
  },
  duplicateKeyLine(rng, text) {
    const ls = lines(text), i = contentLine(rng, ls);
    ls.splice(i, 0, ls[i]!);
    return { text: ls.join('\n'), what: `duplicate line ${i + 1}` };
  },
  undefinedAlias(rng, text) {
    const ls = lines(text), i = contentLine(rng, ls);
    ls[i] = ls[i]!.replace(/: .*$/, ': *nowhere');
    return { text: ls.join('\n'), what: `undefined alias on line ${i + 1}` };
  },
  mergeKey(rng, text) {
    const ls = lines(text), i = contentLine(rng, ls);
    const indent = /^ */.exec(ls[i]!)![0];
    ls.splice(i, 0, `${indent}<<: *nowhere`);
    return { text: ls.join('\n'), what: `merge key <<: *nowhere before line ${i + 1}` };
  },
  aliasBomb(rng, text) {
    return rng.chance(0.5)
      ? { text: `${aliasBomb()}\n${text}`, what: 'alias bomb (9^9) prepended' }
      : { text: `${text}\n${aliasBomb()}\n`, what: 'alias bomb (9^9) appended' };
  },
  deepNesting(rng, text) {
    const depth = rng.pick([200, 3000]);
    if (rng.chance(0.5)) return { text: `${text}\nnested:\n${deepBlockNesting(depth).replace(/^/gm, '  ')}\n`, what: `block nesting ${depth} deep, then a dedent` };
    return { text: `${text}\nnested: ${deepFlowNesting(depth)}\n`, what: `flow nesting ${depth} deep` };
  },
  controlChar(rng, text) {
    const at = rng.int(text.length + 1);
    const c = rng.pick(['\u0000', '\u0007', '\ufeff', '\u2028', '\r', '\u001b[31m']);
    return { text: text.slice(0, at) + c + text.slice(at), what: `insert ${JSON.stringify(c)} at offset ${at}` };
  },
  crlf(_rng, text) {
    return { text: text.replace(/\n/g, '\r\n'), what: 'CRLF line endings' };
  },
  secondDocument(_rng, text) {
    return { text: `${text}\n---\nkind: Other\n`, what: 'a second YAML document' };
  },
  longLine(rng, text) {
    const ls = lines(text), i = contentLine(rng, ls);
    ls[i] = `${ls[i]}${'y'.repeat(200_000)}`;
    return { text: ls.join('\n'), what: `200k characters appended to line ${i + 1}` };
  },
  garbageLine(rng, text) {
    const ls = lines(text), i = contentLine(rng, ls);
    ls.splice(i, 0, rng.pick([': :', '- - -', '{', ']', '? x', '!!binary x', '!custom 1', '&a', '%YAML 9.9']));
    return { text: ls.join('\n'), what: `garbage line before line ${i + 1}` };
  },
};

/** Names of the text mutation operators. */
export const TEXT_OPS = Object.keys(OPS);

/** One random text mutation (optionally limited to some operators). */
export function mutateText(rng: Prng, text: string, ops: readonly string[] = TEXT_OPS): TextMutation {
  return OPS[rng.pick(ops)]!(rng, text);
}
