/**
 * Files the CLI writes (`--out`, `--trace`, `--csv`, `--html`, plan.json): checked before any
 * work starts (a missing directory, a read-only place, a full disk or a directory in the way is
 * bad input naming the flag and the path: exit 2), written to a temporary file in the same
 * directory and renamed over the destination only once complete. A failed write or a signal
 * removes the temporary file, so a destination is either the old file or the whole new one.
 * Devices, pipes and symlinks (`/dev/stdout`, a FIFO) are written in place, without a temporary file;
 * `/dev/stdout`, `/dev/stderr` and `/dev/fd/N` through the process's own descriptor.
 */
import { randomBytes } from 'node:crypto';
import { accessSync, closeSync, constants, fstatSync, fsyncSync, lstatSync, openSync, renameSync, statfsSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError } from '../../sim-core/text/input-error.ts';
import { EXIT_CLOSED_PIPE, isClosedPipe } from './closed-pipe.ts';

/** A destination that passed the checks. */
export interface OutputTarget {
  /** The flag that named it, e.g. `--out`. */
  flag: string;
  path: string;
  /** A device, pipe or symlink: written in place (no temporary file, no rename). */
  inPlace: boolean;
}

// `/dev/stdout`, `/dev/fd/3`, …: written through the process's own descriptor, which shares its
// offset with the stream (opening the path anew would not, and fails for a socket).
const STD_PATH = /^\/(?:dev\/(stdout|stderr|fd\/(\d+))|proc\/self\/fd\/(\d+))$/;

/** The descriptor a path like /dev/stdout names in this process, or -1. */
function ownDescriptor(path: string): number {
  const m = STD_PATH.exec(path);
  if (!m) return -1;
  return m[1] === 'stdout' ? 1 : m[1] === 'stderr' ? 2 : Number(m[2] ?? m[3]);
}

const WHY: Record<string, string> = {
  ENOENT: 'no such file or directory', EACCES: 'permission denied', EPERM: 'operation not permitted',
  EROFS: 'read-only file system', ENOSPC: 'no space left on device', EDQUOT: 'disk quota exceeded',
  EISDIR: 'is a directory', ENOTDIR: 'a parent is not a directory', EFBIG: 'file too large', EIO: 'input/output error',
};

/** Plain words for a file-system error, with its code. */
export function errnoText(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  return code && WHY[code] ? `${WHY[code]} (${code})` : String((err as Error).message ?? err);
}

const refuse = (flag: string, path: string, why: string): InputError =>
  new InputError([{ file: `<${flag}>`, line: 0, col: 0, path: '', message: `cannot write '${path}': ${why}` }]);

/** Checks that `path` can be written for `flag`; throws InputError (exit 2) saying what is wrong. */
export function checkOutput(flag: string, path: string): OutputTarget {
  if (path === '') throw refuse(flag, path, 'the path is empty');
  if (ownDescriptor(path) >= 0) {
    try { fstatSync(ownDescriptor(path)); } catch (err) { throw refuse(flag, path, errnoText(err)); }
    return { flag, path, inPlace: true };
  }
  let existing: ReturnType<typeof lstatSync> | undefined;
  try { existing = lstatSync(path); } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOTDIR') throw refuse(flag, path, 'a parent is not a directory');
  }
  if (existing && (existing.isSymbolicLink() || !existing.isFile())) {
    if (existing.isDirectory()) throw refuse(flag, path, 'it is a directory; name a file in it');
    try { accessSync(path, constants.W_OK); } catch (err) { throw refuse(flag, path, errnoText(err)); }
    return { flag, path, inPlace: true };
  }
  const dir = dirname(resolve(path));
  let dirStat;
  try { dirStat = statSync(dir); } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw refuse(flag, path, code === 'ENOENT' ? `directory '${dir}' does not exist (create it first)` : `directory '${dir}': ${errnoText(err)}`);
  }
  if (!dirStat.isDirectory()) throw refuse(flag, path, `'${dir}' is not a directory`);
  try { accessSync(dir, constants.W_OK | constants.X_OK); } catch (err) { throw refuse(flag, path, `directory '${dir}': ${errnoText(err)}`); }
  if (existing) {
    try { accessSync(path, constants.W_OK); } catch (err) { throw refuse(flag, path, errnoText(err)); }
  }
  const fs = statfsSync(dir);
  if (fs.bavail === 0) throw refuse(flag, path, `no space left on device (ENOSPC): the file system of '${dir}' has 0 bytes free`);
  return { flag, path, inPlace: false };
}

/** Checks every given destination (undefined ones are skipped) and that no two name the same file. */
export function checkOutputs(dests: Record<string, string | undefined>): Record<string, OutputTarget> {
  const out: Record<string, OutputTarget> = {};
  const seen = new Map<string, string>();
  for (const [flag, path] of Object.entries(dests)) {
    if (path === undefined) continue;
    const key = resolve(path);
    const other = seen.get(key);
    if (other) throw refuse(flag, path, `${other} writes the same file`);
    seen.set(key, flag);
    out[flag] = checkOutput(flag, path);
  }
  return out;
}

// Temporary files alive in this process: removed on exit and on SIGINT / SIGTERM / SIGHUP.
const liveTemps = new Set<string>();
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
let exitHookInstalled = false;

function removeLiveTemps(): void {
  for (const p of liveTemps) { try { unlinkSync(p); } catch { /* already gone */ } }
  liveTemps.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  removeLiveTemps();
  for (const s of SIGNALS) process.removeListener(s, onSignal);
  process.kill(process.pid, signal); // die by the signal, as without a handler
}

function track(temp: string): void {
  if (!exitHookInstalled) { process.on('exit', removeLiveTemps); exitHookInstalled = true; }
  if (liveTemps.size === 0) for (const s of SIGNALS) process.on(s, onSignal);
  liveTemps.add(temp);
}

function untrack(temp: string): void {
  liveTemps.delete(temp);
  if (liveTemps.size === 0) for (const s of SIGNALS) process.removeListener(s, onSignal);
}

/** Temporary files this process currently holds (for tests). */
export function liveTempFiles(): string[] { return [...liveTemps]; }

function writeAll(fd: number, text: string): void {
  const buf = Buffer.from(text, 'utf8');
  for (let off = 0; off < buf.length;) {
    try {
      off += writeSync(fd, buf, off);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err; // a non-blocking pipe is full: retry
    }
  }
}

const FLUSH_CHARS = 1 << 20;

/** A write that failed after the checks: a failed run (exit 1), message naming flag and path. */
function writeFailure(target: OutputTarget, why: string): Error {
  return new Error(`${target.flag} ${target.path}: cannot write: ${why}${target.inPlace ? '' : `; '${target.path}' was left as it was`}`);
}

/**
 * A file written as it goes, in bounded memory: writes are buffered up to ~1 MiB and then
 * written synchronously, so a fast producer waits for the disk instead of queueing in memory.
 * The first failure stops writing and is kept (`failed`); `commit()` throws it.
 */
export class OutputStream {
  private fd: number;
  private readonly temp: string | null;
  /** The process's own descriptor (not ours to close). */
  private readonly borrowed: boolean;
  private pending: string[] = [];
  private pendingChars = 0;
  private closed = false;
  private why: string | null = null;

  /** Opens the destination (a temporary file beside it unless in place); throws OpenError. Use openOutput. */
  constructor(readonly target: OutputTarget) {
    const { path, inPlace } = target;
    this.temp = inPlace ? null : join(dirname(resolve(path)), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    const own = ownDescriptor(path);
    this.borrowed = own >= 0;
    try {
      this.fd = own >= 0 ? own : openSync(this.temp ?? path, this.temp ? 'wx' : 'w');
    } catch (err) {
      throw new OpenError(errnoText(err));
    }
    if (this.temp) track(this.temp);
  }

  /** True once a write failed (nothing more is written; commit throws). */
  get failed(): boolean { return this.why !== null; }

  /** The failure as an Error naming flag and path (null while all is well). */
  get error(): Error | null { return this.why === null ? null : writeFailure(this.target, this.why); }

  /** Writes text through to the destination now; throws InputError (bad input, exit 2) when it fails: for a header, before the work. */
  writeNow(text: string): void {
    this.write(text);
    this.flush();
    if (this.why !== null) {
      const why = this.why;
      this.abort();
      throw refuse(this.target.flag, this.target.path, why);
    }
  }

  /** Appends text (buffered). */
  write(text: string): void {
    if (this.why !== null || this.closed) return;
    this.pending.push(text);
    this.pendingChars += text.length;
    if (this.pendingChars >= FLUSH_CHARS) this.flush();
  }

  /** Writes what is buffered. */
  flush(): void {
    if (this.why !== null || this.pendingChars === 0) return;
    const text = this.pending.join('');
    this.pending = [];
    this.pendingChars = 0;
    try {
      writeAll(this.fd, text);
    } catch (err) {
      // A pipe whose reader went away (`--out /dev/stdout | head`): end quietly, as for stdout itself.
      if (this.target.inPlace && isClosedPipe(err)) process.exit(EXIT_CLOSED_PIPE);
      this.why = errnoText(err);
    }
  }

  /** Flushes, syncs and renames the temporary file over the destination; on failure removes it and throws. */
  commit(): void {
    if (this.closed) throw new Error('OutputStream: already closed');
    this.flush();
    if (this.why === null && this.temp) {
      try { fsyncSync(this.fd); } catch (err) { this.why = errnoText(err); }
    }
    if (this.why !== null) {
      const err = writeFailure(this.target, this.why);
      this.abort();
      throw err;
    }
    if (!this.borrowed) closeSync(this.fd);
    this.closed = true;
    if (!this.temp) return;
    try {
      renameSync(this.temp, this.target.path);
    } catch (err) {
      this.removeTemp();
      throw writeFailure(this.target, errnoText(err));
    }
    untrack(this.temp);
  }

  /** Closes and removes the temporary file (the destination is left as it was). */
  abort(): void {
    if (!this.closed && !this.borrowed) { try { closeSync(this.fd); } catch { /* closing is best effort */ } }
    this.closed = true;
    this.removeTemp();
  }

  private removeTemp(): void {
    if (!this.temp) return;
    try { unlinkSync(this.temp); } catch { /* already gone */ }
    untrack(this.temp);
  }
}

/** Opening a destination failed; `why` in plain words. */
class OpenError extends Error {
  constructor(readonly why: string) { super(why); }
}

/** Opens a checked destination for streaming; throws InputError (exit 2) when it cannot be created. */
export function openOutput(target: OutputTarget): OutputStream {
  try {
    return new OutputStream(target);
  } catch (err) {
    if (err instanceof OpenError) throw refuse(target.flag, target.path, err.why);
    throw err;
  }
}

/** Writes a whole file to a checked destination, atomically (temp + rename); throws naming flag and path on failure (exit 1). */
export function writeOutput(target: OutputTarget, text: string): void {
  let out: OutputStream;
  try {
    out = new OutputStream(target);
  } catch (err) {
    // The destination passed its check before the work; failing now is a failed run, not bad input.
    if (err instanceof OpenError) throw writeFailure(target, err.why);
    throw err;
  }
  out.write(text);
  out.commit();
}
