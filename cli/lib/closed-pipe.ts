/**
 * A closed stdout or stderr (`edgetwin run --json | head -c 100`) ends the command quietly, as
 * a Unix tool killed by SIGPIPE ends: no message, no stack trace, exit status 141 (128 + SIGPIPE,
 * what a shell reports for such a tool). Node ignores SIGPIPE, so without this every write to a
 * closed pipe becomes an unhandled 'error' event. Temporary output files are removed on the way
 * out (output-file.ts hooks process exit).
 */

/** Exit status after stdout or stderr was closed by the reader: 128 + SIGPIPE (13). */
export const EXIT_CLOSED_PIPE = 141;

const CLOSED = new Set(['EPIPE', 'ECONNRESET', 'ERR_STREAM_DESTROYED', 'ERR_STREAM_WRITE_AFTER_END']);

/** True for the errors a write to a pipe whose reader went away raises. */
export function isClosedPipe(err: unknown): boolean {
  return CLOSED.has((err as NodeJS.ErrnoException)?.code ?? '');
}

/** Installs the quiet ending on process.stdout and process.stderr (once, at start-up). */
export function endQuietlyOnClosedPipe(): void {
  const onError = (name: string) => (err: Error) => {
    if (isClosedPipe(err)) process.exit(EXIT_CLOSED_PIPE);
    // Any other failure of a standard stream: say so once where we still can, and fail.
    if (name === 'stdout') process.stderr.write(`edgetwin: cannot write to stdout: ${err.message}\n`);
    process.exit(1);
  };
  process.stdout.on('error', onError('stdout'));
  process.stderr.on('error', onError('stderr'));
}
