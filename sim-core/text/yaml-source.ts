/**
 * YAML text → plain JS value plus a locator that maps a field path back to line:col in the text.
 * Generic: scenarios, experiments, policies and Kubernetes objects all parse through this, so
 * every later error can point at the offending key or value.
 */
import { parseDocument, LineCounter, isMap, isSeq, isPair, isScalar, isAlias, isNode, visit, type Node as YamlNode, type Document } from 'yaml';
import { InputError, type InputIssue } from './input-error.ts';
import { count, LIMIT_FLAGS, MAX_YAML_ALIAS_NODES, MAX_YAML_DEPTH } from './limits.ts';
import { aliasExpansionProblem } from './yaml-aliases.ts';
import { explainYamlError } from './yaml-errors.ts';
import { outlineYaml, type OutlineLine } from './yaml-outline.ts';

/** A 1-based source position. */
export interface SourcePos { line: number; col: number }

/** Path into a parsed document: object keys and array indices. */
export type FieldPath = readonly (string | number)[];

/** Parsed YAML: the plain value and a locator for positions inside it. */
export interface YamlSource {
  file: string;
  value: unknown;
  /**
   * Position of the node at `path` ('value', default) or of its key ('key'). Falls back to the
   * deepest existing ancestor, so a missing field points at the object that lacks it.
   */
  locate(path: FieldPath, which?: 'key' | 'value'): SourcePos;
}

/** Options of parseYamlSource. */
export interface YamlSourceOptions {
  /** Refuse texts longer than this many bytes (UTF-8) before parsing; default: no limit. */
  maxBytes?: number;
  /** Sees each line of the text's outline before the parser runs (e.g. to count listed nodes). */
  onOutlineLine?: (line: OutlineLine) => void;
  /** Then decides whether to refuse the text before parsing it: a located message, or null. */
  beforeParse?: () => { line: number; col: number; path: string; message: string } | null;
}

/**
 * Parses YAML text (YAML 1.2 plus `<<` merge keys). Malformed YAML (or several documents) throws
 * InputError at the offending token with a plain explanation; so do nesting deeper than
 * MAX_YAML_DEPTH (checked before the parser, which recurses per level), aliases that would add
 * more than MAX_YAML_ALIAS_NODES nodes, and a text over `maxBytes`.
 */
export function parseYamlSource(text: string, file: string, opts: YamlSourceOptions = {}): YamlSource {
  if (typeof text !== 'string') throw new TypeError(`parseYamlSource: text must be a string, got ${typeof text}`);
  const refuse = (line: number, col: number, message: string): never => {
    throw new InputError([{ file, line, col, path: '', message }]);
  };
  if (opts.maxBytes !== undefined) {
    const bytes = utf8Bytes(text, opts.maxBytes);
    if (bytes > opts.maxBytes) {
      refuse(0, 0, `the file is ${mib(bytes)}; files over ${mib(opts.maxBytes)} are refused before parsing (raise the limit with ${LIMIT_FLAGS.maxFileBytes} <size>, e.g. ${LIMIT_FLAGS.maxFileBytes} 64Mi)`);
    }
  }
  // Only depth here (lines are kept again below for explaining a parse error, which is rare).
  const outline = outlineYaml(text, { maxDepth: MAX_YAML_DEPTH, keepLines: false, onLine: opts.onOutlineLine });
  if (outline.tooDeep) {
    const { line, col } = outline.tooDeep;
    refuse(line, col + 1, `malformed YAML: nested more than ${MAX_YAML_DEPTH} levels deep here; EdgeTwin documents nest a few levels, so this looks like a generated or corrupted file`);
  }
  const early = opts.beforeParse?.();
  if (early) throw new InputError([{ file, ...early }]);
  const lineCounter = new LineCounter();
  let doc: Document;
  try {
    doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, merge: true });
  } catch (err) {
    // The outline bounds the nesting; this is the backstop should the parser still run out of stack.
    if (err instanceof RangeError) refuse(1, 1, `malformed YAML: the document nests too deeply for the parser (${err.message})`);
    throw err;
  }
  if (doc.errors.length > 0) {
    // Only the first: after a syntax error the parser's later complaints are mostly echoes of it.
    const e = explainYamlError(doc.errors[0]!, text, lineCounter, outlineYaml(text, { maxDepth: MAX_YAML_DEPTH }));
    refuse(e.line, e.col, `malformed YAML: ${e.message}`);
  }
  const aliasProblem = aliasExpansionProblem(doc, MAX_YAML_ALIAS_NODES);
  if (aliasProblem) {
    const p = lineCounter.linePos(aliasProblem.offset);
    refuse(p.line, p.col, `malformed YAML: ${aliasProblem.message}`);
  }
  // Aliases were counted above (the parser's own count would refuse many small, legitimate ones).
  const bad = badReference(doc);
  if (bad) {
    const p = lineCounter.linePos(bad.offset);
    refuse(p.line, p.col, `malformed YAML: ${bad.message}`);
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: -1 });
  } catch (err) {
    // Backstop for what badReference() does not foresee: still a located refusal, never a crash.
    refuse(1, 1, `malformed YAML: ${(err as Error).message}`);
  }
  const toPos = (offset: number): SourcePos => lineCounter.linePos(offset);
  return {
    file,
    value,
    locate(path, which = 'value') {
      return toPos(locateOffset(doc, path, which));
    },
  };
}

/** UTF-8 length of `text` (its length when even 3 bytes a character stay within `limit`). */
function utf8Bytes(text: string, limit: number): number {
  if (text.length * 3 <= limit) return text.length;
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c < 0xdc00 ? (i++, 4) : 3;
  }
  return bytes;
}

const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(bytes < 2 ** 20 ? 3 : 1)} MiB (${count(bytes)} bytes)`;

/** Offset of the node at `path`, or of the deepest ancestor that exists. */
function locateOffset(doc: Document, path: FieldPath, which: 'key' | 'value'): number {
  let node: unknown = doc.contents;
  let offset = rangeStart(node) ?? 0;
  for (let i = 0; i < path.length; i++) {
    node = deref(doc, node);
    const seg = path[i]!;
    const isLast = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && keyString(p.key) === String(seg));
      if (!pair) return offset;
      const keyStart = rangeStart(pair.key);
      if (isLast && which === 'key' && keyStart !== undefined) return keyStart;
      node = pair.value;
      // A key with an empty value (`x:`) has no value node, or an empty null scalar: point at the key.
      offset = (isEmptyScalar(node) ? undefined : rangeStart(node)) ?? keyStart ?? offset;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg];
      if (item === undefined) return offset;
      node = item;
      offset = rangeStart(node) ?? offset;
    } else {
      return offset;
    }
  }
  return offset;
}

function deref(doc: Document, node: unknown): unknown {
  return isAlias(node) ? node.resolve(doc) : node;
}

function keyString(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return typeof key === 'string' ? key : undefined;
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as YamlNode | null)?.range;
  return range ? range[0] : undefined;
}

function isEmptyScalar(node: unknown): boolean {
  const range = (node as YamlNode | null)?.range;
  return isScalar(node) && node.value === null && !!range && range[0] === range[1];
}

/**
 * The first alias that names no anchor defined before it, or merge key (`<<`) whose value is not
 * a map or an alias of one: the parser accepts both and throws only when building values.
 */
function badReference(doc: Document): { offset: number; message: string } | null {
  let found: { offset: number; message: string } | null = null;
  // Anchors in document order, so an alias resolves to the last one before it (as the parser does)
  // in one pass: Alias.resolve(doc) walks the whole document per call, n² for n aliases.
  const anchors = new Map<string, unknown>();
  const note = (_: unknown, node: { anchor?: string }) => { if (node.anchor) anchors.set(node.anchor, node); return undefined; };
  const target = (n: unknown): unknown => (isAlias(n) ? anchors.get(n.source) : n);
  const isMapLike = (n: unknown): boolean => isMap(target(n));
  visit(doc, {
    Map: note, Seq: note, Scalar: note,
    Alias(_, node) {
      if (anchors.get(node.source) === undefined) {
        found = { offset: node.range?.[0] ?? 0, message: `the alias *${node.source} names no anchor; define &${node.source} on a value above it first` };
        return visit.BREAK;
      }
      return undefined;
    },
    Pair(_, pair) {
      if (isScalar(pair.key) && (pair.key.value === '<<' || pair.key.source === '<<')) {
        const v = pair.value;
        const ok = isSeq(v) ? v.items.every(isMapLike) : isMapLike(v);
        if (!ok && !(isAlias(v) && target(v) === undefined)) {
          found = { offset: (isNode(v) ? v.range?.[0] : undefined) ?? pair.key.range?.[0] ?? 0, message: 'a merge key (<<) takes a map, an alias of a map (<<: *defaults) or a list of them' };
          return visit.BREAK;
        }
      }
      return undefined;
    },
  });
  return found;
}
