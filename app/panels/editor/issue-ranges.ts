/**
 * Located input issues (file, line:col 1-based) → ranges in the editor's document, as CodeMirror
 * lint diagnostics. An issue without a position (line 0) or from another file sits at the top.
 * Pure over a CodeMirror `Text`, so it is tested without a DOM.
 */
import type { Text } from '@codemirror/state';
import type { Diagnostic } from '@codemirror/lint';
import type { InputIssue } from '../../../sim-core/text/input-error.ts';
import { formatIssue } from '../../../sim-core/text/input-error.ts';

/** Where an issue sits in `doc`: from its line:col to the end of the word there (a point where there is none). */
export function issueRange(doc: Text, issue: InputIssue, file: string): { from: number; to: number } {
  if (issue.line <= 0 || issue.file !== file) return { from: 0, to: 0 };
  const line = doc.line(Math.min(issue.line, doc.lines));
  const from = line.from + Math.min(Math.max(issue.col - 1, 0), line.length);
  const rest = doc.sliceString(from, line.to);
  const m = /^[{[]|^"(?:[^"\\]|\\.)*"|^'(?:[^']|'')*'|^[^\s:,[\]{}#]+/.exec(rest);
  return { from, to: from + (m ? m[0].length : 0) };
}

/** The text shown for an issue: its message, prefixed with the field path (and, for another file, where). */
export function issueText(issue: InputIssue, file: string): string {
  if (issue.file !== file) return formatIssue(issue);
  return issue.path ? `${issue.path}: ${issue.message}` : issue.message;
}

/** One error diagnostic per issue. */
export function issueDiagnostics(doc: Text, issues: readonly InputIssue[], file: string): Diagnostic[] {
  return issues.map((issue) => ({ ...issueRange(doc, issue, file), severity: 'error', source: 'edgetwin', message: issueText(issue, file) }));
}
