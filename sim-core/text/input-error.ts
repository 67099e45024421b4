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
    const clipped = issues.map((i) => (i.message.length > 10 * MAX_QUOTED_CHARS || i.path.length > 10 * MAX_QUOTED_CHARS
      ? { ...i, message: clipQuoted(i.message), path: i.path.length > 10 * MAX_QUOTED_CHARS ? clipText(i.path) : i.path } : i));
    super(clipped.map(formatIssue).join('\n'));
    this.name = 'InputError';
    this.issues = clipped;
  }
}

/** Longest quoted value (or field path) an error message repeats whole. */
export const MAX_QUOTED_CHARS = 80;

/** `text` cut to MAX_QUOTED_CHARS with the number of characters left out. */
export function clipText(text: string): string {
  return text.length <= MAX_QUOTED_CHARS ? text : `${text.slice(0, MAX_QUOTED_CHARS - 20)}… (${text.length.toLocaleString('en-US')} characters)`;
}

/**
 * A message cut short when it is very long: messages echo the offending value ("got '16yyy…'"),
 * and a 200k-character value must not make a 200k-character message. (showValue() also cuts the
 * values it quotes; this catches every other path.)
 */
export function clipQuoted(message: string): string {
  const max = 10 * MAX_QUOTED_CHARS;
  return message.length <= max ? message : `${message.slice(0, max - 20)}… (${message.length.toLocaleString('en-US')} characters)`;
}

/** `file:line:col: path: message` (position and path left out when unknown). */
export function formatIssue(issue: InputIssue): string {
  const where = issue.line > 0 ? `${issue.file}:${issue.line}:${issue.col}` : issue.file;
  const path = issue.path ? `${issue.path}: ` : '';
  return `${where}: ${path}${issue.message}`;
}
