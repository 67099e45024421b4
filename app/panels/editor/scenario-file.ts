/**
 * Is a user's file a scenario? Reads it as UTF-8 text (refusing binary files and huge ones), asks
 * the worker's parser for its problems, and refuses what is not a Scenario at all — not YAML, YAML
 * that is not a mapping, a document of another kind. A scenario with mistakes is accepted, with
 * its issues, so the editor can show them. Pure apart from reading the blob.
 */
import type { InputIssue } from '../../../sim-core/text/input-error.ts';

/** Largest file accepted (the shipped scenarios are ~10 KB). */
export const MAX_SCENARIO_BYTES = 4 * 1024 * 1024;

/** A file that is a scenario (maybe with issues), or why it is not one. */
export type FileVerdict =
  | { ok: true; name: string; text: string; issues: InputIssue[] }
  | { ok: false; name: string; message: string };

/** How the file's text is checked (the session worker's validate in the app). */
export type ValidateFn = (text: string, file: string) => Promise<InputIssue[]>;

/** UTF-8 text of `bytes` without a BOM, or null when they are not text (NUL bytes or invalid UTF-8). */
export function decodeText(bytes: Uint8Array): string | null {
  if (bytes.subarray(0, 8192).includes(0)) return null;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return null;
  }
}

/** Why text with these issues is not a scenario at all, or null when it is one (perhaps with mistakes). */
export function notAScenario(issues: readonly InputIssue[]): string | null {
  const root = issues.find((i) => i.path === '');
  if (root?.message.startsWith('malformed YAML')) return `it is not valid YAML (line ${root.line}:${root.col}: ${root.message.replace(/^malformed YAML: /, '')})`;
  if (root?.message.startsWith('expected a mapping')) return 'it is YAML but not a scenario (a scenario is a mapping with apiVersion, kind: Scenario, metadata and spec)';
  const kind = issues.find((i) => i.path === 'kind');
  if (kind) return /got undefined$/.test(kind.message) ? "it has no 'kind: Scenario'" : `it is not a scenario (${kind.message})`;
  return null;
}

/** Reads and classifies a file; nothing else happens (the caller loads or refuses). */
export async function readScenarioFile(file: Blob & { name: string }, validate: ValidateFn): Promise<FileVerdict> {
  const name = file.name || 'dropped file';
  const refuse = (why: string): FileVerdict => ({ ok: false, name, message: `${name} was not opened: ${why}. Nothing changed.` });
  if (file.size > MAX_SCENARIO_BYTES) return refuse(`it is ${(file.size / 1024 / 1024).toFixed(1)} MB, more than a scenario (limit ${MAX_SCENARIO_BYTES / 1024 / 1024} MB)`);
  if (file.size === 0) return refuse('it is empty');
  const text = decodeText(new Uint8Array(await file.arrayBuffer()));
  if (text === null) return refuse('it is a binary file, not YAML text');
  const issues = await validate(text, name);
  const why = notAScenario(issues);
  if (why) return refuse(why);
  return { ok: true, name, text, issues };
}
