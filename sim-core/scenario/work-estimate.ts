/**
 * How much work a scenario or an experiment asks for, estimated before doing any of it: the
 * nodes a document expands to (from the raw document, before generators are expanded), the
 * events one run will process (from the resolved model: every message a source emits plus the
 * periodic events — heartbeats, samples, position updates, link state changes, random faults),
 * and the runs of an experiment. Pure; the checks turn an estimate over a limit (limits.ts) into
 * one located issue that names the field and the flag that raises the limit.
 */
import type { InputIssue } from '../text/input-error.ts';
import { count, LIMIT_FLAGS } from '../text/limits.ts';
import type { ArrivalModel, ScenarioModel } from './model.ts';
import { curveMeanRatePerS } from '../workload/arrivals.ts';
import { formatDurationMs } from '../text/units.ts';
import type { OutlineLine } from '../text/yaml-outline.ts';
import type { FieldPath } from '../text/yaml-source.ts';

/** One contributor to an estimate, with the field that drives it. */
export interface EstimatePart { at: FieldPath; what: string; amount: number }

/** An estimate and its parts, largest first. */
export interface Estimate { total: number; parts: EstimatePart[] }

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const wholeNumber = (v: unknown): number => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : 0);

const finish = (parts: EstimatePart[]): Estimate => {
  const kept = parts.filter((p) => p.amount > 0).sort((a, b) => b.amount - a.amount);
  return { total: kept.reduce((s, p) => s + p.amount, 0), parts: kept };
};

/**
 * Nodes of a scenario document as written (before validation, so malformed fields count 0 and
 * are reported by the schema): explicit nodes plus, per generator, sites × (gateway + edge server + sensors).
 */
export function estimateNodes(doc: unknown): Estimate {
  const spec = isObj(doc) && isObj(doc.spec) ? doc.spec : {};
  const parts: EstimatePart[] = [];
  if (Array.isArray(spec.nodes)) parts.push({ at: ['spec', 'nodes'], what: `${count(spec.nodes.length)} listed in spec.nodes`, amount: spec.nodes.length });
  if (Array.isArray(spec.generators)) {
    spec.generators.forEach((g, i) => {
      if (!isObj(g)) return;
      const sites = wholeNumber(g.sites);
      const sensors = isObj(g.sensors) ? wholeNumber(g.sensors.count) : 0;
      const perSite = 1 + (g.edge !== undefined && g.edge !== null ? 1 : 0) + sensors;
      const name = typeof g.id === 'string' ? ` '${g.id}'` : '';
      parts.push({ at: ['spec', 'generators', i, 'sites'], what: `generator${name}: ${count(sites)} sites × ${count(perSite)} nodes`, amount: sites * perSite });
    });
  }
  return finish(parts);
}

/**
 * Counts the items of the block list `spec.nodes` line by line on the text's outline, before the
 * text is parsed (a file of a million listed nodes would exhaust memory in the parser first).
 * A flow list (`nodes: [...]`) counts 0 here; estimateNodes counts it after parsing.
 */
export function listedNodeCounter(): { visit(line: OutlineLine): void; count: number; line: number; col: number } {
  const keys: { col: number; key: string }[] = [];
  const out = {
    count: 0, line: 0, col: 0,
    visit(l: OutlineLine) {
      const first = l.segs[0]!;
      // A list may sit at its key's column (`nodes:` then `- a` below it at the same indent).
      while (keys.length && (first.kind === 'item' ? keys[keys.length - 1]!.col > first.col : keys[keys.length - 1]!.col >= first.col)) keys.pop();
      if (first.kind === 'item' && keys.length === 2 && keys[0]!.key === 'spec' && keys[1]!.key === 'nodes' && keys[0]!.col === 0) {
        if (out.count === 0) { out.line = l.line; out.col = first.col + 1; }
        out.count++;
      }
      for (const seg of l.segs) if (seg.kind === 'key') keys.push({ col: seg.col, key: seg.text });
    },
  };
  return out;
}

/** Mean messages per second of one source. */
export function meanRatePerS(a: ArrivalModel): number {
  switch (a.kind) {
    case 'periodic': return 1000 / a.periodMs;
    case 'poisson': return a.ratePerS;
    case 'mmpp': {
      let time = 0, weighted = 0;
      a.ratesPerS.forEach((r, i) => { const m = a.meanStateMs[i] ?? 0; time += m; weighted += r * m; });
      return time > 0 ? weighted / time : Math.max(0, ...a.ratesPerS);
    }
    case 'trace': {
      const sum = a.gapsMs.reduce((s, g) => s + g, 0);
      return sum > 0 ? (a.gapsMs.length * 1000) / sum : Infinity;
    }
    // A trace read from a file at build time is not known here: counted as 0.
    case 'curve': return a.traceFile !== undefined ? 0 : curveMeanRatePerS(a.curve);
  }
}

/** How many times something every `periodMs` happens in `durationMs` (0 for a period of 0 or Infinity: off, in models built in code). */
const times = (durationMs: number, periodMs: number | undefined): number =>
  periodMs !== undefined && periodMs > 0 && Number.isFinite(periodMs) ? durationMs / periodMs : 0;

/** Events one run of `model` processes at least (each message then costs a few kernel events per hop and service). */
export function estimateEvents(model: ScenarioModel): Estimate {
  const d = model.durationMs;
  const span = formatDurationMs(d);
  const parts: EstimatePart[] = [];
  model.streams.forEach((st, i) => {
    const rate = meanRatePerS(st.arrival);
    const amount = st.sources.length === 0 ? 0 : st.sources.length * rate * (d / 1000);
    parts.push({ at: ['spec', 'streams', i, 'arrival'], what: `stream '${st.id}': ${count(st.sources.length)} source(s) × ${rateText(rate)}/s × ${span}`, amount });
  });
  const cp = model.controlPlane;
  if (cp.model && cp.model !== 'none') {
    const every = cp.heartbeatEveryMs ?? 1000;
    parts.push({ at: ['spec', 'controlPlane', 'heartbeatEvery'], what: `heartbeats: ${count(model.nodes.length)} nodes every ${formatDurationMs(every)} for ${span}`, amount: model.nodes.length * times(d, every) });
  }
  parts.push({ at: ['spec', 'sampleEvery'], what: `samples every ${formatDurationMs(model.sampleEveryMs)} for ${span}`, amount: times(d, model.sampleEveryMs) });
  model.mobility.forEach((m, i) => {
    parts.push({ at: ['spec', 'mobility', i, 'updateEvery'], what: `positions of '${m.node}' every ${formatDurationMs(m.updateEveryMs)}`, amount: times(d, m.updateEveryMs) });
  });
  let flaps = 0;
  for (const l of model.links) if (l.availability.markov) flaps += 2 * times(d, l.availability.markov.meanUpMs + l.availability.markov.meanDownMs);
  parts.push({ at: ['spec', 'links'], what: 'link state changes (availability.markov)', amount: flaps });
  (model.stochasticFaults ?? []).forEach((f, i) => {
    const members = f.domain ? (f.domain === 'zone' ? model.regions.reduce((s, r) => s + r.zones.length, 0) : model.regions.length) : f.nodes.length;
    parts.push({ at: ['spec', 'stochasticFaults', i, 'mtbf'], what: `random faults: ${count(members)} × failure and repair every ${formatDurationMs(f.mtbfMs)}`, amount: 2 * members * times(d, f.mtbfMs) });
  });
  return finish(parts);
}

/** The factors of an experiment's run matrix, each with the field that sets it. */
export interface RunFactors {
  variants: number; sweepPoints: number; faultSets: number; seeds: number;
  /** Where each factor is written (seeds: null when a flag set it). */
  at: { variants: FieldPath; sweepPoints: FieldPath; faultSets: FieldPath; seeds: FieldPath | null };
}

/** Runs of an experiment: variants × sweep points × fault sets × seeds. */
export function estimateRuns(f: Pick<RunFactors, 'variants' | 'sweepPoints' | 'faultSets' | 'seeds'>): number {
  return f.variants * Math.max(1, f.sweepPoints) * Math.max(1, f.faultSets) * f.seeds;
}

/** The issue for more runs than `maxRuns`, at the largest factor's field (or the --seeds flag), or null. */
export function runLimitIssue(f: RunFactors, maxRuns: number, file: string, locate: Locate): InputIssue | null {
  const runs = estimateRuns(f);
  if (!(runs > maxRuns)) return null;
  const factors = [
    { key: 'seeds', n: f.seeds, at: f.at.seeds }, { key: 'sweepPoints', n: Math.max(1, f.sweepPoints), at: f.at.sweepPoints },
    { key: 'faultSets', n: Math.max(1, f.faultSets), at: f.at.faultSets }, { key: 'variants', n: f.variants, at: f.at.variants },
  ].sort((a, b) => b.n - a.n);
  const top = factors[0]!;
  const where = top.at ? { file, ...locate(top.at), path: pathText(top.at) } : { file: '<--seeds>', line: 0, col: 0, path: '' };
  const matrix = `${count(f.variants)} variant(s) × ${count(Math.max(1, f.sweepPoints))} sweep point(s) × ${count(Math.max(1, f.faultSets))} fault set(s) × ${count(f.seeds)} seed(s)`;
  return { ...where, message: `the experiment would make ${count(runs)} runs (${matrix}); at most ${count(maxRuns)} (raise the limit with ${LIMIT_FLAGS.maxRuns} N)` };
}

/** Locates a field of the checked document. */
export type Locate = (at: FieldPath) => { line: number; col: number };

/** The issue for nodes over `maxNodes`, or null. */
export function nodeLimitIssue(estimate: Estimate, maxNodes: number, file: string, locate: Locate): InputIssue | null {
  if (!(estimate.total > maxNodes)) return null;
  const top = estimate.parts[0]!;
  const pos = locate(top.at);
  return {
    file, ...pos, path: pathText(top.at),
    message: `the scenario would have ${count(estimate.total)} nodes (${estimate.parts.map((p) => p.what).join('; ')}); at most ${count(maxNodes)} (raise the limit with ${LIMIT_FLAGS.maxNodes} N)`,
  };
}

/** The issue for an expected event count over `maxEvents`, or null. */
export function eventLimitIssue(estimate: Estimate, maxEvents: number, file: string, locate: Locate): InputIssue | null {
  if (!(estimate.total > maxEvents)) return null;
  const top = estimate.parts[0]!;
  const pos = locate(top.at);
  const shown = estimate.parts.slice(0, 3).map((p) => `${count(p.amount)} from ${p.what}`).join('; ');
  return {
    file, ...pos, path: pathText(top.at),
    message: `one run would process at least ${count(estimate.total)} events (${shown}); at most ${count(maxEvents)} (raise the limit with ${LIMIT_FLAGS.maxEvents} N, or simulate less time with --until)`,
  };
}

function rateText(r: number): string {
  if (!Number.isFinite(r)) return 'unboundedly many';
  return r >= 1000 ? count(r) : String(Number(r.toPrecision(3)));
}

/** `spec.streams[0].arrival` */
export function pathText(at: FieldPath): string {
  return at.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}
