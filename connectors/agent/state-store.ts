/**
 * The agent's last good state on disk: `<stateDir>/state.json` holds the SignedDesiredState it
 * runs, signature and all, so a restarted agent re-verifies it before running it again (local
 * autonomy across restarts and disconnections). Writes are atomic: a temporary file in the same
 * directory, fsync, rename over state.json, fsync of the directory; a crash leaves either the old
 * file or the new one, never half of one. A file that does not parse, is not a desired state, or
 * whose signature, key or node does not verify is refused with a reason (the agent then starts at
 * version 0 with nothing running); a leftover temporary file is removed.
 */
import type { KeyObject } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { SignedDesiredState } from '../signing/desired-state.ts';
import { verifyDesiredState, type RefusalReason } from './accept.ts';

/** The state file's name inside the state directory. */
export const STATE_FILE = 'state.json';
/** Prefix of the temporary files a write goes through. */
export const TMP_PREFIX = '.state.json.tmp-';
/** Largest state file read (a desired state at its limits is far smaller). */
export const MAX_STATE_FILE_BYTES = 16 * 1024 * 1024;

/** What loading found: the verified state, nothing saved yet, or a refusal with its reason. */
export type LoadResult =
  | { ok: true; state: SignedDesiredState; path: string }
  | { ok: false; reason: 'absent'; message: string; path: string }
  | { ok: false; reason: 'corrupt' | RefusalReason; message: string; path: string };

/** Path of the state file in `stateDir`. */
export function statePath(stateDir: string): string {
  return join(stateDir, STATE_FILE);
}

/** Writes `state` to `<stateDir>/state.json` atomically (tmp file, fsync, rename, fsync dir); creates the directory. */
export function saveState(stateDir: string, state: SignedDesiredState): void {
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  const tmp = join(stateDir, `${TMP_PREFIX}${process.pid}`);
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, `${JSON.stringify(state, null, 2)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, statePath(stateDir));
  fsyncDir(stateDir);
}

/** Reads and re-verifies the saved state (shape, trusted key, signature, node; not version or window). */
export function loadState(stateDir: string, ctx: { node: string; trustedKeys: ReadonlyMap<string, KeyObject> }): LoadResult {
  const path = statePath(stateDir);
  removeLeftoverTmpFiles(stateDir);
  let text: string;
  try {
    const size = statSync(path).size;
    if (size > MAX_STATE_FILE_BYTES) return { ok: false, reason: 'corrupt', message: `${path}: ${size} bytes, over the limit of ${MAX_STATE_FILE_BYTES}`, path };
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { ok: false, reason: 'absent', message: `${path}: no saved state`, path };
    return { ok: false, reason: 'corrupt', message: `${path}: cannot read (${code ?? (e as Error).message})`, path };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, reason: 'corrupt', message: `${path}: not JSON, truncated or damaged (${(e as Error).message})`, path };
  }
  const v = verifyDesiredState(raw, ctx);
  if (!v.ok) return { ok: false, reason: v.reason, message: `${path}: ${v.message}`, path };
  return { ok: true, state: v.state, path };
}

/** Temporary files a crash mid-write left behind (never the state itself); removed, since state.json is still whole. */
function removeLeftoverTmpFiles(stateDir: string): void {
  let names: string[];
  try { names = readdirSync(stateDir); } catch { return; }
  for (const n of names) if (n.startsWith(TMP_PREFIX)) rmSync(join(stateDir, n), { force: true });
}

function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try { fsyncSync(fd); } finally { closeSync(fd); }
}
