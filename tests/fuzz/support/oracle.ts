/**
 * What every input must come to (issue 14's promise): either a clean refusal — an InputError
 * whose issues each carry a file, a line >= 1 within the text (0 only for a command-line flag),
 * a column, a field path and a short one-line message — or a sane result: a report whose
 * promised numbers are finite, reached within a bounded amount of work. Each check returns the
 * problems it found (empty: the input passed).
 */
import { InputError } from '../../../sim-core/text/input-error.ts';

/** Longest acceptable message: one clear line, not an echo of a huge input. */
export const MAX_MESSAGE_CHARS = 1000;

/** What a message shows only when code stringified something it should not (unless the input says it). */
const LEAKS: readonly { shown: RegExp; typed: RegExp }[] = [
  { shown: /\[object Object\]/, typed: /\[object Object\]/ },
  { shown: /\bundefined\b/, typed: /\bundefined\b/ },
  { shown: /\bNaN\b/, typed: /nan/i }, // YAML writes it .nan
  { shown: /\n\s+at /, typed: /$^/ },
];

/** Files that stand for command-line flags (line 0 is documented for them). */
export const isFlagFile = (file: string): boolean => /^<?--[a-z-]+>?$/.test(file);

/**
 * Problems with a thrown value that should be a located refusal of `text` (named `file`).
 * `flags`: flag values given with it (--set, --fault): a message may quote those whole, so may be
 * longer by their length; documents get no such allowance, so a message never dumps a document.
 */
export function refusalProblems(err: unknown, opts: { text?: string; file?: string; flags?: readonly string[] } = {}): string[] {
  if (!(err instanceof InputError)) {
    const e = err as Error;
    return [`threw ${e?.name ?? typeof err} instead of InputError: ${String(e?.message ?? err).slice(0, 300)}`];
  }
  if (err.issues.length === 0) return ['InputError without issues'];
  const lineCount = opts.text === undefined ? Infinity : opts.text.split(/\r\n|\r|\n|\u2028|\u2029/).length + 1;
  const out: string[] = [];
  const flags = opts.flags ?? [];
  const echoChars = flags.reduce((n, f) => n + f.length, 0);
  const typed = (re: RegExp) => (opts.text !== undefined && re.test(opts.text)) || flags.some((f) => re.test(f));
  for (const i of err.issues) {
    const at = cut(`${i.file}:${i.line}:${i.col} ${i.path}`, 160);
    if (typeof i.file !== 'string' || i.file === '') out.push(`issue without a file: ${JSON.stringify(i).slice(0, 200)}`);
    if (!Number.isInteger(i.line) || !Number.isInteger(i.col)) out.push(`${at}: line/col not integers`);
    else if (isFlagFile(i.file)) { if (i.line !== 0) out.push(`${at}: a flag issue should have line 0`); }
    else if (i.line < 1) out.push(`${at}: line ${i.line} (must be >= 1 for a file): ${i.message.slice(0, 200)}`);
    else if (opts.file !== undefined && i.file === opts.file && i.line > lineCount) out.push(`${at}: line beyond the text's ${lineCount - 1} lines`);
    else if (i.col < 1) out.push(`${at}: column ${i.col} (must be >= 1)`);
    if (typeof i.path !== 'string') out.push(`${at}: path is not a string`);
    if (typeof i.message !== 'string' || i.message.trim() === '') out.push(`${at}: empty message`);
    else {
      if (i.message.length > MAX_MESSAGE_CHARS + echoChars) out.push(`${at}: message of ${i.message.length} chars: ${i.message.slice(0, 120)}…`);
      const leak = LEAKS.find((l) => l.shown.test(i.message) && !typed(l.typed));
      if (leak) out.push(`${at}: message leaks internals (${leak.shown.source}): ${i.message.slice(0, 200)}`);
    }
  }
  return out;
}

/** `s` cut to `n` characters with a count of the rest. */
export function cut(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n)}…(${s.length} chars)` : s;
}

/** Keys whose value may be null by the documented format (a fault never detected / recovered). */
const NULLABLE_KEYS = new Set(['detectedAfterMs', 'recoveredAfterMs']);
/**
 * Report fields of the adaptive-orchestration sections that are null by their documented format
 * when there is nothing to measure yet (a fuzz run is capped at a few simulated seconds): the mean
 * latency before/after migrations that did not happen, a model's accuracy before its first check,
 * the training site of the initial model, a lead time with no hit, a reactive autoscaler's forecast, a release not started yet.
 */
const NULLABLE_PATHS = [
  /^continuum\.meanLatency(Before|After)Ms$/,
  /^mlops\[\d+\]\.(accuracy\.(mean|min|final)|staleness\.(meanMs|maxMs)|versions\[\d+\]\.(site|deployedAtMs|trainedAtMs|outcome))$/,
  /^prediction\.leadTimeMs\.(median|min)$/,
  /^autoscaling\[\d+\]\.forecast$/, // a reactive autoscaler has no forecast
  /^releases\[\d+\]\.(startedAtMs|finishedAtMs)$/, // a release not started, or not finished, by the end
];

/**
 * Problems with a run report: every number finite, nulls only where documented (latencies of an
 * app that completed nothing may be null), message accounting balanced.
 */
export function reportProblems(report: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown, path: string, parent: Record<string, unknown> | null) => {
    if (out.length > 10) return;
    if (typeof v === 'number') { if (!Number.isFinite(v)) out.push(`${path} = ${v}`); return; }
    if (v === null) {
      const key = path.slice(path.lastIndexOf('.') + 1);
      const idleApp = /^apps\[\d+\]\.(latencyMs\.\w+|slo\.observedMs)$/.test(path) && appCompleted(report, path) === 0;
      if (!NULLABLE_KEYS.has(key) && !idleApp && !NULLABLE_PATHS.some((re) => re.test(path)) && parent !== null) out.push(`${path} = null`);
      return;
    }
    if (Array.isArray(v)) { v.forEach((x, i) => walk(x, `${path}[${i}]`, null)); return; }
    if (typeof v === 'object') for (const [k, x] of Object.entries(v as Record<string, unknown>)) walk(x, path ? `${path}.${k}` : k, v as Record<string, unknown>);
  };
  walk(report, '', null);
  const r = report as { conservation?: { balanced?: boolean } };
  if (r?.conservation && r.conservation.balanced !== true) out.push('conservation.balanced is not true (message accounting)');
  return out;
}

function appCompleted(report: unknown, path: string): number | undefined {
  const i = Number(/^apps\[(\d+)\]/.exec(path)?.[1]);
  return (report as { apps?: { completed?: number }[] }).apps?.[i]?.completed;
}

/** A failing case, printed so it reproduces (seed, case, what was mutated, the input). */
export interface FuzzFailure { seed: number; index: number; source: string; what: string; problems: string[]; input: string }

/** One failure as text: reproduce line, problems, and the first 1,500 characters of the input. */
export function formatFailure(f: FuzzFailure, testFile: string): string {
  const excerpt = f.input.length > 1500 ? `${f.input.slice(0, 1500)}\n…(${f.input.length} chars in all)` : f.input;
  return [
    `FUZZ FAILURE seed=${f.seed} case=${f.index} source=${f.source}`,
    f.index >= 0 ? `  reproduce: FUZZ_SEED=${f.seed} FUZZ_CASE=${f.index} npx vitest run ${testFile}` : `  reproduce: pinned input ${-f.index} of ${testFile}`,
    `  mutation: ${f.what}`,
    ...f.problems.map((p) => `  problem: ${p}`),
    '  input:',
    excerpt.replace(/^/gm, '    | '),
  ].join('\n');
}
