/**
 * Completion and hover help from the scenario JSON Schema, as CodeMirror extensions over the pure
 * path (yaml-path.ts) and schema (schema-lookup.ts) logic: keys allowed at the cursor with their
 * descriptions, enum / boolean values, and a field's description on hover.
 */
import { insertCompletionText, startCompletion, type Completion, type CompletionContext, type CompletionResult, type CompletionSource } from '@codemirror/autocomplete';
import { hoverTooltip, type EditorView, type Tooltip } from '@codemirror/view';
import { cursorContext, fieldAt, formatFieldPath, type CursorContext } from './yaml-path.ts';
import { describeField, fieldInfo, keysAt, valuesAt, type JsonSchema, type KeyInfo } from './schema-lookup.ts';

/** What a key completion inserts: just the name when a colon follows already; else `name: ` (block mappings and lists open on the next line). */
export function keyInsertion(k: KeyInfo, c: CursorContext, after: string): string {
  if (/^[\w.\-/~$@]*[ \t]*:/.test(after)) return k.name;
  if (c.flow) return `${k.name}: `;
  const pad = ' '.repeat(c.indent + 2);
  if (k.shape === 'mapping') return `${k.name}:\n${pad}`;
  if (k.shape === 'list') return `${k.name}:\n${pad}- `;
  return `${k.name}: `;
}

/** The completions at `offset` of `text` (null where the schema has nothing to say). Pure; the source below wraps it. */
export function schemaCompletions(schema: JsonSchema, text: string, offset: number, explicit: boolean): { from: number; options: (Completion & { insert: string; thenComplete: boolean })[] } | null {
  const c = cursorContext(text, offset);
  if (!c) return null;
  if (!explicit && c.prefix === '') return null;
  const options: (Completion & { insert: string; thenComplete: boolean })[] = [];
  if (c.kind === 'key') {
    const after = text.slice(offset, offset + 120);
    for (const k of keysAt(schema, c.path, c.siblings)) {
      if (Object.hasOwn(c.siblings, k.name)) continue;
      const insert = keyInsertion(k, c, after);
      options.push({
        label: k.name, type: 'property', detail: k.required ? `${k.detail} · required` : k.detail,
        ...(k.description ? { info: k.description } : {}), boost: k.required ? 1 : 0,
        insert, thenComplete: insert.endsWith('\n' + ' '.repeat(c.indent + 2)) || insert.endsWith('- ') || (insert.endsWith(': ') && valuesAt(schema, [...c.path, k.name], c.siblings).length > 0),
      });
    }
  }
  for (const v of valuesAt(schema, c.path, c.kind === 'value' ? c.siblings : {})) {
    const info = v.description || describeField(schema, c.path);
    options.push({ label: v.value, type: v.value === 'true' || v.value === 'false' ? 'keyword' : 'enum', ...(info ? { info } : {}), insert: v.value, thenComplete: false });
  }
  if (options.length === 0) return null;
  return { from: c.from, options };
}

/** The CodeMirror completion source for `schema`. */
export function schemaCompletionSource(schema: JsonSchema): CompletionSource {
  return (cx: CompletionContext): CompletionResult | null => {
    const r = schemaCompletions(schema, cx.state.doc.toString(), cx.pos, cx.explicit);
    if (!r) return null;
    return {
      from: r.from,
      validFor: /^[\w.\-/~$@]*$/,
      options: r.options.map(({ insert, thenComplete, ...o }) => ({
        ...o,
        apply: (view: EditorView, _c: Completion, from: number, to: number) => {
          view.dispatch(insertCompletionText(view.state, insert, from, to));
          // What comes next is known (values to pick, or the keys of a new mapping or list item): offer it right away.
          if (thenComplete) setTimeout(() => startCompletion(view), 0);
        },
      })),
    };
  };
}

/** Hover help: the field's path, type and description. */
export function schemaHover(schema: JsonSchema) {
  return hoverTooltip((view, pos): Tooltip | null => {
    const f = fieldAt(view.state.doc.toString(), pos);
    if (!f) return null;
    const info = fieldInfo(schema, f.path);
    if (!info) return null;
    let description = info.description;
    if (!description && typeof f.path[f.path.length - 1] === 'number') description = describeField(schema, f.path.slice(0, -1));
    if (!description && !info.detail) return null;
    return {
      pos: f.from, end: f.to, above: true,
      create() {
        const dom = document.createElement('div');
        dom.className = 'cm-schema-hover';
        const head = dom.appendChild(document.createElement('div'));
        head.className = 'cm-schema-hover-head';
        head.appendChild(document.createElement('code')).textContent = formatFieldPath(f.path);
        if (info.detail) head.appendChild(document.createElement('span')).textContent = info.detail;
        if (description) dom.appendChild(document.createElement('p')).textContent = description;
        return { dom };
      },
    };
  }, { hoverTime: 300 });
}
