/**
 * Bad user input, located: file, line:col (1-based), field path, what is wrong and what is allowed.
 * Every parser in EdgeTwin (scenarios, experiments, fault specs, Kubernetes objects, policies)
 * reports through this so the CLI prints one format and exits 2.
 */
export interface InputIssue {
  file: string;
  /** 1-based; 0 when the position is unknown (e.g. a flag on the command line). */
  line: number;
  col: number;
  /** Field path like `spec.links[3].bandwidthBps`; empty for the whole document. */
  path: string;
  message: string;
}

/** Thrown (or returned) when user input is invalid; carries one or more located issues. */
export class InputError extends Error {
  readonly issues: InputIssue[];
  constructor(issues: InputIssue[]) {
    super(issues.map(formatIssue).join('\n'));
    this.name = 'InputError';
    this.issues = issues;
  }
}

/** `file:line:col: path: message` (position and path left out when unknown). */
export function formatIssue(issue: InputIssue): string {
  const where = issue.line > 0 ? `${issue.file}:${issue.line}:${issue.col}` : issue.file;
  const path = issue.path ? `${issue.path}: ` : '';
  return `${where}: ${path}${issue.message}`;
}
