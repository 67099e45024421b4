/** Reading user files for the CLI: a missing or unreadable file is bad input (exit 2), not a crash. */
import { readFileSync } from 'node:fs';
import { InputError } from '../../sim-core/text/input-error.ts';

/** Reads a UTF-8 text file or throws InputError naming it. */
export function readTextFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : String((err as Error).message);
    throw new InputError([{ file: path, line: 0, col: 0, path: '', message: `cannot read: ${why}` }]);
  }
}

/** Parses a non-negative integer flag value or throws InputError naming the flag. */
export function parseIntFlag(flag: string, value: string): number {
  if (!/^\d+$/.test(value)) throw new InputError([{ file: `<${flag}>`, line: 0, col: 0, path: '', message: `expected a non-negative integer, got '${value}'` }]);
  return Number(value);
}
