/**
 * Shared state of one resolve pass: the source for positions and the issues collected so far.
 * Resolvers never throw on bad input; they record an issue and carry on so every problem is
 * reported at once.
 */
import type { InputIssue } from '../../text/input-error.ts';
import type { FieldPath, YamlSource } from '../../text/yaml-source.ts';
import { formatPath } from '../issues.ts';
import { didYouMean, listSome } from '../../text/did-you-mean.ts';

/** Collects located issues while resolving. */
export class ResolveContext {
  readonly issues: InputIssue[] = [];
  constructor(readonly source: YamlSource) {}

  /** Records a problem at `path` (the value, or its key with which = 'key'). */
  issue(path: FieldPath, message: string, which: 'key' | 'value' = 'value'): void {
    const pos = this.source.locate(path, which);
    this.issues.push({ file: this.source.file, line: pos.line, col: pos.col, path: formatPath(path), message });
  }

  /** Records a dangling reference: "no node 'edge-9'[ in app 'x']; did you mean …? known nodes include …". */
  dangling(path: FieldPath, what: string, id: string, known: readonly string[], scope = ''): void {
    const hint = didYouMean(id, known);
    const whats = /(s|sh|ch|x)$/.test(what) ? `${what}es` : `${what}s`;
    const list = known.length === 0 ? `no ${whats} are defined` : `known ${whats} include ${listSome(known)}`;
    this.issue(path, `no ${what} '${id}'${scope}${hint ? `${hint} ` : '; '}${list}`);
  }
}

/** Reports duplicate ids among items (each later duplicate at its own path). */
export function checkDuplicates(ctx: ResolveContext, what: string, items: readonly { id: string; path: FieldPath; firstPath?: FieldPath }[]): void {
  const first = new Map<string, FieldPath>();
  for (const item of items) {
    const prev = first.get(item.id);
    if (prev) ctx.issue(item.path, `duplicate ${what} id '${item.id}' (first defined at ${formatPath(prev)})`);
    else first.set(item.id, item.path);
  }
}
