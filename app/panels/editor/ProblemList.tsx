/** The editor's problems: one button per issue (line:col and message; click goes there). */
import type { InputIssue } from '../../../sim-core/text/input-error.ts';
import { issueText } from './issue-ranges.ts';

/** The list (nothing when there are no issues); `file` is the editor's file name, `onPick` moves the cursor. */
export function ProblemList({ issues, file, onPick }: { issues: readonly InputIssue[]; file: string; onPick: (issue: InputIssue) => void }) {
  if (issues.length === 0) return null;
  return (
    <ul className="scenario-editor-problems" aria-label="Problems">
      {issues.map((issue, i) => (
        <li key={`${i}:${issue.line}:${issue.col}:${issue.message}`}>
          <button type="button" onClick={() => onPick(issue)}>
            <span className="where mono">{issue.file !== file ? `${issue.file}:` : ''}{issue.line > 0 ? `${issue.line}:${issue.col}` : 'top'}</span>
            <span className="what">{issueText(issue, file)}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
