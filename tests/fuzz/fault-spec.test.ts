/**
 * Seeded fuzz of the `--fault` grammar (issue 14): mutated fault specs go through parseFaultSpec
 * (a FaultModel with sane numbers, or a FaultSpecError with a short message — nothing else), and
 * a sample through a shipped scenario as --fault (a located '<--fault>' refusal, or a capped run
 * to a sane report). A failure prints its seed, case and input; FUZZ_SEED / FUZZ_CASES /
 * FUZZ_CASE rerun other seeds, more cases or one case.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FAULT_KINDS, FaultSpecError, parseFaultSpec } from '../../sim-core/scenario/fault-spec.ts';
import { parseScenario } from '../../sim-core/scenario/parse.ts';
import { ROOT, shippedFaultSpecs } from './support/corpus.ts';
import { mutateFault } from './support/mutate-fault.ts';
import { cut, formatFailure, MAX_MESSAGE_CHARS, type FuzzFailure } from './support/oracle.ts';
import { caseRng, fuzzSettings } from './support/prng.ts';
import { checkScenarioText } from './support/run-bounded.ts';

const TEST_FILE = 'tests/fuzz/fault-spec.test.ts';
const { seed, cases } = fuzzSettings(1401, 1500);
/** Every RUN_EVERY-th case also runs through the scenario (parsing alone is cheap; runs are not). */
const RUN_EVERY = 8;

const scenarioFile = join(ROOT, 'scenarios/region-partition.yaml');
const scenarioText = readFileSync(scenarioFile, 'utf8');
const model = parseScenario(scenarioText, scenarioFile);
const [n1, n2] = [model.nodes[3]!.id, model.nodes[5]!.id];
const link = model.links[0]!;
/** Specs on real targets of the scenario, plus the shipped ones (whose targets may not exist here). */
const BASES = [
  `node:${n1}@1s+1s`, `power:${n2}@500ms`, `link:${link.a}~${link.b}@1s+1s`, `link:${link.b}~${link.a}@0s:latency=x3,bandwidth=x0.1,loss=0.05`,
  `partition:${model.regions[0]!.id}@1s+1s`, 'control-plane@1s+1500ms', ...shippedFaultSpecs(),
];

/** Inputs found by earlier runs or named in issue 14, checked before the random cases. */
const PINNED = [
  `link:${link.a}~${link.b}@1s+1s:latency=x${'9'.repeat(400)}`,
  `link:${link.a}~${link.b}@1s+1s:bandwidth=x${'9'.repeat(400)}`,
  `link:${link.a}~${link.b}@1s+1s:bandwidth=x0.${'0'.repeat(300)}1`,
  `link:${link.a}~${link.b}@1s:latency=x0.${'0'.repeat(300)}1,loss=0.999999`,
  `node:${n1}@99999999999999999999999h+1s`, `node:${n1}@1s+0.0001ms`, `node:${n1}@0s+1e308h`, 'control-plane@1e308h',
  `link:${link.a}~${link.b}@1s+1s:latency=x3,latency=x3`, 'partition:@1s', 'node:a@', '@', '', ':', 'link:~@1s',
];

/** Whether a spec that parsed carries numbers far from the shipped ones (then it always runs). */
function extreme(spec: string): boolean {
  try {
    const f = parseFaultSpec(spec);
    const d = f.degrade ?? {};
    return [d.latencyFactor, d.bandwidthFactor].some((x) => x !== undefined && (x > 1e6 || x < 1e-6)) || f.atMs < 1 || (Number.isFinite(f.forMs) && f.forMs < 1);
  } catch { return false; }
}

/** Oracle for parseFaultSpec alone. */
function parseProblems(spec: string): string[] {
  let f;
  try { f = parseFaultSpec(spec); } catch (err) {
    if (!(err instanceof FaultSpecError)) return [`threw ${(err as Error).name}: ${(err as Error).message}`];
    const m = err.message;
    if (!m.trim() || m.length > MAX_MESSAGE_CHARS + spec.length) return [`message of ${m.length} chars: ${m.slice(0, 120)}`];
    return /\[object Object\]|\bundefined\b/.test(m) ? [`message leaks internals: ${m}`] : [];
  }
  const out: string[] = [];
  if (!FAULT_KINDS.includes(f.kind)) out.push(`kind ${f.kind}`);
  if (f.kind !== 'control-plane' && !f.target) out.push('empty target');
  if (!Number.isFinite(f.atMs) || f.atMs < 0) out.push(`atMs ${f.atMs}`);
  if (!(f.forMs > 0) || Number.isNaN(f.forMs)) out.push(`forMs ${f.forMs}`);
  const d = f.degrade;
  if (d) {
    for (const k of ['latencyFactor', 'bandwidthFactor'] as const) {
      const v = d[k];
      if (v !== undefined && !(Number.isFinite(v) && v > 0)) out.push(`${k} ${v} accepted (not a finite positive factor)`);
    }
    if (d.loss !== undefined && !(d.loss >= 0 && d.loss < 1)) out.push(`loss ${d.loss}`);
  }
  return out;
}

describe(`fault spec fuzz (seed ${seed}, ${cases.length} cases)`, () => {
  it('every mutated spec parses to sane numbers or is refused with a FaultSpecError; run through a scenario, refused at <--fault> or runs sanely', () => {
    const failures: FuzzFailure[] = [];
    let refused = 0, ran = 0;
    const inputs = [
      ...(process.env.FUZZ_CASE === undefined ? PINNED.map((spec, i) => ({ index: -1 - i, base: 'pinned', spec, what: 'pinned input' })) : []),
      ...cases.map((index) => { const rng = caseRng(seed, index); const base = rng.pick(BASES); return { index, base, ...mutateFault(rng, base) }; }),
    ];
    for (const { index, base, spec, what } of inputs) {
      const problems = parseProblems(spec);
      if ((index < 0 || index % RUN_EVERY === 0 || extreme(spec)) && problems.length === 0) {
        const o = checkScenarioText(scenarioText, scenarioFile, { faults: [spec] });
        if (o.kind === 'refused') refused++; else ran++;
        problems.push(...o.problems);
      }
      if (problems.length) failures.push({ seed, index, source: base, what, problems, input: spec });
    }
    for (const f of failures.slice(0, 10)) console.error(formatFailure(f, TEST_FILE));
    expect(failures.map((f) => cut(`case ${f.index}: ${f.problems.join(' | ')}`, 300))).toEqual([]);
    if (cases.length >= 100) expect(refused > 0 && ran > 0).toBe(true); // both outcomes exercised
  });
});
