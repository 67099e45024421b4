/**
 * How much YAML aliases grow a document once expanded. `*name` stands for a copy of the node
 * anchored `&name`, so nine aliases of nine aliases of ... ("billion laughs") make a few lines
 * stand for 10^9 nodes; every later stage (validation, --set, merge patches, workers) would walk
 * them all. Counted on the parsed document, in document order, before it becomes plain values.
 */
import { isAlias, isMap, isPair, isSeq, type Document, type Node as YamlNode } from 'yaml';
import { count, MAX_YAML_ALIASES } from './limits.ts';

/** Where the expansion first goes over the limit, or an alias that refers to a node containing it. */
export interface AliasProblem { offset: number; message: string }

/** Checks `doc`: at most MAX_YAML_ALIASES aliases, the nodes they add stay within `limit`, and none refers to its own ancestor. */
export function aliasExpansionProblem(doc: Document, limit: number): AliasProblem | null {
  const anchors = new Map<string, unknown>();
  const sizes = new Map<unknown, number>();
  const open = new Set<unknown>();
  let added = 0;
  let uses = 0;
  let problem: AliasProblem | null = null;

  const size = (node: unknown): number => {
    if (problem || node === null || typeof node !== 'object') return 1;
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      if (target === undefined) return 1; // an unknown anchor: toJS reports it
      const at = node.range?.[0] ?? 0;
      if (++uses > MAX_YAML_ALIASES) {
        problem = { offset: at, message: `more than ${count(MAX_YAML_ALIASES)} aliases (*name) in one document; write the repeated parts out, or use node classes (spec.nodeClasses) and generators` };
        return 1;
      }
      if (open.has(target)) {
        problem = { offset: at, message: `alias *${node.source} refers to a node that contains it (a cycle); aliases may only repeat a complete node` };
        return 1;
      }
      const s = sizes.get(target) ?? 1;
      added += s;
      if (added > limit) {
        problem = { offset: at, message: `aliases would grow this document by more than ${count(limit)} nodes once expanded (*${node.source} here alone stands for ${count(s)}); aliases may add at most ${count(limit)} nodes (an alias bomb?)` };
      }
      return s;
    }
    const anchor = (node as { anchor?: string }).anchor;
    if (anchor) anchors.set(anchor, node);
    open.add(node);
    let s = 1;
    if (isMap(node) || isSeq(node)) {
      for (const item of node.items) s += isPair(item) ? size(item.key) + size(item.value) : size(item);
    }
    open.delete(node);
    if (anchor) sizes.set(node, s);
    return s;
  };
  size(doc.contents as YamlNode | null);
  return problem;
}
