/**
 * YAML text → plain JS value plus a locator that maps a field path back to line:col in the text.
 * Generic: scenarios, experiments, policies and Kubernetes objects all parse through this, so
 * every later error can point at the offending key or value.
 */
import { parseDocument, LineCounter, isMap, isSeq, isPair, isScalar, isAlias, type Node as YamlNode, type Document } from 'yaml';
import { InputError, type InputIssue } from './input-error.ts';

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

/** Parses YAML text (YAML 1.2 plus `<<` merge keys); malformed YAML (or several documents) throws InputError at the parser's line:col. */
export function parseYamlSource(text: string, file: string): YamlSource {
  if (typeof text !== 'string') throw new TypeError(`parseYamlSource: text must be a string, got ${typeof text}`);
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, keepSourceTokens: true, prettyErrors: false, uniqueKeys: true, merge: true });
  if (doc.errors.length > 0) {
    // Only the first: after a syntax error the parser's later complaints are mostly echoes of it.
    const e = doc.errors[0]!;
    const p = lineCounter.linePos(e.pos[0]);
    const issue: InputIssue = { file, line: p.line, col: p.col, path: '', message: `malformed YAML: ${firstLine(e.message)}` };
    throw new InputError([issue]);
  }
  const value: unknown = doc.toJS({ maxAliasCount: 10_000 });
  const toPos = (offset: number): SourcePos => lineCounter.linePos(offset);
  return {
    file,
    value,
    locate(path, which = 'value') {
      return toPos(locateOffset(doc, path, which));
    },
  };
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

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
