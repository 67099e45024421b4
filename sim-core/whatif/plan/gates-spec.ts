/**
 * `spec.gates` of an experiment file → GateConfig (defaults for what is left out), with errors
 * located at file:line:col. The experiment parser (experiment-spec.ts) does not know this key
 * yet, so `withoutGates()` blanks the block out of the text (keeping every line number) before
 * that parser sees it; once the parser accepts `gates`, the blanking is harmless.
 */
import { isMap, isPair, isScalar, parseDocument, type Pair } from 'yaml';
import { didYouMean } from '../../scenario/did-you-mean.ts';
import { InputError, type InputIssue } from '../../scenario/input-error.ts';
import { parseYamlSource, type FieldPath } from '../../scenario/yaml-source.ts';
import { DEFAULT_GATES, type GateConfig } from './gates.ts';

/** Keys allowed under spec.gates. */
export const GATE_KEYS = ['latencySlo', 'maxSloViolationRate', 'maxLostMessages', 'minHeadroom', 'seeds'] as const;

/** Gates and the number of validation seeds (null: the CLI's default) read from an experiment file. */
export interface GatesSpec { gates: GateConfig; seeds: number | null }

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
  const out: GatesSpec = { gates: { ...DEFAULT_GATES }, seeds: null };
  if (g === undefined || g === null) return out;
  const issues: InputIssue[] = [];
  const fail = (at: FieldPath, message: string, which: 'key' | 'value' = 'value') => {
    const p = src.locate(['spec', 'gates', ...at], which);
    issues.push({ file, line: p.line, col: p.col, path: ['spec', 'gates', ...at].join('.'), message });
  };
  if (typeof g !== 'object' || Array.isArray(g)) {
    fail([], `expected a mapping of ${GATE_KEYS.join(', ')}, got ${JSON.stringify(g)}`);
    throw new InputError(issues);
  }
  const rec = g as Record<string, unknown>;
  for (const k of Object.keys(rec)) {
    if (!(GATE_KEYS as readonly string[]).includes(k)) fail([k], `unknown gate '${k}'${didYouMean(k, GATE_KEYS)}; valid: ${GATE_KEYS.join(', ')}`, 'key');
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
  if (rec.maxLostMessages !== undefined) {
    const v = rec.maxLostMessages;
    if (Number.isSafeInteger(v) && (v as number) >= 0) out.gates.maxLostMessages = v as number;
    else fail(['maxLostMessages'], `expected a whole number >= 0, got ${JSON.stringify(v)}`);
  }
  if (rec.seeds !== undefined) {
    const v = rec.seeds;
    if (Number.isSafeInteger(v) && (v as number) >= 1) out.seeds = v as number;
    else fail(['seeds'], `expected a whole number >= 1 (validation seeds), got ${JSON.stringify(v)}`);
  }
  if (issues.length) throw new InputError(issues.sort((a, b) => a.line - b.line || a.col - b.col));
  return out;
}

/** The text with the `spec.gates` entry replaced by spaces (newlines kept, so positions stay valid). */
export function withoutGates(text: string): string {
  const doc = parseDocument(text, { keepSourceTokens: true });
  if (doc.errors.length || !isMap(doc.contents)) return text;
  const spec = doc.contents.items.find((p) => isScalar(p.key) && p.key.value === 'spec');
  if (!spec || !isMap(spec.value)) return text;
  const gates = spec.value.items.find((p) => isScalar(p.key) && p.key.value === 'gates') as Pair | undefined;
  if (!gates || !isPair(gates) || !isScalar(gates.key) || !gates.key.range) return text;
  const start = gates.key.range[0];
  const valueRange = (gates.value as { range?: [number, number, number] } | null)?.range;
  const end = valueRange ? valueRange[1] : gates.key.range[1];
  return text.slice(0, start) + text.slice(start, end).replace(/[^\n]/g, ' ') + text.slice(end);
}
