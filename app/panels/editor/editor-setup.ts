/**
 * The CodeMirror extensions of the scenario editor: line numbers, folding, history, search,
 * bracket matching, YAML, lint gutter, schema completion and hover, the app theme (in a
 * compartment), Ctrl/Cmd-Enter to apply, Tab to indent (Esc then Tab leaves), and file drops
 * left to the panel instead of being inserted as text.
 */
import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { yaml } from '@codemirror/lang-yaml';
import { bracketMatching, foldGutter, foldKeymap, indentOnInput, indentUnit } from '@codemirror/language';
import { lintGutter, lintKeymap } from '@codemirror/lint';
import { highlightSelectionMatches, search, searchKeymap } from '@codemirror/search';
import { EditorState, Prec, Transaction, type Compartment, type Extension } from '@codemirror/state';
import { drawSelection, dropCursor, EditorView, highlightActiveLine, highlightActiveLineGutter, highlightSpecialChars, keymap, lineNumbers } from '@codemirror/view';
import { editorChrome, themeExtension } from './editor-theme.ts';
import { schemaCompletionSource, schemaHover } from './schema-assist.ts';
import type { JsonSchema } from './schema-lookup.ts';

/** What the editor's owner is told. */
export interface EditorHooks {
  /** Ctrl/Cmd-Enter. */
  apply(): void;
  /** The text changed; `byUser` when typed, undone, pasted… (not when replaced by the program). */
  changed(state: EditorState, byUser: boolean): void;
}

/** Everything but the document. */
export function editorExtensions(schema: JsonSchema, themeSlot: Compartment, theme: 'dark' | 'light', hooks: EditorHooks, describedBy: string): Extension[] {
  return [
    lineNumbers(), highlightActiveLineGutter(), highlightSpecialChars(), history(), foldGutter(), drawSelection(), dropCursor(),
    EditorState.allowMultipleSelections.of(true), indentOnInput(), indentUnit.of('  '), EditorState.tabSize.of(2),
    bracketMatching(), closeBrackets(), highlightActiveLine(), highlightSelectionMatches(), search({ top: true }),
    yaml(), lintGutter(), EditorView.lineWrapping,
    autocompletion({ override: [schemaCompletionSource(schema)], icons: false }),
    schemaHover(schema),
    editorChrome, themeSlot.of(themeExtension(theme)),
    Prec.highest(keymap.of([{ key: 'Mod-Enter', run: () => { hooks.apply(); return true; } }])),
    keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...searchKeymap, ...historyKeymap, ...foldKeymap, ...completionKeymap, ...lintKeymap, indentWithTab]),
    EditorView.contentAttributes.of({ 'aria-label': 'Scenario YAML', 'aria-describedby': describedBy }),
    EditorView.updateListener.of((u) => {
      if (u.docChanged) hooks.changed(u.state, u.transactions.some((tr) => tr.annotation(Transaction.userEvent) !== undefined));
    }),
    EditorView.domEventHandlers({
      // A file dropped on the text is opened by the panel, not inserted.
      drop: (e) => {
        if (!e.dataTransfer || !Array.from(e.dataTransfer.types).includes('Files')) return false;
        e.preventDefault();
        return true;
      },
    }),
  ];
}
