/**
 * The editor's look, from the app's theme variables (styles.css), so one theme serves dark and
 * light; `themeExtension(theme)` adds the dark flag and the matching syntax colours.
 */
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import type { Extension } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { tags as t } from '@lezer/highlight';

/** Colours of the editor chrome (gutters, selection, panels, tooltips). */
export const editorChrome = EditorView.theme({
  '&': { color: 'var(--fg)', backgroundColor: 'var(--panel)', height: '100%', fontSize: '12.5px' },
  '.cm-scroller': { fontFamily: 'var(--mono)', lineHeight: '1.5' },
  '.cm-content': { caretColor: 'var(--fg)' },
  '&.cm-focused': { outline: 'none' },
  '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--fg)' },
  '&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, .cm-content ::selection': { backgroundColor: 'color-mix(in srgb, var(--accent) 30%, transparent)' },
  '.cm-gutters': { backgroundColor: 'var(--panel-2)', color: 'var(--muted)', borderRight: '1px solid var(--border)' },
  '.cm-activeLine': { backgroundColor: 'color-mix(in srgb, var(--accent) 7%, transparent)' },
  '.cm-activeLineGutter': { backgroundColor: 'color-mix(in srgb, var(--accent) 14%, transparent)', color: 'var(--fg)' },
  '.cm-foldPlaceholder': { backgroundColor: 'var(--panel-2)', border: '1px solid var(--border)', color: 'var(--muted)' },
  '.cm-matchingBracket, &.cm-focused .cm-matchingBracket': { backgroundColor: 'color-mix(in srgb, var(--good) 30%, transparent)', outline: 'none' },
  '.cm-nonmatchingBracket, &.cm-focused .cm-nonmatchingBracket': { backgroundColor: 'color-mix(in srgb, var(--bad) 30%, transparent)' },
  '.cm-searchMatch': { backgroundColor: 'color-mix(in srgb, var(--warn) 30%, transparent)', outline: '1px solid var(--warn)' },
  '.cm-searchMatch.cm-searchMatch-selected': { backgroundColor: 'color-mix(in srgb, var(--warn) 55%, transparent)' },
  '.cm-selectionMatch': { backgroundColor: 'color-mix(in srgb, var(--accent) 16%, transparent)' },
  '.cm-panels': { backgroundColor: 'var(--panel-2)', color: 'var(--fg)' },
  '.cm-panels.cm-panels-top': { borderBottom: '1px solid var(--border)' },
  '.cm-panels.cm-panels-bottom': { borderTop: '1px solid var(--border)' },
  '.cm-textfield': { backgroundColor: 'var(--panel)', border: '1px solid var(--border)', color: 'var(--fg)' },
  '.cm-button': { backgroundImage: 'none', backgroundColor: 'var(--panel)', border: '1px solid var(--border)', color: 'var(--fg)' },
  '.cm-tooltip': { backgroundColor: 'var(--panel-2)', border: '1px solid var(--border)', color: 'var(--fg)', maxWidth: '520px' },
  '.cm-tooltip-autocomplete > ul': { fontFamily: 'var(--mono)' },
  '.cm-tooltip-autocomplete > ul > li[aria-selected]': { backgroundColor: 'var(--accent)', color: 'var(--accent-fg)' },
  '.cm-completionDetail': { color: 'var(--muted)', fontStyle: 'normal', marginLeft: '1em' },
  '.cm-tooltip-autocomplete > ul > li[aria-selected] .cm-completionDetail': { color: 'inherit' },
  '.cm-completionInfo': { padding: '6px 8px', maxWidth: '360px' },
  '.cm-diagnostic-error': { borderLeftColor: 'var(--bad)' },
  '.cm-lintRange-error': { backgroundImage: 'none', textDecoration: 'underline wavy var(--bad)', textDecorationSkipInk: 'none', textUnderlineOffset: '3px' },
  '.cm-lintPoint-error:after': { borderBottomColor: 'var(--bad)' },
});

const darkSyntax = HighlightStyle.define([
  { tag: t.definition(t.propertyName), color: '#79c0ff' },
  { tag: [t.string, t.special(t.string)], color: '#a5d6ff' },
  { tag: t.content, color: '#e6edf3' },
  { tag: t.lineComment, color: '#8b949e', fontStyle: 'italic' },
  { tag: [t.separator, t.punctuation, t.squareBracket, t.brace], color: '#9aa7b4' },
  { tag: [t.labelName, t.typeName], color: '#d2a8ff' },
  { tag: [t.keyword, t.meta], color: '#ff7b72' },
  { tag: t.attributeValue, color: '#ffa657' },
]);
const lightSyntax = HighlightStyle.define([
  { tag: t.definition(t.propertyName), color: '#0550ae' },
  { tag: [t.string, t.special(t.string)], color: '#0a3069' },
  { tag: t.content, color: '#1f2328' },
  { tag: t.lineComment, color: '#59636e', fontStyle: 'italic' },
  { tag: [t.separator, t.punctuation, t.squareBracket, t.brace], color: '#59636e' },
  { tag: [t.labelName, t.typeName], color: '#8250df' },
  { tag: [t.keyword, t.meta], color: '#cf222e' },
  { tag: t.attributeValue, color: '#953800' },
]);

/** The theme-dependent part (put it in a Compartment and reconfigure when the app theme changes). */
export function themeExtension(theme: 'dark' | 'light'): Extension {
  return [EditorView.theme({}, { dark: theme === 'dark' }), syntaxHighlighting(theme === 'dark' ? darkSyntax : lightSyntax)];
}
