/**
 * The Experiment file (`apiVersion: edgetwin.io/v1alpha1`, `kind: Experiment`) → a checked
 * ExperimentSpec, or one InputError listing every problem at file, line:col and field path.
 * Only the experiment's own shape is checked here; what needs the scenario (overlay paths,
 * metric names, fault targets) is checked by prepare.ts before any run.
 */
import { didYouMean } from '../text/did-you-mean.ts';
import { InputError, type InputIssue } from '../text/input-error.ts';
import { parseDurationMs } from '../text/units.ts';
import { count, DEFAULT_LIMITS } from '../text/limits.ts';
import { parseYamlSource, type FieldPath, type YamlSource } from '../text/yaml-source.ts';
import { CORRECTIONS, type Correction, type Direction } from './stats/index.ts';
import type { SweepValue } from './result.ts';

/** A value as messages show it; a missing field says so instead of "undefined". */
function shown(v: unknown): string {
  return v === undefined ? 'nothing (the field is missing)' : JSON.stringify(v) ?? String(v);
}

/** Expected apiVersion of experiment files. */
export const EXPERIMENT_API_VERSION = 'edgetwin.io/v1alpha1';
/** Most sweep points a range may produce (a typo in `step` should not start a million runs). */
export const MAX_SWEEP_POINTS = 1000;

/** A variant as written. */
export interface VariantSpec { name: string; description: string; set: string[]; patch: unknown; at: FieldPath }
/** A metric as written: a key and an optional direction override. */
export interface MetricSpec { key: string; direction: Direction | null; at: FieldPath }
/** A constraint as written. */
export interface ConstraintSpec { metric: string; max: number | null; min: number | null; inAtLeast: number; at: FieldPath }

/** A checked experiment; `at` fields locate each part in the experiment file for later errors. */
export interface ExperimentSpec {
  name: string;
  description: string;
  scenario: string;
  seeds: { list: number[] } | { count: number; from: number };
  baseline: string;
  variants: VariantSpec[];
  sweep: { path: string; values: SweepValue[] } | null;
  failureSuite: { name: string; faults: string[]; at: FieldPath }[];
  /** null: the default metrics. */
  metrics: MetricSpec[] | null;
  objective: { metric: string; direction: Direction; at: FieldPath } | null;
  constraints: ConstraintSpec[];
  untilMs: number | null;
  /** Multiple-comparison correction of the verdicts (default 'none'). */
  correction: Correction;
}

// `gates` is read by plan/gates-spec.ts (prepare.ts calls it).
const SPEC_KEYS = ['scenario', 'seeds', 'baseline', 'variants', 'sweep', 'failureSuite', 'metrics', 'objective', 'constraints', 'gates', 'until', 'correction'];

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Parses and checks an experiment file (refused over `maxFileBytes`, default DEFAULT_LIMITS); throws InputError with every issue found. */
export function parseExperimentSpec(text: string, file: string, opts: { maxFileBytes?: number } = {}): { spec: ExperimentSpec; source: YamlSource } {
  const source = parseYamlSource(text, file, { maxBytes: opts.maxFileBytes ?? DEFAULT_LIMITS.maxFileBytes });
  const issues: InputIssue[] = [];
  const fail = (at: FieldPath, message: string, which: 'key' | 'value' = 'value'): void => {
    const p = source.locate(at, which);
    issues.push({ file, line: p.line, col: p.col, path: pathText(at), message });
  };
  const doc = isObj(source.value) ? source.value : {};
  if (!isObj(source.value)) fail([], 'expected a mapping with apiVersion, kind, metadata, spec');
  if (doc.apiVersion !== EXPERIMENT_API_VERSION) fail(['apiVersion'], `expected apiVersion ${EXPERIMENT_API_VERSION}, got ${shown(doc.apiVersion)}`);
  if (doc.kind !== 'Experiment') fail(['kind'], `expected kind Experiment, got ${shown(doc.kind)}`);
  const meta = isObj(doc.metadata) ? doc.metadata : {};
  if (typeof meta.name !== 'string' || meta.name === '') fail(['metadata', 'name'], 'metadata.name is required (a non-empty string)');
  const s = isObj(doc.spec) ? doc.spec : {};
  if (!isObj(doc.spec)) fail(['spec'], 'spec is required (a mapping)');
  for (const k of Object.keys(s)) if (!SPEC_KEYS.includes(k)) fail(['spec', k], `unknown field '${k}'${didYouMean(k, SPEC_KEYS)}; valid keys: ${SPEC_KEYS.join(', ')}`, 'key');

  const str = (v: unknown, at: FieldPath, what: string): string => {
    if (typeof v === 'string' && v !== '') return v;
    fail(at, `${what} must be a non-empty string, got ${shown(v)}`);
    return '';
  };
  const list = (v: unknown, at: FieldPath, what: string): unknown[] => {
    if (v === undefined) return [];
    if (Array.isArray(v)) return v;
    fail(at, `${what} must be a list, got ${shown(v)}`);
    return [];
  };
  const num = (v: unknown, at: FieldPath, what: string): number | null => {
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    fail(at, `${what} must be a number, got ${shown(v)}`);
    return null;
  };

  const scenario = str(s.scenario, ['spec', 'scenario'], 'spec.scenario (path of the scenario, relative to this file)');
  const seeds = parseSeeds(s.seeds, fail);

  const variants: VariantSpec[] = [];
  list(s.variants, ['spec', 'variants'], 'spec.variants').forEach((v, i) => {
    const at = ['spec', 'variants', i];
    if (!isObj(v)) { fail(at, `a variant must be a mapping {name, description, set, patch}, got ${shown(v)}`); return; }
    for (const k of Object.keys(v)) if (!['name', 'description', 'set', 'patch'].includes(k)) fail([...at, k], `unknown field '${k}'${didYouMean(k, ['name', 'description', 'set', 'patch'])}; valid keys: name, description, set, patch`, 'key');
    const name = str(v.name, [...at, 'name'], 'variant name');
    if (name && variants.some((o) => o.name === name)) fail([...at, 'name'], `duplicate variant name '${name}'`);
    const set = list(v.set, [...at, 'set'], 'set').map((e, k) => {
      if (typeof e === 'string' && e.indexOf('=') > 0) return e;
      fail([...at, 'set', k], `expected "path=value", got ${shown(e)}`);
      return '';
    });
    if (v.patch !== undefined && !isObj(v.patch)) fail([...at, 'patch'], 'patch must be a mapping (a merge patch over the scenario document)');
    variants.push({ name, description: typeof v.description === 'string' ? v.description : '', set, patch: v.patch ?? null, at });
  });
  if (variants.length === 0 && Array.isArray(s.variants)) fail(['spec', 'variants'], 'need at least one variant');
  if (s.variants === undefined) fail(['spec'], 'spec.variants is required (a list of {name, set, patch})');

  let baseline = '';
  const names = variants.map((v) => v.name);
  if (s.baseline === undefined) baseline = names[0] ?? '';
  else {
    baseline = str(s.baseline, ['spec', 'baseline'], 'spec.baseline');
    if (baseline && !names.includes(baseline)) fail(['spec', 'baseline'], `unknown baseline '${baseline}'${didYouMean(baseline, names)}; variants: ${names.join(', ')}`);
  }

  const sweep = s.sweep === undefined ? null : parseSweep(s.sweep, fail);

  const failureSuite: ExperimentSpec['failureSuite'] = [];
  list(s.failureSuite, ['spec', 'failureSuite'], 'spec.failureSuite').forEach((f, i) => {
    const at = ['spec', 'failureSuite', i];
    if (!isObj(f)) { fail(at, 'a fault set must be a mapping {name, faults: [...]}'); return; }
    const name = str(f.name, [...at, 'name'], 'fault set name');
    if (name && failureSuite.some((o) => o.name === name)) fail([...at, 'name'], `duplicate fault set name '${name}'`);
    const faults = list(f.faults, [...at, 'faults'], 'faults').map((x, k) => (typeof x === 'string' ? x : (fail([...at, 'faults', k], `expected a fault spec string, got ${shown(x)}`), '')));
    failureSuite.push({ name, faults, at });
  });

  let metrics: MetricSpec[] | null = null;
  if (s.metrics !== undefined) {
    metrics = [];
    list(s.metrics, ['spec', 'metrics'], 'spec.metrics').forEach((m, i) => {
      const at = ['spec', 'metrics', i];
      if (typeof m === 'string') metrics!.push({ key: m, direction: null, at });
      else if (isObj(m)) {
        const direction = m.direction === undefined ? null : dir(m.direction, [...at, 'direction'], fail);
        metrics!.push({ key: str(m.metric, [...at, 'metric'], 'metric'), direction, at: [...at, 'metric'] });
      } else fail(at, `expected a metric name or {metric, direction}, got ${shown(m)}`);
    });
  }

  let objective: ExperimentSpec['objective'] = null;
  if (s.objective !== undefined) {
    const o = isObj(s.objective) ? s.objective : {};
    const keys = Object.keys(o);
    if (keys.length !== 1 || !['minimize', 'maximize'].includes(keys[0]!)) fail(['spec', 'objective'], 'objective must be {minimize: <metric>} or {maximize: <metric>}');
    else {
      const k = keys[0]!;
      objective = { metric: str(o[k], ['spec', 'objective', k], 'objective metric'), direction: k === 'minimize' ? 'lower' : 'higher', at: ['spec', 'objective', k] };
    }
  }

  const constraints: ConstraintSpec[] = [];
  list(s.constraints, ['spec', 'constraints'], 'spec.constraints').forEach((c, i) => {
    const at = ['spec', 'constraints', i];
    if (!isObj(c)) { fail(at, 'a constraint must be a mapping {metric, max|min, inAtLeast}'); return; }
    const metric = str(c.metric, [...at, 'metric'], 'constraint metric');
    const max = c.max === undefined ? null : num(c.max, [...at, 'max'], 'max');
    const min = c.min === undefined ? null : num(c.min, [...at, 'min'], 'min');
    if (c.max === undefined && c.min === undefined) fail(at, 'a constraint needs max or min');
    let inAtLeast = 1;
    if (c.inAtLeast !== undefined) {
      const f = num(c.inAtLeast, [...at, 'inAtLeast'], 'inAtLeast');
      if (f !== null && !(f > 0 && f <= 1)) fail([...at, 'inAtLeast'], `inAtLeast is a fraction of seeds in (0, 1], got ${f}`);
      else if (f !== null) inAtLeast = f;
    }
    constraints.push({ metric, max, min, inAtLeast, at: [...at, 'metric'] });
  });

  let untilMs: number | null = null;
  if (s.until !== undefined) {
    const d = parseDurationMs(s.until);
    if (d.ok && d.value > 0 && Number.isFinite(d.value)) untilMs = d.value;
    else fail(['spec', 'until'], `expected a positive duration like 90s, 10m or 1h30m, got ${shown(s.until)}`);
  }

  let correction: Correction = 'none';
  if (s.correction !== undefined) {
    if (CORRECTIONS.includes(s.correction as Correction)) correction = s.correction as Correction;
    else fail(['spec', 'correction'], `correction must be one of ${CORRECTIONS.join(', ')} (holm: Holm–Bonferroni across every verdict of the experiment), got ${shown(s.correction)}`);
  }

  if (issues.length) throw new InputError(issues.sort((a, b) => a.line - b.line || a.col - b.col));
  return {
    spec: {
      name: meta.name as string, description: typeof meta.description === 'string' ? meta.description : '',
      scenario, seeds, baseline, variants, sweep, failureSuite, metrics, objective, constraints, untilMs, correction,
    },
    source,
  };
}

type Fail = (at: FieldPath, message: string, which?: 'key' | 'value') => void;

function dir(v: unknown, at: FieldPath, fail: Fail): Direction | null {
  if (v === 'lower' || v === 'higher') return v;
  fail(at, `direction must be 'lower' or 'higher', got ${shown(v)}`);
  return null;
}

function parseSeeds(v: unknown, fail: Fail): ExperimentSpec['seeds'] {
  const okSeed = (x: unknown) => Number.isSafeInteger(x) && (x as number) >= 0;
  if (v === undefined) return { count: 5, from: 1 };
  if (Array.isArray(v)) {
    v.forEach((x, i) => { if (!okSeed(x)) fail(['spec', 'seeds', i], `a seed must be a whole number >= 0, got ${shown(x)}`); });
    if (v.length === 0) fail(['spec', 'seeds'], 'need at least one seed');
    if (new Set(v).size !== v.length) fail(['spec', 'seeds'], 'seeds must be distinct');
    return { list: v as number[] };
  }
  if (isObj(v)) {
    const count = v.count;
    const from = v.from ?? 1;
    if (!(Number.isSafeInteger(count) && (count as number) >= 1)) fail(['spec', 'seeds', 'count'], `count must be a whole number >= 1, got ${shown(count)}`);
    if (!okSeed(from)) fail(['spec', 'seeds', 'from'], `from must be a whole number >= 0, got ${shown(from)}`);
    return { count: count as number, from: from as number };
  }
  fail(['spec', 'seeds'], `seeds must be a list of seeds or {count, from}, got ${shown(v)}`);
  return { count: 1, from: 1 };
}

function parseSweep(v: unknown, fail: Fail): ExperimentSpec['sweep'] {
  const at = ['spec', 'sweep'];
  if (!isObj(v)) { fail(at, 'sweep must be {path, values: [...]} or {path, values: {from, to, step}}'); return null; }
  if (typeof v.path !== 'string' || v.path === '') fail([...at, 'path'], `sweep.path must be a scenario field path, got ${shown(v.path)}`);
  const vs = v.values;
  let values: SweepValue[] = [];
  if (Array.isArray(vs)) {
    vs.forEach((x, i) => {
      if (!['string', 'number', 'boolean'].includes(typeof x)) fail([...at, 'values', i], `a sweep value must be a scalar, got ${shown(x)}`);
      else if (vs.indexOf(x) < i) fail([...at, 'values', i], `sweep value ${JSON.stringify(x)} is listed twice (first as values[${vs.indexOf(x)}]); every point must differ`);
    });
    values = vs as SweepValue[];
    if (values.length === 0) fail([...at, 'values'], 'sweep.values is empty');
    if (values.length > MAX_SWEEP_POINTS) fail([...at, 'values'], `sweep.values lists ${count(values.length)} points; at most ${MAX_SWEEP_POINTS}`);
  } else if (isObj(vs)) {
    const { from, to, step } = vs as { from: unknown; to: unknown; step: unknown };
    if (typeof from !== 'number' || typeof to !== 'number' || typeof step !== 'number' || ![from, to, step].every(Number.isFinite)) {
      fail([...at, 'values'], `a range needs numeric from, to and step, got ${shown(vs)}`);
    } else if (!(step > 0)) fail([...at, 'values', 'step'], `step must be > 0, got ${step}`);
    else if (to < from) fail([...at, 'values', 'to'], `to (${to}) is below from (${from})`);
    else {
      const points = rangePointCount(from, to, step);
      if (points > MAX_SWEEP_POINTS) fail([...at, 'values', 'step'], `the range gives ${count(points)} points; at most ${MAX_SWEEP_POINTS}`);
      else {
        values = rangeValues(from, to, step);
        const distinct = new Set(values).size;
        if (distinct < values.length) {
          fail([...at, 'values', 'step'], `the range gives ${count(values.length)} points but only ${count(distinct)} distinct value(s): sweep points are rounded to 12 significant digits, and step ${step} is below that precision at ${from}; use a larger step`);
        }
      }
    }
  } else fail([...at, 'values'], 'sweep.values must be a list or {from, to, step}');
  return { path: typeof v.path === 'string' ? v.path : '', values };
}

/** Points of the range from..to by step (to included when within step × 1e-9), counted without generating them. */
export function rangePointCount(from: number, to: number, step: number): number {
  return Math.floor((to - from) / step + 1e-9) + 1;
}

/**
 * from, from+step, … ≤ to; each point computed from its index (no drift) and rounded to 12
 * significant digits. Exactly rangePointCount points (callers check that count first).
 */
export function rangeValues(from: number, to: number, step: number): number[] {
  const out: number[] = [];
  const n = rangePointCount(from, to, step);
  for (let k = 0; k < n; k++) out.push(Number((from + k * step).toPrecision(12)));
  return out;
}

/** `spec.variants[2].set[0]` from a field path. */
export function pathText(at: FieldPath): string {
  return at.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}
