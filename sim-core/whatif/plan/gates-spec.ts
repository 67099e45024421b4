/**
 * `spec.gates` of an experiment file → GateConfig (defaults for what is left out), with errors
 * located at file:line:col. The experiment parser (experiment-spec.ts) accepts the key and
 * leaves its contents to this module; prepare.ts calls it, so `validate`, `compare` and `plan`
 * read the same gates. The deprecated `maxLostMessages` (a count, which no planner can set for
 * every load) is still accepted, with a located warning pointing at `maxLostFraction`.
 */
import { didYouMean } from '../../text/did-you-mean.ts';
import { InputError, type InputIssue } from '../../text/input-error.ts';
import { parseYamlSource, type FieldPath } from '../../text/yaml-source.ts';
import { DEFAULT_GATES, type GateConfig } from './gates.ts';

/** Keys allowed under spec.gates (the last one deprecated). */
export const GATE_KEYS = ['latencySlo', 'maxSloViolationRate', 'maxLostFraction', 'minHeadroom', 'seeds', 'maxLostMessages'] as const;
/** The keys to offer (the deprecated maxLostMessages left out). */
const OFFERED = GATE_KEYS.filter((k) => k !== 'maxLostMessages');

/** Gates, the number of validation seeds (null: the CLI's default) and deprecation warnings read from an experiment file. */
export interface GatesSpec { gates: GateConfig; seeds: number | null; warnings: InputIssue[] }

/** A fraction written as 0.2 or "20%"; undefined when it is neither. */
function fraction(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string') {
    const m = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(v);
    if (m) return Number(m[1]) / 100;
  }
  return undefined;
}

/** Reads spec.gates from experiment YAML text; throws InputError listing every bad field. */
export function parseGatesSpec(text: string, file: string): GatesSpec {
  const src = parseYamlSource(text, file);
  const doc = src.value as { spec?: { gates?: unknown } } | null;
  const g = doc && typeof doc === 'object' && doc.spec && typeof doc.spec === 'object' ? doc.spec.gates : undefined;
  const out: GatesSpec = { gates: { ...DEFAULT_GATES }, seeds: null, warnings: [] };
  if (g === undefined || g === null) return out;
  const issues: InputIssue[] = [];
  const issue = (at: FieldPath, message: string, which: 'key' | 'value'): InputIssue => {
    const p = src.locate(['spec', 'gates', ...at], which);
    return { file, line: p.line, col: p.col, path: ['spec', 'gates', ...at].join('.'), message };
  };
  const fail = (at: FieldPath, message: string, which: 'key' | 'value' = 'value') => { issues.push(issue(at, message, which)); };
  if (typeof g !== 'object' || Array.isArray(g)) {
    fail([], `expected a mapping of ${OFFERED.join(', ')}, got ${JSON.stringify(g)}`);
    throw new InputError(issues);
  }
  const rec = g as Record<string, unknown>;
  for (const k of Object.keys(rec)) {
    if (!(GATE_KEYS as readonly string[]).includes(k)) fail([k], `unknown gate '${k}'${didYouMean(k, OFFERED)}; valid: ${OFFERED.join(', ')}`, 'key');
  }
  if (rec.latencySlo !== undefined) {
    if (typeof rec.latencySlo === 'boolean') out.gates.latencySlo = rec.latencySlo;
    else fail(['latencySlo'], `expected true or false, got ${JSON.stringify(rec.latencySlo)}`);
  }
  if (rec.maxSloViolationRate !== undefined) {
    const f = fraction(rec.maxSloViolationRate);
    if (f !== undefined && f >= 0 && f <= 1) out.gates.maxSloViolationRate = f;
    else fail(['maxSloViolationRate'], `expected a fraction in [0, 1] like 0.05 or "5%", got ${JSON.stringify(rec.maxSloViolationRate)}`);
  }
  if (rec.minHeadroom !== undefined) {
    const f = fraction(rec.minHeadroom);
    if (f !== undefined && f >= 0 && f < 1) out.gates.minHeadroom = f;
    else fail(['minHeadroom'], `expected a fraction in [0, 1) like 0.2 or "20%", got ${JSON.stringify(rec.minHeadroom)}`);
  }
  if (rec.maxLostFraction !== undefined) {
    const f = fraction(rec.maxLostFraction);
    if (f !== undefined && f >= 0 && f <= 1) out.gates.maxLostFraction = f;
    else fail(['maxLostFraction'], `expected a fraction of the messages created in [0, 1] like 0.001 or "0.1%", got ${JSON.stringify(rec.maxLostFraction)}`);
  }
  if (rec.maxLostMessages !== undefined) {
    const v = rec.maxLostMessages;
    if (Number.isSafeInteger(v) && (v as number) >= 0) {
      out.gates.maxLostMessages = v as number;
      out.warnings.push(issue(['maxLostMessages'], `deprecated: a count of lost messages cannot hold at every load (one message lost in a crash fails 'maxLostMessages: 0'); use maxLostFraction, a fraction of the messages created (default 0.001 = 0.1%). Still applied as a gate 'lost-messages' until removed`, 'key'));
    } else fail(['maxLostMessages'], `expected a whole number >= 0 (deprecated: use maxLostFraction, e.g. 0.001), got ${JSON.stringify(v)}`);
  }
  if (rec.seeds !== undefined) {
    const v = rec.seeds;
    if (Number.isSafeInteger(v) && (v as number) >= 1) out.seeds = v as number;
    else fail(['seeds'], `expected a whole number >= 1 (validation seeds), got ${JSON.stringify(v)}`);
  }
  if (issues.length) throw new InputError(issues.sort((a, b) => a.line - b.line || a.col - b.col));
  return out;
}
