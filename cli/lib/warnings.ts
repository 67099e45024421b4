/** Located warnings (deprecated keys and the like) on stderr, one line each, in the error format. */
import type { InputIssue } from '../../sim-core/text/input-error.ts';

/** Prints `file:line:col: path: warning: message` per issue to stderr. */
export function printWarnings(issues: readonly InputIssue[]): void {
  for (const i of issues) {
    const at = i.line > 0 ? `${i.file}:${i.line}:${i.col}` : i.file;
    process.stderr.write(`${at}: ${i.path ? `${i.path}: ` : ''}warning: ${i.message}\n`);
  }
}
